//! The stage: the two hosts with their state badges, sequence variables and
//! timer rings, and the wire between them with the segments in flight.
//!
//! Positions are handed to CSS as custom properties (`--x`, `--fall`) and the
//! stylesheet turns them into transforms, so a frame changes a few style
//! attributes and the browser moves the chips without layout work.

use yew::prelude::*;

use super::ladder::{segment_action_label, seq_text};
use super::{Shared, host_name};
use crate::fmt;
use crate::i18n::{Lang, tr, trf};
use crate::model::Model;
use teardown_core::export::decimal;
use teardown_core::{DropCause, Flight, Host, SeqVars};

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub model: Shared<Model>,
    pub lang: Lang,
    pub pos: f64,
    pub reduced_motion: bool,
    pub on_toggle_drop: Callback<u32>,
}

/// Where a chip is drawn: `x` from 0 (client) to 1 (server), `fall` from 0
/// (on the wire) to 1 (gone) for a lost segment past its drop point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChipPlace {
    pub x: f64,
    pub fall: f64,
}

/// Places a flight at time `t`. With reduced motion a segment does not fly:
/// it sits in the middle of the wire for as long as it travels.
pub fn chip_place(f: &Flight, t: f64, reduced_motion: bool) -> ChipPlace {
    let span = (f.arrives as f64 - f.sent as f64).max(1.0);
    let p = ((t - f.sent as f64) / span).clamp(0.0, 1.0);
    let (along, fall) = if reduced_motion {
        (
            0.5,
            if f.dropped.is_some() && p >= 0.5 {
                0.5
            } else {
                0.0
            },
        )
    } else if f.dropped.is_some() && p > 0.5 {
        (0.5, (p - 0.5) * 2.0)
    } else {
        (p, 0.0)
    };
    let x = match f.segment.from {
        Host::Client => along,
        Host::Server => 1.0 - along,
    };
    ChipPlace { x, fall }
}

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let model = &props.model;
    let lang = props.lang;
    let t = props.pos;
    let tl = &model.timeline;
    let in_air: Vec<&Flight> = if t < 0.0 {
        Vec::new()
    } else {
        tl.flights_at(t as u64)
            .filter(|f| (f.arrives as f64) > t)
            .collect()
    };
    let mut lane_count = [0usize; 2];
    let chips = in_air.iter().map(|f| {
        let place = chip_place(f, t, props.reduced_motion);
        let dir = f.segment.from.index();
        let lane = lane_count[dir];
        lane_count[dir] += 1;
        let n = f.segment.n;
        let cb = props.on_toggle_drop.clone();
        let style = format!(
            "--x:{};--fall:{};--lane:{}",
            decimal(place.x, 4),
            decimal(place.fall, 3),
            lane.min(3)
        );
        let dropped = f.dropped.is_some();
        let lost_now = dropped && place.fall > 0.0;
        let seq = seq_text(f);
        html! {
            <button key={format!("c{n}-{}-{}", f.sent, f.duplicate)}
                    class={classes!("chip", f.segment.from.key(),
                                    lost_now.then_some("lost"),
                                    (f.dropped == Some(DropCause::Chosen)).then_some("chosen"))}
                    style={style} data-testid="flight" data-n={n.to_string()}
                    data-dropped={dropped.to_string()}
                    title={segment_action_label(lang, f)}
                    aria-label={segment_action_label(lang, f)}
                    onclick={Callback::from(move |_| cb.emit(n))}>
                <span class="chip-flags">{ f.segment.flags_label() }</span>
                <span class="chip-seq">{ seq }</span>
                if lost_now { <span class="chip-lost">{ "✕ " }{ tr(lang, "stage.lost") }</span> }
            </button>
        }
    });
    html! {
        <div class="stage">
            <HostCard model={model.clone()} lang={lang} pos={t} host={Host::Client} />
            <div class="wire" aria-label={tr(lang, "stage.in_flight")}>
                <div class="wire-track">
                    <div class="wire-line"></div>
                    { for chips }
                </div>
                <p class="wire-hint">{ tr(lang, "stage.drop_hint") }</p>
            </div>
            <HostCard model={model.clone()} lang={lang} pos={t} host={Host::Server} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HostProps {
    model: Shared<Model>,
    lang: Lang,
    pos: f64,
    host: Host,
}

#[component]
fn HostCard(props: &HostProps) -> Html {
    let model = &props.model;
    let lang = props.lang;
    let host = props.host;
    let t = props.pos;
    let state = model.state_at(host, t);
    let peer = tr(
        lang,
        match host.peer() {
            Host::Client => "host.client.lower",
            Host::Server => "host.server.lower",
        },
    );
    let explain = trf(lang, &format!("explain.{state}"), &[("peer", peer)]);
    let vars = if t < 0.0 {
        SeqVars {
            snd_una: 1,
            snd_nxt: 1,
            rcv_nxt: 1,
        }
    } else {
        model.timeline.seq_vars_at(host, t as u64)
    };
    let timers: Vec<Html> = if t < 0.0 {
        Vec::new()
    } else {
        model
            .timeline
            .timers_at(t as u64)
            .filter(|s| s.host == host)
            .map(|s| {
                let total = (s.deadline as f64 - s.start as f64).max(1.0);
                let left = (s.deadline as f64 - t).max(0.0);
                let frac = (left / total).clamp(0.0, 1.0);
                // r = 15.9155 makes the circumference 100, so the dash offset is a percentage.
                let dash = format!("{} 100", decimal(frac * 100.0, 2));
                let name = tr(lang, &format!("timer.{}", s.timer.key()));
                let long = tr(lang, &format!("timer.{}.long", s.timer.key()));
                let left_text = trf(lang, "timer.left", &[("d", &fmt::duration(left))]);
                html! {
                    <div class={classes!("ring", s.timer.key())} title={long} data-testid="timer"
                         data-host={host.key()} data-timer={s.timer.key()}>
                        <svg viewBox="0 0 36 36" aria-hidden="true">
                            <circle class="ring-bg" cx="18" cy="18" r="15.9155" />
                            <circle class="ring-fg" cx="18" cy="18" r="15.9155"
                                    stroke-dasharray={dash} transform="rotate(-90 18 18)" />
                        </svg>
                        <span class="ring-name">{ name }</span>
                        <span class="ring-left">{ left_text }</span>
                    </div>
                }
            })
            .collect()
    };
    let var = |name: &'static str, v: u32| {
        html! { <div class="var"><dt>{ name }</dt><dd>{ v }</dd></div> }
    };
    html! {
        <section class={classes!("host", host.key())}>
            <h3 class="host-name">{ host_name(lang, host) }</h3>
            <div class="badge" data-testid={format!("state-{}", host.key())}
                 data-state={state.rfc_name()}>{ state.rfc_name() }</div>
            <p class="explain">{ explain }</p>
            <dl class="vars" aria-label={tr(lang, "stage.vars")}>
                { var("SND.UNA", vars.snd_una) }
                { var("SND.NXT", vars.snd_nxt) }
                { var("RCV.NXT", vars.rcv_nxt) }
            </dl>
            <div class="timers" aria-label={tr(lang, "stage.timers")}>
                if timers.is_empty() {
                    <span class="no-timer">{ tr(lang, "stage.no_timers") }</span>
                } else {
                    { for timers }
                }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    #[test]
    fn chips_fly_and_lost_ones_fall_from_the_middle() {
        let m = Model::new(Link::from_query("drop=3").0.scenario, true);
        let f1 = &m.timeline.flights[0];
        assert_eq!(chip_place(f1, 50.0, false).x, 0.5);
        let f2 = &m.timeline.flights[1];
        // The server's ACK flies right to left.
        assert!((chip_place(f2, 325.0, false).x - 0.75).abs() < 1e-9);
        let f3 = &m.timeline.flights[2];
        let p = chip_place(f3, 1075.0, false);
        assert_eq!(p.x, 0.5);
        assert!((p.fall - 0.5).abs() < 1e-9);
        let p = chip_place(f3, 1010.0, true);
        assert_eq!((p.x, p.fall), (0.5, 0.0));
    }
}

//! The stage: the two hosts with their state badges, sequence variables and
//! timer rings, and the wire between them with the segments in flight.
//!
//! Positions are handed to CSS as custom properties (`--x`, `--fall`) and the
//! stylesheet turns them into transforms, so a frame changes a few style
//! attributes and the browser moves the chips without layout work.

use std::rc::Rc;

use yew::prelude::*;

use super::ladder::{segment_action_label, seq_text};
use super::{Playhead, Shared, host_name, use_painter};
use crate::fmt;
use crate::i18n::{Lang, Msg, tr, trf};
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
    /// Moves the chips and the timer rings between renders.
    pub playhead: Shared<Playhead>,
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

/// The segments in the air at `t` (none in the lead-in), in the order their chips are drawn.
/// The App's `FrameKey` counts them with this too, so it renders exactly when a chip comes or
/// goes.
pub fn in_air(model: &Model, t: f64) -> impl Iterator<Item = &Flight> {
    let sent = (t >= 0.0).then(|| model.timeline.flights_at(t as u64));
    sent.into_iter()
        .flatten()
        .filter(move |f| (f.arrives as f64) > t)
}

/// The segments in the air at `t`, each with its chip's style (its place and lane), for the
/// render and the painter alike.
fn chips_at(model: &Model, t: f64, reduced_motion: bool) -> Vec<(&Flight, ChipPlace, String)> {
    let mut lane_count = [0usize; 2];
    in_air(model, t)
        .map(|f| {
            let place = chip_place(f, t, reduced_motion);
            let dir = f.segment.from.index();
            let lane = lane_count[dir];
            lane_count[dir] += 1;
            let style = format!(
                "--x:{};--fall:{};--lane:{}",
                decimal(place.x, 4),
                decimal(place.fall, 3),
                lane.min(3)
            );
            (f, place, style)
        })
        .collect()
}

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let model = &props.model;
    let lang = props.lang;
    let t = props.pos;
    // Between renders the chips are in the same order (the App renders when one is sent,
    // arrives or starts falling): the painter moves each by its style.
    let track = use_node_ref();
    {
        let (track, model, reduced) = (track.clone(), model.clone(), props.reduced_motion);
        use_painter(
            &props.playhead,
            Rc::new(move |t| {
                let Some(track) = track.cast::<web_sys::Element>() else {
                    return;
                };
                let chips = chips_at(&model, t, reduced);
                if track.child_element_count() as usize != chips.len() + 1 {
                    return;
                }
                // The first child is the wire's line.
                let mut el = track.first_element_child();
                for (_, _, style) in &chips {
                    el = el.and_then(|e| e.next_element_sibling());
                    if let Some(chip) = &el {
                        let _ = chip.set_attribute("style", style);
                    }
                }
            }),
        );
    }
    let chips = chips_at(model, t, props.reduced_motion).into_iter().map(|(f, place, style)| {
        let n = f.segment.n;
        let cb = props.on_toggle_drop.clone();
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
                if lost_now { <span class="chip-lost">{ "✕ " }{ tr(lang, Msg::StageLost) }</span> }
            </button>
        }
    });
    html! {
        <div class="stage">
            <HostCard model={model.clone()} lang={lang} pos={t} host={Host::Client}
                      playhead={props.playhead.clone()} />
            <div class="wire" aria-label={tr(lang, Msg::StageInFlight)}>
                <div class="wire-track" ref={track}>
                    <div class="wire-line"></div>
                    { for chips }
                </div>
                <p class="wire-hint">{ tr(lang, Msg::StageDropHint) }</p>
            </div>
            <HostCard model={model.clone()} lang={lang} pos={t} host={Host::Server}
                      playhead={props.playhead.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HostProps {
    model: Shared<Model>,
    lang: Lang,
    pos: f64,
    host: Host,
    playhead: Shared<Playhead>,
}

/// A running timer's ring at `t`: the arc's dash (r = 15.9155 makes the circumference 100,
/// so the dash is a percentage) and the time left, for the render and the painter alike.
fn ring_at(lang: Lang, s: &teardown_core::TimerSpan, t: f64) -> (String, String) {
    let total = (s.deadline as f64 - s.start as f64).max(1.0);
    let left = (s.deadline as f64 - t).max(0.0);
    let frac = (left / total).clamp(0.0, 1.0);
    let dash = format!("{} 100", decimal(frac * 100.0, 2));
    (
        dash,
        trf(lang, Msg::TimerLeft, &[("d", &fmt::duration(left))]),
    )
}

/// The timers of `host` running at `t`, in the order their rings are drawn.
fn host_timers(
    model: &Model,
    host: Host,
    t: f64,
) -> impl Iterator<Item = &teardown_core::TimerSpan> {
    let running = (t >= 0.0).then(|| model.timeline.timers_at(t as u64));
    running
        .into_iter()
        .flatten()
        .filter(move |s| s.host == host)
}

#[component]
fn HostCard(props: &HostProps) -> Html {
    let model = &props.model;
    let lang = props.lang;
    let host = props.host;
    let t = props.pos;
    let state = model.state_at(host, t);
    let peer = tr(lang, crate::narrate::host_lower_key(host.peer()));
    let explain = trf(lang, Msg::explain(state), &[("peer", peer)]);
    let vars = if t < 0.0 {
        SeqVars::ESTABLISHED
    } else {
        model.timeline.seq_vars_at(host, t as u64)
    };
    // Between renders the same timers run (the App renders when one starts or stops): the
    // painter updates each ring's arc and time left.
    let rings = use_node_ref();
    {
        let (rings, model) = (rings.clone(), model.clone());
        use_painter(
            &props.playhead,
            Rc::new(move |t| {
                let Some(rings) = rings.cast::<web_sys::Element>() else {
                    return;
                };
                let mut ring = rings.first_element_child();
                for s in host_timers(&model, host, t) {
                    let Some(r) = ring.filter(|r| r.class_list().contains("ring")) else {
                        return;
                    };
                    let (dash, left) = ring_at(lang, s, t);
                    // <svg><circle class="ring-bg"/><circle class="ring-fg"/></svg> … <span class="ring-left">
                    if let Some(fg) = r
                        .first_element_child()
                        .and_then(|svg| svg.last_element_child())
                    {
                        let _ = fg.set_attribute("stroke-dasharray", &dash);
                    }
                    if let Some(text) = r.last_element_child().and_then(|span| span.first_child()) {
                        text.set_node_value(Some(&left));
                    }
                    ring = r.next_element_sibling();
                }
            }),
        );
    }
    let timers: Vec<Html> = host_timers(model, host, t)
        .map(|s| {
            let (dash, left_text) = ring_at(lang, s, t);
            let name = tr(lang, Msg::timer(s.timer));
            let long = tr(lang, Msg::timer_long(s.timer));
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
        .collect();
    let var = |name: &'static str, v: u32| {
        html! { <div class="var"><dt>{ name }</dt><dd>{ v }</dd></div> }
    };
    html! {
        <section class={classes!("host", host.key())}>
            <h3 class="host-name">{ host_name(lang, host) }</h3>
            <div class="badge" data-testid={format!("state-{}", host.key())}
                 data-state={state.rfc_name()}>{ state.rfc_name() }</div>
            <p class="explain">{ explain }</p>
            <dl class="vars" aria-label={tr(lang, Msg::StageVars)}>
                { var("SND.UNA", vars.snd_una) }
                { var("SND.NXT", vars.snd_nxt) }
                { var("RCV.NXT", vars.rcv_nxt) }
            </dl>
            <div class="timers" aria-label={tr(lang, Msg::StageTimers)} ref={rings}>
                if timers.is_empty() {
                    <span class="no-timer">{ tr(lang, Msg::StageNoTimers) }</span>
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

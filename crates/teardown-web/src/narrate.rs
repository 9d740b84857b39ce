//! The one or two plain sentences that explain the current moment.
//!
//! The sentences describe the events of the latest step at or before the
//! playback time, most important first: a loss, then what the core noted
//! (a retransmitted FIN in TIME-WAIT…), then state changes, then timers and
//! data. They are chosen here as keys and arguments ([`Sentence`]) and only
//! turned into words by [`Sentence::render`], so the choice is tested once
//! for both languages.

use crate::fmt;
use crate::i18n::{Lang, has, tr, trf};
use crate::model::Model;
use teardown_core::{
    AppCall, Control, DropCause, EventKind, Host, Note, Segment, State, TimerKind,
};

/// A value to put into a sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Host(Host),
    /// A duration in ms.
    Dur(f64),
    /// Text that is the same in every language (flags, numbers).
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub key: String,
    pub args: Vec<(&'static str, Arg)>,
}

impl Sentence {
    fn new(key: impl Into<String>) -> Sentence {
        Sentence {
            key: key.into(),
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: Arg) -> Sentence {
        self.args.push((name, value));
        self
    }

    /// `{host}` and `{peer}` for a sentence about `host`.
    fn about(self, host: Host) -> Sentence {
        self.arg("host", Arg::Host(host))
            .arg("peer", Arg::Host(host.peer()))
    }

    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let text = match arg {
                    Arg::Host(h) => tr(lang, host_lower_key(*h)).to_string(),
                    Arg::Dur(ms) => fmt::duration(*ms),
                    Arg::Text(t) => t.clone(),
                };
                (*name, text)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let text = trf(lang, &self.key, &pairs);
        // English sentences begin with "The client…": capitalise after filling.
        capitalise(&text)
    }
}

fn host_lower_key(h: Host) -> &'static str {
    match h {
        Host::Client => "host.client.lower",
        Host::Server => "host.server.lower",
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_ascii_lowercase() => f.to_ascii_uppercase().to_string() + c.as_str(),
        _ => s.to_string(),
    }
}

/// How many events have happened at playback time `t`: the narration changes only when this
/// does, so the page narrates once per event, not once per frame.
pub fn events_upto(model: &Model, t: f64) -> usize {
    if t < 0.0 {
        0
    } else {
        model.timeline.events_until(t as u64)
    }
}

/// Whether playback has reached the end (the narration then says so).
pub fn at_end(model: &Model, t: f64) -> bool {
    t >= model.end - 0.5
}

/// The sentences for playback time `t`, at most two.
pub fn narrate(model: &Model, t: f64) -> Vec<Sentence> {
    narrate_upto(model, events_upto(model, t), at_end(model, t))
}

/// The sentences once the first `upto` events have happened ([`events_upto`]), and playback
/// has reached the end or not ([`at_end`]). Between two events nothing it says can change: the
/// segments in the air and the states change only at events, so it looks at the time of the
/// last event that happened.
pub fn narrate_upto(model: &Model, upto: usize, ended: bool) -> Vec<Sentence> {
    let tl = &model.timeline;
    if upto == 0 {
        let s = if model.closes_together() {
            Sentence::new("narr.start.both")
        } else {
            Sentence::new("narr.start").arg("first", Arg::Host(model.first_closer()))
        };
        return vec![s];
    }
    let step = tl.events[upto - 1].t;
    let t = step as f64;
    let from = tl.events.partition_point(|e| e.t < step);
    let sc = &model.scenario;
    let mut found: Vec<(u8, Sentence)> = Vec::new();
    let mut dack_fired: Option<Host> = None;
    for (i, e) in tl.events[from..upto].iter().enumerate() {
        match e.kind {
            EventKind::Drop { segment, cause } => {
                let host = segment.from;
                let kind = lost_kind(&segment);
                let mut s = Sentence::new(format!("narr.lost.{kind}")).about(host);
                if matches!(kind, "fin" | "data" | "syn") {
                    s = s.arg("rto", Arg::Dur(rto_running(model, host, e.t)));
                }
                found.push((0, s));
                if cause == DropCause::Random {
                    found.push((
                        1,
                        Sentence::new("narr.lost.random")
                            .arg("loss", Arg::Text(sc.loss_pct.to_string())),
                    ));
                }
            }
            EventKind::Note { host, note, .. } => {
                let rank = match note {
                    Note::DuplicateHeld | Note::AlreadyClosing | Note::HorizonReached => 5,
                    Note::TimeWaitRestarted | Note::OldSegmentAccepted => 0,
                    _ => 1,
                };
                let s = Sentence::new(format!("note.{}", note.key()))
                    .about(host.unwrap_or(Host::Client));
                found.push((rank, s));
            }
            EventKind::State {
                host, to, cause, ..
            } => {
                let specific = format!("narr.{}.{}", cause.key(), to.rfc_name());
                let key = if has(&specific) {
                    specific
                } else {
                    format!("narr.{}", cause.key())
                };
                let s = Sentence::new(key)
                    .about(host)
                    .arg("tw", Arg::Dur(2.0 * sc.msl_ms as f64))
                    .arg("fw2", Arg::Dur(sc.fin_wait2_ms as f64));
                found.push((2, s));
            }
            EventKind::Send { segment } if segment.retransmission => {
                // The new RTO is the deadline of the timer started right after.
                let rto = tl.events[from + i..upto]
                    .iter()
                    .find_map(|e2| match e2.kind {
                        EventKind::TimerStart {
                            host,
                            timer: TimerKind::Retransmit,
                            deadline,
                        } if host == segment.from => Some((deadline - e2.t) as f64),
                        _ => None,
                    })
                    .unwrap_or(2.0 * sc.rto_ms as f64);
                let s = Sentence::new("narr.retransmit")
                    .about(segment.from)
                    .arg("flags", Arg::Text(segment.flags_label()))
                    .arg("rto", Arg::Dur(rto));
                found.push((1, s));
            }
            EventKind::TimerFire {
                host,
                timer: TimerKind::DelayedAck,
            } => dack_fired = Some(host),
            EventKind::Send { segment } if segment.len > 0 => {
                found.push((3, Sentence::new("narr.data").about(segment.from)));
            }
            EventKind::App {
                host,
                call: AppCall::Write { .. },
            } => found.push((3, Sentence::new("narr.data").about(host))),
            _ => {}
        }
    }
    if let Some(host) = dack_fired {
        found.push((
            3,
            Sentence::new("narr.dack_fire")
                .about(host)
                .arg("dack", Arg::Dur(sc.dack_ms as f64)),
        ));
    }
    // By rank, and in the order found within a rank. (A few sentences: picked rank by rank, so
    // the page's WASM carries no sort for them.)
    let max_rank = found.iter().map(|&(rank, _)| rank).max().unwrap_or(0);
    let found = (0..=max_rank).flat_map(|r| found.iter().filter(move |&&(rank, _)| rank == r));
    let mut out: Vec<Sentence> = Vec::with_capacity(2);
    for (_, s) in found {
        if out.len() == 2 {
            break;
        }
        if !out.iter().any(|o| o.key == s.key && o.args == s.args) {
            out.push(s.clone());
        }
    }
    if out.is_empty() {
        out.extend(in_flight(model, t));
    }
    let all_closed = Host::BOTH
        .iter()
        .all(|&h| model.state_at(h, t) == State::Closed);
    if all_closed && ended && out.len() < 2 {
        out.push(Sentence::new("narr.done"));
    }
    out
}

/// What to say when the latest step has nothing worth a sentence: the
/// segment on its way, if any.
fn in_flight(model: &Model, t: f64) -> Option<Sentence> {
    let f = model
        .timeline
        .flights_at(t.max(0.0) as u64)
        .filter(|f| f.dropped.is_none())
        .last()?;
    Some(
        Sentence::new("narr.fin_in_flight")
            .about(f.segment.from)
            .arg("flags", Arg::Text(f.segment.flags_label())),
    )
}

fn lost_kind(s: &Segment) -> &'static str {
    match s.control {
        Control::Fin => "fin",
        Control::Syn => "syn",
        Control::Rst => "rst",
        Control::None if s.len > 0 => "data",
        Control::None => "ack",
    }
}

/// The retransmission timeout the sender is running at `t`, ms.
fn rto_running(model: &Model, host: Host, t: u64) -> f64 {
    model
        .timeline
        .timers
        .iter()
        .rfind(|s| s.host == host && s.timer == TimerKind::Retransmit && s.start <= t)
        .map_or(model.scenario.rto_ms as f64, |s| {
            (s.deadline - s.start) as f64
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    fn model(q: &str) -> Model {
        Model::new(Link::from_query(q).0.scenario, true)
    }

    fn keys(m: &Model, t: f64) -> Vec<String> {
        narrate(m, t).into_iter().map(|s| s.key).collect()
    }

    #[test]
    fn the_classic_close_is_told_step_by_step() {
        let m = model("");
        assert_eq!(keys(&m, -50.0), ["narr.start"]);
        assert_eq!(keys(&m, 0.0), ["narr.app_close"]);
        assert_eq!(keys(&m, 100.0), ["narr.recv_fin.CLOSE-WAIT"]);
        assert_eq!(keys(&m, 300.0), ["narr.dack_fire"]);
        assert_eq!(keys(&m, 400.0), ["narr.recv_ack_of_fin.FIN-WAIT-2"]);
        assert_eq!(keys(&m, 1000.0), ["narr.app_close.LAST-ACK"]);
        assert_eq!(keys(&m, 1100.0), ["narr.recv_fin.TIME-WAIT"]);
        assert_eq!(keys(&m, 5100.0), ["narr.time_wait_timeout", "narr.done"]);
    }

    #[test]
    fn losses_come_first_and_name_the_rto() {
        let m = model("drop=3");
        let s = narrate(&m, 1050.0);
        assert_eq!(s[0].key, "narr.lost.fin");
        assert_eq!(
            s[0].render(Lang::En),
            "The server's FIN was lost. The server retransmits it when its RTO of 1 s expires."
        );
        let m = model("drop=4");
        assert_eq!(keys(&m, 1150.0)[0], "narr.lost.ack");
    }

    #[test]
    fn time_wait_restart_is_explained() {
        let m = model("drop=4");
        let t = m
            .timeline
            .events
            .iter()
            .find(|e| {
                matches!(
                    e.kind,
                    EventKind::Note {
                        note: Note::TimeWaitRestarted,
                        ..
                    }
                )
            })
            .map(|e| e.t as f64)
            .expect("a restarted TIME-WAIT");
        assert_eq!(keys(&m, t)[0], "note.time_wait_restarted");
    }

    #[test]
    fn every_sentence_renders_in_both_languages() {
        for q in [
            "",
            "close=both",
            "gap=150",
            "drop=1,3,4",
            "abort=client",
            "tw=0&reopen=1",
            "data=2",
            "loss=40&seed=3",
        ] {
            let m = model(q);
            for &step in &m.steps {
                for s in narrate(&m, step as f64) {
                    for lang in [Lang::En, Lang::Zh] {
                        let text = s.render(lang);
                        assert!(!text.contains('{'), "{q} {}: {text}", s.key);
                        assert!(
                            !text.contains(crate::i18n::MISSING),
                            "{q}: missing {}",
                            s.key
                        );
                    }
                }
            }
        }
    }
}

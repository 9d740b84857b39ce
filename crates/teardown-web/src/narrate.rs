//! The one or two plain sentences that explain the current moment.
//!
//! The sentences describe the events of the latest step at or before the
//! playback time, most important first: a loss, then what the core noted
//! (a retransmitted FIN in TIME-WAIT…), then state changes, then timers and
//! data. They are chosen here as keys and arguments ([`Sentence`]) and only
//! turned into words by [`Sentence::render`], so the choice is tested once
//! for both languages.

use crate::fmt;
use crate::i18n::{Lang, Msg, tr, trf};
use crate::model::Model;
use teardown_core::scenario::RFC_MAX_ACK_DELAY_MS;
use teardown_core::{
    AppCall, Call, Cause, Control, DropCause, EventKind, Host, Note, Scenario, Segment, State,
    TimerKind,
};

/// A value to put into a sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Host(Host),
    /// A duration in ms.
    Dur(f64),
    /// Text that is the same in every language (flags, numbers).
    Text(String),
    /// A phrase of the table with a duration filled in as `{d}` ("2×MSL (4 s)").
    Phrase(Msg, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub key: Msg,
    pub args: Vec<(&'static str, Arg)>,
}

impl Sentence {
    fn new(key: Msg) -> Sentence {
        Sentence {
            key,
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
                    Arg::Phrase(key, ms) => trf(lang, *key, &[("d", &fmt::duration(*ms))]),
                };
                (*name, text)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let text = trf(lang, self.key, &pairs);
        // English sentences begin with "The client…": capitalise after filling.
        capitalise(&text)
    }
}

pub const fn host_lower_key(h: Host) -> Msg {
    match h {
        Host::Client => Msg::HostClientLower,
        Host::Server => Msg::HostServerLower,
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

/// How long TIME-WAIT lasts, and what decides it, as an argument: "2×MSL (4 s)", or the
/// stack's fixed length.
pub fn time_wait_arg(sc: &Scenario) -> Arg {
    let (key, ms) = crate::profile::time_wait(sc);
    Arg::Phrase(key, ms as f64)
}

/// The sentences once the first `upto` events have happened ([`events_upto`]), and playback
/// has reached the end or not ([`at_end`]). Between two events nothing it says can change: the
/// segments in the air and the states change only at events, so it looks at the time of the
/// last event that happened.
pub fn narrate_upto(model: &Model, upto: usize, ended: bool) -> Vec<Sentence> {
    let tl = &model.timeline;
    if upto == 0 {
        let s = if model.closes_together() {
            Sentence::new(Msg::NarrStartBoth)
        } else {
            Sentence::new(Msg::NarrStart).arg("first", Arg::Host(model.first_closer()))
        };
        return vec![s];
    }
    let step = tl.events[upto - 1].t;
    let t = step as f64;
    let from = tl.events.partition_point(|e| e.t < step);
    let sc = &model.scenario;
    let events = &tl.events[from..upto];
    let mut found: Vec<(u8, Sentence)> = Vec::new();
    let mut dack_fired: Option<Host> = None;
    // Whether `host` noted `n` in this step: a tail-loss probe is a re-send that does not back
    // off; a call on a connection already gone says so itself.
    let noted = |host: Host, n: Note| {
        events.iter().any(|e| {
            matches!(e.kind, EventKind::Note { host: h, note, .. } if h == Some(host) && note == n)
        })
    };
    for (i, e) in events.iter().enumerate() {
        match e.kind {
            EventKind::Drop { segment, cause } => {
                found.push((0, lost(model, &segment, e.t)));
                if cause == DropCause::Random {
                    found.push((
                        1,
                        Sentence::new(Msg::NarrLostRandom)
                            .arg("loss", Arg::Text(sc.loss_pct.to_string())),
                    ));
                }
            }
            EventKind::Note {
                host,
                note,
                segment,
            } => {
                let rank = match note {
                    Note::DuplicateHeld
                    | Note::AlreadyClosing
                    | Note::ConnectionExists
                    | Note::HorizonReached => 5,
                    Note::TimeWaitRestarted | Note::OldSegmentAccepted | Note::DataAfterClose => 0,
                    _ => 1,
                };
                let host = host.unwrap_or(Host::Client);
                let key = note_key(model, from + i, host, note, segment);
                found.push((rank, Sentence::new(key).about(host)));
            }
            EventKind::State {
                host,
                from: was,
                to,
                cause,
            } => {
                let key = match cause {
                    Cause::AppClose if to == State::FinWait1 && sc.call_of(host) == Call::Shutdown => {
                        Msg::NarrAppShutdown
                    }
                    // Linux gives up without a word to the peer.
                    Cause::RetransmitGiveUp
                        if !events.iter().any(|e| {
                            matches!(e.kind, EventKind::Send { segment } if segment.from == host && segment.is_rst())
                        }) =>
                    {
                        Msg::NarrRetransmitGiveUpSilent
                    }
                    _ => Msg::narration(cause, was, to),
                };
                let s = Sentence::new(key)
                    .about(host)
                    .arg("tw", time_wait_arg(sc))
                    .arg("fw2", Arg::Dur(sc.settings().fin_wait2_ms as f64));
                // The reset after data arrived for a closed application comes right after
                // its reason, before the state change the same segment made.
                let rank = if cause == Cause::DataAfterClose { 1 } else { 2 };
                found.push((rank, s));
            }
            // A tail-loss probe's note says what the re-send is.
            EventKind::Send { segment }
                if segment.retransmission && !noted(segment.from, Note::TailLossProbe) =>
            {
                // The new RTO is the deadline of the timer the core starts right after the
                // re-send (always, in the same step): read, never computed here.
                let rto = tl.events[from + i..].iter().find_map(|e2| match e2.kind {
                    EventKind::TimerStart {
                        host,
                        timer: TimerKind::Retransmit,
                        deadline,
                    } if host == segment.from => Some((deadline - e2.t) as f64),
                    _ => None,
                });
                if let Some(rto) = rto {
                    let s = Sentence::new(Msg::NarrRetransmit)
                        .about(segment.from)
                        .arg("flags", Arg::Text(segment.flags_label()))
                        .arg("rto", Arg::Dur(rto));
                    found.push((1, s));
                }
            }
            EventKind::TimerFire {
                host,
                timer: TimerKind::DelayedAck,
            } => dack_fired = Some(host),
            EventKind::Send { segment } if segment.len > 0 => {
                found.push((3, Sentence::new(Msg::NarrData).about(segment.from)));
            }
            EventKind::App {
                host,
                call: AppCall::Write { .. },
            } => found.push((3, Sentence::new(Msg::NarrData).about(host))),
            // After shutdown(SHUT_WR) the application calls close() once it has read the
            // peer's FIN: no state changes, but the socket is released.
            EventKind::App {
                host,
                call: AppCall::Close,
            } if sc.call_of(host) == Call::Shutdown && !noted(host, Note::AlreadyClosing) => {
                found.push((3, Sentence::new(Msg::NarrAppCloseReadEof).about(host)));
            }
            _ => {}
        }
    }
    if let Some(host) = dack_fired {
        // The delay that ran: the stack's (Linux: 4 ms, 40 ms after data) or the link's.
        let ms = tl
            .timers
            .iter()
            .find(|s| {
                s.host == host && s.timer == TimerKind::DelayedAck && s.fired && s.end == step
            })
            .map_or(0, |s| s.deadline - s.start);
        let key = if ms > RFC_MAX_ACK_DELAY_MS {
            Msg::NarrDackFireBeyond
        } else {
            Msg::NarrDackFire
        };
        found.push((
            3,
            Sentence::new(key)
                .about(host)
                .arg("dack", Arg::Dur(ms as f64)),
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
        out.push(Sentence::new(Msg::NarrDone));
    }
    out
}

/// The key of a note's sentence, refined by what the note is about: the network's old copy
/// or a plain retransmission, and the state the host was in.
fn note_key(model: &Model, index: usize, host: Host, note: Note, segment: Option<u32>) -> Msg {
    let tl = &model.timeline;
    let t = tl.events[index].t;
    // The flight that arrived now: the network's held copy (`reopen=1`) or the segment itself.
    let flight = segment.and_then(|n| {
        tl.flights
            .iter()
            .filter(|f| f.segment.n == n && f.arrives == t)
            .max_by_key(|f| f.duplicate)
    });
    let old = flight.is_some_and(|f| f.duplicate);
    let retx = flight.is_some_and(|f| f.segment.retransmission);
    // The state the host was in when the segment arrived.
    let state = tl.events[..index]
        .iter()
        .rev()
        .find_map(|e| match e.kind {
            EventKind::State { host: h, to, .. } if h == host => Some(to),
            _ => None,
        })
        .unwrap_or_else(|| model.initial_state(host));
    Msg::note(note, old, retx, state)
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
        Sentence::new(Msg::NarrFinInFlight)
            .about(f.segment.from)
            .arg("flags", Arg::Text(f.segment.flags_label())),
    )
}

fn lost_kind(s: &Segment) -> Msg {
    match s.control {
        Control::Fin => Msg::NarrLostFin,
        Control::Syn => Msg::NarrLostSyn,
        Control::Rst => Msg::NarrLostRst,
        Control::None if s.len > 0 => Msg::NarrLostData,
        Control::None => Msg::NarrLostAck,
    }
}

/// The sentence for a segment the network lost at `t`: what its sender does about it, as the
/// timeline shows it.
fn lost(model: &Model, segment: &Segment, t: u64) -> Sentence {
    let tl = &model.timeline;
    let host = segment.from;
    let kind = lost_kind(segment);
    let later = tl
        .flights
        .iter()
        .filter(move |f| f.sent >= t && !f.duplicate && f.segment.conn == segment.conn);
    if kind == Msg::NarrLostAck {
        // An ACK is never re-sent; what it acknowledged (up to `ack`) is either sent again by
        // the peer, when its timer fires first, or covered by a later, cumulative ACK.
        let ack = segment.ack.unwrap_or(0);
        let resend = later.clone().find(|f| {
            f.segment.from == host.peer() && f.segment.retransmission && f.segment.seq < ack
        });
        let covered = later.clone().any(|f| {
            f.segment.from == host
                && f.dropped.is_none()
                && f.segment.ack.is_some_and(|a| a >= ack)
                && resend.is_none_or(|r| f.arrives <= r.sent)
        });
        return match resend {
            _ if covered => Sentence::new(Msg::NarrLostAckCovered).about(host),
            Some(r) => Sentence::new(Msg::NarrLostAck).about(host).arg(
                "what",
                match lost_kind(&r.segment) {
                    Msg::NarrLostFin => Arg::Phrase(Msg::WhatFin, 0.0),
                    Msg::NarrLostData => Arg::Phrase(Msg::WhatData, 0.0),
                    _ => Arg::Text(r.segment.flags_label()),
                },
            ),
            None => Sentence::new(Msg::NarrLostAckAlone).about(host),
        };
    }
    let mut s = Sentence::new(kind).about(host);
    if kind != Msg::NarrLostRst {
        // A tail-loss probe re-sends it before the RTO.
        let probe = later
            .clone()
            .find(|f| f.segment.from == host && f.segment.retransmission && f.segment.seq == segment.seq)
            .is_some_and(|f| {
                tl.events.iter().any(|e| {
                    e.t == f.sent
                        && matches!(e.kind, EventKind::Note { host: Some(h), note: Note::TailLossProbe, .. } if h == host)
                })
            });
        if probe {
            s = Sentence::new(Msg::NarrLostTlp)
                .about(host)
                .arg("flags", Arg::Text(segment.flags_label()));
        }
        s = s.arg("rto", Arg::Dur(rto_running(model, host, t)));
    }
    s
}

/// The retransmission timeout the sender is running at `t`, ms.
fn rto_running(model: &Model, host: Host, t: u64) -> f64 {
    model
        .timeline
        .timers
        .iter()
        .rfind(|s| s.host == host && s.timer == TimerKind::Retransmit && s.start <= t)
        .map_or(model.scenario.settings().rto_ms as f64, |s| {
            (s.deadline - s.start) as f64
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tr;
    use teardown_core::Link;

    fn model(q: &str) -> Model {
        Model::new(Link::from_query(q).0.scenario, true)
    }

    fn keys(m: &Model, t: f64) -> Vec<Msg> {
        narrate(m, t).into_iter().map(|s| s.key).collect()
    }

    #[test]
    fn the_classic_close_is_told_step_by_step() {
        let m = model("");
        assert_eq!(keys(&m, -50.0), [Msg::NarrStart]);
        assert_eq!(keys(&m, 0.0), [Msg::NarrAppClose]);
        assert_eq!(keys(&m, 100.0), [Msg::NarrRecvFinCloseWait]);
        assert_eq!(keys(&m, 300.0), [Msg::NarrDackFire]);
        assert_eq!(keys(&m, 400.0), [Msg::NarrRecvAckOfFinFinWait2]);
        assert_eq!(keys(&m, 1000.0), [Msg::NarrAppCloseLastAck]);
        assert_eq!(keys(&m, 1100.0), [Msg::NarrRecvFinTimeWait]);
        assert_eq!(keys(&m, 5100.0), [Msg::NarrTimeWaitTimeout, Msg::NarrDone]);
    }

    #[test]
    fn losses_come_first_and_name_the_rto() {
        let m = model("drop=3");
        let s = narrate(&m, 1050.0);
        assert_eq!(s[0].key, Msg::NarrLostFin);
        assert_eq!(
            s[0].render(Lang::En),
            "The server's FIN was lost. The server retransmits it when its RTO of 1 s expires."
        );
        let m = model("drop=4");
        assert_eq!(keys(&m, 1150.0)[0], Msg::NarrLostAck);
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
        assert_eq!(keys(&m, t)[0], Msg::NoteTimeWaitRestarted);
    }

    /// The sentences at the moment of the first event matching `pick`.
    fn at(m: &Model, pick: impl Fn(&EventKind) -> bool) -> Vec<Sentence> {
        let e = m
            .timeline
            .events
            .iter()
            .find(|e| pick(&e.kind))
            .expect("the event happens");
        narrate(m, e.t as f64)
    }

    fn note_is(n: Note) -> impl Fn(&EventKind) -> bool {
        move |k| matches!(*k, EventKind::Note { note, .. } if note == n)
    }

    fn texts(s: &[Sentence]) -> String {
        s.iter()
            .map(|s| s.render(Lang::En))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_lost_ack_of_data_covered_by_a_later_ack_promises_no_retransmission() {
        // The client's ACK of the second data segment (#5) is lost, but its ACK of the
        // server's FIN (#7) covers those bytes before the server's RTO fires.
        let m = model("data=2&call=shutdown&drop=5");
        let s = at(
            &m,
            |k| matches!(k, EventKind::Drop { segment, .. } if segment.n == 5),
        );
        assert_eq!(s[0].key, Msg::NarrLostAckCovered);
        let text = s[0].render(Lang::En);
        assert!(!text.contains("will retransmit"), "{text}");
        assert!(
            !m.timeline.flights.iter().any(|f| f.segment.retransmission),
            "nothing is retransmitted"
        );
        // The lost final ACK still makes the server retransmit its FIN, and says so.
        let m = model("drop=4");
        let s = at(&m, |k| matches!(k, EventKind::Drop { .. }));
        assert!(
            s[0].render(Lang::En)
                .contains("will retransmit its FIN instead")
        );
    }

    #[test]
    fn the_old_copy_of_a_fin_is_not_called_a_retransmission() {
        // reopen=1: the network's held copy of the server's FIN reaches TIME-WAIT.
        let m = model("reopen=1");
        let s = at(&m, note_is(Note::TimeWaitRestarted));
        assert_eq!(s[0].key, Msg::NoteTimeWaitRestartedOld);
        let text = s[0].render(Lang::En);
        assert!(
            text.contains("old copy of the FIN") && !text.contains("retransmitted"),
            "{text}"
        );
        // A real retransmission still is one.
        let m = model("drop=4");
        let s = at(&m, note_is(Note::TimeWaitRestarted));
        assert!(s[0].render(Lang::En).contains("A retransmitted FIN"));
    }

    #[test]
    fn a_retransmission_outside_the_window_is_not_an_old_duplicate() {
        // drop=2: the client retransmits its FIN, which the server already has.
        let m = model("drop=2");
        let s = at(&m, note_is(Note::OutOfWindow));
        let text = texts(&s);
        assert!(
            s.iter().any(|s| s.key == Msg::NoteOutOfWindowRetx),
            "{text}"
        );
        assert!(!text.contains("old duplicate"), "{text}");
        // The network's held copy in a reopened connection is one.
        let m = model("reopen=1&close=server&stack=linux");
        let s = at(&m, note_is(Note::OutOfWindow));
        assert!(texts(&s).contains("old duplicate"), "{}", texts(&s));
    }

    #[test]
    fn notes_name_the_state_they_happen_in() {
        // A segment without ACK reaches a LISTEN host (spliced into a real timeline: the
        // simulator's segments carry ACK, so this note is a guard for other peers).
        let mut m = model("reopen=1");
        let (i, t) = m
            .timeline
            .events
            .iter()
            .enumerate()
            .find(|(_, e)| {
                matches!(
                    e.kind,
                    EventKind::State {
                        to: State::Listen,
                        ..
                    }
                )
            })
            .map(|(i, e)| (i, e.t))
            .expect("the server listens");
        m.timeline.events.insert(
            i + 1,
            teardown_core::timeline::Event {
                t,
                kind: EventKind::Note {
                    host: Some(Host::Server),
                    note: Note::NoAck,
                    segment: None,
                },
            },
        );
        let s = narrate_upto(&m, i + 2, false);
        assert_eq!(s[0].key, Msg::NoteNoAckListen);
        for lang in [Lang::En, Lang::Zh] {
            let text = s[0].render(lang);
            assert!(
                !text.contains("synchronized") && !text.contains("已同步"),
                "{text}"
            );
        }
        assert!(!tr(Lang::En, Msg::NoteNoAckSynSent).contains("synchronized"));
    }

    #[test]
    fn a_rst_in_syn_received_returns_to_listen_and_says_so() {
        let m = model("reopen=1&tw=0&drop=7,8");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::State {
                    from: State::SynReceived,
                    to: State::Listen,
                    ..
                }
            )
        });
        assert!(s.iter().any(|s| s.key == Msg::NarrRecvRstListen), "{:?}", s);
        let text = texts(&s);
        assert!(
            text.contains("returns to LISTEN") && !text.contains("enters CLOSED"),
            "{text}"
        );
    }

    #[test]
    fn the_calls_are_named() {
        let m = model("call=shutdown&data=2");
        let s = narrate(&m, 0.0);
        assert_eq!(s[0].key, Msg::NarrAppShutdown);
        assert!(s[0].render(Lang::En).contains("shutdown(SHUT_WR)"));
        // It calls close() when it reads the server's FIN.
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::App {
                    host: Host::Client,
                    call: AppCall::Close
                }
            )
        });
        assert!(s.iter().any(|s| s.key == Msg::NarrAppCloseReadEof), "{s:?}");
        assert!(
            narrate(&model(""), 0.0)[0]
                .render(Lang::En)
                .contains("close()")
        );
    }

    #[test]
    fn data_after_close_is_explained_and_the_ack_on_data_is_no_three_segment_close() {
        let m = model("data=2&v=2");
        let s = at(&m, note_is(Note::DataAfterClose));
        assert_eq!(s[0].key, Msg::NoteDataAfterClose);
        assert_eq!(s[1].key, Msg::NarrDataAfterClose);
        assert!(texts(&s).contains("nobody is left to read it"));
        let s = at(&m, note_is(Note::AckOnData));
        assert!(s.iter().any(|s| s.key == Msg::NoteAckOnData));
        assert!(texts(&s).contains("Not a three-segment close"));
    }

    #[test]
    fn linux_probes_gives_up_silently_and_lets_a_rst_end_time_wait() {
        let m = model("stack=linux&loss=100");
        let s = at(&m, note_is(Note::TailLossProbe));
        assert!(s.iter().any(|s| s.key == Msg::NoteTailLossProbe));
        // The probe does not back off, so no "doubles its RTO" for it.
        assert!(!s.iter().any(|s| s.key == Msg::NarrRetransmit), "{s:?}");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::State {
                    cause: Cause::RetransmitGiveUp,
                    ..
                }
            )
        });
        assert!(s.iter().any(|s| s.key == Msg::NarrRetransmitGiveUpSilent));
        assert!(texts(&s).contains("ETIMEDOUT"));
        // The textbook gives up with a RST.
        let m = model("loss=100");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::State {
                    cause: Cause::RetransmitGiveUp,
                    ..
                }
            )
        });
        assert!(s.iter().any(|s| s.key == Msg::NarrRetransmitGiveUp));
        // A lost FIN under Linux is re-sent by the probe first.
        let m = model("stack=linux&drop=1");
        assert_eq!(
            at(&m, |k| matches!(k, EventKind::Drop { .. }))[0].key,
            Msg::NarrLostTlp
        );
        // reopen=1 under Linux: the server's answer to the old FIN's ACK is a RST that ends
        // the client's TIME-WAIT (tcp_rfc1337=0).
        let m = model("stack=linux&reopen=1");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::State {
                    from: State::TimeWait,
                    cause: Cause::RecvRst,
                    ..
                }
            )
        });
        assert!(
            s.iter().any(|s| s.key == Msg::NarrRecvRstTimeWaitClosed),
            "{s:?}"
        );
        assert!(texts(&s).contains("assassination"));
    }

    #[test]
    fn a_new_syn_reopens_from_time_wait_under_linux() {
        let m = model("reopen=1&close=server&stack=linux");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::State {
                    from: State::TimeWait,
                    to: State::SynReceived,
                    ..
                }
            )
        });
        assert!(
            s.iter()
                .any(|s| s.key == Msg::NarrRecvSynTimeWaitSynReceived),
            "{s:?}"
        );
        // And TIME-WAIT under Linux is named for what it is.
        let m = model("stack=linux");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::State {
                    to: State::TimeWait,
                    ..
                }
            )
        });
        assert!(
            texts(&s).contains("60 s, fixed by the stack"),
            "{}",
            texts(&s)
        );
    }

    #[test]
    fn a_delayed_ack_beyond_the_rfc_limit_is_marked() {
        // RTO 1 s, RTT 200 ms: a 700 ms delayed ACK still arrives in time, and fires.
        let m = model("dack=700");
        let s = at(&m, |k| {
            matches!(
                k,
                EventKind::TimerFire {
                    timer: TimerKind::DelayedAck,
                    ..
                }
            )
        });
        let text = texts(&s);
        assert!(
            text.contains("700 ms, beyond RFC 9293's 0.5 s limit"),
            "{text}"
        );
        let s = at(&model(""), |k| {
            matches!(
                k,
                EventKind::TimerFire {
                    timer: TimerKind::DelayedAck,
                    ..
                }
            )
        });
        assert!(!texts(&s).contains("beyond"));
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
            "data=2&v=2",
            "loss=40&seed=3",
            "stack=linux&loss=100",
            "stack=linux&reopen=1",
            "reopen=1&close=server&stack=linux",
            "reopen=1&tw=0&drop=7,8",
            "stack=freebsd&data=1&drop=2",
            "stack=windows&gap=3000&dack=1500",
            "stack=macos&close=both",
        ] {
            let m = model(q);
            for &step in &m.steps {
                for s in narrate(&m, step as f64) {
                    for lang in [Lang::En, Lang::Zh] {
                        let text = s.render(lang);
                        assert!(!text.contains('{'), "{q} {:?}: {text}", s.key);
                    }
                }
            }
        }
    }
}

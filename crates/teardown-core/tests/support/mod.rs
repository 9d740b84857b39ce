//! Helpers that let a test read like the exchange it checks.
#![allow(dead_code)]

use teardown_core::{
    Cause, DropCause, EventKind, Host, Millis, Note, Scenario, State, Timeline, simulate,
};

pub const C: Host = Host::Client;
pub const S: Host = Host::Server;

/// Simulates the scenario of a link's query string; a test link must be clean.
pub fn run(query: &str) -> Timeline {
    let (scenario, warnings) = Scenario::from_query(query);
    assert!(warnings.is_empty(), "test link {query:?}: {warnings:?}");
    simulate(&scenario)
}

/// One expected segment: `send(t, from, "FIN,ACK", seq, Some(ack))`.
#[derive(Debug, PartialEq, Eq)]
pub struct Sent {
    pub t: Millis,
    pub from: Host,
    pub flags: String,
    pub seq: u32,
    pub ack: Option<u32>,
    pub len: u32,
}

pub fn send(t: Millis, from: Host, flags: &str, seq: u32, ack: u32) -> Sent {
    Sent {
        t,
        from,
        flags: flags.to_string(),
        seq,
        ack: Some(ack),
        len: 0,
    }
}

/// A data segment: flags are PSH,ACK.
pub fn data(t: Millis, from: Host, seq: u32, ack: u32, len: u32) -> Sent {
    Sent {
        len,
        ..send(t, from, "PSH,ACK", seq, ack)
    }
}

/// A segment without the ACK bit (a RST answering an ACK, a first SYN).
pub fn bare(t: Millis, from: Host, flags: &str, seq: u32) -> Sent {
    Sent {
        ack: None,
        ..send(t, from, flags, seq, 0)
    }
}

/// Asserts the whole list of segments sent, in order.
pub fn assert_sends(tl: &Timeline, expected: &[Sent]) {
    let actual: Vec<Sent> = tl
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Send { segment } => Some(Sent {
                t: e.t,
                from: segment.from,
                flags: segment.flags_label(),
                seq: segment.seq,
                ack: segment.ack,
                len: segment.len,
            }),
            _ => None,
        })
        .collect();
    assert_eq!(actual, expected, "segments sent");
}

/// Asserts every state one host passes through after ESTABLISHED, with times.
pub fn assert_states(tl: &Timeline, host: Host, expected: &[(Millis, State)]) {
    let actual: Vec<(Millis, State)> = tl
        .transitions()
        .filter(|&(_, h, ..)| h == host)
        .map(|(t, _, _, to, _)| (t, to))
        .collect();
    assert_eq!(actual, expected, "states of the {host}");
}

/// The cause of the transition of `host` into `to`.
pub fn cause_of(tl: &Timeline, host: Host, to: State) -> Cause {
    tl.transitions()
        .find(|&(_, h, _, s, _)| h == host && s == to)
        .map(|(.., c)| c)
        .unwrap_or_else(|| panic!("the {host} never enters {to}"))
}

/// Segment numbers the network lost, with why.
pub fn lost(tl: &Timeline) -> Vec<(u32, DropCause)> {
    tl.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Drop { segment, cause } => Some((segment.n, cause)),
            _ => None,
        })
        .collect()
}

/// Notes recorded for `host`, in order.
pub fn notes(tl: &Timeline, host: Host) -> Vec<Note> {
    tl.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Note {
                host: Some(h),
                note,
                ..
            } if h == host => Some(note),
            _ => None,
        })
        .collect()
}

/// Which segments were retransmissions, by send order.
pub fn retransmissions(tl: &Timeline) -> Vec<u32> {
    tl.sent_segments()
        .filter(|s| s.retransmission)
        .map(|s| s.n)
        .collect()
}

//! The result of a simulation: every event, in order, with its time.
//!
//! A `Timeline` is all a view needs. It is computed once per scenario; the
//! indexes at the bottom (`flights`, `state_at`, `timers_at`) let a view draw
//! any moment without scanning or re-simulating.

use crate::segment::{Host, Segment};
use crate::state::{Cause, State};

/// Simulated time in milliseconds since the first application call.
pub type Millis = u64;

/// The four timers an endpoint can run. Each carries its own deadline in the
/// endpoint's timer table; here it names the timer in events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimerKind {
    /// Retransmission timeout (RFC 6298), doubled on every expiry.
    Retransmit,
    /// Delayed ACK (RFC 1122 §4.2.3.2): wait for a segment to ride on.
    DelayedAck,
    /// TIME-WAIT: 2×MSL, or the stack's fixed length.
    TimeWait,
    /// Orphaned FIN-WAIT-2 (Linux `tcp_fin_timeout`).
    FinWait2,
}

impl TimerKind {
    pub const ALL: [TimerKind; 4] = [
        TimerKind::Retransmit,
        TimerKind::DelayedAck,
        TimerKind::TimeWait,
        TimerKind::FinWait2,
    ];

    pub const fn index(self) -> usize {
        self as usize
    }

    /// A stable machine name, used in JSON and as a translation key.
    pub const fn key(self) -> &'static str {
        match self {
            TimerKind::Retransmit => "retransmit",
            TimerKind::DelayedAck => "delayed_ack",
            TimerKind::TimeWait => "time_wait",
            TimerKind::FinWait2 => "fin_wait_2",
        }
    }
}

/// A call the application makes on its socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AppCall {
    /// close(): no more data from this side, and none read: a FIN is queued
    /// and the socket is orphaned.
    Close,
    /// shutdown(SHUT_WR): no more data from this side; a FIN is queued and
    /// the application still reads.
    Shutdown,
    /// abort (SO_LINGER 0, or close with unread data): a RST is sent.
    Abort,
    /// write(): one data segment's worth of bytes.
    Write { len: u32 },
    /// Active OPEN (connect()).
    Connect,
    /// Passive OPEN (listen()).
    Listen,
}

impl AppCall {
    /// The call as a programmer writes it: `close()`, `shutdown(SHUT_WR)`, `write(100)`.
    pub fn label(self) -> String {
        match self {
            AppCall::Write { len } => format!("write({len})"),
            AppCall::Shutdown => "shutdown(SHUT_WR)".to_string(),
            other => format!("{}()", other.key()),
        }
    }

    pub const fn key(self) -> &'static str {
        match self {
            AppCall::Close => "close",
            AppCall::Shutdown => "shutdown",
            AppCall::Abort => "abort",
            AppCall::Write { .. } => "write",
            AppCall::Connect => "connect",
            AppCall::Listen => "listen",
        }
    }
}

/// Why the network lost a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropCause {
    /// The scenario's `drop=` list named it.
    Chosen,
    /// The seeded random loss (`loss=`) took it.
    Random,
}

/// Something worth telling the learner that is not a state change: why a
/// segment was ignored, what a reply means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// A segment outside the receive window (a retransmission of what was
    /// already received, or an old duplicate) was dropped, and answered with an
    /// ACK if it occupied sequence space.
    OutOfWindow,
    /// The peer's FIN reached TIME-WAIT again (a retransmission, or an old
    /// copy): it is ACKed again and the TIME-WAIT timer restarts.
    TimeWaitRestarted,
    /// A segment for a connection that does not exist was answered with RST (§3.5.2).
    NoConnection,
    /// A RST arrived where there is no connection; it is ignored.
    RstIgnoredClosed,
    /// A RST with an unacceptable sequence number was ignored (RFC 5961).
    RstOutOfWindow,
    /// A RST reached TIME-WAIT and was ignored (RFC 1337 protection).
    RstIgnoredTimeWait,
    /// A SYN in a synchronized state was answered with a challenge ACK (RFC 5961 §4).
    SynChallengeAck,
    /// An ACK for data never sent was dropped (and answered with an ACK if the
    /// segment occupied sequence space).
    AckOfUnsent,
    /// Data arrived after the peer's FIN; it cannot be valid and is dropped.
    DataAfterFin,
    /// A segment arrived out of order and is held until the gap is filled.
    OutOfOrder,
    /// The delayed ACK of the peer's FIN rode on this host's own FIN: the
    /// three-segment close.
    AckPiggybacked,
    /// The delayed ACK rode on a data segment this host sent.
    AckOnData,
    /// A RST inside the window but not at RCV.NXT: answered with a challenge
    /// ACK (RFC 5961 §3.2); only an exact RST resets the connection.
    RstChallengeAck,
    /// Data arrived after the application called close(): nobody can read
    /// it, so the connection is reset (RFC 9293 §3.6.1, RFC 1122 §4.2.2.13).
    DataAfterClose,
    /// A tail-loss probe (RFC 8985 §7): the last segment re-sent before the
    /// RTO, without backing off.
    TailLossProbe,
    /// A segment from the previous connection was accepted as data by the new
    /// one on the same ports: the corruption TIME-WAIT prevents.
    OldSegmentAccepted,
    /// A segment from the previous connection arrived and was rejected.
    OldSegmentRejected,
    /// The network held a copy of this segment back for one MSL (`reopen=1`).
    DuplicateHeld,
    /// A segment arrived with no ACK bit (and no SYN that could open a
    /// connection) and was dropped.
    NoAck,
    /// An application call that cannot act: the connection is already closing,
    /// already gone (reset, timed out), or not in a state for it.
    AlreadyClosing,
    /// A SYN-SENT host got an unacceptable ACK and answered with RST.
    BadAckInSynSent,
    /// An open call (connect, listen) while a connection exists: "error:
    /// connection already exists" (RFC 9293 §3.10.1).
    ConnectionExists,
    /// The simulation reached its horizon (time or event cap) and stopped.
    HorizonReached,
}

impl Note {
    /// Every note, so tables keyed by note (translations) can be checked complete.
    pub const ALL: [Note; 23] = [
        Note::OutOfWindow,
        Note::TimeWaitRestarted,
        Note::NoConnection,
        Note::RstIgnoredClosed,
        Note::RstOutOfWindow,
        Note::RstIgnoredTimeWait,
        Note::SynChallengeAck,
        Note::AckOfUnsent,
        Note::DataAfterFin,
        Note::OutOfOrder,
        Note::AckPiggybacked,
        Note::AckOnData,
        Note::RstChallengeAck,
        Note::DataAfterClose,
        Note::TailLossProbe,
        Note::OldSegmentAccepted,
        Note::OldSegmentRejected,
        Note::DuplicateHeld,
        Note::NoAck,
        Note::AlreadyClosing,
        Note::BadAckInSynSent,
        Note::ConnectionExists,
        Note::HorizonReached,
    ];

    /// A stable machine name, used in JSON and as a translation key.
    pub const fn key(self) -> &'static str {
        match self {
            Note::OutOfWindow => "out_of_window",
            Note::TimeWaitRestarted => "time_wait_restarted",
            Note::NoConnection => "no_connection",
            Note::RstIgnoredClosed => "rst_ignored_closed",
            Note::RstOutOfWindow => "rst_out_of_window",
            Note::RstIgnoredTimeWait => "rst_ignored_time_wait",
            Note::SynChallengeAck => "syn_challenge_ack",
            Note::AckOfUnsent => "ack_of_unsent",
            Note::DataAfterFin => "data_after_fin",
            Note::OutOfOrder => "out_of_order",
            Note::AckPiggybacked => "ack_piggybacked",
            Note::AckOnData => "ack_on_data",
            Note::RstChallengeAck => "rst_challenge_ack",
            Note::DataAfterClose => "data_after_close",
            Note::TailLossProbe => "tail_loss_probe",
            Note::OldSegmentAccepted => "old_segment_accepted",
            Note::OldSegmentRejected => "old_segment_rejected",
            Note::DuplicateHeld => "duplicate_held",
            Note::NoAck => "no_ack",
            Note::AlreadyClosing => "already_closing",
            Note::BadAckInSynSent => "bad_ack_in_syn_sent",
            Note::ConnectionExists => "connection_exists",
            Note::HorizonReached => "horizon_reached",
        }
    }

    /// One English sentence, for the CLI and as the fallback text.
    pub const fn english(self) -> &'static str {
        match self {
            Note::OutOfWindow => {
                "outside the receive window (already received, or an old duplicate): dropped, and ACKed if it carried data or a FIN"
            }
            Note::TimeWaitRestarted => {
                "the peer's FIN again in TIME-WAIT: ACK it again and restart the TIME-WAIT timer"
            }
            Note::NoConnection => {
                "no connection for this segment: answered with RST (RFC 9293 §3.5.2)"
            }
            Note::RstIgnoredClosed => "RST for no connection: ignored",
            Note::RstOutOfWindow => "RST with an unacceptable sequence number: ignored",
            Note::RstIgnoredTimeWait => {
                "RST in TIME-WAIT: ignored, so it cannot cut the wait short (RFC 1337)"
            }
            Note::SynChallengeAck => {
                "SYN on a synchronized connection: answered with a challenge ACK (RFC 5961)"
            }
            Note::AckOfUnsent => {
                "acknowledges data never sent: dropped, and ACKed if it carried data or a FIN"
            }
            Note::DataAfterFin => "data after the peer's FIN: dropped",
            Note::OutOfOrder => "out of order: held until the gap is filled, duplicate ACK sent",
            Note::AckPiggybacked => "the delayed ACK rides on this FIN: a three-segment close",
            Note::AckOnData => "the delayed ACK rides on this data segment",
            Note::RstChallengeAck => {
                "RST inside the window but not at RCV.NXT: answered with a challenge ACK (RFC 5961 §3.2)"
            }
            Note::DataAfterClose => {
                "data after close(): nobody can read it, so the connection is reset with RST (RFC 9293 §3.6.1)"
            }
            Note::TailLossProbe => {
                "tail-loss probe (RFC 8985): the last segment re-sent after 2×RTT + 200 ms (at most the RTO), without backoff"
            }
            Note::OldSegmentAccepted => {
                "a segment of the OLD connection was accepted as data by the new one: corruption"
            }
            Note::OldSegmentRejected => "a segment of the old connection arrived and was rejected",
            Note::DuplicateHeld => "the network keeps a copy of this segment for one MSL",
            Note::NoAck => "no ACK bit (and no SYN that opens a connection): dropped",
            Note::AlreadyClosing => {
                "the call has no effect: the connection is already closing or gone"
            }
            Note::BadAckInSynSent => "unacceptable ACK in SYN-SENT: answered with RST",
            Note::ConnectionExists => "the call has no effect: a connection already exists",
            Note::HorizonReached => "the simulation stopped at its horizon",
        }
    }
}

/// What happened at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The application on `host` made a call.
    App { host: Host, call: AppCall },
    /// A segment left its sender.
    Send { segment: Segment },
    /// A segment reached its receiver.
    Deliver { segment: Segment },
    /// The network lost a segment (at the moment it would have been half-way).
    Drop { segment: Segment, cause: DropCause },
    /// A host changed state.
    State {
        host: Host,
        from: State,
        to: State,
        cause: Cause,
    },
    /// A timer was (re)started with this deadline.
    TimerStart {
        host: Host,
        timer: TimerKind,
        deadline: Millis,
    },
    /// A running timer was stopped before it fired.
    TimerCancel { host: Host, timer: TimerKind },
    /// A timer expired.
    TimerFire { host: Host, timer: TimerKind },
    /// An explanation; `segment` is the segment it is about, by send order.
    Note {
        host: Option<Host>,
        note: Note,
        segment: Option<u32>,
    },
}

impl EventKind {
    /// The host the event belongs to, if any (the sender for segment events).
    pub fn host(&self) -> Option<Host> {
        match *self {
            EventKind::App { host, .. }
            | EventKind::State { host, .. }
            | EventKind::TimerStart { host, .. }
            | EventKind::TimerCancel { host, .. }
            | EventKind::TimerFire { host, .. } => Some(host),
            EventKind::Send { segment } | EventKind::Drop { segment, .. } => Some(segment.from),
            EventKind::Deliver { segment } => Some(segment.from.peer()),
            EventKind::Note { host, .. } => host,
        }
    }

    /// The JSON `kind` name.
    pub const fn key(&self) -> &'static str {
        match self {
            EventKind::App { .. } => "app",
            EventKind::Send { .. } => "send",
            EventKind::Deliver { .. } => "deliver",
            EventKind::Drop { .. } => "drop",
            EventKind::State { .. } => "state",
            EventKind::TimerStart { .. } => "timer_start",
            EventKind::TimerCancel { .. } => "timer_cancel",
            EventKind::TimerFire { .. } => "timer_fire",
            EventKind::Note { .. } => "note",
        }
    }
}

/// One timeline entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub t: Millis,
    pub kind: EventKind,
}

/// How the simulation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Nothing left to happen: no segment in flight, no timer running.
    Quiet,
    /// Stopped at the simulated-time horizon.
    TimeHorizon,
    /// Stopped at the event cap.
    EventCap,
}

/// One segment's journey, from send to delivery or loss: what a view draws as an arrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flight {
    pub segment: Segment,
    pub sent: Millis,
    /// When it arrives (delivered) or would have arrived (dropped).
    pub arrives: Millis,
    /// `Some` if the network lost it; the drop is drawn half-way.
    pub dropped: Option<DropCause>,
    /// A copy the network held back (`reopen=1`), not a send of its own. It
    /// keeps its original's `n` on purpose: it *is* that segment, so dropping
    /// `n` (clicking either arrow) loses the original and nothing else.
    pub duplicate: bool,
}

/// A timer's life: started at `start`, due at `deadline`, ended at `end`
/// (fired, cancelled or restarted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerSpan {
    pub host: Host,
    pub timer: TimerKind,
    pub start: Millis,
    pub deadline: Millis,
    pub end: Millis,
    pub fired: bool,
}

/// One host's state over an interval `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateSpan {
    pub host: Host,
    pub state: State,
    pub start: Millis,
    pub end: Millis,
}

/// Sequence variables of one host at a moment (RFC 9293 §3.3.1), relative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeqVars {
    pub snd_una: u32,
    pub snd_nxt: u32,
    pub rcv_nxt: u32,
}

impl SeqVars {
    /// Where every simulation starts: ESTABLISHED with relative seq = ack = 1,
    /// as Wireshark shows a connection right after its handshake.
    pub const ESTABLISHED: SeqVars = SeqVars {
        snd_una: 1,
        snd_nxt: 1,
        rcv_nxt: 1,
    };
}

/// A sequence-variable snapshot taken whenever they change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeqSnapshot {
    pub t: Millis,
    pub host: Host,
    pub vars: SeqVars,
}

/// Everything that happened, in order, plus indexes for drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub events: Vec<Event>,
    pub end: End,
    /// Time of the last event.
    pub duration: Millis,
    /// Every segment sent, in send order, plus the held-back copy of `reopen=1`
    /// (right after its original, with `duplicate` set).
    pub flights: Vec<Flight>,
    /// Every state each host was in, in order.
    pub states: Vec<StateSpan>,
    /// Every timer that ran.
    pub timers: Vec<TimerSpan>,
    /// Sequence variables after every change.
    pub seq_vars: Vec<SeqSnapshot>,
}

impl Timeline {
    /// The state `host` is in at time `t` (the last change at or before `t` wins).
    /// Spans are in time order, so this is a binary search plus a short walk back.
    pub fn state_at(&self, host: Host, t: Millis) -> State {
        let upto = self.states.partition_point(|s| s.start <= t);
        self.states[..upto]
            .iter()
            .rfind(|s| s.host == host)
            .map_or(State::Established, |s| s.state)
    }

    /// The state each host ends in.
    pub fn final_state(&self, host: Host) -> State {
        self.states
            .iter()
            .rev()
            .find(|s| s.host == host)
            .map_or(State::Established, |s| s.state)
    }

    /// Segments in the air at `t` (sent, not yet arrived). Uses binary search on
    /// send time, so drawing a frame does not scan the whole timeline.
    pub fn flights_at(&self, t: Millis) -> impl Iterator<Item = &Flight> {
        let upto = self.flights.partition_point(|f| f.sent <= t);
        self.flights[..upto]
            .iter()
            .filter(move |f| f.arrives > t || (f.sent == t && f.arrives == t))
    }

    /// Timers running at `t` on either host (timers are in start order, so
    /// only those started by `t` are looked at).
    pub fn timers_at(&self, t: Millis) -> impl Iterator<Item = &TimerSpan> {
        let upto = self.timers.partition_point(|s| s.start <= t);
        self.timers[..upto].iter().filter(move |s| t < s.end)
    }

    /// Sequence variables of `host` at `t`.
    pub fn seq_vars_at(&self, host: Host, t: Millis) -> SeqVars {
        let upto = self.seq_vars.partition_point(|s| s.t <= t);
        self.seq_vars[..upto]
            .iter()
            .rev()
            .find(|s| s.host == host)
            .map_or(SeqVars::ESTABLISHED, |s| s.vars)
    }

    /// Index of the first event with time > `t` (events before it have happened).
    pub fn events_until(&self, t: Millis) -> usize {
        self.events.partition_point(|e| e.t <= t)
    }

    /// The distinct times at which something happens: the steps of step-by-step playback.
    pub fn step_times(&self) -> Vec<Millis> {
        let mut times: Vec<Millis> = self.events.iter().map(|e| e.t).collect();
        times.dedup();
        times
    }

    /// All state changes, in order: `(t, host, from, to, cause)`.
    pub fn transitions(&self) -> impl Iterator<Item = (Millis, Host, State, State, Cause)> + '_ {
        self.events.iter().filter_map(|e| match e.kind {
            EventKind::State {
                host,
                from,
                to,
                cause,
            } => Some((e.t, host, from, to, cause)),
            _ => None,
        })
    }

    /// Segments sent, in order (including retransmissions).
    pub fn sent_segments(&self) -> impl Iterator<Item = &Segment> {
        self.flights.iter().map(|f| &f.segment)
    }
}

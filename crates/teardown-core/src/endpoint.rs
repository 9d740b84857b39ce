//! One host's TCP connection: the RFC 9293 state machine, sans-IO.
//!
//! An `Endpoint` is handed `(now, input)` — an application call, an arriving
//! segment, or an expired timer — and queues what follows as `Output`s:
//! segments to send, state changes, timers to start or cancel, notes. It never
//! reads a clock and never touches a network; the simulator drains its outputs.
//!
//! Incoming segments follow RFC 9293 §3.10.7 in its order: sequence check,
//! RST, SYN, ACK, text, FIN. Every state change goes through `set_state`, so
//! each one names its cause.

use crate::scenario::Settings;
use crate::segment::{Control, Host, Segment};
use crate::stack::{GiveUp, Profile, modelled_timeout};
use crate::state::{Cause, State};
use crate::timeline::{AppCall, Millis, Note, SeqVars, TimerKind};

/// Receive window, fixed: flow control is not what this model teaches.
pub const RCV_WND: u32 = 65_535;
/// Linux's TCP_RTO_MIN, added to the tail-loss probe's timeout when one
/// segment is in flight (net/ipv4/tcp_output.c, `tcp_schedule_loss_probe`).
const TLP_ONE_SEGMENT_EXTRA_MS: Millis = 200;

/// The per-host settings an endpoint needs from the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    pub profile: &'static Profile,
    /// The RTO before any backoff.
    pub rto_ms: Millis,
    /// The round-trip time, for the tail-loss probe.
    pub rtt_ms: Millis,
    pub time_wait_ms: Millis,
    /// How long the ACK of a FIN may wait, before and after data was received.
    pub fin_ack_delay_ms: Millis,
    pub fin_ack_delay_after_data_ms: Millis,
    /// Whether TIME-WAIT is kept (`tw`).
    pub time_wait: bool,
    pub fin_wait2_ms: Millis,
}

impl Config {
    pub fn new(s: &Settings, time_wait: bool) -> Config {
        Config {
            profile: s.profile,
            rto_ms: s.rto_ms,
            rtt_ms: s.rtt_ms,
            time_wait_ms: s.time_wait_ms,
            fin_ack_delay_ms: s.fin_ack_delay_ms,
            fin_ack_delay_after_data_ms: s.fin_ack_delay_after_data_ms,
            time_wait,
            fin_wait2_ms: s.fin_wait2_ms,
        }
    }
}

/// What an endpoint asks its environment to do, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Send this segment (`n` and `conn` are filled in by the simulator).
    Send(Segment),
    State {
        from: State,
        to: State,
        cause: Cause,
    },
    TimerStart {
        timer: TimerKind,
        deadline: Millis,
    },
    TimerCancel {
        timer: TimerKind,
    },
    TimerFire {
        timer: TimerKind,
    },
    Note(Note),
    /// `len` bytes of data were delivered to the application in order.
    Received {
        len: u32,
    },
    /// The peer's FIN was delivered: the application reads end-of-file.
    PeerClosed,
}

/// A segment we sent that still occupies sequence space (data, SYN or FIN).
#[derive(Clone, Copy, Debug)]
struct Unacked {
    seq: u32,
    len: u32,
    control: Control,
    /// When it was first sent (Linux's give-up clock starts here).
    first_sent: Millis,
    /// Whether it was ever re-sent: its ACK is then no RTT sample (Karn).
    retransmitted: bool,
}

impl Unacked {
    fn end(&self) -> u32 {
        self.seq
            .wrapping_add(self.len)
            .wrapping_add(u32::from(matches!(
                self.control,
                Control::Syn | Control::Fin
            )))
    }
}

/// What a segment's text did.
enum Text {
    /// Data taken or held; the peer's FIN is not reached.
    Kept,
    /// The peer's FIN is reached (and ACK-able).
    Fin,
    /// The connection was reset (data after close()).
    Reset,
}

/// `a < b` in sequence space (RFC 9293 §3.4, modulo 2³²).
fn seq_lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

fn seq_le(a: u32, b: u32) -> bool {
    a == b || seq_lt(a, b)
}

/// One host's connection state machine.
#[derive(Clone, Debug)]
pub struct Endpoint {
    host: Host,
    cfg: Config,
    state: State,
    iss: u32,
    next_iss: u32,
    snd_una: u32,
    snd_nxt: u32,
    rcv_nxt: u32,
    passive_open: bool,
    /// Sequence number of our FIN, once sent.
    fin_seq: Option<u32>,
    unacked: Vec<Unacked>,
    /// Segments that arrived ahead of `rcv_nxt`: (seq, len, fin).
    out_of_order: Vec<(u32, u32, bool)>,
    /// Deadlines, indexed by `TimerKind::index`.
    timers: [Option<Millis>; 4],
    rto: Millis,
    retries: u32,
    /// A tail-loss probe is due when the retransmission timer fires next.
    probe_pending: bool,
    /// A probe was sent for the current flight; the next expiry is an RTO.
    probe_sent: bool,
    /// The application called close() (or abort): the socket is orphaned.
    app_closed: bool,
    /// Data has arrived on this connection (Linux then delays ACKs longer).
    received_data: bool,
    outputs: Vec<Output>,
}

impl Endpoint {
    /// A connection already ESTABLISHED, with relative seq = ack = 1 on both
    /// sides, as Wireshark shows it right after the handshake.
    pub fn established(host: Host, cfg: Config) -> Self {
        let SeqVars {
            snd_una,
            snd_nxt,
            rcv_nxt,
        } = SeqVars::ESTABLISHED;
        Endpoint {
            host,
            cfg,
            state: State::Established,
            iss: 0,
            next_iss: 0,
            snd_una,
            snd_nxt,
            rcv_nxt,
            passive_open: host == Host::Server,
            fin_seq: None,
            unacked: Vec::new(),
            out_of_order: Vec::new(),
            timers: [None; 4],
            rto: cfg.rto_ms,
            retries: 0,
            probe_pending: false,
            probe_sent: false,
            app_closed: false,
            received_data: false,
            outputs: Vec::new(),
        }
    }

    pub fn state(&self) -> State {
        self.state
    }

    pub fn seq_vars(&self) -> SeqVars {
        SeqVars {
            snd_una: self.snd_una,
            snd_nxt: self.snd_nxt,
            rcv_nxt: self.rcv_nxt,
        }
    }

    /// The deadline of `timer`, if it is running.
    pub fn timer(&self, timer: TimerKind) -> Option<Millis> {
        self.timers[timer.index()]
    }

    /// The earliest running deadline: when the environment must call back.
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.timers.iter().flatten().min().copied()
    }

    /// The initial sequence number the next OPEN uses (the simulator picks it).
    pub fn set_next_iss(&mut self, iss: u32) {
        self.next_iss = iss;
    }

    /// Takes the queued outputs, oldest first.
    pub fn drain_outputs(&mut self) -> Vec<Output> {
        core::mem::take(&mut self.outputs)
    }

    // ----- inputs -----------------------------------------------------------

    /// The application makes a call on the socket.
    pub fn handle_app(&mut self, now: Millis, call: AppCall) {
        match (self.state, call) {
            (State::Established | State::SynReceived, AppCall::Close | AppCall::Shutdown) => {
                // CLOSE in ESTABLISHED: send FIN, enter FIN-WAIT-1. close() also
                // orphans the socket; shutdown(SHUT_WR) keeps reading.
                self.app_closed = call == AppCall::Close;
                self.set_state(State::FinWait1, Cause::AppClose);
                self.send_fin(now);
            }
            (State::CloseWait, AppCall::Close | AppCall::Shutdown) => {
                // CLOSE in CLOSE-WAIT: send FIN, enter LAST-ACK.
                self.app_closed = call == AppCall::Close;
                self.set_state(State::LastAck, Cause::AppClose);
                self.send_fin(now);
            }
            (
                State::FinWait1
                | State::FinWait2
                | State::Closing
                | State::LastAck
                | State::TimeWait,
                AppCall::Close,
            ) if !self.app_closed => {
                // close() after shutdown(): the FIN is already sent; the socket
                // is now orphaned, so FIN-WAIT-2 gets its timeout.
                self.app_closed = true;
                if self.state == State::FinWait2 {
                    self.start_timer(TimerKind::FinWait2, now + self.cfg.fin_wait2_ms);
                }
            }
            (State::Listen | State::SynSent, AppCall::Close | AppCall::Shutdown) => {
                // CLOSE before the connection exists: just delete the TCB.
                self.app_closed = true;
                self.set_state(State::Closed, Cause::AppClose);
                self.cancel_all_timers();
            }
            (
                State::Closed
                | State::FinWait1
                | State::FinWait2
                | State::Closing
                | State::LastAck
                | State::TimeWait,
                AppCall::Close | AppCall::Shutdown,
            ) => self.note(Note::AlreadyClosing),
            (
                State::Established
                | State::SynReceived
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait,
                AppCall::Abort,
            ) => {
                // ABORT: send <SEQ=SND.NXT><CTL=RST> (with ACK, as real stacks do), enter CLOSED.
                self.app_closed = true;
                self.set_state(State::Closed, Cause::AppAbort);
                self.cancel_all_timers();
                self.emit_rst(self.snd_nxt, Some(self.rcv_nxt));
            }
            (
                State::SynSent | State::Listen | State::Closing | State::LastAck | State::TimeWait,
                AppCall::Abort,
            ) => {
                // ABORT with nothing the peer must be told: delete the TCB.
                self.app_closed = true;
                self.set_state(State::Closed, Cause::AppAbort);
                self.cancel_all_timers();
            }
            (State::Closed, AppCall::Abort) => self.note(Note::AlreadyClosing),
            (State::Established | State::CloseWait, AppCall::Write { len }) => {
                self.send_data(now, len);
            }
            (_, AppCall::Write { .. }) => self.note(Note::AlreadyClosing),
            (State::Closed, AppCall::Connect) => {
                // Active OPEN: send SYN, enter SYN-SENT.
                self.reset_for_open(false);
                self.set_state(State::SynSent, Cause::AppConnect);
                let seq = self.iss;
                self.snd_nxt = self.iss.wrapping_add(1);
                self.unacked.push(Unacked {
                    seq,
                    len: 0,
                    control: Control::Syn,
                    first_sent: now,
                    retransmitted: false,
                });
                self.emit(Control::Syn, seq, None, 0, false);
                self.arm_retransmit(now);
            }
            (State::Closed, AppCall::Listen) => {
                // Passive OPEN: enter LISTEN.
                self.reset_for_open(true);
                self.set_state(State::Listen, Cause::AppListen);
            }
            (_, AppCall::Connect | AppCall::Listen) => self.note(Note::ConnectionExists),
        }
    }

    /// A segment arrives (RFC 9293 §3.10.7).
    pub fn handle_segment(&mut self, now: Millis, seg: &Segment) {
        match self.state {
            State::Closed => self.on_closed(seg),
            State::Listen => self.on_listen(now, seg),
            State::SynSent => self.on_syn_sent(now, seg),
            State::SynReceived
            | State::Established
            | State::FinWait1
            | State::FinWait2
            | State::CloseWait
            | State::Closing
            | State::LastAck
            | State::TimeWait => self.on_synchronized(now, seg),
        }
    }

    /// A timer the environment was asked to run has reached its deadline.
    /// A stale call (the timer was cancelled or restarted) does nothing.
    pub fn handle_timer(&mut self, now: Millis, timer: TimerKind) {
        if self.timers[timer.index()] != Some(now) {
            return;
        }
        self.timers[timer.index()] = None;
        self.outputs.push(Output::TimerFire { timer });
        match timer {
            TimerKind::Retransmit => self.on_retransmit_timeout(now),
            TimerKind::DelayedAck => self.send_ack(),
            TimerKind::TimeWait => {
                // TIME-WAIT has lasted its length since the last ACK: the connection is gone.
                self.set_state(State::Closed, Cause::TimeWaitTimeout);
                self.cancel_all_timers();
            }
            TimerKind::FinWait2 => {
                // Orphaned FIN-WAIT-2 ends silently (Linux tcp_fin_timeout).
                self.set_state(State::Closed, Cause::FinWait2Timeout);
                self.cancel_all_timers();
            }
        }
    }

    // ----- segment arrival, by state ---------------------------------------

    fn on_closed(&mut self, seg: &Segment) {
        if seg.is_rst() {
            // An incoming RST to a closed port is discarded.
            self.note(Note::RstIgnoredClosed);
            return;
        }
        self.note(Note::NoConnection);
        self.reply_rst_to(seg);
    }

    fn on_listen(&mut self, now: Millis, seg: &Segment) {
        match (seg.control, seg.ack) {
            // RST in LISTEN is ignored.
            (Control::Rst, _) => self.note(Note::RstIgnoredClosed),
            // Any ACK in LISTEN is bad: <SEQ=SEG.ACK><CTL=RST>.
            (_, Some(_)) => {
                self.note(Note::NoConnection);
                self.reply_rst_to(seg);
            }
            // SYN in LISTEN: answer SYN,ACK and enter SYN-RECEIVED.
            (Control::Syn, None) => self.accept_syn(now, seg),
            // Anything else without ACK in LISTEN is dropped.
            (Control::None | Control::Fin, None) => self.note(Note::NoAck),
        }
    }

    fn on_syn_sent(&mut self, now: Millis, seg: &Segment) {
        let ack_ok = seg
            .ack
            .map(|a| seq_lt(self.iss, a) && seq_le(a, self.snd_nxt));
        match (seg.control, ack_ok) {
            // An unacceptable ACK in SYN-SENT: <SEQ=SEG.ACK><CTL=RST>, unless it is a RST.
            (Control::Rst, Some(false)) => self.note(Note::RstOutOfWindow),
            (_, Some(false)) => {
                self.note(Note::BadAckInSynSent);
                self.reply_rst_to(seg);
            }
            // RST acknowledging our SYN: connection refused.
            (Control::Rst, Some(true)) => {
                self.set_state(State::Closed, Cause::RecvRst);
                self.cancel_all_timers();
            }
            // A RST without ACK cannot be matched to our SYN: ignore.
            (Control::Rst, None) => self.note(Note::RstOutOfWindow),
            // SYN,ACK: ESTABLISHED, send ACK.
            (Control::Syn, Some(true)) => {
                self.rcv_nxt = seg.seq.wrapping_add(1);
                self.snd_una = seg.ack.unwrap_or(self.snd_una);
                self.unacked.clear();
                self.cancel_timer(TimerKind::Retransmit);
                self.reset_backoff();
                self.set_state(State::Established, Cause::RecvSynAck);
                self.send_ack();
            }
            // A bare SYN: simultaneous open, SYN-RECEIVED, send SYN,ACK.
            (Control::Syn, None) => {
                self.rcv_nxt = seg.seq.wrapping_add(1);
                self.set_state(State::SynReceived, Cause::RecvSyn);
                self.emit(Control::Syn, self.iss, Some(self.rcv_nxt), 0, true);
                self.arm_retransmit(now);
            }
            // Neither SYN nor RST: drop it.
            (Control::None | Control::Fin, _) => self.note(Note::NoAck),
        }
    }

    fn on_synchronized(&mut self, now: Millis, seg: &Segment) {
        // 1. Sequence number check.
        if !self.acceptable(seg) {
            if seg.is_rst() {
                self.note(Note::RstOutOfWindow);
            } else if self.state == State::TimeWait
                && seg.is_fin()
                && seg.seq.wrapping_add(seg.seg_len()) == self.rcv_nxt
            {
                // The peer's FIN again: our last ACK was lost. ACK it and restart the wait.
                self.note(Note::TimeWaitRestarted);
                self.send_ack();
                self.start_timer(TimerKind::TimeWait, now + self.cfg.time_wait_ms);
            } else {
                // Not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, then drop.
                self.note(Note::OutOfWindow);
                self.reply_ack_unless_pure_ack(seg);
            }
            return;
        }
        // 2. RST bit.
        if seg.is_rst() {
            if seg.seq != self.rcv_nxt {
                // In the window but not exact: challenge ACK (RFC 5961 §3.2).
                self.note(Note::RstChallengeAck);
                self.send_ack();
            } else if self.state == State::TimeWait && !self.cfg.profile.rst_ends_time_wait {
                // RFC 1337's fix: TIME-WAIT outlives a RST.
                self.note(Note::RstIgnoredTimeWait);
            } else if self.state == State::SynReceived && self.passive_open {
                // Note 1 of Figure 5: a passive SYN-RECEIVED returns to LISTEN.
                self.cancel_all_timers();
                self.unacked.clear();
                self.set_state(State::Listen, Cause::RecvRst);
            } else {
                // RST in any other synchronized state: the connection is reset.
                self.cancel_all_timers();
                self.set_state(State::Closed, Cause::RecvRst);
            }
            return;
        }
        // 3. SYN bit. In TIME-WAIT a stack may accept a new connection's SYN whose
        // sequence number (or timestamp) is newer (RFC 1122 §4.2.2.13, RFC 6191);
        // otherwise RFC 5961 §4: challenge ACK.
        if seg.is_syn()
            && seg.ack.is_none()
            && self.state == State::TimeWait
            && self.cfg.profile.syn_reopens_time_wait
            && (seq_lt(self.rcv_nxt, seg.seq) || self.cfg.profile.timestamps)
        {
            self.reopen_from_time_wait(now, seg);
            return;
        }
        if seg.is_syn() {
            self.note(Note::SynChallengeAck);
            self.send_ack();
            return;
        }
        // 4. ACK bit.
        let Some(ack) = seg.ack else {
            self.note(Note::NoAck);
            return;
        };
        if self.state == State::SynReceived {
            if seq_lt(self.snd_una, ack) && seq_le(ack, self.snd_nxt) {
                // The ACK of our SYN: ESTABLISHED.
                self.set_state(State::Established, Cause::RecvAckOfSyn);
            } else {
                self.reply_rst_to(seg);
                return;
            }
        }
        if seq_lt(self.snd_nxt, ack) {
            self.note(Note::AckOfUnsent);
            self.reply_ack_unless_pure_ack(seg);
            return;
        }
        if seq_lt(self.snd_una, ack) {
            self.snd_una = ack;
            // Karn (RFC 6298 §5): only the ACK of a segment never re-sent is an RTT
            // sample; until one comes, the backed-off RTO stays.
            let rtt_sample = self
                .unacked
                .iter()
                .any(|u| !seq_lt(ack, u.end()) && !u.retransmitted);
            self.unacked.retain(|u| seq_lt(ack, u.end()));
            self.retries = 0;
            self.probe_pending = false;
            self.probe_sent = false;
            if rtt_sample {
                self.rto = self.cfg.rto_ms;
            }
            if self.unacked.is_empty() {
                self.cancel_timer(TimerKind::Retransmit);
            } else {
                self.start_timer(TimerKind::Retransmit, now + self.rto);
            }
        }
        let fin_acked = self.fin_seq.is_some() && self.snd_una == self.snd_nxt;
        // 5.–7. Segment text, and whether the peer's FIN is now in order.
        let fin = if seg.len > 0 || seg.is_fin() {
            match self.receive_text(seg) {
                Text::Reset => return,
                Text::Fin => true,
                Text::Kept => false,
            }
        } else {
            false
        };
        self.close_transition(now, fin_acked, fin);
    }

    /// RFC 9293 Figure 5 for a segment that arrived in a synchronized state:
    /// what the ACK of our FIN (`fin_acked`) and the peer's FIN (`fin`) do in
    /// each state. Every state and combination has its arm.
    fn close_transition(&mut self, now: Millis, fin_acked: bool, fin: bool) {
        use State::*;
        match (self.state, fin_acked, fin) {
            (SynReceived | Established, _, true) => {
                // FIN in ESTABLISHED: CLOSE-WAIT. The ACK may wait (delayed ACK)
                // for the application's own FIN or data to ride on.
                self.set_state(CloseWait, Cause::RecvFin);
                let delay = if self.received_data {
                    self.cfg.fin_ack_delay_after_data_ms
                } else {
                    self.cfg.fin_ack_delay_ms
                };
                if delay > 0 && !self.app_closed {
                    if self.timer(TimerKind::DelayedAck).is_none() {
                        self.start_timer(TimerKind::DelayedAck, now + delay);
                    }
                } else {
                    self.send_ack();
                }
            }
            // FIN plus the ACK of our FIN in one segment: TIME-WAIT (Figure 5, Note 2).
            (FinWait1, true, true) => self.enter_time_wait(now, Cause::RecvFinAckOfFin),
            // ACK of our FIN in FIN-WAIT-1: FIN-WAIT-2.
            (FinWait1, true, false) => self.enter_fin_wait2(now),
            (FinWait1, false, true) => {
                // The FINs crossed: CLOSING, and ACK the peer's FIN.
                self.set_state(Closing, Cause::RecvFin);
                self.send_ack();
            }
            // FIN in FIN-WAIT-2: send the last ACK, enter TIME-WAIT.
            (FinWait2, _, true) => self.enter_time_wait(now, Cause::RecvFin),
            // ACK of our FIN in CLOSING: TIME-WAIT.
            (Closing, true, _) => self.enter_time_wait(now, Cause::RecvAckOfFin),
            (LastAck, true, _) => {
                // ACK of our FIN in LAST-ACK: the connection is closed.
                self.cancel_all_timers();
                self.set_state(Closed, Cause::RecvAckOfFin);
            }
            // Data or an ACK that acknowledges no FIN of ours: no state change.
            (SynReceived | Established | FinWait1 | FinWait2 | CloseWait, _, false) => {}
            (Closing | LastAck, false, _) => {}
            // The peer's FIN was received before: `receive_text` never reports it again.
            (CloseWait | TimeWait, _, true) => {}
            (TimeWait, _, false) => {}
            // Unsynchronized states never get here (`handle_segment`).
            (Closed | Listen | SynSent, ..) => {}
        }
    }

    /// Steps 7 and 8 up to the state change: takes the segment's data in order
    /// (or holds it), and says whether the peer's FIN is now reached.
    fn receive_text(&mut self, seg: &Segment) -> Text {
        if self.state.has_received_fin() {
            // Text after the peer's FIN cannot be valid (we already ACKed the FIN).
            self.note(Note::DataAfterFin);
            return Text::Kept;
        }
        let new_data = seg.len > 0 && seq_lt(self.rcv_nxt, seg.seq.wrapping_add(seg.len));
        if self.app_closed && new_data && matches!(self.state, State::FinWait1 | State::FinWait2) {
            // Nobody will read it after close(): reset the connection (RFC 9293
            // §3.6.1, RFC 1122 §4.2.2.13; Linux counts it as TCPAbortOnData).
            self.note(Note::DataAfterClose);
            self.cancel_all_timers();
            self.set_state(State::Closed, Cause::DataAfterClose);
            self.reply_rst_to(seg);
            return Text::Reset;
        }
        if seq_lt(self.rcv_nxt, seg.seq) {
            // A gap before this segment: keep it and send a duplicate ACK.
            if !self.out_of_order.iter().any(|&(s, _, _)| s == seg.seq) {
                self.out_of_order.push((seg.seq, seg.len, seg.is_fin()));
            }
            self.note(Note::OutOfOrder);
            self.send_ack();
            return Text::Kept;
        }
        let mut fin = false;
        let end = seg.seq.wrapping_add(seg.len);
        if seq_lt(self.rcv_nxt, end) {
            let fresh = end.wrapping_sub(self.rcv_nxt);
            self.rcv_nxt = end;
            self.received_data = true;
            self.outputs.push(Output::Received { len: fresh });
        }
        fin |= seg.is_fin();
        // Pull in whatever the gap was holding back.
        while let Some(i) = self.out_of_order.iter().position(|&(s, l, _)| {
            seq_le(s, self.rcv_nxt) && seq_lt(self.rcv_nxt, s.wrapping_add(l).wrapping_add(1))
        }) {
            let (s, l, f) = self.out_of_order.swap_remove(i);
            let end = s.wrapping_add(l);
            if seq_lt(self.rcv_nxt, end) {
                let fresh = end.wrapping_sub(self.rcv_nxt);
                self.rcv_nxt = end;
                self.outputs.push(Output::Received { len: fresh });
            }
            fin |= f && end == self.rcv_nxt;
        }
        self.out_of_order
            .retain(|&(s, _, _)| seq_lt(self.rcv_nxt, s));
        if !fin {
            // Data in order: ACK it at once.
            self.send_ack();
            return Text::Kept;
        }
        self.rcv_nxt = self.rcv_nxt.wrapping_add(1);
        self.outputs.push(Output::PeerClosed);
        Text::Fin
    }

    fn on_retransmit_timeout(&mut self, now: Millis) {
        let Some(&first) = self.unacked.first() else {
            return;
        };
        if core::mem::take(&mut self.probe_pending) {
            // Tail-loss probe: re-send the last segment, keep the RTO as it is.
            self.probe_sent = true;
            self.note(Note::TailLossProbe);
            let last = self.unacked.len() - 1;
            self.resend(last);
            self.start_timer(TimerKind::Retransmit, now + self.rto);
            return;
        }
        if self.gives_up(now, first) {
            // Too many tries: the connection ends; BSD tells the peer with a RST,
            // Linux only reports ETIMEDOUT to an application still holding the socket.
            let synchronized = self.state.is_synchronized();
            self.cancel_all_timers();
            self.set_state(State::Closed, Cause::RetransmitGiveUp);
            if synchronized && self.cfg.profile.give_up_sends_rst {
                self.emit_rst(self.snd_nxt, Some(self.rcv_nxt));
            }
            return;
        }
        self.retries += 1;
        self.rto = (self.rto * 2).min(self.cfg.profile.rto_max_ms);
        self.resend(0);
        self.start_timer(TimerKind::Retransmit, now + self.rto);
    }

    /// Whether the retransmission timer's expiry ends the connection.
    fn gives_up(&self, now: Millis, oldest: Unacked) -> bool {
        match self.cfg.profile.give_up {
            GiveUp::Count(n) => self.retries >= n,
            GiveUp::Modelled {
                orphan,
                attached,
                rto_base,
                rto_max,
            } => {
                let boundary = if self.app_closed { orphan } else { attached };
                self.retries > 0
                    && now.saturating_sub(oldest.first_sent)
                        >= modelled_timeout(boundary, rto_base, rto_max)
            }
        }
    }

    /// Sends the `i`-th unacknowledged segment again.
    fn resend(&mut self, i: usize) {
        self.unacked[i].retransmitted = true;
        let u = self.unacked[i];
        let ack = match (self.state, u.control) {
            (State::SynSent, Control::Syn) => None,
            _ => Some(self.rcv_nxt),
        };
        self.emit(u.control, u.seq, ack, u.len, true);
    }

    // ----- helpers ----------------------------------------------------------

    /// RFC 9293 §3.10.7.4 acceptability test (window fixed at `RCV_WND`).
    fn acceptable(&self, seg: &Segment) -> bool {
        let in_window =
            |s: u32| seq_le(self.rcv_nxt, s) && seq_lt(s, self.rcv_nxt.wrapping_add(RCV_WND));
        match seg.seg_len() {
            0 => in_window(seg.seq),
            n => in_window(seg.seq) || in_window(seg.seq.wrapping_add(n - 1)),
        }
    }

    fn enter_fin_wait2(&mut self, now: Millis) {
        self.set_state(State::FinWait2, Cause::RecvAckOfFin);
        // Only an orphan times out: after shutdown() the application may wait for ever.
        if self.app_closed {
            self.start_timer(TimerKind::FinWait2, now + self.cfg.fin_wait2_ms);
        }
    }

    /// A new connection's SYN ends TIME-WAIT and is answered as in LISTEN,
    /// with an initial sequence number above the old connection's (Linux:
    /// `tw_snd_nxt + 65535 + 2`, tcp_timewait_state_process).
    fn reopen_from_time_wait(&mut self, now: Millis, seg: &Segment) {
        self.cancel_all_timers();
        self.next_iss = self.snd_nxt.wrapping_add(65_537);
        self.reset_for_open(true);
        self.accept_syn(now, seg);
    }

    /// A passive open's SYN: answer SYN,ACK with our ISS and enter SYN-RECEIVED.
    fn accept_syn(&mut self, now: Millis, seg: &Segment) {
        self.rcv_nxt = seg.seq.wrapping_add(1);
        self.snd_una = self.iss;
        self.snd_nxt = self.iss.wrapping_add(1);
        self.set_state(State::SynReceived, Cause::RecvSyn);
        self.unacked.push(Unacked {
            seq: self.iss,
            len: 0,
            control: Control::Syn,
            first_sent: now,
            retransmitted: false,
        });
        self.emit(Control::Syn, self.iss, Some(self.rcv_nxt), 0, false);
        self.arm_retransmit(now);
    }

    fn enter_time_wait(&mut self, now: Millis, cause: Cause) {
        self.cancel_all_timers();
        if self.cfg.time_wait {
            self.set_state(State::TimeWait, cause);
            if cause != Cause::RecvAckOfFin {
                // The peer's FIN is what we ACK; in CLOSING it was ACKed already.
                self.send_ack();
            }
            self.start_timer(TimerKind::TimeWait, now + self.cfg.time_wait_ms);
        } else {
            self.set_state(State::Closed, Cause::TimeWaitSkipped);
            if cause != Cause::RecvAckOfFin {
                self.send_ack();
            }
        }
    }

    fn reset_for_open(&mut self, passive: bool) {
        self.iss = self.next_iss;
        self.snd_una = self.iss;
        self.snd_nxt = self.iss;
        self.rcv_nxt = 0;
        self.passive_open = passive;
        self.fin_seq = None;
        self.unacked.clear();
        self.out_of_order.clear();
        self.app_closed = false;
        self.received_data = false;
        self.reset_backoff();
    }

    fn reset_backoff(&mut self) {
        self.retries = 0;
        self.rto = self.cfg.rto_ms;
        self.probe_pending = false;
        self.probe_sent = false;
    }

    fn set_state(&mut self, to: State, cause: Cause) {
        let from = self.state;
        self.state = to;
        self.outputs.push(Output::State { from, to, cause });
    }

    fn note(&mut self, note: Note) {
        self.outputs.push(Output::Note(note));
    }

    fn start_timer(&mut self, timer: TimerKind, deadline: Millis) {
        self.timers[timer.index()] = Some(deadline);
        self.outputs.push(Output::TimerStart { timer, deadline });
    }

    fn cancel_timer(&mut self, timer: TimerKind) {
        if self.timers[timer.index()].take().is_some() {
            self.outputs.push(Output::TimerCancel { timer });
        }
    }

    fn cancel_all_timers(&mut self) {
        for timer in TimerKind::ALL {
            self.cancel_timer(timer);
        }
    }

    /// Starts the retransmission timer unless it runs. With tail-loss probes
    /// the first expiry is the probe: `2·RTT + TCP_RTO_MIN` for one segment in
    /// flight, `2·RTT + 2 ms` for more, capped by the RTO (a probe still, so
    /// without backoff).
    fn arm_retransmit(&mut self, now: Millis) {
        if self.timer(TimerKind::Retransmit).is_some() {
            return;
        }
        let synchronized = self.state.is_synchronized() && self.state != State::SynReceived;
        if self.cfg.profile.tail_loss_probe && synchronized && !self.probe_sent {
            let extra = if self.unacked.len() == 1 {
                TLP_ONE_SEGMENT_EXTRA_MS
            } else {
                2
            };
            let pto = (2 * self.cfg.rtt_ms + extra).min(self.rto);
            self.probe_pending = true;
            self.start_timer(TimerKind::Retransmit, now + pto);
            return;
        }
        self.start_timer(TimerKind::Retransmit, now + self.rto);
    }

    /// Queues a segment; any segment carrying ACK satisfies a pending delayed ACK.
    fn emit(
        &mut self,
        control: Control,
        seq: u32,
        ack: Option<u32>,
        len: u32,
        retransmission: bool,
    ) {
        if ack.is_some() && self.timers[TimerKind::DelayedAck.index()].is_some() {
            self.cancel_timer(TimerKind::DelayedAck);
            // A three-segment close only when the ACK of the peer's FIN rides on our FIN.
            if control == Control::Fin {
                self.note(Note::AckPiggybacked);
            } else if len > 0 {
                self.note(Note::AckOnData);
            }
        }
        self.outputs.push(Output::Send(Segment {
            n: 0,
            from: self.host,
            conn: 0,
            control,
            seq,
            ack,
            len,
            retransmission,
        }));
    }

    fn emit_rst(&mut self, seq: u32, ack: Option<u32>) {
        self.emit(Control::Rst, seq, ack, 0, false);
    }

    /// The RFC answers an unacceptable segment with an ACK. Answering a bare
    /// ACK that way can make two confused hosts ACK each other forever (an
    /// "ACK storm", which real stacks rate-limit); this model answers only
    /// segments that occupy sequence space, which ends every exchange.
    fn reply_ack_unless_pure_ack(&mut self, seg: &Segment) {
        if seg.seg_len() > 0 {
            self.send_ack();
        }
    }

    fn send_ack(&mut self) {
        self.emit(Control::None, self.snd_nxt, Some(self.rcv_nxt), 0, false);
    }

    fn send_fin(&mut self, now: Millis) {
        let seq = self.snd_nxt;
        self.fin_seq = Some(seq);
        self.snd_nxt = seq.wrapping_add(1);
        self.unacked.push(Unacked {
            seq,
            len: 0,
            control: Control::Fin,
            first_sent: now,
            retransmitted: false,
        });
        self.emit(Control::Fin, seq, Some(self.rcv_nxt), 0, false);
        self.arm_retransmit(now);
    }

    fn send_data(&mut self, now: Millis, len: u32) {
        let seq = self.snd_nxt;
        self.snd_nxt = seq.wrapping_add(len);
        self.unacked.push(Unacked {
            seq,
            len,
            control: Control::None,
            first_sent: now,
            retransmitted: false,
        });
        self.emit(Control::None, seq, Some(self.rcv_nxt), len, false);
        self.arm_retransmit(now);
    }

    /// RFC 9293 §3.10.7.1: the reset for a segment that has no connection.
    /// If it carried ACK: `<SEQ=SEG.ACK><CTL=RST>`; otherwise
    /// `<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>`.
    fn reply_rst_to(&mut self, seg: &Segment) {
        match seg.ack {
            Some(ack) => self.emit_rst(ack, None),
            None => self.emit_rst(0, Some(seg.seq.wrapping_add(seg.seg_len()))),
        }
    }
}

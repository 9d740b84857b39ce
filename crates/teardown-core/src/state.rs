//! The eleven connection states of RFC 9293 and the edges between them.

use core::fmt;

/// One host's connection state, named as in RFC 9293 §3.3.2.
///
/// `Display` prints the RFC spelling (`FinWait1` → `FIN-WAIT-1`), which is what
/// every view shows: learners should meet the names they will read in the RFC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}

impl State {
    /// All states, in the order of the RFC 9293 diagram (top to bottom).
    pub const ALL: [State; 11] = [
        State::Closed,
        State::Listen,
        State::SynSent,
        State::SynReceived,
        State::Established,
        State::FinWait1,
        State::FinWait2,
        State::CloseWait,
        State::Closing,
        State::LastAck,
        State::TimeWait,
    ];

    /// The RFC 9293 spelling, e.g. `"FIN-WAIT-1"`.
    pub const fn rfc_name(self) -> &'static str {
        match self {
            State::Closed => "CLOSED",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECEIVED",
            State::Established => "ESTABLISHED",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        }
    }

    /// Parses the RFC spelling back (used by the JSON reader of the CLI tests).
    pub fn from_rfc_name(name: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.rfc_name() == name)
    }

    /// A stable index into `State::ALL`, for tables indexed by state.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Synchronized states (RFC 9293 §3.5): both sequence spaces are known.
    pub const fn is_synchronized(self) -> bool {
        !matches!(self, State::Closed | State::Listen | State::SynSent)
    }

    /// Whether this host has already received the peer's FIN.
    pub const fn has_received_fin(self) -> bool {
        matches!(
            self,
            State::CloseWait | State::Closing | State::LastAck | State::TimeWait
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rfc_name())
    }
}

/// What made a state change happen. Every transition in a timeline names one,
/// so a learner can always ask "why did it move?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cause {
    /// The application called CLOSE (a FIN is sent).
    AppClose,
    /// The application called ABORT (a RST is sent).
    AppAbort,
    /// The application called active OPEN (a SYN is sent).
    AppConnect,
    /// The application called passive OPEN.
    AppListen,
    /// A SYN arrived.
    RecvSyn,
    /// A SYN,ACK that acknowledges our SYN arrived.
    RecvSynAck,
    /// The ACK of our SYN arrived.
    RecvAckOfSyn,
    /// The peer's FIN arrived.
    RecvFin,
    /// The ACK of our FIN arrived.
    RecvAckOfFin,
    /// One segment carried both the peer's FIN and the ACK of ours (RFC 9293 Figure 5, Note 2).
    RecvFinAckOfFin,
    /// An acceptable RST arrived.
    RecvRst,
    /// The TIME-WAIT timer expired (2×MSL, or the stack's fixed length).
    TimeWaitTimeout,
    /// The orphaned FIN-WAIT-2 timer expired (Linux `tcp_fin_timeout`).
    FinWait2Timeout,
    /// The retransmission limit was reached; the connection is aborted.
    RetransmitGiveUp,
    /// TIME-WAIT is switched off (`tw=0`), so the wait is skipped.
    TimeWaitSkipped,
    /// Data arrived after close(): the connection is reset (RFC 9293 §3.6.1).
    DataAfterClose,
}

impl Cause {
    /// Every cause, so tables keyed by cause (translations) can be checked complete.
    pub const ALL: [Cause; 16] = [
        Cause::AppClose,
        Cause::AppAbort,
        Cause::AppConnect,
        Cause::AppListen,
        Cause::RecvSyn,
        Cause::RecvSynAck,
        Cause::RecvAckOfSyn,
        Cause::RecvFin,
        Cause::RecvAckOfFin,
        Cause::RecvFinAckOfFin,
        Cause::RecvRst,
        Cause::TimeWaitTimeout,
        Cause::FinWait2Timeout,
        Cause::RetransmitGiveUp,
        Cause::TimeWaitSkipped,
        Cause::DataAfterClose,
    ];

    /// A stable machine name, used in JSON and as a translation key.
    pub const fn key(self) -> &'static str {
        match self {
            Cause::AppClose => "app_close",
            Cause::AppAbort => "app_abort",
            Cause::AppConnect => "app_connect",
            Cause::AppListen => "app_listen",
            Cause::RecvSyn => "recv_syn",
            Cause::RecvSynAck => "recv_syn_ack",
            Cause::RecvAckOfSyn => "recv_ack_of_syn",
            Cause::RecvFin => "recv_fin",
            Cause::RecvAckOfFin => "recv_ack_of_fin",
            Cause::RecvFinAckOfFin => "recv_fin_ack_of_fin",
            Cause::RecvRst => "recv_rst",
            Cause::TimeWaitTimeout => "time_wait_timeout",
            Cause::FinWait2Timeout => "fin_wait_2_timeout",
            Cause::RetransmitGiveUp => "retransmit_give_up",
            Cause::TimeWaitSkipped => "time_wait_skipped",
            Cause::DataAfterClose => "data_after_close",
        }
    }
}

/// Every edge a state change may take: the RFC 9293 Figure 5 diagram, its Note 2
/// (FIN-WAIT-1 → TIME-WAIT on FIN + ACK of FIN), its Note 3 (RST and ABORT lead to
/// CLOSED, or LISTEN for a passive SYN-RECEIVED, from any state), and the three
/// non-RFC edges this model adds on purpose: the FIN-WAIT-2 timeout, giving up
/// after too many retransmissions, and `tw=0`.
///
/// The simulator never consults this table; the tests check every transition
/// of every run against it, so a wrong edge is caught instead of animated.
pub fn is_legal_transition(from: State, to: State, cause: Cause) -> bool {
    use Cause::*;
    use State::*;
    match (from, to, cause) {
        // The three-way open.
        (Closed, Listen, AppListen) => true,
        (Closed, SynSent, AppConnect) => true,
        (Listen, SynReceived, RecvSyn) => true,
        (SynSent, SynReceived, RecvSyn) => true,
        (SynSent, Established, RecvSynAck) => true,
        (SynReceived, Established, RecvAckOfSyn) => true,
        (Listen | SynSent, Closed, AppClose) => true,
        // The close.
        (SynReceived | Established, FinWait1, AppClose) => true,
        (SynReceived | Established, CloseWait, RecvFin) => true,
        (FinWait1, FinWait2, RecvAckOfFin) => true,
        (FinWait1, Closing, RecvFin) => true,
        (FinWait1, TimeWait, RecvFinAckOfFin) => true,
        (FinWait2, TimeWait, RecvFin) => true,
        (CloseWait, LastAck, AppClose) => true,
        (Closing, TimeWait, RecvAckOfFin) => true,
        (LastAck, Closed, RecvAckOfFin) => true,
        (TimeWait, Closed, TimeWaitTimeout) => true,
        // tw=0: the wait is skipped where TIME-WAIT would begin.
        (FinWait1 | FinWait2, Closed, TimeWaitSkipped) => true,
        (Closing, Closed, TimeWaitSkipped) => true,
        // Note 3: a RST received or sent ends any connection.
        (SynReceived, Listen, RecvRst) => true,
        // §3.10.5: ABORT in LISTEN deletes the TCB (a RST received there is ignored instead).
        (Listen, Closed, AppAbort) => true,
        (
            SynSent | SynReceived | Established | FinWait1 | FinWait2 | CloseWait | Closing
            | LastAck | TimeWait,
            Closed,
            RecvRst | AppAbort,
        ) => true,
        // RFC 9293 §3.6.1: data for an application that has closed resets the connection.
        (FinWait1 | FinWait2, Closed, DataAfterClose) => true,
        // RFC 1122 §4.2.2.13 / RFC 6191: a new SYN may reopen the connection from TIME-WAIT.
        (TimeWait, SynReceived, RecvSyn) => true,
        // Model-specific timeouts.
        (FinWait2, Closed, FinWait2Timeout) => true,
        (
            SynSent | SynReceived | Established | FinWait1 | CloseWait | Closing | LastAck,
            Closed,
            RetransmitGiveUp,
        ) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_uses_rfc_spelling() {
        assert_eq!(State::FinWait1.to_string(), "FIN-WAIT-1");
        assert_eq!(State::CloseWait.to_string(), "CLOSE-WAIT");
        assert_eq!(State::TimeWait.to_string(), "TIME-WAIT");
        for s in State::ALL {
            assert_eq!(State::from_rfc_name(s.rfc_name()), Some(s));
        }
    }

    #[test]
    fn note_2_shortcut_is_legal_but_not_from_established() {
        assert!(is_legal_transition(
            State::FinWait1,
            State::TimeWait,
            Cause::RecvFinAckOfFin
        ));
        assert!(!is_legal_transition(
            State::Established,
            State::TimeWait,
            Cause::RecvFin
        ));
    }
}

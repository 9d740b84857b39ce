//! The messages for what the core reports: each function `match`es on the core's types, so
//! a new variant in the core is a compile error here until it has its text.

use super::Msg;
use teardown_core::stack::Undocumented;
use teardown_core::{Cause, Note, Stack, State, TimerKind};

impl Msg {
    /// What a host in `state` is doing, for the stage (`{peer}`).
    pub const fn explain(state: State) -> Msg {
        match state {
            State::Closed => Msg::ExplainClosed,
            State::Listen => Msg::ExplainListen,
            State::SynSent => Msg::ExplainSynSent,
            State::SynReceived => Msg::ExplainSynReceived,
            State::Established => Msg::ExplainEstablished,
            State::FinWait1 => Msg::ExplainFinWait1,
            State::FinWait2 => Msg::ExplainFinWait2,
            State::CloseWait => Msg::ExplainCloseWait,
            State::Closing => Msg::ExplainClosing,
            State::LastAck => Msg::ExplainLastAck,
            State::TimeWait => Msg::ExplainTimeWait,
        }
    }

    /// A timer's short name.
    pub const fn timer(kind: TimerKind) -> Msg {
        match kind {
            TimerKind::Retransmit => Msg::TimerRetransmit,
            TimerKind::DelayedAck => Msg::TimerDelayedAck,
            TimerKind::TimeWait => Msg::TimerTimeWait,
            TimerKind::FinWait2 => Msg::TimerFinWait2,
        }
    }

    /// A timer's name with what it waits for.
    pub const fn timer_long(kind: TimerKind) -> Msg {
        match kind {
            TimerKind::Retransmit => Msg::TimerRetransmitLong,
            TimerKind::DelayedAck => Msg::TimerDelayedAckLong,
            TimerKind::TimeWait => Msg::TimerTimeWaitLong,
            TimerKind::FinWait2 => Msg::TimerFinWait2Long,
        }
    }

    /// A stack's display name ("Textbook (RFC 9293)", "Linux").
    pub const fn stack(stack: Stack) -> Msg {
        match stack {
            Stack::Textbook => Msg::StackTextbook,
            Stack::Linux => Msg::StackLinux,
            Stack::Freebsd => Msg::StackFreebsd,
            Stack::Windows => Msg::StackWindows,
            Stack::Macos => Msg::StackMacos,
        }
    }

    /// What a stack's vendor does not document, as a phrase of the profile's summary.
    pub const fn undocumented(u: Undocumented) -> Msg {
        match u {
            Undocumented::FinWait2Timeout => Msg::UndocFinWait2Timeout,
            Undocumented::MinimumRto => Msg::UndocMinimumRto,
            Undocumented::FinAckDelay => Msg::UndocFinAckDelay,
            Undocumented::GiveUpRst => Msg::UndocGiveUpRst,
            Undocumented::RstInTimeWait => Msg::UndocRstInTimeWait,
            Undocumented::SynInTimeWait => Msg::UndocSynInTimeWait,
            Undocumented::TailLossProbe => Msg::UndocTailLossProbe,
        }
    }

    /// The narration of a state change `was → to` for `cause`: the sentence for this very
    /// change if the table has one, else the one for reaching `to`, else the cause's own.
    pub const fn narration(cause: Cause, was: State, to: State) -> Msg {
        use State as S;
        match (cause, was, to) {
            (Cause::RecvSyn, S::TimeWait, S::SynReceived) => Msg::NarrRecvSynTimeWaitSynReceived,
            (Cause::RecvRst, S::TimeWait, S::Closed) => Msg::NarrRecvRstTimeWaitClosed,
            (Cause::AppClose, _, S::LastAck) => Msg::NarrAppCloseLastAck,
            (Cause::AppClose, _, S::Closed) => Msg::NarrAppCloseClosed,
            (Cause::RecvRst, _, S::Listen) => Msg::NarrRecvRstListen,
            (Cause::RecvFin, _, S::CloseWait) => Msg::NarrRecvFinCloseWait,
            (Cause::RecvFin, _, S::Closing) => Msg::NarrRecvFinClosing,
            (Cause::RecvFin, _, S::TimeWait) => Msg::NarrRecvFinTimeWait,
            (Cause::RecvAckOfFin, _, S::FinWait2) => Msg::NarrRecvAckOfFinFinWait2,
            (Cause::RecvAckOfFin, _, S::Closed) => Msg::NarrRecvAckOfFinClosed,
            (Cause::RecvAckOfFin, _, S::TimeWait) => Msg::NarrRecvAckOfFinTimeWait,
            _ => Msg::cause_narration(cause),
        }
    }

    /// The narration of `cause` whatever the states.
    pub const fn cause_narration(cause: Cause) -> Msg {
        match cause {
            Cause::AppClose => Msg::NarrAppClose,
            Cause::AppAbort => Msg::NarrAppAbort,
            Cause::AppConnect => Msg::NarrAppConnect,
            Cause::AppListen => Msg::NarrAppListen,
            Cause::RecvSyn => Msg::NarrRecvSyn,
            Cause::RecvSynAck => Msg::NarrRecvSynAck,
            Cause::RecvAckOfSyn => Msg::NarrRecvAckOfSyn,
            Cause::RecvFin => Msg::NarrRecvFin,
            Cause::RecvAckOfFin => Msg::NarrRecvAckOfFin,
            Cause::RecvFinAckOfFin => Msg::NarrRecvFinAckOfFin,
            Cause::RecvRst => Msg::NarrRecvRst,
            Cause::TimeWaitTimeout => Msg::NarrTimeWaitTimeout,
            Cause::FinWait2Timeout => Msg::NarrFinWait2Timeout,
            Cause::RetransmitGiveUp => Msg::NarrRetransmitGiveUp,
            Cause::TimeWaitSkipped => Msg::NarrTimeWaitSkipped,
            Cause::DataAfterClose => Msg::NarrDataAfterClose,
        }
    }

    /// The sentence for `note`, refined by what it is about: the network's `old` copy, a
    /// retransmission (`retx`), or the `state` the host was in.
    pub const fn note(note: Note, old: bool, retx: bool, state: State) -> Msg {
        match (note, state) {
            (Note::TimeWaitRestarted, _) if old => Msg::NoteTimeWaitRestartedOld,
            (Note::OutOfWindow, _) if old => Msg::NoteOutOfWindowOld,
            (Note::OutOfWindow, _) if retx => Msg::NoteOutOfWindowRetx,
            (Note::NoAck, State::Listen) => Msg::NoteNoAckListen,
            (Note::NoAck, State::SynSent) => Msg::NoteNoAckSynSent,
            _ => Msg::note_plain(note),
        }
    }

    /// The sentence for `note` whatever it is about.
    pub const fn note_plain(note: Note) -> Msg {
        match note {
            Note::OutOfWindow => Msg::NoteOutOfWindow,
            Note::TimeWaitRestarted => Msg::NoteTimeWaitRestarted,
            Note::NoConnection => Msg::NoteNoConnection,
            Note::RstIgnoredClosed => Msg::NoteRstIgnoredClosed,
            Note::RstOutOfWindow => Msg::NoteRstOutOfWindow,
            Note::RstIgnoredTimeWait => Msg::NoteRstIgnoredTimeWait,
            Note::SynChallengeAck => Msg::NoteSynChallengeAck,
            Note::AckOfUnsent => Msg::NoteAckOfUnsent,
            Note::DataAfterFin => Msg::NoteDataAfterFin,
            Note::OutOfOrder => Msg::NoteOutOfOrder,
            Note::AckPiggybacked => Msg::NoteAckPiggybacked,
            Note::AckOnData => Msg::NoteAckOnData,
            Note::RstChallengeAck => Msg::NoteRstChallengeAck,
            Note::DataAfterClose => Msg::NoteDataAfterClose,
            Note::TailLossProbe => Msg::NoteTailLossProbe,
            Note::OldSegmentAccepted => Msg::NoteOldSegmentAccepted,
            Note::OldSegmentRejected => Msg::NoteOldSegmentRejected,
            Note::DuplicateHeld => Msg::NoteDuplicateHeld,
            Note::NoAck => Msg::NoteNoAck,
            Note::AlreadyClosing => Msg::NoteAlreadyClosing,
            Note::BadAckInSynSent => Msg::NoteBadAckInSynSent,
            Note::ConnectionExists => Msg::NoteConnectionExists,
            Note::HorizonReached => Msg::NoteHorizonReached,
        }
    }

    /// The translation of what a link value should be, as the core says it in English
    /// (`Problem::Invalid { expected }`); `None` for a sentence the table does not have,
    /// which the caller shows in the core's English.
    pub fn expected(sentence: &str) -> Option<Msg> {
        Some(match sentence {
            "client, server or both" => Msg::ExpectedClientServerOrBoth,
            "a whole number of ms ≥ 0" => Msg::ExpectedAWholeNumberOfMsGe0,
            "a whole number of ms > 0" => Msg::ExpectedAWholeNumberOfMsGt0,
            "a number of seconds > 0" => Msg::ExpectedANumberOfSecondsGt0,
            "a whole number of segments ≥ 0" => Msg::ExpectedAWholeNumberOfSegmentsGe0,
            "segment numbers from 1, separated by commas" => {
                Msg::ExpectedSegmentNumbersFrom1SeparatedByCommas
            }
            "a percentage from 0 to 100" => Msg::ExpectedAPercentageFrom0To100,
            "a whole number from 0 to 18446744073709551615" => {
                Msg::ExpectedAWholeNumberFrom0To18446744073709551615
            }
            "0 or 1" => Msg::Expected0Or1,
            "client or server" => Msg::ExpectedClientOrServer,
            "en or zh" => Msg::ExpectedEnOrZh,
            "a lesson number from 1" => Msg::ExpectedALessonNumberFrom1,
            "a step number from 1" => Msg::ExpectedAStepNumberFrom1,
            "1 or 2" => Msg::Expected1Or2,
            "close or shutdown" => Msg::ExpectedCloseOrShutdown,
            "textbook, linux, freebsd, windows or macos" => {
                Msg::ExpectedTextbookLinuxFreebsdWindowsOrMacos
            }
            "a lesson number from 1 to 8" => Msg::ExpectedALessonNumberFrom1To8,
            _ => return None,
        })
    }
}

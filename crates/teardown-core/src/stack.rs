//! Stack profiles: which TCP implementation the endpoints imitate.
//!
//! `textbook` is RFC 9293 with teaching defaults (short MSL, fixed RTO). Every
//! other profile is a table of the constants and behaviours in which real
//! stacks differ when a connection closes, each value with its source. Where a
//! vendor documents nothing, the profile keeps the textbook behaviour and
//! `docs/stacks.md` says so. A link may override the numbers (`msl`, `rto`,
//! `dack`, `finwait2`); the behaviours are the stack's.

use crate::timeline::Millis;
use serde::{Deserialize, Serialize};

/// The stack a scenario imitates (`stack=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    /// RFC 9293 with teaching defaults.
    #[default]
    Textbook,
    /// Linux 6.x with default sysctls.
    Linux,
    /// FreeBSD 14 with default sysctls (the default `freebsd` TCP stack, not RACK).
    Freebsd,
    /// Windows 10/11 and Server 2019+ with default registry values.
    Windows,
    /// macOS (XNU) with default sysctls.
    Macos,
}

impl Stack {
    pub const ALL: [Stack; 5] = [
        Stack::Textbook,
        Stack::Linux,
        Stack::Freebsd,
        Stack::Windows,
        Stack::Macos,
    ];

    /// The link value, also a stable translation key.
    pub const fn key(self) -> &'static str {
        match self {
            Stack::Textbook => "textbook",
            Stack::Linux => "linux",
            Stack::Freebsd => "freebsd",
            Stack::Windows => "windows",
            Stack::Macos => "macos",
        }
    }

    pub fn from_key(key: &str) -> Option<Stack> {
        Stack::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The constants and behaviours of this stack.
    pub const fn profile(self) -> &'static Profile {
        match self {
            Stack::Textbook => &TEXTBOOK,
            Stack::Linux => &LINUX,
            Stack::Freebsd => &FREEBSD,
            Stack::Windows => &WINDOWS,
            Stack::Macos => &MACOS,
        }
    }
}

/// How long TIME-WAIT lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeWaitLen {
    /// Twice the MSL (RFC 9293 §3.4.2), so it follows the MSL setting.
    TwoMsl,
    /// A fixed length, whatever the MSL.
    Fixed(Millis),
}

/// How the retransmission timeout is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RtoRule {
    /// A fixed initial RTO (the scenario's `rto`), doubled on each expiry.
    Fixed(Millis),
    /// Computed from the handshake's RTT sample `R` as RFC 6298 §2.2 does
    /// (`SRTT = R`, `RTTVAR = R/2`), with the stack's floor on the variance
    /// term and a constant slop added: `R + max(2R, min) + slop`.
    FromRtt { min: Millis, slop: Millis },
}

/// When a host gives up retransmitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiveUp {
    /// After this many retransmissions of one segment.
    Count(u32),
    /// Linux: when the time since the segment was first sent reaches the time
    /// `boundary` retransmissions would take with RTOs doubling from `rto_base`
    /// (net/ipv4/tcp_timer.c, `tcp_model_timeout`). `orphan` applies after
    /// close(), `attached` while the application still holds the socket.
    Modelled {
        orphan: u32,
        attached: u32,
        rto_base: Millis,
        rto_max: Millis,
    },
}

/// What one stack does, as far as a close can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    pub stack: Stack,
    /// The MSL the stack assumes, when it has one; `None` uses the textbook's.
    pub msl_ms: Option<Millis>,
    pub time_wait: TimeWaitLen,
    /// Orphaned FIN-WAIT-2 timeout (only after close(); shutdown() keeps waiting).
    pub fin_wait2_ms: Millis,
    /// How long the ACK of a FIN received in ESTABLISHED may wait for the
    /// application's own FIN, before any data has been received.
    pub fin_ack_delay_ms: Millis,
    /// The same once data has been received (Linux's `ato` grows to 40 ms).
    pub fin_ack_delay_after_data_ms: Millis,
    pub rto: RtoRule,
    /// The largest backed-off RTO.
    pub rto_max_ms: Millis,
    /// A tail-loss probe (RFC 8985 §7) re-sends the last segment after
    /// `2·SRTT + TCP_RTO_MIN` (one segment in flight), capped by the RTO.
    pub tail_loss_probe: bool,
    pub give_up: GiveUp,
    /// Whether a RST is sent when giving up (BSD) or the connection just ends (Linux).
    pub give_up_sends_rst: bool,
    /// Whether an acceptable RST ends TIME-WAIT ("TIME-WAIT assassination",
    /// RFC 1337 §2) or is ignored (RFC 1337's fix).
    pub rst_ends_time_wait: bool,
    /// Whether a new SYN with a higher sequence number (or newer timestamp)
    /// reopens the connection straight from TIME-WAIT (RFC 6191, RFC 1122 §4.2.2.13).
    pub syn_reopens_time_wait: bool,
    /// Whether the stack sends timestamps on every segment (RFC 7323), which
    /// lets a SYN in TIME-WAIT be judged by its timestamp.
    pub timestamps: bool,
    /// What the vendor does not document (or the sources did not show): the
    /// profile keeps the textbook behaviour there. Translation keys.
    pub undocumented: &'static [Undocumented],
}

/// A behaviour a profile could not source, so it shows the textbook's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Undocumented {
    FinWait2Timeout,
    MinimumRto,
    FinAckDelay,
    GiveUpRst,
    RstInTimeWait,
    SynInTimeWait,
    TailLossProbe,
}

impl Undocumented {
    pub const fn key(self) -> &'static str {
        match self {
            Undocumented::FinWait2Timeout => "fin_wait2_timeout",
            Undocumented::MinimumRto => "minimum_rto",
            Undocumented::FinAckDelay => "fin_ack_delay",
            Undocumented::GiveUpRst => "give_up_rst",
            Undocumented::RstInTimeWait => "rst_in_time_wait",
            Undocumented::SynInTimeWait => "syn_in_time_wait",
            Undocumented::TailLossProbe => "tail_loss_probe",
        }
    }
}

/// RFC 9293 with teaching defaults: numbers chosen to be watchable, every
/// behaviour as the RFC describes it.
pub const TEXTBOOK: Profile = Profile {
    stack: Stack::Textbook,
    // RFC 9293 §3.4.2 suggests 2 minutes; 2 s keeps TIME-WAIT watchable.
    msl_ms: Some(2_000),
    time_wait: TimeWaitLen::TwoMsl,
    // Not in the RFC: Linux's orphan timeout, shown so the lesson can use it.
    fin_wait2_ms: 60_000,
    // RFC 9293 §3.8.6.3 / RFC 1122 §4.2.3.2: an ACK MUST NOT be delayed more than 0.5 s.
    fin_ack_delay_ms: 200,
    fin_ack_delay_after_data_ms: 200,
    // RFC 6298 §2.1: the initial RTO SHOULD be 1 s.
    rto: RtoRule::Fixed(1_000),
    // RFC 6298 §2.5: a maximum of at least 60 s may be placed on the RTO.
    rto_max_ms: 60_000,
    tail_loss_probe: false,
    // RFC 9293 §3.8.3 (R2) leaves the count to the implementation; 5 keeps give-ups watchable.
    give_up: GiveUp::Count(5),
    give_up_sends_rst: true,
    // RFC 1337 §3: ignore RST in TIME-WAIT.
    rst_ends_time_wait: false,
    syn_reopens_time_wait: false,
    timestamps: false,
    undocumented: &[],
};

/// Linux 6.x, default sysctls. Sources: the kernel tree (torvalds/linux).
pub const LINUX: Profile = Profile {
    stack: Stack::Linux,
    // Linux has no MSL setting: TIME-WAIT is a kernel constant.
    msl_ms: None,
    // include/net/tcp.h: `#define TCP_TIMEWAIT_LEN (60*HZ)`.
    time_wait: TimeWaitLen::Fixed(60_000),
    // net.ipv4.tcp_fin_timeout, default TCP_FIN_TIMEOUT = TCP_TIMEWAIT_LEN (include/net/tcp.h);
    // applied only to orphans (net/ipv4/tcp_input.c, tcp_rcv_state_process, TCP_FIN_WAIT1:
    // `if (!sock_flag(sk, SOCK_DEAD))` keeps an attached socket waiting).
    fin_wait2_ms: 60_000,
    // A FIN received before any data: tcp_fin() schedules an ACK; `icsk_ack.ato` is still 0,
    // so the delayed-ACK timer fires on the next jiffy (net/ipv4/tcp_output.c,
    // tcp_send_delayed_ack). The fixtures show it about 4 ms after the FIN (HZ=250).
    fin_ack_delay_ms: 4,
    // After data, `ato` starts at TCP_ATO_MIN = HZ/25 = 40 ms (include/net/tcp.h).
    fin_ack_delay_after_data_ms: 40,
    // include/net/tcp.h: TCP_RTO_MIN = HZ/5 (200 ms); tcp_rtt_estimator() sets
    // `rttvar = max(mdev, rto_min)` with `mdev = 2·RTT` on the first sample
    // ("make sure rto = 3*rtt"), and __tcp_set_rto() returns `srtt + rttvar`.
    rto: RtoRule::FromRtt { min: 200, slop: 0 },
    // include/net/tcp.h: TCP_RTO_MAX = 120*HZ.
    rto_max_ms: 120_000,
    // net.ipv4.tcp_early_retrans = 3 (TLP on): net/ipv4/tcp_output.c, tcp_schedule_loss_probe.
    tail_loss_probe: true,
    // net.ipv4.tcp_orphan_retries = 0, read as 8 by tcp_orphan_retries() (net/ipv4/tcp_timer.c);
    // net.ipv4.tcp_retries2 = 15; the limit is a time, tcp_model_timeout() from TCP_RTO_MIN.
    give_up: GiveUp::Modelled {
        orphan: 8,
        attached: 15,
        rto_base: 200,
        rto_max: 120_000,
    },
    // tcp_write_timeout() → tcp_write_err() → tcp_done(): no segment is sent, the
    // application gets ETIMEDOUT.
    give_up_sends_rst: false,
    // net.ipv4.tcp_rfc1337 = 0: tcp_timewait_state_process() kills the TIME-WAIT socket on RST.
    rst_ends_time_wait: true,
    // tcp_timewait_state_process(): a SYN with `after(seq, rcv_nxt)` or a newer timestamp
    // returns TCP_TW_SYN and the listener takes it.
    syn_reopens_time_wait: true,
    // net.ipv4.tcp_timestamps = 1.
    timestamps: true,
    undocumented: &[],
};

/// FreeBSD 13/14, default sysctls and the default `freebsd` TCP stack.
/// Sources: freebsd/freebsd-src, sys/netinet (see docs/stacks.md).
pub const FREEBSD: Profile = Profile {
    stack: Stack::Freebsd,
    // tcp_timer.h: `#define TCPTV_MSL (30*hz)`, sysctl net.inet.tcp.msl.
    msl_ms: Some(30_000),
    // tcp_timewait.c, tcp_twstart: `tcp_timer_activate(tp, TT_2MSL, 2 * V_tcp_msl)`.
    time_wait: TimeWaitLen::TwoMsl,
    // tcp_input.c: the FIN-WAIT-2 timer starts only when the socket cannot receive
    // (SBS_CANTRCVMORE, i.e. after close()), for TP_MAXIDLE = 8 × 75 s unless
    // net.inet.tcp.fast_finwait2_recycle=1 (default 0).
    fin_wait2_ms: 600_000,
    // tcp_input.c: "since we received a FIN then no more input can be expected,
    // send ACK now" (TF_ACKNOW).
    fin_ack_delay_ms: 0,
    fin_ack_delay_after_data_ms: 0,
    // tcp_timer.h: TCPTV_MIN = hz/33 (~30 ms), TCPTV_CPU_VAR = hz/5 (200 ms of slop added to
    // every RTO by TCPT_RANGESET); tcp_xmit_timer's first sample: SRTT = R, RTTVAR = R/2.
    rto: RtoRule::FromRtt { min: 30, slop: 200 },
    // tcp_timer.h: TCPTV_REXMTMAX = 64*hz.
    rto_max_ms: 64_000,
    // The default stack has no tail-loss probe (RACK is a loadable module).
    tail_loss_probe: false,
    // tcp_timer.h: `#define TCP_MAXRXTSHIFT 12`.
    give_up: GiveUp::Count(12),
    // tcp_subr.c, tcp_drop: "If connection is synchronized, then send a RST to peer."
    give_up_sends_rst: true,
    // tcp_timewait.c, tcp_twcheck: "If the segment contains RST: Drop the segment -
    // see Stevens, vol. 2, p. 964 and RFC 1337."
    rst_ends_time_wait: false,
    // tcp_twcheck: a SYN with SEQ_GT(th_seq, rcv_nxt) closes TIME-WAIT and goes to the listener.
    syn_reopens_time_wait: true,
    // tcp_twcheck judges the SYN by its sequence number only.
    timestamps: false,
    undocumented: &[],
};

/// Windows 10/11, Server 2019+. Microsoft documents few of these values, and
/// only for older releases (docs/stacks.md); the rest are the textbook's.
pub const WINDOWS: Profile = Profile {
    stack: Stack::Windows,
    msl_ms: None,
    // TcpTimedWaitDelay (HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters):
    // default 0x78 = 120 s on the Windows Server 2003 page (the Windows 2000 page says 240 s).
    time_wait: TimeWaitLen::Fixed(120_000),
    // KB 328890: the delayed-ACK timer is 200 ms (TcpAckFrequency 2): the textbook's value.
    // TcpMaxDataRetransmissions, default 5 (KB 170359): the textbook's count.
    undocumented: &[
        Undocumented::FinWait2Timeout,
        Undocumented::MinimumRto,
        Undocumented::TailLossProbe,
        Undocumented::GiveUpRst,
        Undocumented::RstInTimeWait,
        Undocumented::SynInTimeWait,
    ],
    ..TEXTBOOK
};

/// macOS (XNU, a BSD descendant). Sources: apple-oss-distributions/xnu,
/// bsd/netinet (see docs/stacks.md).
pub const MACOS: Profile = Profile {
    stack: Stack::Macos,
    // tcp_timer.h: `#define TCPTV_MSL (15*TCP_RETRANSHZ)`, sysctl net.inet.tcp.msl.
    msl_ms: Some(15_000),
    // tcp_input.c: `add_to_time_wait(tp, 2 * tcp_msl)`.
    time_wait: TimeWaitLen::TwoMsl,
    // tcp_timer.h: `#define TCPTV_FINWAIT2 (60*TCP_RETRANSHZ)`, sysctl net.inet.tcp.fin_timeout.
    fin_wait2_ms: 60_000,
    // Not verified; 4.4BSD's tcp_input ACKs a FIN at once (TF_ACKNOW), as FreeBSD does.
    fin_ack_delay_ms: 0,
    fin_ack_delay_after_data_ms: 0,
    // tcp_timer.h: TCPTV_REXMTMIN = TCP_RETRANSHZ/33 (~30 ms), TCPTV_REXMTSLOP = 200 ms once
    // established.
    rto: RtoRule::FromRtt { min: 30, slop: 200 },
    // tcp_timer.h: TCPTV_REXMTMAX = 64*TCP_RETRANSHZ.
    rto_max_ms: 64_000,
    // XNU has a probe timer (TCPT_PTO); its formula was not read, so no probe is shown.
    tail_loss_probe: false,
    // tcp_timer.h: `#define TCP_MAXRXTSHIFT 12`.
    give_up: GiveUp::Count(12),
    // bsd/netinet/tcp_subr.c, tcp_drop: `tp->t_state = TCPS_CLOSED; (void) tcp_output(tp);`.
    give_up_sends_rst: true,
    rst_ends_time_wait: false,
    syn_reopens_time_wait: false,
    timestamps: false,
    undocumented: &[
        Undocumented::FinAckDelay,
        Undocumented::TailLossProbe,
        Undocumented::RstInTimeWait,
        Undocumented::SynInTimeWait,
    ],
};

impl Profile {
    /// The MSL this profile assumes: its own, else the textbook's (Linux and
    /// Windows have none; the network's segments still live that long).
    pub const fn msl_or_textbook(&self) -> Millis {
        match (self.msl_ms, TEXTBOOK.msl_ms) {
            (Some(ms), _) | (None, Some(ms)) => ms,
            (None, None) => 2_000,
        }
    }

    /// The RTO for a round-trip time of `rtt_ms`, before any backoff.
    pub fn initial_rto(&self, rtt_ms: Millis) -> Millis {
        match self.rto {
            RtoRule::Fixed(ms) => ms,
            RtoRule::FromRtt { min, slop } => rtt_ms + (2 * rtt_ms).max(min) + slop,
        }
    }
}

/// Linux's `tcp_model_timeout`: how long `boundary` retransmissions take with
/// RTOs doubling from `rto_base` up to `rto_max`.
pub fn modelled_timeout(boundary: u32, rto_base: Millis, rto_max: Millis) -> Millis {
    let thresh = (rto_max / rto_base.max(1)).max(1).ilog2();
    if boundary <= thresh {
        ((2u64 << boundary) - 1) * rto_base
    } else {
        ((2u64 << thresh) - 1) * rto_base + u64::from(boundary - thresh) * rto_max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_gives_up_on_orphans_after_102_seconds_and_attached_after_925() {
        assert_eq!(modelled_timeout(8, 200, 120_000), 102_200);
        assert_eq!(modelled_timeout(15, 200, 120_000), 924_600);
    }

    #[test]
    fn linux_rto_is_three_rtts_or_rtt_plus_200_ms() {
        assert_eq!(LINUX.initial_rto(100), 300);
        assert_eq!(LINUX.initial_rto(200), 600);
        assert_eq!(LINUX.initial_rto(20), 220);
        assert_eq!(TEXTBOOK.initial_rto(200), 1_000);
        // BSD: 3·RTT plus 200 ms of slop.
        assert_eq!(FREEBSD.initial_rto(200), 800);
    }

    #[test]
    fn keys_round_trip() {
        for s in Stack::ALL {
            assert_eq!(Stack::from_key(s.key()), Some(s));
            assert_eq!(s.profile().stack, s);
        }
    }
}

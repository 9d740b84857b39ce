//! Stack profiles and socket calls: what changes when the endpoints imitate
//! Linux, FreeBSD, Windows or macOS instead of the textbook, and what
//! close() does that shutdown(SHUT_WR) does not.
//!
//! The Linux numbers are checked against real captures in `linux_captures.rs`;
//! these tests read like the exchanges they pin.

mod support;

use support::*;
use teardown_core::State::*;
use teardown_core::{Cause, EventKind, Note, TimerKind};

// ===== close() and shutdown() ================================================

#[test]
fn shutdown_reads_the_peers_data_and_runs_no_fin_wait_2_timer() {
    let tl = run("call=shutdown&data=2&v=2");
    assert!(lost(&tl).is_empty());
    assert!(tl.sent_segments().all(|s| !s.is_rst()));
    assert!(tl.timers.iter().all(|t| t.timer != TimerKind::FinWait2));
    assert_states(
        &tl,
        C,
        &[
            (0, FinWait1),
            (200, FinWait2),
            (1100, TimeWait),
            (5100, Closed),
        ],
    );
}

#[test]
fn after_shutdown_a_silent_peer_leaves_fin_wait_2_waiting_for_ever() {
    // The server aborts and its RST is lost: after close() the orphan timer
    // would end FIN-WAIT-2; after shutdown() nothing does (Linux times out orphans only).
    let tl = run("call=shutdown&abort=server&drop=3");
    assert_eq!(tl.final_state(C), FinWait2);
    let tl = run("abort=server&drop=3");
    assert_eq!(tl.final_state(C), Closed);
    assert_eq!(cause_of(&tl, C, Closed), Cause::FinWait2Timeout);
}

#[test]
fn data_after_close_resets_on_every_stack() {
    for stack in ["textbook", "linux", "freebsd", "windows", "macos"] {
        let tl = run(&format!("stack={stack}&data=1&v=2"));
        assert_eq!(cause_of(&tl, C, Closed), Cause::DataAfterClose, "{stack}");
        assert!(notes(&tl, C).contains(&Note::DataAfterClose), "{stack}");
    }
}

// ===== Linux ================================================================

/// Linux on a 50 ms one-way link, as in the captures.
const LINUX: &str = "stack=linux&delay=50";

#[test]
fn linux_time_wait_is_60_seconds_whatever_the_msl() {
    let tl = run(LINUX);
    assert_states(
        &tl,
        C,
        &[
            (0, FinWait1),
            (104, FinWait2),
            (1050, TimeWait),
            (61_050, Closed),
        ],
    );
    // The MSL setting does not change it…
    assert_eq!(run(&format!("{LINUX}&gap=2000")).duration, 62_050);
    // …unless a link sets it explicitly: a what-if of TIME-WAIT = 2×MSL.
    assert_eq!(run(&format!("{LINUX}&msl=1")).final_state(C), Closed);
    assert_eq!(run(&format!("{LINUX}&msl=1")).duration, 1050 + 2000);
}

#[test]
fn linux_acks_a_fin_on_the_next_tick_before_any_data_and_after_40_ms_once_data_flowed() {
    let tl = run(LINUX);
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(54, S, "ACK", 1, 1 + 1),
            send(1000, S, "FIN,ACK", 1, 1 + 1),
            send(1050, C, "ACK", 1 + 1, 1 + 1),
        ],
    );
    // Three segments only if the application closes within those few ms.
    assert!(notes(&run(&format!("{LINUX}&gap=54")), S).contains(&Note::AckPiggybacked));
    assert!(!notes(&run(&format!("{LINUX}&gap=55")), S).contains(&Note::AckPiggybacked));
}

#[test]
fn linux_rto_comes_from_the_rtt_and_a_lost_fin_is_probed_first() {
    // RTT 100 ms: RTO = 100 + max(200, 200) = 300 ms. The tail-loss probe is
    // due at 2·RTT + 200 = 400 ms, capped by the RTO: 300 ms, without backoff;
    // then RTOs of 300, 600, 1200 ms…
    let tl = run(&format!("{LINUX}&drop=1,2,3,4&gap=10000"));
    let fins: Vec<u64> = tl
        .flights
        .iter()
        .filter(|f| f.segment.from == C && f.segment.is_fin())
        .map(|f| f.sent)
        .collect();
    assert_eq!(fins, [0, 300, 600, 1200, 2400]);
    assert_eq!(
        notes(&tl, C)
            .iter()
            .filter(|n| **n == Note::TailLossProbe)
            .count(),
        1
    );
}

#[test]
fn linux_gives_up_on_an_orphan_silently_after_about_100_seconds() {
    let drops: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
    let tl = run(&format!("{LINUX}&gap=600000&drop={}", drops.join(",")));
    let (t, ..) = tl
        .transitions()
        .find(|&(_, h, _, to, _)| h == C && to == Closed)
        .unwrap();
    assert_eq!(cause_of(&tl, C, Closed), Cause::RetransmitGiveUp);
    // tcp_orphan_retries = 0 reads as 8: 511 × 200 ms = 102.2 s is the limit,
    // checked when the RTO fires.
    assert!((102_200..=160_000).contains(&t), "gave up at {t}");
    // No RST: the peer learns nothing (after close() no application is told either).
    assert!(tl.sent_segments().all(|s| s.from != C || !s.is_rst()));
}

#[test]
fn bsd_gives_up_after_12_retransmissions_with_a_rst() {
    let drops: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
    let tl = run(&format!(
        "stack=freebsd&gap=600000&drop={}",
        drops.join(",")
    ));
    assert_eq!(cause_of(&tl, C, Closed), Cause::RetransmitGiveUp);
    let client_resends = tl
        .sent_segments()
        .filter(|s| s.from == C && s.retransmission)
        .count();
    assert_eq!(client_resends, 12);
    assert!(tl.sent_segments().any(|s| s.from == C && s.is_rst()));
}

#[test]
fn linux_accepts_a_new_syn_in_time_wait_and_reopens_from_it() {
    let tl = run(&format!("{LINUX}&close=server&reopen=1"));
    let server: Vec<_> = tl
        .transitions()
        .filter(|&(_, h, ..)| h == S)
        .map(|(t, _, from, to, _)| (t, from, to))
        .collect();
    assert!(
        server.contains(&(1150, TimeWait, SynReceived)),
        "{server:?}"
    );
    // Its new initial sequence number is far above the old one (tw_snd_nxt + 65537).
    let syn_ack = tl
        .sent_segments()
        .find(|s| s.from == S && s.is_syn())
        .unwrap();
    assert_eq!(syn_ack.seq, 2 + 65_537);
    // The textbook (RFC 5961) answers the same SYN with a challenge ACK instead.
    let textbook = run("delay=50&close=server&reopen=1");
    assert!(notes(&textbook, S).contains(&Note::SynChallengeAck));
}

// ===== BSD, Windows, macOS ===================================================

#[test]
fn bsd_acks_a_fin_at_once_so_its_close_has_four_segments() {
    for stack in ["freebsd", "macos"] {
        // The application closes 10 ms after the FIN arrives: too late for BSD.
        let tl = run(&format!("stack={stack}&delay=50&gap=60"));
        assert_eq!(tl.sent_segments().count(), 4, "{stack}");
        assert_eq!(tl.sent_segments().nth(1).unwrap().flags_label(), "ACK");
    }
}

#[test]
fn time_wait_lengths_follow_each_stacks_msl_or_constant() {
    let wait = |stack: &str| {
        let tl = run(&format!("stack={stack}"));
        tl.timers
            .iter()
            .find(|t| t.timer == TimerKind::TimeWait)
            .map(|t| t.deadline - t.start)
            .unwrap()
    };
    assert_eq!(wait("textbook"), 4_000);
    assert_eq!(wait("linux"), 60_000);
    assert_eq!(wait("freebsd"), 60_000);
    assert_eq!(wait("macos"), 30_000);
    assert_eq!(wait("windows"), 120_000);
}

// ===== rules the review found wrong ==========================================

#[test]
fn an_inexact_rst_in_the_window_draws_a_challenge_ack() {
    // The client gives up on its lost FIN and resets with seq = SND.NXT = 2; the
    // server expects 1: in the window, not exact (RFC 5961 §3.2).
    let tl = run("gap=100000&drop=1,2,3,4,5,6");
    assert!(notes(&tl, S).contains(&Note::RstChallengeAck));
    assert!(!notes(&tl, S).contains(&Note::RstOutOfWindow));
}

#[test]
fn karn_keeps_the_backed_off_rto_until_a_new_rtt_sample() {
    // The server's data is lost and re-sent with a doubled RTO (2 s); the ACK of
    // the re-sent copy is no RTT sample, so the next timer runs 2 s, not 1 s.
    let tl = run("data=1&drop=2,3");
    let acked = tl
        .events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::Deliver { segment } if segment.from == C && segment.ack == Some(101) => {
                Some(e.t)
            }
            _ => None,
        })
        .expect("the re-sent data is ACKed");
    let after_ack = tl
        .timers
        .iter()
        .find(|t| t.host == S && t.timer == TimerKind::Retransmit && t.start == acked)
        .unwrap();
    assert_eq!(after_ack.deadline - after_ack.start, 2_000);
}

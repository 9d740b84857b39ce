//! Scenario tests: each reads like the exchange it checks.
//!
//! Sequence numbers are relative: both sides start at seq = ack = 1, so a FIN
//! sent at seq 1 is acknowledged with ack `1 + 1` (a FIN consumes one number).
//! Defaults: link delay 100 ms, RTO 1 s, delayed ACK 200 ms, MSL 2 s, and the
//! passive application closes 1 s after the active one.

mod support;

use support::*;
use teardown_core::State::*;
use teardown_core::{AppCall, Cause, DropCause, End, EventKind, Note, TimerKind};

/// 2×MSL with the default MSL of 2 s.
const TWO_MSL: u64 = 4_000;

// ===== the four-way close ====================================================

#[test]
fn established_client_closes_first_four_segments() {
    let tl = run("");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            // The server's ACK of the FIN waits for the 200 ms delayed-ACK timer.
            send(300, S, "ACK", 1, 1 + 1),
            send(1000, S, "FIN,ACK", 1, 1 + 1),
            send(1100, C, "ACK", 1 + 1, 1 + 1),
        ],
    );
    assert_states(
        &tl,
        C,
        &[
            (0, FinWait1),
            (400, FinWait2),
            (1100, TimeWait),
            (1100 + TWO_MSL, Closed),
        ],
    );
    assert_states(&tl, S, &[(100, CloseWait), (1000, LastAck), (1200, Closed)]);
    assert_eq!(tl.end, End::Quiet);
}

#[test]
fn established_server_closes_first_mirrors_the_client() {
    let tl = run("close=server");
    assert_sends(
        &tl,
        &[
            send(0, S, "FIN,ACK", 1, 1),
            send(300, C, "ACK", 1, 1 + 1),
            send(1000, C, "FIN,ACK", 1, 1 + 1),
            send(1100, S, "ACK", 1 + 1, 1 + 1),
        ],
    );
    assert_states(
        &tl,
        S,
        &[
            (0, FinWait1),
            (400, FinWait2),
            (1100, TimeWait),
            (5100, Closed),
        ],
    );
    assert_states(&tl, C, &[(100, CloseWait), (1000, LastAck), (1200, Closed)]);
}

#[test]
fn every_state_change_names_its_cause() {
    let tl = run("");
    assert_eq!(cause_of(&tl, C, FinWait1), Cause::AppClose);
    assert_eq!(cause_of(&tl, S, CloseWait), Cause::RecvFin);
    assert_eq!(cause_of(&tl, C, FinWait2), Cause::RecvAckOfFin);
    assert_eq!(cause_of(&tl, S, LastAck), Cause::AppClose);
    assert_eq!(cause_of(&tl, C, TimeWait), Cause::RecvFin);
    assert_eq!(cause_of(&tl, S, Closed), Cause::RecvAckOfFin);
    assert_eq!(cause_of(&tl, C, Closed), Cause::TimeWaitTimeout);
}

// ===== half-close: the passive side still sends ===============================

#[test]
fn close_wait_sends_data_acked_from_fin_wait_2() {
    let tl = run("data=2");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            // The application answers end-of-file with its last data, 25 ms
            // apart; the pending ACK of the FIN rides on the first segment.
            data(100, S, 1, 1 + 1, 100),
            data(125, S, 1 + 100, 1 + 1, 100),
            send(200, C, "ACK", 1 + 1, 1 + 100),
            send(225, C, "ACK", 1 + 1, 1 + 200),
            send(1000, S, "FIN,ACK", 1 + 200, 1 + 1),
            send(1100, C, "ACK", 1 + 1, 1 + 200 + 1),
        ],
    );
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
    // The ACK rides on data, not on a FIN: this is no three-segment close.
    assert_eq!(notes(&tl, S), [Note::AckOnData]);
    // Version 1's `data=2` is shutdown(SHUT_WR): no orphan timer in FIN-WAIT-2,
    // and the client calls close() once it has read the server's FIN.
    assert!(tl.timers.iter().all(|t| t.timer != TimerKind::FinWait2));
    assert!(tl.events.iter().any(|e| e.t == 1100
        && e.kind
            == EventKind::App {
                host: C,
                call: AppCall::Close
            }));
}

#[test]
fn data_after_close_is_answered_with_rst() {
    // close(), not shutdown(): the client can no longer read, so the server's
    // first data segment resets the connection (RFC 9293 §3.6.1).
    let tl = run("data=2&v=2");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            data(100, S, 1, 1 + 1, 100),
            data(125, S, 1 + 100, 1 + 1, 100),
            // <SEQ=SEG.ACK><CTL=RST>: the reset for the data segment, and
            // again for the next one, which finds no connection at all.
            bare(200, C, "RST", 1 + 1),
            bare(225, C, "RST", 1 + 1),
        ],
    );
    // The data segment also ACKs the FIN, but the reset comes first: FIN-WAIT-1
    // straight to CLOSED, as `ss` shows it on Linux.
    assert_states(&tl, C, &[(0, FinWait1), (200, Closed)]);
    assert_eq!(cause_of(&tl, C, Closed), Cause::DataAfterClose);
    assert_eq!(notes(&tl, C), [Note::DataAfterClose, Note::NoConnection]);
    // The RST reaches the server in CLOSE-WAIT: its connection is reset.
    assert_states(&tl, S, &[(100, CloseWait), (300, Closed)]);
    assert_eq!(cause_of(&tl, S, Closed), Cause::RecvRst);
}

// ===== delayed ACK: three segments, or a retransmitted FIN ====================

#[test]
fn passive_close_before_delayed_ack_fires_makes_a_three_segment_close() {
    // The server closes 150 ms in: its delayed ACK (due at 300) rides on its FIN.
    let tl = run("gap=150");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(150, S, "FIN,ACK", 1, 1 + 1),
            send(250, C, "ACK", 1 + 1, 1 + 1),
        ],
    );
    // FIN-WAIT-1 straight to TIME-WAIT: RFC 9293 Figure 5, Note 2.
    assert_states(&tl, C, &[(0, FinWait1), (250, TimeWait), (4250, Closed)]);
    assert_eq!(cause_of(&tl, C, TimeWait), Cause::RecvFinAckOfFin);
    assert_eq!(notes(&tl, S), [Note::AckPiggybacked]);
}

#[test]
fn delayed_ack_longer_than_rto_makes_the_closer_retransmit_its_fin() {
    let tl = run("gap=3000&dack=1500");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            // No ACK after one RTO: the client sends its FIN again.
            send(1000, C, "FIN,ACK", 1, 1),
            // A duplicate FIN is ACKed at once, whatever the delayed-ACK timer says.
            send(1100, S, "ACK", 1, 1 + 1),
            send(3000, S, "FIN,ACK", 1, 1 + 1),
            send(3100, C, "ACK", 1 + 1, 1 + 1),
        ],
    );
    assert_eq!(retransmissions(&tl), [2]);
    assert_eq!(notes(&tl, S), [Note::OutOfWindow]);
}

#[test]
fn dack_zero_acks_the_fin_at_once() {
    let tl = run("dack=0");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(100, S, "ACK", 1, 1 + 1),
            send(1000, S, "FIN,ACK", 1, 1 + 1),
            send(1100, C, "ACK", 1 + 1, 1 + 1),
        ],
    );
}

#[test]
fn gap_boundaries_ties_go_to_the_application() {
    // At equal times the application's close() (queued first) comes before the
    // arriving segment or the expiring timer: simultaneous is `gap ≤ delay`,
    // three-segment `delay < gap ≤ delay + dack`, four-segment beyond.
    let closing = |q: &str| run(q).states.iter().any(|s| s.state == Closing);
    let three = |q: &str| notes(&run(q), S).contains(&Note::AckPiggybacked);
    assert!(closing("gap=100"));
    assert!(!closing("gap=101"));
    assert!(three("gap=101"));
    assert!(three("gap=300"));
    assert!(!three("gap=301"));
}

// ===== simultaneous close =====================================================

#[test]
fn both_close_at_once_both_pass_through_closing() {
    let tl = run("close=both");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(0, S, "FIN,ACK", 1, 1),
            send(100, S, "ACK", 1 + 1, 1 + 1),
            send(100, C, "ACK", 1 + 1, 1 + 1),
        ],
    );
    for host in [C, S] {
        assert_states(
            &tl,
            host,
            &[
                (0, FinWait1),
                (100, Closing),
                (200, TimeWait),
                (4200, Closed),
            ],
        );
    }
}

#[test]
fn gap_shorter_than_the_delay_makes_the_fins_cross() {
    let tl = run("gap=50");
    assert_states(
        &tl,
        C,
        &[
            (0, FinWait1),
            (150, Closing),
            (200, TimeWait),
            (4200, Closed),
        ],
    );
    assert_states(
        &tl,
        S,
        &[
            (50, FinWait1),
            (100, Closing),
            (250, TimeWait),
            (4250, Closed),
        ],
    );
}

// ===== loss and retransmission =================================================

#[test]
fn lost_fin_is_retransmitted_after_rto_with_backoff() {
    // Lose the FIN and its first retransmission (#3; #2 is the server's FIN at 1 s).
    let tl = run("drop=1,3&gap=5000");
    assert_eq!(lost(&tl), [(1, DropCause::Chosen), (3, DropCause::Chosen)]);
    let client_fins: Vec<u64> = tl
        .events
        .iter()
        .filter_map(|e| match e.kind {
            teardown_core::EventKind::Send { segment } if segment.from == C && segment.is_fin() => {
                Some(e.t)
            }
            _ => None,
        })
        .collect();
    // RTO 1 s, then doubled: 2 s.
    assert_eq!(client_fins, [0, 1000, 1000 + 2000]);
    assert_eq!(tl.final_state(C), Closed);
    assert_eq!(tl.final_state(S), Closed);
}

#[test]
fn endless_loss_gives_up_with_rst_instead_of_looping() {
    let tl = run("loss=100");
    assert_eq!(tl.end, End::Quiet);
    // Five retransmissions at 1, 3, 7, 15, 31 s; the sixth timeout (63 s) gives up.
    assert_eq!(cause_of(&tl, C, Closed), Cause::RetransmitGiveUp);
    let give_up = tl
        .transitions()
        .find(|&(_, h, _, to, _)| h == C && to == Closed)
        .unwrap()
        .0;
    assert_eq!(give_up, 1000 + 2000 + 4000 + 8000 + 16000 + 32000);
    let last = tl.sent_segments().filter(|s| s.from == C).last().unwrap();
    assert_eq!(last.flags_label(), "RST,ACK");
}

#[test]
fn random_loss_is_deterministic_for_a_seed() {
    let a = run("loss=40&seed=7&data=5");
    let b = run("loss=40&seed=7&data=5");
    assert_eq!(a, b);
    assert!(lost(&a).iter().all(|&(_, c)| c == DropCause::Random));
    let c = run("loss=40&seed=8&data=5");
    assert_ne!(lost(&a), lost(&c));
}

// ===== TIME-WAIT ===============================================================

#[test]
fn lost_final_ack_time_wait_re_acks_the_fin_and_restarts_2msl() {
    let tl = run("drop=4");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(300, S, "ACK", 1, 1 + 1),
            send(1000, S, "FIN,ACK", 1, 1 + 1),
            send(1100, C, "ACK", 1 + 1, 1 + 1), // lost
            send(2000, S, "FIN,ACK", 1, 1 + 1), // the server's RTO
            send(2100, C, "ACK", 1 + 1, 1 + 1), // TIME-WAIT answers it
        ],
    );
    assert_eq!(notes(&tl, C), [Note::TimeWaitRestarted]);
    // 2×MSL from the last ACK sent, not from entering TIME-WAIT.
    assert_states(
        &tl,
        C,
        &[
            (0, FinWait1),
            (400, FinWait2),
            (1100, TimeWait),
            (2100 + TWO_MSL, Closed),
        ],
    );
    assert_states(&tl, S, &[(100, CloseWait), (1000, LastAck), (2200, Closed)]);
}

#[test]
fn without_time_wait_the_retransmitted_fin_meets_a_rst() {
    let tl = run("tw=0&drop=4");
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(300, S, "ACK", 1, 1 + 1),
            send(1000, S, "FIN,ACK", 1, 1 + 1),
            send(1100, C, "ACK", 1 + 1, 1 + 1), // lost
            send(2000, S, "FIN,ACK", 1, 1 + 1),
            // No connection: RFC 9293 §3.10.7.1, the FIN had ACK on, so <SEQ=SEG.ACK><CTL=RST>.
            bare(2100, C, "RST", 1 + 1),
        ],
    );
    assert_states(&tl, C, &[(0, FinWait1), (400, FinWait2), (1100, Closed)]);
    assert_eq!(cause_of(&tl, C, Closed), Cause::TimeWaitSkipped);
    assert_states(&tl, S, &[(100, CloseWait), (1000, LastAck), (2200, Closed)]);
    assert_eq!(cause_of(&tl, S, Closed), Cause::RecvRst);
    assert_eq!(notes(&tl, C), [Note::NoConnection]);
}

// ===== FIN-WAIT-2 timeout ======================================================

#[test]
fn orphaned_fin_wait_2_gives_up_and_a_late_fin_gets_a_rst() {
    let tl = run("finwait2=1&gap=5000");
    assert_states(&tl, C, &[(0, FinWait1), (400, FinWait2), (1400, Closed)]);
    assert_eq!(cause_of(&tl, C, Closed), Cause::FinWait2Timeout);
    assert_sends(
        &tl,
        &[
            send(0, C, "FIN,ACK", 1, 1),
            send(300, S, "ACK", 1, 1 + 1),
            send(5000, S, "FIN,ACK", 1, 1 + 1),
            bare(5100, C, "RST", 1 + 1),
        ],
    );
    assert_eq!(cause_of(&tl, S, Closed), Cause::RecvRst);
}

// ===== RST: abortive close ======================================================

#[test]
fn abort_sends_rst_and_the_established_peer_is_reset() {
    let tl = run("abort=client");
    assert_sends(&tl, &[send(0, C, "RST,ACK", 1, 1)]);
    assert_states(&tl, C, &[(0, Closed)]);
    assert_states(&tl, S, &[(100, Closed)]);
    assert_eq!(cause_of(&tl, S, Closed), Cause::RecvRst);
}

#[test]
fn abort_from_close_wait_resets_a_peer_in_fin_wait_2() {
    let tl = run("close=server&abort=client");
    assert_sends(
        &tl,
        &[
            send(0, S, "FIN,ACK", 1, 1),
            send(300, C, "ACK", 1, 1 + 1),
            send(1000, C, "RST,ACK", 1, 1 + 1),
        ],
    );
    assert_states(&tl, S, &[(0, FinWait1), (400, FinWait2), (1100, Closed)]);
}

#[test]
fn abort_while_the_peer_is_in_fin_wait_1_resets_it() {
    let tl = run("close=both&abort=server");
    assert_states(&tl, C, &[(0, FinWait1), (100, Closed)]);
    assert_eq!(cause_of(&tl, C, Closed), Cause::RecvRst);
    // The server's port is closed when the client's FIN arrives.
    assert_eq!(notes(&tl, S), [Note::NoConnection]);
}

#[test]
fn abort_of_a_listening_server_deletes_it_and_the_next_syn_is_reset() {
    // Found by the property test: the first connection ends early (FIN-WAIT-2 times out, the
    // client reconnects, its SYN meets the old connection and is reset), the server listens
    // again, and its application's abort comes while it is LISTENing: RFC 9293 §3.10.5
    // deletes the TCB; the client's retransmitted SYN then finds no connection.
    let tl = run(
        "gap=1275&msl=0.345&delay=1&rto=1146&dack=0&drop=6&tw=0&finwait2=0.1&abort=server&reopen=1",
    );
    let server: Vec<_> = tl
        .transitions()
        .filter(|&(_, h, ..)| h == S)
        .map(|(t, _, from, to, cause)| (t, from, to, cause))
        .collect();
    assert!(
        server.contains(&(1275, Listen, Closed, Cause::AppAbort)),
        "{server:?}"
    );
    assert!(teardown_core::is_legal_transition(
        Listen,
        Closed,
        Cause::AppAbort
    ));
    assert!(!teardown_core::is_legal_transition(
        Listen,
        Closed,
        Cause::RecvRst
    ));
    assert_eq!(tl.flights.last().unwrap().segment.flags_label(), "RST,ACK");
}

// ===== reopen: why TIME-WAIT exists =============================================

#[test]
fn reopen_without_time_wait_accepts_an_old_segment_as_data() {
    let tl = run("reopen=1&tw=0&data=1");
    // The new connection opens with a three-way handshake on the same ports.
    assert_states(
        &tl,
        S,
        &[
            (100, CloseWait),
            (1000, LastAck),
            (1200, Closed),
            (1200, Listen),
            (1200, SynReceived),
            (1400, Established),
        ],
    );
    assert_states(
        &tl,
        C,
        &[
            (0, FinWait1),
            (200, FinWait2),
            (1100, Closed),
            (1100, SynSent),
            (1300, Established),
        ],
    );
    // The copy of data segment #2, held for one MSL, lands in the new connection.
    assert!(notes(&tl, C).contains(&Note::OldSegmentAccepted));
}

#[test]
fn reopen_with_time_wait_rejects_the_old_segment() {
    let tl = run("reopen=1&data=1");
    let client = notes(&tl, C);
    assert!(!client.contains(&Note::OldSegmentAccepted), "{client:?}");
    assert!(client.contains(&Note::OutOfWindow));
    // The new connection starts only after TIME-WAIT, and the old copy is dead by then.
    let connect = tl
        .transitions()
        .find(|&(_, h, _, to, _)| h == C && to == SynSent)
        .unwrap()
        .0;
    assert_eq!(connect, 1100 + TWO_MSL);
    assert_eq!(tl.final_state(C), Established);
    assert_eq!(tl.final_state(S), Established);
}

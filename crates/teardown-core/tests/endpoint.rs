//! One endpoint on its own, driven input by input (sans-IO): how each state
//! reacts to RST, and the rules that decide what an arriving segment does.

use teardown_core::endpoint::{Config, Endpoint, Output};
use teardown_core::{AppCall, Control, Host, Note, Segment, State, TimerKind};

const CFG: Config = Config {
    profile: &teardown_core::stack::TEXTBOOK,
    rto_ms: 1000,
    rtt_ms: 200,
    time_wait_ms: 4000,
    fin_ack_delay_ms: 0,
    fin_ack_delay_after_data_ms: 0,
    time_wait: true,
    fin_wait2_ms: 60_000,
};

fn segment(control: Control, seq: u32, ack: Option<u32>) -> Segment {
    Segment {
        n: 0,
        from: Host::Server,
        conn: 0,
        control,
        seq,
        ack,
        len: 0,
        retransmission: false,
    }
}

/// The peer's segment: `recv(&mut ep, time, FIN, seq, ack)`.
fn recv(ep: &mut Endpoint, now: u64, control: Control, seq: u32, ack: Option<u32>) {
    ep.handle_segment(now, &segment(control, seq, ack));
}

fn sent(ep: &mut Endpoint) -> Vec<Segment> {
    ep.drain_outputs()
        .into_iter()
        .filter_map(|o| match o {
            Output::Send(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn notes(ep: &mut Endpoint) -> Vec<Note> {
    ep.drain_outputs()
        .into_iter()
        .filter_map(|o| match o {
            Output::Note(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// An endpoint brought into `state` by the ordinary exchange.
fn endpoint_in(state: State) -> Endpoint {
    let mut ep = Endpoint::established(Host::Client, CFG);
    match state {
        State::Established => {}
        State::FinWait1 => ep.handle_app(0, AppCall::Close),
        State::FinWait2 => {
            ep.handle_app(0, AppCall::Close);
            recv(&mut ep, 100, Control::None, 1, Some(1 + 1));
        }
        State::CloseWait => recv(&mut ep, 100, Control::Fin, 1, Some(1)),
        State::Closing => {
            ep.handle_app(0, AppCall::Close);
            recv(&mut ep, 100, Control::Fin, 1, Some(1));
        }
        State::LastAck => {
            recv(&mut ep, 100, Control::Fin, 1, Some(1));
            ep.handle_app(200, AppCall::Close);
        }
        State::TimeWait => {
            ep.handle_app(0, AppCall::Close);
            recv(&mut ep, 100, Control::Fin, 1, Some(1 + 1));
        }
        State::Closed => ep.handle_app(0, AppCall::Abort),
        State::Listen => {
            ep.handle_app(0, AppCall::Abort);
            ep.handle_app(0, AppCall::Listen);
        }
        State::SynSent => {
            ep.handle_app(0, AppCall::Abort);
            ep.set_next_iss(500);
            ep.handle_app(0, AppCall::Connect);
        }
        State::SynReceived => {
            ep.handle_app(0, AppCall::Abort);
            ep.handle_app(0, AppCall::Listen);
            recv(&mut ep, 100, Control::Syn, 900, None);
        }
    }
    assert_eq!(ep.state(), state, "setting up {state}");
    ep.drain_outputs();
    ep
}

// ===== RST in every state ======================================================

#[test]
fn rst_in_window_closes_every_synchronized_state_but_time_wait() {
    for state in [
        State::Established,
        State::FinWait1,
        State::FinWait2,
        State::CloseWait,
        State::Closing,
        State::LastAck,
    ] {
        let mut ep = endpoint_in(state);
        let rcv_nxt = ep.seq_vars().rcv_nxt;
        recv(&mut ep, 1000, Control::Rst, rcv_nxt, Some(1));
        assert_eq!(ep.state(), State::Closed, "RST in {state}");
        assert_eq!(
            ep.poll_timeout(),
            None,
            "no timer survives a RST in {state}"
        );
    }
}

#[test]
fn time_wait_ignores_rst_rfc_1337() {
    let mut ep = endpoint_in(State::TimeWait);
    recv(&mut ep, 1000, Control::Rst, 1 + 1, Some(1 + 1));
    assert_eq!(ep.state(), State::TimeWait);
    assert_eq!(notes(&mut ep), [Note::RstIgnoredTimeWait]);
}

#[test]
fn linux_lets_an_exact_rst_end_time_wait() {
    // tcp_rfc1337 = 0: "TIME-WAIT assassination" (RFC 1337 §2), which FreeBSD prevents.
    for (profile, survives) in [
        (&teardown_core::stack::LINUX, false),
        (&teardown_core::stack::FREEBSD, true),
    ] {
        let mut ep = Endpoint::established(Host::Client, Config { profile, ..CFG });
        ep.handle_app(0, AppCall::Close);
        recv(&mut ep, 100, Control::Fin, 1, Some(1 + 1));
        assert_eq!(ep.state(), State::TimeWait);
        ep.drain_outputs();
        recv(&mut ep, 1000, Control::Rst, 1 + 1, Some(1 + 1));
        assert_eq!(
            ep.state() == State::TimeWait,
            survives,
            "{:?}",
            profile.stack
        );
    }
}

#[test]
fn rst_outside_the_window_is_ignored() {
    let mut ep = endpoint_in(State::Established);
    recv(&mut ep, 1000, Control::Rst, 1 + 70_000, Some(1));
    assert_eq!(ep.state(), State::Established);
    assert_eq!(notes(&mut ep), [Note::RstOutOfWindow]);
}

#[test]
fn rst_in_the_window_but_not_exact_gets_a_challenge_ack() {
    let mut ep = endpoint_in(State::Established);
    recv(&mut ep, 1000, Control::Rst, 1 + 10, Some(1));
    assert_eq!(ep.state(), State::Established);
    let outputs = ep.drain_outputs();
    assert!(outputs.contains(&Output::Note(Note::RstChallengeAck)));
    let out: Vec<Segment> = outputs
        .into_iter()
        .filter_map(|o| match o {
            Output::Send(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].flags_label(), out[0].seq, out[0].ack),
        ("ACK".into(), 1, Some(1))
    );
}

#[test]
fn passive_syn_received_returns_to_listen_on_rst() {
    let mut ep = endpoint_in(State::SynReceived);
    recv(&mut ep, 200, Control::Rst, 900 + 1, None);
    assert_eq!(ep.state(), State::Listen);
}

#[test]
fn syn_sent_refused_by_rst_acking_the_syn() {
    let mut ep = endpoint_in(State::SynSent);
    recv(&mut ep, 200, Control::Rst, 0, Some(500 + 1));
    assert_eq!(ep.state(), State::Closed);
}

#[test]
fn closed_and_listen_ignore_rst() {
    for state in [State::Closed, State::Listen] {
        let mut ep = endpoint_in(state);
        recv(&mut ep, 200, Control::Rst, 7, None);
        assert_eq!(ep.state(), state);
        assert_eq!(notes(&mut ep), [Note::RstIgnoredClosed]);
    }
}

// ===== a closed port answers with RST (§3.10.7.1) ================================

#[test]
fn closed_answers_a_segment_with_ack_by_rst_at_seg_ack() {
    let mut ep = endpoint_in(State::Closed);
    recv(&mut ep, 200, Control::Fin, 1, Some(1 + 1));
    let out = sent(&mut ep);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].flags_label(), out[0].seq, out[0].ack),
        ("RST".into(), 1 + 1, None)
    );
}

#[test]
fn closed_answers_a_segment_without_ack_by_rst_ack() {
    let mut ep = endpoint_in(State::Closed);
    recv(&mut ep, 200, Control::Syn, 41, None);
    let out = sent(&mut ep);
    assert_eq!(
        (out[0].flags_label(), out[0].seq, out[0].ack),
        ("RST,ACK".into(), 0, Some(41 + 1))
    );
}

// ===== handshake ================================================================

#[test]
fn listen_syn_then_ack_is_established() {
    let mut ep = endpoint_in(State::Listen);
    recv(&mut ep, 100, Control::Syn, 900, None);
    let out = sent(&mut ep);
    assert_eq!(
        (out[0].flags_label(), out[0].ack),
        ("SYN,ACK".into(), Some(900 + 1))
    );
    assert_eq!(ep.state(), State::SynReceived);
    let iss = out[0].seq;
    recv(&mut ep, 200, Control::None, 900 + 1, Some(iss + 1));
    assert_eq!(ep.state(), State::Established);
}

#[test]
fn syn_sent_syn_ack_is_established_and_acked() {
    let mut ep = endpoint_in(State::SynSent);
    recv(&mut ep, 100, Control::Syn, 77, Some(500 + 1));
    assert_eq!(ep.state(), State::Established);
    let out = sent(&mut ep);
    assert_eq!(
        (out[0].flags_label(), out[0].seq, out[0].ack),
        ("ACK".into(), 500 + 1, Some(77 + 1))
    );
}

// ===== timers ====================================================================

#[test]
fn time_wait_timer_is_2msl_from_the_ack_and_fires_to_closed() {
    let ep = endpoint_in(State::TimeWait);
    assert_eq!(ep.timer(TimerKind::TimeWait), Some(100 + 2 * 2000));
    let mut ep = ep;
    ep.handle_timer(4100, TimerKind::TimeWait);
    assert_eq!(ep.state(), State::Closed);
}

#[test]
fn a_stale_timer_call_does_nothing() {
    let mut ep = endpoint_in(State::TimeWait);
    ep.handle_timer(999, TimerKind::TimeWait);
    assert_eq!(ep.state(), State::TimeWait);
    assert!(ep.drain_outputs().is_empty());
}

#[test]
fn fin_wait_1_retransmits_its_fin_with_doubling_rto() {
    let mut ep = endpoint_in(State::FinWait1);
    assert_eq!(ep.timer(TimerKind::Retransmit), Some(1000));
    ep.handle_timer(1000, TimerKind::Retransmit);
    let out = sent(&mut ep);
    assert_eq!(
        (out[0].flags_label(), out[0].seq, out[0].retransmission),
        ("FIN,ACK".into(), 1, true)
    );
    assert_eq!(ep.timer(TimerKind::Retransmit), Some(1000 + 2000));
}

#[test]
fn an_open_call_on_an_existing_connection_says_so() {
    // RFC 9293 §3.10.1: "error: connection already exists", not "closing".
    for call in [AppCall::Connect, AppCall::Listen] {
        let mut ep = endpoint_in(State::Established);
        ep.handle_app(500, call);
        assert_eq!(ep.state(), State::Established);
        assert_eq!(notes(&mut ep), [Note::ConnectionExists], "{call:?}");
    }
}

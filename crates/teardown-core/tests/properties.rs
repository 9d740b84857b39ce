//! Properties that hold for every scenario in range: whatever the network loses,
//! the close ends, ends CLOSED, moves only along legal edges, and TIME-WAIT
//! lasts exactly 2×MSL after the last ACK it sent.

use proptest::prelude::*;
use teardown_core::{
    Call, Cause, Close, End, EventKind, Host, Link, Scenario, Stack, State, Timeline,
    is_legal_transition, simulate,
};

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        (
            prop_oneof![Just(Close::Client), Just(Close::Server), Just(Close::Both)],
            0u64..3_000,
            10u64..5_000,
            1u64..800,
            10u64..3_000,
            0u64..3_000,
            0u32..8,
        ),
        (
            proptest::collection::btree_set(1u32..40, 0..8),
            prop_oneof![Just(0u8), 0u8..=100],
            any::<u64>(),
            any::<bool>(),
            100u64..120_000,
            prop_oneof![
                Just(None),
                Just(Some(Host::Client)),
                Just(Some(Host::Server))
            ],
            prop::bool::weighted(0.2),
        ),
        (
            prop::sample::select(Stack::ALL.to_vec()),
            prop_oneof![Just(Call::Close), Just(Call::Shutdown)],
            any::<[bool; 4]>(),
        ),
    )
        .prop_map(
            |(
                (close, gap, msl, delay, rto, dack, data),
                (drop, loss, seed, tw, fw2, abort, reopen),
                (stack, call, given),
            )| Scenario {
                stack,
                close,
                call,
                gap_ms: if close == Close::Both { 0 } else { gap },
                msl_ms: given[0].then_some(msl),
                delay_ms: delay,
                rto_ms: given[1].then_some(rto),
                dack_ms: given[2].then_some(dack),
                data,
                drop: drop.into_iter().collect(),
                loss_pct: loss,
                seed,
                time_wait: tw,
                fin_wait2_ms: given[3].then_some(fw2),
                abort,
                reopen,
            },
        )
}

fn check_invariants(s: &Scenario, tl: &Timeline) -> Result<(), TestCaseError> {
    // The simulation ends on its own, long before any cap.
    prop_assert_eq!(tl.end, End::Quiet);
    // Events are in time order.
    prop_assert!(tl.events.windows(2).all(|w| w[0].t <= w[1].t));
    // Both sides end CLOSED; a reopened connection may stay open, and after
    // shutdown() a host waits in FIN-WAIT-2 for ever for a peer that is gone
    // without a word (no orphan timeout applies to it).
    for host in Host::BOTH {
        let last = tl.final_state(host);
        let peer_gone = tl.final_state(host.peer()) == State::Closed;
        if last == State::FinWait2 && s.call_of(host) == Call::Shutdown && peer_gone {
            continue;
        }
        if s.reopen {
            prop_assert!(
                matches!(
                    last,
                    State::Closed
                        | State::Listen
                        | State::Established
                        | State::CloseWait
                        | State::FinWait2
                ),
                "{host} ends in {last} after reopen"
            );
        } else {
            prop_assert_eq!(last, State::Closed, "{} ends in {}", host, last);
        }
    }
    // Every transition is an edge of the diagram and names its cause; states chain.
    let mut current = [State::Established; 2];
    for (t, host, from, to, cause) in tl.transitions() {
        prop_assert!(
            is_legal_transition(from, to, cause),
            "illegal {from} -> {to} ({cause:?}) at {t} ms on the {host}"
        );
        prop_assert_eq!(current[host.index()], from);
        current[host.index()] = to;
    }
    // Segments are numbered 1, 2, 3… in send order, and each is delivered or dropped once.
    let mut next = 1;
    let mut fate = vec![0u32; tl.flights.iter().filter(|f| !f.duplicate).count() + 1];
    for e in &tl.events {
        match e.kind {
            EventKind::Send { segment } => {
                prop_assert_eq!(segment.n, next);
                next += 1;
            }
            EventKind::Deliver { segment } | EventKind::Drop { segment, .. } => {
                fate[segment.n as usize] += 1;
            }
            _ => {}
        }
    }
    let duplicates = tl.flights.iter().filter(|f| f.duplicate).count() as u32;
    prop_assert_eq!(fate[1..].iter().sum::<u32>(), next - 1 + duplicates);
    prop_assert!(fate[1..].iter().all(|&f| (1..=2).contains(&f)));
    // TIME-WAIT times out exactly its length (2×MSL, or the stack's) after it
    // began, or after the last ACK it sent for a retransmitted FIN, whichever is later.
    let time_wait_ms = s.settings().time_wait_ms;
    let mut wait_from: [Option<u64>; 2] = [None; 2];
    let mut answering_fin = [false; 2];
    for e in &tl.events {
        match e.kind {
            EventKind::State {
                host,
                to: State::TimeWait,
                ..
            } => {
                wait_from[host.index()] = Some(e.t);
            }
            EventKind::Deliver { segment } => {
                answering_fin[segment.from.peer().index()] = segment.is_fin();
            }
            EventKind::Send { segment } if wait_from[segment.from.index()].is_some() => {
                prop_assert_eq!(segment.flags_label(), "ACK", "TIME-WAIT sends only ACKs");
                // The ACK of a retransmitted FIN restarts the wait; the ACK
                // of an old duplicate does not.
                if answering_fin[segment.from.index()] {
                    wait_from[segment.from.index()] = Some(e.t);
                }
            }
            EventKind::State {
                host,
                from: State::TimeWait,
                cause,
                ..
            } => {
                let since = wait_from[host.index()].take().unwrap_or_default();
                if cause == Cause::TimeWaitTimeout {
                    prop_assert_eq!(e.t, since + time_wait_ms, "TIME-WAIT of the {}", host);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_scenario_ends_closed_along_legal_edges(s in scenario()) {
        let tl = simulate(&s);
        check_invariants(&s, &tl)?;
    }

    #[test]
    fn the_same_scenario_always_gives_the_same_timeline(s in scenario()) {
        prop_assert_eq!(simulate(&s), simulate(&s));
    }

    #[test]
    fn every_single_loss_of_the_classic_close_recovers(n in 1u32..12, tw in any::<bool>()) {
        let s = Scenario { drop: vec![n], time_wait: tw, ..Scenario::default() };
        check_invariants(&s, &simulate(&s))?;
    }

    #[test]
    fn links_round_trip(mut s in scenario()) {
        s.normalize();
        let link = Link { scenario: s, ..Link::default() };
        let (back, warnings) = Link::from_query(&link.to_query());
        prop_assert!(warnings.is_empty(), "{:?}", warnings);
        prop_assert_eq!(back, link);
    }

    #[test]
    fn any_text_parses_without_panicking(q in ".{0,200}") {
        let (s, _) = Scenario::from_query(&q);
        // And whatever it parsed to simulates to an end.
        prop_assert_ne!(simulate(&s).end, End::EventCap);
    }
}

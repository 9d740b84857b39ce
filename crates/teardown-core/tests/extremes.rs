//! Extreme and hostile inputs: each gets a clear warning, a sane value, and a
//! simulation that ends quickly with bounded memory.

use teardown_core::scenario::limits;
use teardown_core::{Cause, End, Host, Problem, Scenario, State, simulate};

fn parse(query: &str) -> (Scenario, Vec<String>) {
    let (s, w) = Scenario::from_query(query);
    (s, w.iter().map(|w| w.key.clone()).collect())
}

/// Simulates and checks the run is bounded: it ends by itself and stays small.
fn bounded(s: &Scenario) -> teardown_core::Timeline {
    let tl = simulate(s);
    assert_eq!(tl.end, End::Quiet, "{s:?}");
    assert!(tl.events.len() < 10_000, "{} events", tl.events.len());
    tl
}

#[test]
fn msl_zero_is_rejected_and_the_default_used() {
    let (s, keys) = parse("msl=0");
    assert_eq!(keys, ["msl"]);
    assert_eq!(s.msl_ms, Scenario::default().msl_ms);
    bounded(&s);
}

#[test]
fn msl_of_a_billion_seconds_is_clamped_to_ten_minutes() {
    let (s, w) = Scenario::from_query("msl=1000000000");
    assert_eq!(s.msl_ms, Some(limits::MSL_MS.1));
    assert!(matches!(w[0].problem, Problem::Clamped { ref to } if to == "600"));
    bounded(&s);
}

#[test]
fn delay_zero_is_rejected() {
    let (s, keys) = parse("delay=0");
    assert_eq!(keys, ["delay"]);
    assert_eq!(s.delay_ms, Scenario::default().delay_ms);
}

#[test]
fn total_loss_ends_with_both_sides_giving_up() {
    let (s, keys) = parse("loss=100");
    assert!(keys.is_empty());
    let tl = bounded(&s);
    for host in Host::BOTH {
        let gave_up = tl.transitions().any(|(_, h, _, to, cause)| {
            h == host && to == State::Closed && cause == Cause::RetransmitGiveUp
        });
        assert!(gave_up, "the {host} gives up");
    }
    let (s, keys) = parse("loss=250");
    assert_eq!(keys, ["loss"]);
    assert_eq!(s.loss_pct, 100);
}

#[test]
fn a_million_data_segments_are_clamped_to_a_hundred() {
    let (s, keys) = parse("data=1000000");
    assert_eq!(keys, ["data"]);
    assert_eq!(s.data, 100);
    bounded(&s);
}

#[test]
fn seed_u64_max_is_a_valid_seed() {
    let (s, keys) = parse("seed=18446744073709551615&loss=50");
    assert!(keys.is_empty());
    assert_eq!(s.seed, u64::MAX);
    bounded(&s);
    let (_, keys) = parse("seed=18446744073709551616");
    assert_eq!(keys, ["seed"]);
}

#[test]
fn the_worst_case_in_range_still_ends_quickly() {
    // Everything at its most expensive: long timers, slow link, much data, heavy loss.
    let (s, _) = Scenario::from_query(
        "msl=600&delay=60000&rto=60000&dack=60000&data=100&loss=60&finwait2=600&gap=600000&reopen=1&seed=3",
    );
    let slow = bounded(&s);
    let (s, _) = Scenario::from_query("data=100&loss=90&delay=1&rto=10&msl=0.01&seed=9");
    let busy = bounded(&s);
    for tl in [&slow, &busy] {
        assert!(tl.duration <= teardown_core::sim::TIME_HORIZON_MS);
    }
    // Heavy loss: both give up.
    assert_eq!(busy.final_state(Host::Client), State::Closed);
    assert_eq!(busy.final_state(Host::Server), State::Closed);
    // The slow one: the server gives up and listens again (`reopen`); the client
    // made shutdown() (a version-1 link with `data`), so no orphan timeout ends
    // its FIN-WAIT-2: it waits for a FIN that will never come, as a real socket does.
    assert_eq!(slow.final_state(Host::Server), State::Listen);
    assert_eq!(slow.final_state(Host::Client), State::FinWait2);
}

#[test]
fn a_huge_drop_list_is_cut() {
    let list: Vec<String> = (1..=1000).map(|n| n.to_string()).collect();
    let (s, keys) = parse(&format!("drop={}", list.join(",")));
    assert_eq!(s.drop.len(), limits::DROP_LEN);
    assert_eq!(keys, ["drop"]);
    bounded(&s);
}

//! Any link, simulated: the run ends by itself, every transition is a legal
//! edge, and both sides end CLOSED unless the connection was reopened.
#![no_main]

use libfuzzer_sys::fuzz_target;
use teardown_core::{End, Host, Scenario, State, is_legal_transition, simulate};

fuzz_target!(|data: &[u8]| {
    let (scenario, _) = Scenario::from_query(&String::from_utf8_lossy(data));
    let timeline = simulate(&scenario);
    assert_eq!(timeline.end, End::Quiet, "{scenario:?}");
    for (t, host, from, to, cause) in timeline.transitions() {
        assert!(
            is_legal_transition(from, to, cause),
            "{from} -> {to} ({cause:?}) at {t} on the {host}"
        );
    }
    if !scenario.reopen {
        for host in Host::BOTH {
            assert_eq!(timeline.final_state(host), State::Closed, "{scenario:?}");
        }
    }
});

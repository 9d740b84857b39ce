//! Old links keep working. Every link format version that was released is
//! listed here with the scenario it opened; a change that opens any of them
//! differently fails this test. Add the new version's links when the format
//! grows (and bump `v`), never edit the old ones.

use teardown_core::{Call, Close, Host, Lang, Link, Scenario, Stack};

/// Version 1 (no `v` key, or `v=1`): the format of DESIGN.md.
fn v1_links() -> Vec<(&'static str, Link)> {
    let d = Scenario::default();
    let s = |f: &dyn Fn(&mut Scenario)| {
        let mut s = d.clone();
        f(&mut s);
        Link {
            scenario: s,
            ..Link::default()
        }
    };
    vec![
        ("", s(&|_| {})),
        ("v=1", s(&|_| {})),
        ("close=server", s(&|s| s.close = Close::Server)),
        (
            "close=both",
            s(&|s| {
                s.close = Close::Both;
                s.gap_ms = 0;
            }),
        ),
        ("gap=150", s(&|s| s.gap_ms = 150)),
        ("gap=50&delay=100", s(&|s| s.gap_ms = 50)),
        ("msl=120", s(&|s| s.msl_ms = Some(120_000))),
        ("msl=0.5", s(&|s| s.msl_ms = Some(500))),
        (
            "delay=250&rto=700",
            s(&|s| {
                s.delay_ms = 250;
                s.rto_ms = Some(700);
            }),
        ),
        ("dack=0", s(&|s| s.dack_ms = Some(0))),
        (
            "dack=1500&gap=3000",
            s(&|s| {
                s.dack_ms = Some(1500);
                s.gap_ms = 3000;
            }),
        ),
        // Version 1's close still read data: `data` without `call` is a half-close.
        (
            "data=3",
            s(&|s| {
                s.data = 3;
                s.call = Call::Shutdown;
            }),
        ),
        ("drop=4", s(&|s| s.drop = vec![4])),
        ("drop=5,2", s(&|s| s.drop = vec![2, 5])),
        ("drop=2%2C5", s(&|s| s.drop = vec![2, 5])),
        (
            "loss=30&seed=42",
            s(&|s| {
                s.loss_pct = 30;
                s.seed = 42;
            }),
        ),
        (
            "tw=0&drop=4",
            s(&|s| {
                s.time_wait = false;
                s.drop = vec![4];
            }),
        ),
        (
            "finwait2=1&gap=5000",
            s(&|s| {
                s.fin_wait2_ms = Some(1000);
                s.gap_ms = 5000;
            }),
        ),
        ("abort=client", s(&|s| s.abort = Some(Host::Client))),
        (
            "abort=server&close=both",
            s(&|s| {
                s.abort = Some(Host::Server);
                s.close = Close::Both;
                s.gap_ms = 0;
            }),
        ),
        (
            "reopen=1&tw=0&data=1",
            s(&|s| {
                s.reopen = true;
                s.time_wait = false;
                s.data = 1;
                s.call = Call::Shutdown;
            }),
        ),
        (
            "lang=zh&t=1500&embed=1",
            Link {
                lang: Some(Lang::Zh),
                t_ms: Some(1500),
                embed: true,
                ..Link::default()
            },
        ),
        (
            "lesson=3&step=2",
            Link {
                lesson: Some(3),
                step: Some(2),
                ..Link::default()
            },
        ),
    ]
}

#[test]
fn every_released_v1_link_opens_the_scenario_it_did() {
    for (query, expected) in v1_links() {
        let (link, warnings) = Link::from_query(query);
        assert!(warnings.is_empty(), "{query}: {warnings:?}");
        assert_eq!(link, expected, "{query}");
        // Written again, it reads back the same.
        assert_eq!(Link::from_query(&link.to_query()).0, expected, "{query}");
    }
}

/// Version 2: `call` (close() by default, also with `data`) and `stack`.
fn v2_links() -> Vec<(&'static str, Link)> {
    let s = |f: &dyn Fn(&mut Scenario)| {
        let mut s = Scenario::default();
        f(&mut s);
        Link {
            scenario: s,
            ..Link::default()
        }
    };
    vec![
        ("v=2", s(&|_| {})),
        ("data=2&v=2", s(&|s| s.data = 2)),
        (
            "call=shutdown&data=2&v=2",
            s(&|s| {
                s.call = Call::Shutdown;
                s.data = 2;
            }),
        ),
        ("call=shutdown", s(&|s| s.call = Call::Shutdown)),
        ("call=close&data=1", s(&|s| s.data = 1)),
        ("stack=linux", s(&|s| s.stack = Stack::Linux)),
        (
            "stack=linux&msl=2&delay=50",
            s(&|s| {
                s.stack = Stack::Linux;
                s.msl_ms = Some(2_000);
                s.delay_ms = 50;
            }),
        ),
        ("stack=freebsd&rto=1000", {
            s(&|s| {
                s.stack = Stack::Freebsd;
                s.rto_ms = Some(1_000);
            })
        }),
    ]
}

#[test]
fn every_released_v2_link_opens_the_scenario_it_does() {
    for (query, expected) in v2_links() {
        let (link, warnings) = Link::from_query(query);
        assert!(warnings.is_empty(), "{query}: {warnings:?}");
        let mut expected = expected;
        expected.scenario.normalize();
        assert_eq!(link, expected, "{query}");
        assert_eq!(Link::from_query(&link.to_query()).0, expected, "{query}");
    }
}

#[test]
fn a_v2_link_with_data_says_its_version_and_a_v1_one_keeps_its_meaning() {
    let close = Link::from_query("data=2&v=2").0;
    assert_eq!(close.scenario.call, Call::Close);
    assert_eq!(close.to_query(), "data=2&v=2");
    let half = Link::from_query("data=2").0;
    assert_eq!(half.scenario.call, Call::Shutdown);
    assert_eq!(half.to_query(), "call=shutdown&data=2");
    assert_eq!(Link::from_query(&half.to_query()).0, half);
}

#[test]
fn a_link_from_a_future_version_still_opens_with_a_notice() {
    let (link, warnings) = Link::from_query("v=3&close=server&newkey=1");
    assert_eq!(link.scenario.close, Close::Server);
    let keys: Vec<&str> = warnings.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["v", "newkey"]);
}

// Whatever a query holds, the link it opens is written so that it opens again as itself: the
// page rewrites the address bar with `to_query`, so a link that drifted on each rewrite would
// change what a learner shares.
mod codec {
    use proptest::prelude::*;
    use teardown_core::Link;

    /// Queries made of the characters that matter to the codec, and any others.
    fn query() -> impl Strategy<Value = String> {
        const SPECIAL: &[&str] = &[
            "&",
            "=",
            "+",
            "%",
            "%2C",
            "%zz",
            "%E4%B8%AD",
            "%FF",
            "close",
            "drop",
            "msl",
            "stack=linux",
            "call=shutdown",
            "data=2",
            "v=2",
            "v=1",
            ",",
        ];
        let piece = prop_oneof![
            prop::sample::select(SPECIAL).prop_map(String::from),
            "[a-z0-9]{1,4}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn a_written_link_reads_back_as_itself(q in query()) {
            let (link, _) = Link::from_query(&q);
            let written = link.to_query();
            let (again, warnings) = Link::from_query(&written);
            prop_assert!(warnings.is_empty(), "{written}: {warnings:?}");
            prop_assert_eq!(&again, &link);
            prop_assert_eq!(again.to_query(), written);
        }
    }
}

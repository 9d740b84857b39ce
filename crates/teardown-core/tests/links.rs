//! Old links keep working. Every link format version that was released is
//! listed here with the scenario it opened; a change that opens any of them
//! differently fails this test. Add the new version's links when the format
//! grows (and bump `v`), never edit the old ones.

use teardown_core::{Close, Host, Lang, Link, Scenario};

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
        ("msl=120", s(&|s| s.msl_ms = 120_000)),
        ("msl=0.5", s(&|s| s.msl_ms = 500)),
        (
            "delay=250&rto=700",
            s(&|s| {
                s.delay_ms = 250;
                s.rto_ms = 700;
            }),
        ),
        ("dack=0", s(&|s| s.dack_ms = 0)),
        (
            "dack=1500&gap=3000",
            s(&|s| {
                s.dack_ms = 1500;
                s.gap_ms = 3000;
            }),
        ),
        ("data=3", s(&|s| s.data = 3)),
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
                s.fin_wait2_ms = 1000;
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

#[test]
fn a_link_from_a_future_version_still_opens_with_a_notice() {
    let (link, warnings) = Link::from_query("v=2&close=server&newkey=1");
    assert_eq!(link.scenario.close, Close::Server);
    let keys: Vec<&str> = warnings.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["v", "newkey"]);
}

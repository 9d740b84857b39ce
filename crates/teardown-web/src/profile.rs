//! What a stack profile does, in words: the one-line summary under the Stack control and
//! the phrases the settings and the narration use for values a profile decides.
//!
//! Every number comes from the core's [`Profile`]; nothing here knows a stack's constants.
//! The summary of the textbook profile names all its values; another stack's names only
//! what differs from the textbook, plus what its vendor does not document (the profile
//! keeps the textbook's behaviour there).

use crate::fmt::duration;
use crate::i18n::{Lang, Msg, tr, trf};
use teardown_core::stack::{GiveUp, Profile, RtoRule, TimeWaitLen};
use teardown_core::{Scenario, Stack};

/// The stack's display name ("Textbook (RFC 9293)", "Linux").
pub fn stack_name(lang: Lang, stack: Stack) -> &'static str {
    tr(lang, Msg::stack(stack))
}

fn d(ms: u64) -> String {
    duration(ms as f64)
}

/// Whether the stack fixes TIME-WAIT's length here (Linux, unless the link sets an MSL).
pub fn time_wait_fixed(scenario: &Scenario) -> bool {
    scenario.settings().time_wait_fixed
}

/// How long TIME-WAIT lasts and what decides it: the phrase (`{d}` is the length) and the
/// length, ms.
pub fn time_wait(scenario: &Scenario) -> (Msg, u64) {
    let key = if time_wait_fixed(scenario) {
        Msg::TwFixed
    } else {
        Msg::Tw2msl
    };
    (key, scenario.settings().time_wait_ms)
}

/// The phrases of a profile's summary, in order.
pub fn summary_parts(lang: Lang, p: &Profile) -> Vec<String> {
    let t = Stack::Textbook.profile();
    let full = p.stack == Stack::Textbook;
    let mut parts = Vec::new();
    let mut add = |differs: bool, text: String| {
        if full || differs {
            parts.push(text);
        }
    };
    let msl = p.msl_or_textbook();
    match p.time_wait {
        TimeWaitLen::Fixed(ms) => add(true, trf(lang, Msg::ProfTwFixed, &[("d", &d(ms))])),
        TimeWaitLen::TwoMsl => add(
            p.msl_ms != t.msl_ms,
            trf(
                lang,
                Msg::ProfTw2msl,
                &[("msl", &d(msl)), ("d", &d(2 * msl))],
            ),
        ),
    }
    if p.fin_ack_delay_ms == 0 {
        add(
            t.fin_ack_delay_ms != 0,
            tr(lang, Msg::ProfAckNow).to_string(),
        );
    } else {
        add(
            p.fin_ack_delay_ms != t.fin_ack_delay_ms,
            trf(lang, Msg::ProfAckAfter, &[("d", &d(p.fin_ack_delay_ms))]),
        );
    }
    let rto = match p.rto {
        RtoRule::Fixed(ms) => trf(lang, Msg::ProfRtoFixed, &[("d", &d(ms))]),
        RtoRule::FromRtt { min, slop: 0 } => trf(lang, Msg::ProfRtoRtt, &[("min", &d(min))]),
        RtoRule::FromRtt { min, slop } => trf(
            lang,
            Msg::ProfRtoRttSlop,
            &[("min", &d(min)), ("slop", &d(slop))],
        ),
    };
    let tlp = if p.tail_loss_probe {
        tr(lang, Msg::ProfTlp)
    } else {
        ""
    };
    add(
        p.rto != t.rto || p.tail_loss_probe != t.tail_loss_probe,
        rto + tlp,
    );
    let tries = match p.give_up {
        GiveUp::Count(n) => n,
        GiveUp::Modelled { orphan, .. } => orphan,
    };
    let key = if p.give_up_sends_rst {
        Msg::ProfGiveUpRst
    } else {
        Msg::ProfGiveUpSilent
    };
    add(
        p.give_up != t.give_up || p.give_up_sends_rst != t.give_up_sends_rst,
        trf(lang, key, &[("n", &tries.to_string())]),
    );
    add(
        p.fin_wait2_ms != t.fin_wait2_ms,
        trf(lang, Msg::ProfFw2, &[("d", &d(p.fin_wait2_ms))]),
    );
    let key = if p.rst_ends_time_wait {
        Msg::ProfRstEndsTw
    } else {
        Msg::ProfRstIgnoredTw
    };
    add(
        p.rst_ends_time_wait != t.rst_ends_time_wait,
        tr(lang, key).to_string(),
    );
    if p.syn_reopens_time_wait {
        add(true, tr(lang, Msg::ProfSynReopens).to_string());
    }
    if !p.undocumented.is_empty() {
        let sep = tr(lang, Msg::ProfListSep);
        let list: Vec<&str> = p
            .undocumented
            .iter()
            .map(|u| tr(lang, Msg::undocumented(*u)))
            .collect();
        parts.push(trf(
            lang,
            Msg::ProfUndocumented,
            &[("list", &list.join(sep))],
        ));
    }
    parts
}

/// The one-line summary: "Linux: TIME-WAIT is 60 s, fixed in the kernel, whatever the MSL; …".
pub fn summary(lang: Lang, p: &Profile) -> String {
    let parts = summary_parts(lang, p).join(tr(lang, Msg::ProfSep));
    trf(
        lang,
        Msg::ProfLine,
        &[("stack", stack_name(lang, p.stack)), ("parts", &parts)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    #[test]
    fn the_linux_summary_says_what_linux_changes() {
        assert_eq!(
            summary(Lang::En, Stack::Linux.profile()),
            "Linux: TIME-WAIT is 60 s, fixed in the kernel, whatever the MSL; ACK of a FIN after ~4 ms; \
             RTO = RTT + max(2·RTT, 200 ms) with a tail-loss probe; gives up silently (no RST; an \
             application still holding the socket gets ETIMEDOUT); a RST ends TIME-WAIT; a new SYN \
             may reopen from TIME-WAIT"
        );
    }

    #[test]
    fn every_summary_reads_in_both_languages_and_comes_from_the_profile() {
        for stack in Stack::ALL {
            let p = stack.profile();
            for lang in [Lang::En, Lang::Zh] {
                let s = summary(lang, p);
                assert!(!s.contains('{') && !s.contains(crate::i18n::MISSING), "{s}");
                assert!(s.starts_with(stack_name(lang, stack)), "{s}");
            }
            // The textbook names all its values; the others at least one difference.
            assert!(summary_parts(Lang::En, p).len() >= 2, "{stack:?}");
        }
        let textbook = summary(Lang::En, Stack::Textbook.profile());
        assert!(textbook.contains("TIME-WAIT is 4 s"), "{textbook}");
        assert!(textbook.contains("RFC 1337"), "{textbook}");
        let zh = summary(Lang::Zh, Stack::Linux.profile());
        assert!(zh.contains("60 s") && zh.contains("；"), "{zh}");
    }

    #[test]
    fn time_wait_is_named_by_what_decides_it() {
        let tw = |q: &str| {
            let (key, ms) = time_wait(&Link::from_query(q).0.scenario);
            trf(Lang::En, key, &[("d", &d(ms))])
        };
        assert_eq!(tw(""), "2×MSL (4 s)");
        assert_eq!(tw("stack=linux"), "60 s, fixed by the stack");
        // An explicit MSL under Linux is a what-if: 2×MSL again.
        assert_eq!(tw("stack=linux&msl=5"), "2×MSL (10 s)");
    }
}

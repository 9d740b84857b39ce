//! Limits on what a link can make the page do, beyond the core's clamping.
//!
//! The core turns every bad key of a link into a [`Warning`], one per
//! occurrence, so a 100 KB link of `a&a&a&…` yields 50 000 of them; drawn as a
//! list (and copied with the state on every frame) they froze the page for
//! seconds. The notice needs each problem once, and a few of them: [`cap_warnings`]
//! keeps the first of each (key, problem) and at most [`MAX_WARNINGS`], then one
//! line saying the link had more.

use teardown_core::{Problem, Warning};

/// Most warnings the notice lists (the last line says there were more).
pub const MAX_WARNINGS: usize = 20;

/// The key the "more problems" line names.
pub const MORE_KEY: &str = "link";

/// Each (key, problem) once, in order, at most [`MAX_WARNINGS`] of them, plus
/// a [`Problem::TooMany`] line for [`MORE_KEY`] when some were left out.
pub fn cap_warnings(warnings: Vec<Warning>) -> Vec<Warning> {
    // At most MAX_WARNINGS + 1 distinct entries are ever compared: a list will do.
    let mut out: Vec<Warning> = Vec::new();
    let mut more = false;
    for w in warnings {
        if out.iter().any(|o| o.key == w.key && o.problem == w.problem) {
            continue;
        }
        if out.len() == MAX_WARNINGS {
            more = true;
            break;
        }
        out.push(w);
    }
    if more {
        out.push(Warning {
            key: MORE_KEY.to_owned(),
            value: String::new(),
            problem: Problem::TooMany { max: MAX_WARNINGS },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    fn keys(query: &str) -> Vec<String> {
        let (_, w) = Link::from_query(query);
        cap_warnings(w).into_iter().map(|w| w.key).collect()
    }

    #[test]
    fn a_repeated_bad_key_is_listed_once() {
        assert_eq!(keys(&"a&".repeat(50_000)), ["a"]);
        assert_eq!(keys("msl=x&msl=y&zzz=1"), ["msl", "zzz"]);
    }

    #[test]
    fn many_bad_keys_are_cut_with_a_last_line() {
        let query: Vec<String> = (0..5_000).map(|i| format!("k{i}=1")).collect();
        let k = keys(&query.join("&"));
        assert_eq!(k.len(), MAX_WARNINGS + 1);
        assert_eq!(k[0], "k0");
        assert_eq!(k[MAX_WARNINGS], MORE_KEY);
    }

    #[test]
    fn a_few_warnings_pass_unchanged() {
        let (_, w) = Link::from_query("msl=abc&drop=x&close=sideways&zzz=1");
        assert_eq!(cap_warnings(w.clone()), w);
        assert!(cap_warnings(Vec::new()).is_empty());
    }
}

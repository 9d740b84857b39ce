//! The author exports of the page (SVG light and dark, Mermaid, pcap), as a WASM module of
//! their own that the page fetches the first time its Export dialog opens.
//!
//! Why a second module: the export code (the SVG drawing and its stylesheet, Mermaid, pcap)
//! is 11 kB gzip of the page's WASM, 5 % of issue 7's weight budget, for a dialog most
//! learners never open. This module carries the core and its exports and nothing of Yew;
//! `scripts/post-build.mjs` builds it beside the page under content-hashed names
//! (`export-<hash>.js`, `export-<hash>_bg.wasm`, named in `<meta name="teardown-export">`),
//! and `teardown_web::exports` loads it.
//!
//! It takes the scenario as its link query, not as a timeline: the query is the scenario's
//! whole description (the link format is the public interface), and `simulate` is
//! deterministic, so the module recomputes exactly the timeline the page shows (tested
//! below against the page's own scenario for every kind of scenario).

use teardown_core::export::{self, Theme, export_title};
use teardown_core::{Scenario, Timeline, simulate};
use wasm_bindgen::prelude::wasm_bindgen;

pub use teardown_core::export::FORMATS;

/// The bytes of `format` for `timeline`, whose scenario's query is `query`: the same bytes as
/// `teardown simulate QUERY --format …` writes. Empty for an unknown format.
pub fn render_timeline(format: &str, query: &str, timeline: &Timeline) -> Vec<u8> {
    match format {
        "svg_light" => {
            export::svg_titled(timeline, Theme::Light, &export_title(query)).into_bytes()
        }
        "svg_dark" => export::svg_titled(timeline, Theme::Dark, &export_title(query)).into_bytes(),
        "mermaid" => export::mermaid_titled(timeline, &export_title(query)).into_bytes(),
        "pcap" => export::pcap(timeline),
        _ => Vec::new(),
    }
}

/// The page's entry point: `format` (one of [`FORMATS`]) of the scenario written as the link
/// query `query` (`Scenario::to_query`). A query the link format rejects parts of renders
/// what the page would show for it: the same parser, the same fallbacks.
#[wasm_bindgen]
pub fn render(format: &str, query: &str) -> Vec<u8> {
    let (scenario, _) = Scenario::from_query(query);
    // The title names the scenario as the page writes it, whatever the query's spelling.
    render_timeline(format, &scenario.to_query(), &simulate(&scenario))
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    /// Links of every kind, as the page holds them.
    const LINKS: [&str; 12] = [
        "",
        "drop=4",
        "close=both",
        "close=server&msl=5000",
        "data=20&loss=30&seed=7&close=both",
        "abort=client",
        "finwait2=1&gap=5000",
        "reopen=1&tw=0&data=1",
        "drop=2,3&delay=250&t=900&lang=zh",
        "stack=linux&delay=50&drop=1&call=shutdown&data=2",
        "stack=freebsd&msl=2&rto=700&dack=0",
        "stack=windows&data=1&v=2",
    ];

    #[test]
    fn the_query_the_page_hands_over_recreates_the_timeline_it_shows() {
        // The page passes `scenario.to_query()`; the module re-simulates from it.
        for link in LINKS {
            let (link, _) = Link::from_query(link);
            let (scenario, warnings) = Scenario::from_query(&link.scenario.to_query());
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(simulate(&scenario), simulate(&link.scenario), "{link:?}");
        }
    }

    #[test]
    fn each_format_names_the_scenario_as_the_cli_does() {
        for link in LINKS {
            let (link, _) = Link::from_query(link);
            let query = link.scenario.to_query();
            let timeline = simulate(&link.scenario);
            for format in FORMATS {
                let module = render(format, &query);
                assert!(!module.is_empty(), "{query} {format}");
                assert_eq!(module, render_timeline(format, &query, &timeline));
            }
        }
    }

    #[test]
    fn each_format_is_its_file() {
        let query = "drop=4";
        let timeline = simulate(&Scenario::from_query(query).0);
        let svg = String::from_utf8(render("svg_light", query)).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("TCP connection close · drop=4"));
        for f in timeline.flights.iter().filter(|f| !f.duplicate) {
            let label = format!("#{} {}", f.segment.n, f.segment.flags_label());
            assert!(svg.contains(&label), "{label}");
        }
        assert_ne!(render("svg_dark", query), svg.as_bytes());
        let mermaid = String::from_utf8(render("mermaid", query)).unwrap();
        assert!(
            mermaid.starts_with(
                "---\ntitle: \"TCP connection close · drop=4\"\n---\nsequenceDiagram\n"
            ),
            "{mermaid}"
        );
        assert_eq!(
            &render("pcap", query)[..4],
            &[0xd4, 0xc3, 0xb2, 0xa1],
            "pcap magic"
        );
        assert!(render("gif", query).is_empty());
    }

    #[test]
    fn a_bad_query_renders_the_fallback_scenario() {
        let fallback = render("mermaid", "");
        assert_eq!(render("mermaid", "msl=banana&%zz"), fallback);
    }
}

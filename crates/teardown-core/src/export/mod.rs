//! Renderings of a timeline for authors: text, Mermaid, SVG, pcap.
//!
//! Each is a pure function of a [`Timeline`], so the CLI and the web app's
//! download buttons produce the same bytes for the same scenario.

mod mermaid;
pub mod pcap;
mod svg;
mod text;

pub use self::mermaid::{mermaid, mermaid_titled};
pub use self::pcap::pcap;
pub use self::svg::{Theme, esc as xml_escape, svg, svg_titled, upright_angle};
pub use self::text::text;

use crate::timeline::{EventKind, Flight, Timeline, TimerKind};

/// The files the page offers, by key, in the page's order: the export module's
/// `render(format, …)` takes these, the page's buttons are `data-testid="export-{key}"`.
pub const FORMATS: [&str; 4] = ["svg_light", "svg_dark", "mermaid", "pcap"];

/// The title an exported SVG or Mermaid diagram carries for the scenario written as `query`
/// (its link query, so the stack and the call show): the CLI and the page's export module
/// write the same.
pub fn export_title(query: &str) -> String {
    if query.is_empty() {
        "TCP connection close".to_string()
    } else {
        format!("TCP connection close · {query}")
    }
}

/// `v` rounded to `places` decimals (at most 6), e.g. `decimal(0.12345, 3)` is `0.123`.
///
/// Written with integer arithmetic on purpose: Rust's float formatting (`{:.3}`) brings about
/// 10 kB of code into the page's WASM, and every number the views and exports print is a
/// coordinate or a duration with a fixed, small number of decimals. Not finite prints `0`.
pub fn decimal(v: f64, places: u32) -> String {
    let places = places.min(6);
    let v = if v.is_finite() { v } else { 0.0 };
    let scale = 10u64.pow(places);
    // `as` saturates, so a huge value cannot wrap.
    let scaled = (v.abs() * scale as f64).round() as u64;
    let mut out = String::new();
    if v < 0.0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&(scaled / scale).to_string());
    if places > 0 {
        let frac = (scaled % scale).to_string();
        out.push('.');
        for _ in frac.len()..places as usize {
            out.push('0');
        }
        out.push_str(&frac);
    }
    out
}

/// Like [`decimal`], without trailing zeros or a bare point: `1.50` → `1.5`, `2.0` → `2`.
pub fn decimal_trim(v: f64, places: u32) -> String {
    let mut s = decimal(v, places);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_string() } else { s }
}

/// The flight of segment `n` as its sender sent it (not a held-back copy).
fn flight_of(timeline: &Timeline, n: u32) -> Option<&Flight> {
    timeline
        .flights
        .iter()
        .find(|f| f.segment.n == n && !f.duplicate)
}

/// The deliveries of copies the network held back (`reopen=1`), as
/// `(event index, copy's flight)`. The copy is the second delivery of its
/// segment, or the only one if the original was lost.
fn held_deliveries(timeline: &Timeline) -> Vec<(usize, &Flight)> {
    let mut out = Vec::new();
    for copy in timeline.flights.iter().filter(|f| f.duplicate) {
        let n = copy.segment.n;
        let original_lost = flight_of(timeline, n).is_none_or(|f| f.dropped.is_some());
        let skip = if original_lost { 0 } else { 1 };
        let deliveries =
            timeline.events.iter().enumerate().filter(
                |(_, e)| matches!(e.kind, EventKind::Deliver { segment } if segment.n == n),
            );
        if let Some((i, _)) = deliveries.clone().nth(skip) {
            out.push((i, copy));
        }
    }
    out
}

/// A timer's short name, as the diagrams print it.
fn timer_name(timer: TimerKind) -> &'static str {
    match timer {
        TimerKind::Retransmit => "RTO",
        TimerKind::DelayedAck => "delayed ACK",
        TimerKind::TimeWait => "TIME-WAIT",
        TimerKind::FinWait2 => "FIN-WAIT-2",
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::{decimal, decimal_trim};

    #[test]
    fn decimal_rounds_to_the_places_asked() {
        assert_eq!(decimal(0.12345, 4), "0.1235");
        assert_eq!(decimal(0.5, 3), "0.500");
        assert_eq!(decimal(12.0, 2), "12.00");
        assert_eq!(decimal(99.996, 2), "100.00");
        assert_eq!(decimal(-1.25, 1), "-1.3");
        assert_eq!(decimal(-0.01, 1), "0.0");
        assert_eq!(decimal(3.7, 0), "4");
        assert_eq!(decimal(f64::NAN, 2), "0.00");
        assert_eq!(decimal(f64::INFINITY, 1), "0.0");
    }

    #[test]
    fn decimal_trim_drops_zeros() {
        assert_eq!(decimal_trim(44.0, 1), "44");
        assert_eq!(decimal_trim(44.04, 1), "44");
        assert_eq!(decimal_trim(44.25, 1), "44.3");
        assert_eq!(decimal_trim(-7.5, 1), "-7.5");
        assert_eq!(decimal_trim(-0.01, 1), "0");
        assert_eq!(decimal_trim(100.0, 1), "100");
    }
}

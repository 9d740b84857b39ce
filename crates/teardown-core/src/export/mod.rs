//! Renderings of a timeline for authors: text, Mermaid, SVG, pcap.
//!
//! Each is a pure function of a [`Timeline`], so the CLI and the web app's
//! download buttons produce the same bytes for the same scenario.

mod mermaid;
pub mod pcap;
mod svg;
mod text;

pub use self::mermaid::mermaid;
pub use self::pcap::pcap;
pub use self::svg::{Theme, svg, svg_titled};
pub use self::text::text;

use crate::timeline::{EventKind, Flight, Timeline, TimerKind};

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
        TimerKind::TimeWait => "2MSL",
        TimerKind::FinWait2 => "FIN-WAIT-2",
    }
}

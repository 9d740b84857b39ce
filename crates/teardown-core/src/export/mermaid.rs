//! A Mermaid `sequenceDiagram` for Markdown notes (GitHub, GitLab, Obsidian…).
//!
//! Mermaid has no time axis: messages are drawn one below the other in the
//! order they are written. So every segment is written at its send time, and
//! what a host does when it arrives (a state change, a timer firing) follows
//! as a `Note over` that host. Lost segments end in a cross (`-x`); the copy
//! the network held back in `reopen=1` is a dotted arrow at its late arrival.
//!
//! Mermaid's grammar reserves `#` (comments and entity codes) and `;`
//! (statement separator) in message and note text, so neither is ever
//! written: segments are numbered `[1]`, and any text is cleaned first.

use super::{flight_of, held_deliveries, timer_name};
use crate::segment::{Host, Segment};
use crate::timeline::{AppCall, DropCause, EventKind, Millis, Timeline};
use core::fmt::Write;

/// Renders the timeline as a Mermaid `sequenceDiagram`.
pub fn mermaid(timeline: &Timeline) -> String {
    mermaid_titled(timeline, "")
}

/// Renders the timeline as a Mermaid `sequenceDiagram` with a title (in the
/// front matter, which Mermaid shows above the diagram); none if empty.
pub fn mermaid_titled(timeline: &Timeline, title: &str) -> String {
    let mut out = String::new();
    if !title.is_empty() {
        // Front matter is YAML: a double-quoted string with `"` and `\` escaped.
        let yaml = title.replace('\\', "\\\\").replace('"', "\\\"");
        let _ = writeln!(out, "---\ntitle: \"{}\"\n---", clean(&yaml));
    }
    out.push_str("sequenceDiagram\n");
    out.push_str("    participant C as Client\n");
    out.push_str("    participant S as Server\n");
    out.push_str("    Note over C,S: ESTABLISHED, seq = ack = 1 on both sides\n");

    let held = held_deliveries(timeline);
    // Items of one host at one moment are gathered into a single note.
    let mut pending: Option<(Host, Millis, Vec<String>)> = None;
    let flush = |out: &mut String, pending: &mut Option<(Host, Millis, Vec<String>)>| {
        if let Some((host, _, items)) = pending.take() {
            let _ = writeln!(
                out,
                "    Note over {}: {}",
                participant(host),
                clean(&items.join(" · "))
            );
        }
    };
    for (i, e) in timeline.events.iter().enumerate() {
        let item = match e.kind {
            EventKind::App { host, call } => match call {
                // The data segment itself says it: PSH with a length.
                AppCall::Write { .. } => None,
                other => Some((host, other.label())),
            },
            EventKind::State { host, to, .. } => Some((host, to.to_string())),
            EventKind::TimerFire { host, timer } => {
                Some((host, format!("{} expired", timer_name(timer))))
            }
            EventKind::Note {
                host: Some(host),
                note,
                ..
            } => Some((host, note.english().to_string())),
            _ => None,
        };
        if let Some((host, text)) = item {
            match &mut pending {
                Some((h, t, items)) if *h == host && *t == e.t => items.push(text),
                _ => {
                    flush(&mut out, &mut pending);
                    pending = Some((host, e.t, vec![text]));
                }
            }
            continue;
        }
        match e.kind {
            EventKind::Send { segment } => {
                flush(&mut out, &mut pending);
                let dropped = flight_of(timeline, segment.n).and_then(|f| f.dropped);
                let (arrow, suffix) = match dropped {
                    None => ("->>", ""),
                    Some(DropCause::Chosen) => ("-x", " (lost)"),
                    Some(DropCause::Random) => ("-x", " (lost at random)"),
                };
                message(&mut out, &segment, arrow, suffix);
            }
            EventKind::Deliver { segment } if held.iter().any(|(k, _)| *k == i) => {
                flush(&mut out, &mut pending);
                message(&mut out, &segment, "-->>", " (old copy, held back one MSL)");
            }
            EventKind::Note {
                host: None, note, ..
            } => {
                flush(&mut out, &mut pending);
                let _ = writeln!(out, "    Note over C,S: {}", clean(note.english()));
            }
            _ => {}
        }
    }
    flush(&mut out, &mut pending);
    out
}

fn participant(host: Host) -> &'static str {
    match host {
        Host::Client => "C",
        Host::Server => "S",
    }
}

fn message(out: &mut String, seg: &Segment, arrow: &str, suffix: &str) {
    let retx = if seg.retransmission {
        " (retransmission)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "    {}{arrow}{}: {}",
        participant(seg.from),
        participant(seg.from.peer()),
        clean(&format!("[{}] {}{retx}{suffix}", seg.n, seg.label()))
    );
}

/// Text that Mermaid's sequence grammar reads back unchanged: no `#`, no `;`,
/// no line breaks, no angle brackets (which it would take for HTML).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '#' => '№',
            ';' => ',',
            '<' => '‹',
            '>' => '›',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, simulate};

    fn render(query: &str) -> String {
        mermaid(&simulate(&Scenario::from_query(query).0))
    }

    #[test]
    fn default_close_has_one_arrow_per_segment_and_state_notes() {
        let out = render("");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "sequenceDiagram");
        assert!(lines.contains(&"    participant C as Client"));
        assert!(lines.contains(&"    participant S as Server"));
        let arrows: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.contains("->>"))
            .collect();
        assert_eq!(
            arrows,
            [
                "    C->>S: [1] FIN,ACK seq=1 ack=1",
                "    S->>C: [2] ACK seq=1 ack=2",
                "    S->>C: [3] FIN,ACK seq=1 ack=2",
                "    C->>S: [4] ACK seq=2 ack=2",
            ]
        );
        assert!(lines.contains(&"    Note over C: close() · FIN-WAIT-1"));
        assert!(lines.contains(&"    Note over S: CLOSE-WAIT"));
        assert!(lines.contains(&"    Note over C: TIME-WAIT expired · CLOSED"));
    }

    #[test]
    fn lost_segment_ends_in_a_cross_and_retransmission_is_named() {
        let out = render("drop=4");
        assert!(
            out.contains("    C-xS: [4] ACK seq=2 ack=2 (lost)\n"),
            "{out}"
        );
        assert!(
            out.contains("    S->>C: [5] FIN,ACK seq=1 ack=2 (retransmission)\n"),
            "{out}"
        );
    }

    #[test]
    fn no_reserved_characters_in_any_text() {
        for q in [
            "",
            "drop=4",
            "reopen=1",
            "tw=0&drop=4",
            "data=3&drop=3",
            "abort=client",
        ] {
            for line in render(q).lines().skip(1) {
                let text = line.split_once(':').map_or("", |(_, t)| t);
                assert!(!text.contains(['#', ';', '<', '>']), "{q}: {line}");
            }
        }
    }

    #[test]
    fn held_copy_is_a_dotted_arrow() {
        let out = render("reopen=1");
        assert!(
            out.contains("    S-->>C: [3] FIN,ACK seq=1 ack=2 (old copy, held back one MSL)\n"),
            "{out}"
        );
    }
}

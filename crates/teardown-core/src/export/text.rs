//! A sequence diagram for the terminal, 100 columns wide.
//!
//! One block of rows per moment: the time on the left, then the client's lane,
//! its line, the network between the two lines, the server's line and lane.
//! A segment is drawn as an arrow in the row of its send time and says when it
//! arrives, so a reader sees the delay without a second row per delivery;
//! lost segments stop half-way at a ✕. Each host's lane hugs its own line, so
//! the client's text is right-aligned and the server's left-aligned.

use super::{flight_of, held_deliveries, timer_name};
use crate::segment::{Host, Segment};
use crate::timeline::{AppCall, DropCause, EventKind, Flight, Millis, Timeline};

/// Width of the time column.
const TIME_W: usize = 7;
/// Width of each host's lane (states, calls, timers).
const LANE_W: usize = 22;
/// Width of the network between the two host lines (arrows, notes).
const MID_W: usize = 44;

/// Renders the timeline as a text sequence diagram, at most 100 columns wide
/// (except for a very long segment label, which is shortened with `…`).
pub fn text(timeline: &Timeline) -> String {
    let mut out = String::new();
    let header = Row {
        left: "CLIENT".into(),
        right: "SERVER".into(),
        ..Row::default()
    };
    out.push_str(&render(&header, Some("t (ms)"), false));
    let states = Row {
        left: "[ESTABLISHED]".into(),
        right: "[ESTABLISHED]".into(),
        ..Row::default()
    };
    out.push_str(&render(&states, None, true));

    let held = held_deliveries(timeline);
    let mut symbols = Symbols::default();
    let mut i = 0;
    while i < timeline.events.len() {
        let t = timeline.events[i].t;
        let mut group = Group::default();
        while i < timeline.events.len() && timeline.events[i].t == t {
            let index = i;
            let kind = timeline.events[i].kind;
            i += 1;
            match kind {
                EventKind::App { host, call } => group.lane(host, app_text(call)),
                EventKind::State { host, to, .. } => group.lane(host, format!("[{to}]")),
                EventKind::TimerStart {
                    host,
                    timer,
                    deadline,
                } => group.lane(host, format!("{} until {deadline}", timer_name(timer))),
                EventKind::TimerCancel { host, timer } => {
                    group.lane(host, format!("{} stopped", timer_name(timer)))
                }
                EventKind::TimerFire { host, timer } => {
                    group.lane(host, format!("{} expired", timer_name(timer)))
                }
                EventKind::Send { segment } => {
                    let Some(flight) = flight_of(timeline, segment.n) else {
                        continue;
                    };
                    symbols.retransmission |= segment.retransmission;
                    symbols.lost |= flight.dropped.is_some();
                    group.arrow(flight);
                }
                EventKind::Deliver { segment } => {
                    // Only the copy the network held back gets an arrow of its
                    // own; every other delivery is on its send row already.
                    if let Some(copy) = held.iter().find(|(e, _)| *e == index) {
                        symbols.held = true;
                        group.held_copy(&segment, copy.1.sent);
                    }
                }
                EventKind::Drop { .. } => {}
                EventKind::Note {
                    host,
                    note,
                    segment,
                } => {
                    let who = host.map_or("network", Host::key);
                    let about = segment.map(|n| format!(" (#{n})")).unwrap_or_default();
                    group.note(host, &format!("{who}{about}: {}", note.english()));
                }
            }
        }
        if group.rows.is_empty() {
            // A moment with nothing to draw (a drop: its arrow shows it).
            continue;
        }
        out.push_str(&render(&Row::default(), None, true));
        for (k, row) in group.rows.iter().enumerate() {
            let time = (k == 0).then(|| t.to_string());
            out.push_str(&render(row, time.as_deref(), true));
        }
    }

    out.push('\n');
    out.push_str(&format!(
        "end: client {}, server {} at {} ms{}\n",
        timeline.final_state(Host::Client),
        timeline.final_state(Host::Server),
        timeline.duration,
        match timeline.end {
            crate::timeline::End::Quiet => "",
            crate::timeline::End::TimeHorizon => " (stopped at the time horizon)",
            crate::timeline::End::EventCap => " (stopped at the event cap)",
        }
    ));
    let mut legend = vec!["[STATE] state entered", "#n segment, in send order"];
    if symbols.retransmission {
        legend.push("↻ retransmission");
    }
    if symbols.lost {
        legend.push("✕ lost in the network");
    }
    if symbols.held {
        legend.push("┄ old copy the network held back");
    }
    out.push_str(&legend.join("   "));
    out.push('\n');
    out
}

/// Which marks occurred, so the legend explains only those.
#[derive(Default)]
struct Symbols {
    retransmission: bool,
    lost: bool,
    held: bool,
}

#[derive(Clone, Debug, Default)]
struct Row {
    left: String,
    mid: String,
    right: String,
    /// The lane holds an arrow's arrival time, which nothing is appended to.
    arrival: [bool; 2],
}

impl Row {
    fn lane_mut(&mut self, host: Host) -> &mut String {
        match host {
            Host::Client => &mut self.left,
            Host::Server => &mut self.right,
        }
    }
}

/// The rows of one moment. Items of one host keep their order top to bottom;
/// items of different hosts at the same moment may share a row.
#[derive(Default)]
struct Group {
    rows: Vec<Row>,
    /// The row of each host's latest item: its next item goes there or below.
    last: [usize; 2],
}

impl Group {
    fn row(&mut self, r: usize) -> &mut Row {
        while self.rows.len() <= r {
            self.rows.push(Row::default());
        }
        &mut self.rows[r]
    }

    /// A state, call or timer: appended to the host's latest lane cell if it
    /// fits, otherwise on the first row below with a free lane.
    fn lane(&mut self, host: Host, text: String) {
        // Wider than a lane (a long timer deadline): continue on the next row.
        for part in wrap(&text, LANE_W) {
            self.lane_part(host, part);
        }
    }

    fn lane_part(&mut self, host: Host, text: String) {
        let h = host.index();
        let latest = self.last[h];
        let mut r = latest;
        loop {
            let cell = self.row(r).lane_mut(host);
            if cell.is_empty() {
                *cell = text;
                break;
            }
            let arrival = self.rows[r].arrival[h];
            let cell = self.rows[r].lane_mut(host);
            if r == latest && !arrival && width(cell) + 1 + width(&text) <= LANE_W {
                cell.push(' ');
                cell.push_str(&text);
                break;
            }
            r += 1;
        }
        self.last[h] = r;
    }

    /// A segment's arrow, in the first row (at or below the sender's latest
    /// item) whose network is free and whose receiver lane can take the
    /// arrival time.
    fn arrow(&mut self, flight: &Flight) {
        let seg = flight.segment;
        let from = seg.from;
        let mut r = self.last[from.index()];
        loop {
            let row = self.row(r);
            if row.mid.is_empty()
                && (flight.dropped.is_some() || row.lane_mut(from.peer()).is_empty())
            {
                row.mid = arrow_text(&seg, flight.dropped);
                if flight.dropped.is_none() {
                    *row.lane_mut(from.peer()) = format!("arrives {}", flight.arrives);
                    row.arrival[from.peer().index()] = true;
                }
                break;
            }
            r += 1;
        }
        self.last[from.index()] = r;
    }

    /// The held-back copy of `reopen=1`, drawn at its late arrival.
    fn held_copy(&mut self, seg: &Segment, sent: Millis) {
        let mut label = format!("#{} {} (sent {sent})", seg.n, seg.label());
        // It arrives now: the receiver's reaction follows it.
        let to = seg.from.peer().index();
        let mut r = self.last[to];
        while !self.row(r).mid.is_empty() {
            r += 1;
        }
        fit(&mut label, MID_W - 4);
        let fill = MID_W - 3 - width(&label);
        self.row(r).mid = match seg.from {
            Host::Client => format!("┄┄{label}{}▶", "┄".repeat(fill)),
            Host::Server => format!("◀{}{label}┄┄", "┄".repeat(fill)),
        };
        self.last[to] = r;
    }

    /// A note, wrapped into consecutive rows of the network column.
    fn note(&mut self, host: Option<Host>, text: &str) {
        // One space before the first line, three before the others.
        let lines = wrap(text, MID_W - 4);
        let start = host.map_or(0, |h| self.last[h.index()]);
        let mut r = start;
        while (r..r + lines.len()).any(|k| !self.row(k).mid.is_empty()) {
            r += 1;
        }
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            let indent = if k == 0 { " " } else { "   " };
            self.row(r + k).mid = format!("{indent}{line}");
        }
        if let Some(h) = host {
            self.last[h.index()] = r + n - 1;
        }
    }
}

fn app_text(call: AppCall) -> String {
    call.label()
}

/// `#1 FIN,ACK seq=1 ack=1`, with `↻` for a retransmission.
fn seg_label(seg: &Segment) -> String {
    let mark = if seg.retransmission { "↻" } else { "" };
    format!("{mark}#{} {}", seg.n, seg.label())
}

/// An arrow across the network column, pointing at the receiver; a lost one
/// stops half-way at a ✕.
fn arrow_text(seg: &Segment, dropped: Option<DropCause>) -> String {
    let mut label = seg_label(seg);
    match dropped {
        None => {
            fit(&mut label, MID_W - 5);
            let fill = MID_W - 4 - width(&label);
            match seg.from {
                Host::Client => format!("──{label}{}▶", "─".repeat(fill + 1)),
                Host::Server => format!("◀{}{label}──", "─".repeat(fill + 1)),
            }
        }
        Some(cause) => {
            let why = match cause {
                DropCause::Chosen => "lost",
                DropCause::Random => "lost (random)",
            };
            // The ✕ always faces the arrow's tail.
            let lost = match seg.from {
                Host::Client => format!("✕ {why}"),
                Host::Server => format!("{why} ✕"),
            };
            let lost = lost.as_str();
            fit(&mut label, MID_W - 4 - width(lost));
            // The ✕ sits past the middle, where the drop happens.
            let used = 2 + width(&label) + width(lost);
            let fill = (MID_W / 2 + 2).saturating_sub(2 + width(&label)).max(2);
            let fill = fill.min(MID_W.saturating_sub(used)).max(1);
            match seg.from {
                Host::Client => format!("──{label}{}{lost}", "─".repeat(fill)),
                Host::Server => {
                    let s = format!("{lost}{}{label}──", "─".repeat(fill));
                    format!("{}{s}", " ".repeat(MID_W.saturating_sub(width(&s))))
                }
            }
        }
    }
}

fn render(row: &Row, time: Option<&str>, lines: bool) -> String {
    let bar = if lines { "│" } else { " " };
    let line = format!(
        "{:>tw$} {:>lw$} {bar}{:<mw$}{bar} {}",
        time.unwrap_or(""),
        row.left,
        row.mid,
        row.right,
        tw = TIME_W,
        lw = LANE_W,
        mw = MID_W,
    );
    format!("{}\n", line.trim_end())
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Shortens `s` to `max` characters, ending in `…` when cut.
fn fit(s: &mut String, max: usize) {
    if width(s) > max {
        *s = s.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
    }
}

/// Greedy word wrap to `w` characters.
fn wrap(text: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && width(&line) + 1 + width(word) > w {
            lines.push(core::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, simulate};

    fn render(query: &str) -> String {
        text(&simulate(&Scenario::from_query(query).0))
    }

    #[test]
    fn default_close_shows_four_segments_and_every_state() {
        let out = render("");
        for label in [
            "#1 FIN,ACK seq=1 ack=1",
            "#2 ACK seq=1 ack=2",
            "#3 FIN,ACK seq=1 ack=2",
            "#4 ACK seq=2 ack=2",
        ] {
            assert!(out.contains(label), "{label} missing:\n{out}");
        }
        for state in [
            "[FIN-WAIT-1]",
            "[FIN-WAIT-2]",
            "[CLOSE-WAIT]",
            "[LAST-ACK]",
            "[TIME-WAIT]",
            "[CLOSED]",
        ] {
            assert!(out.contains(state), "{state} missing:\n{out}");
        }
        assert!(out.contains("arrives 100"));
    }

    #[test]
    fn fits_in_100_columns() {
        for q in [
            "",
            "drop=4",
            "data=3&drop=3",
            "reopen=1",
            "tw=0&drop=4",
            "loss=40&seed=3",
        ] {
            for line in render(q).lines() {
                assert!(width(line) <= 100, "{q}: {} columns: {line}", width(line));
            }
        }
    }

    #[test]
    fn lost_segment_is_marked_and_retransmission_flagged() {
        let out = render("drop=4");
        let lost = out.lines().find(|l| l.contains("#4 ")).unwrap();
        assert!(lost.contains("✕ lost"), "{lost}");
        assert!(!lost.contains("arrives"), "{lost}");
        assert!(out.contains("↻#5 FIN,ACK seq=1 ack=2"), "{out}");
    }

    #[test]
    fn held_copy_of_reopen_is_drawn_at_its_arrival() {
        let out = render("reopen=1");
        let row = out.lines().find(|l| l.contains('┄')).unwrap();
        assert!(row.trim_start().starts_with("3000"), "{row}");
        assert!(row.contains("#3 FIN,ACK seq=1 ack=2 (sent 1000)"), "{row}");
    }
}

//! A self-contained SVG sequence diagram, for slides and course pages.
//!
//! Time runs downward. Each host has a line whose colour shows its state;
//! state names, calls and timers are written beside it; every segment is a
//! slanted arrow from its send time to its arrival time, so the link delay is
//! visible; a lost segment stops half-way at a ✕. Notes are numbered on the
//! diagram and spelled out below it, so long sentences never cover arrows.
//!
//! Vertical spacing is not to scale: a close lasts hundreds of milliseconds
//! but TIME-WAIT seconds or minutes, so a gap's height grows with the
//! logarithm of its length (and always leaves room for the labels written at
//! a moment). The diagram says so in its subtitle.
//!
//! Everything is drawn with plain shapes (arrowheads are polygons, not
//! markers) and styled by classes in one `<style>` element with concrete
//! colours (no CSS variables), so the file renders the same in browsers,
//! Inkscape, LibreOffice and slide software, and scales crisply to any size.
//! Classes are prefixed `td-` so an inlined SVG does not restyle its page.

use super::{held_deliveries, timer_name};
use crate::segment::{Host, Segment};
use crate::state::State;
use crate::timeline::{DropCause, EventKind, Millis, Timeline, TimerKind};
use core::fmt::Write;

/// Colour scheme of an exported SVG.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Dark lines on white: documents and light slides.
    #[default]
    Light,
    /// Light lines on near-black: dark slides and dark-mode pages.
    Dark,
}

/// Renders the timeline as an SVG document titled "TCP connection close".
pub fn svg(timeline: &Timeline, theme: Theme) -> String {
    svg_titled(timeline, theme, "TCP connection close")
}

const WIDTH: f64 = 820.0;
const X_CLIENT: f64 = 270.0;
const X_SERVER: f64 = 610.0;
/// Labels beside a line keep this distance from it (timer brackets sit between).
const LABEL_GAP: f64 = 28.0;
const LINE_H: f64 = 13.0;
const Y_FIRST: f64 = 136.0;

struct Colors {
    bg: &'static str,
    fg: &'static str,
    muted: &'static str,
    grid: &'static str,
    box_fill: &'static str,
    seg: &'static str,
    retx: &'static str,
    lost: &'static str,
    held: &'static str,
    established: &'static str,
    closing: &'static str,
    time_wait: &'static str,
    closed: &'static str,
    opening: &'static str,
}

const LIGHT: Colors = Colors {
    bg: "#ffffff",
    fg: "#1f2328",
    muted: "#59636e",
    grid: "#eaeef2",
    box_fill: "#f6f8fa",
    seg: "#0969da",
    retx: "#bc4c00",
    lost: "#cf222e",
    held: "#8250df",
    established: "#1a7f37",
    closing: "#bf8700",
    time_wait: "#8250df",
    closed: "#8c959f",
    opening: "#1b7c83",
};

const DARK: Colors = Colors {
    bg: "#0d1117",
    fg: "#e6edf3",
    muted: "#9198a1",
    grid: "#21262d",
    box_fill: "#161b22",
    seg: "#4493f8",
    retx: "#f0883e",
    lost: "#ff7b72",
    held: "#bc8cff",
    established: "#3fb950",
    closing: "#d29922",
    time_wait: "#bc8cff",
    closed: "#6e7681",
    opening: "#39c5cf",
};

/// Renders the timeline as an SVG document with the given title.
pub fn svg_titled(timeline: &Timeline, theme: Theme, title: &str) -> String {
    let c = match theme {
        Theme::Light => &LIGHT,
        Theme::Dark => &DARK,
    };
    let layout = Layout::new(timeline);
    let notes: Vec<(Millis, Option<Host>, &'static str, Option<u32>)> = timeline
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Note {
                host,
                note,
                segment,
            } => Some((e.t, host, note.english(), segment)),
            _ => None,
        })
        .collect();
    let y_end = layout.y_end;
    let notes_top = y_end + 34.0;
    let legend_top =
        notes_top + notes.len() as f64 * 16.0 + if notes.is_empty() { 0.0 } else { 14.0 };
    let height = legend_top + 64.0;

    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="td-title td-desc" font-family="ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif">"#,
        w = px(WIDTH),
        h = px(height),
    );
    s.push('\n');
    let _ = writeln!(s, r#"<title id="td-title">{}</title>"#, esc(title));
    let _ = writeln!(
        s,
        r#"<desc id="td-desc">Sequence diagram of a simulated TCP connection close between a client and a server: {} segments, ending with the client {} and the server {} at {} ms. Made with Teardown.</desc>"#,
        timeline.flights.iter().filter(|f| !f.duplicate).count(),
        timeline.final_state(Host::Client),
        timeline.final_state(Host::Server),
        timeline.duration,
    );
    style(&mut s, c);
    let _ = writeln!(
        s,
        r#"<rect class="td-bg" x="0" y="0" width="{}" height="{}"/>"#,
        px(WIDTH),
        px(height)
    );

    // Title and host headers.
    let _ = writeln!(
        s,
        r#"<text class="td-title" x="24" y="32">{}</text>"#,
        esc(title)
    );
    let _ = writeln!(
        s,
        r#"<text class="td-sub" x="24" y="50">Time runs downward (ms). Spacing grows with elapsed time; not to scale.</text>"#
    );
    for (host, x, addr) in [
        (Host::Client, X_CLIENT, "10.0.0.1:50000"),
        (Host::Server, X_SERVER, "10.0.0.2:80"),
    ] {
        let name = match host {
            Host::Client => "Client",
            Host::Server => "Server",
        };
        let _ = writeln!(
            s,
            r#"<rect class="td-host" x="{}" y="66" width="132" height="38" rx="6"/><text class="td-hostname" x="{}" y="83">{name}</text><text class="td-addr" x="{}" y="97">{addr}</text>"#,
            px(x - 66.0),
            px(x),
            px(x),
        );
    }

    // Time grid and axis.
    let mut last_label = f64::NEG_INFINITY;
    for (&t, &y) in layout.times.iter().zip(&layout.ys) {
        let _ = writeln!(
            s,
            r#"<line class="td-grid" x1="64" y1="{y}" x2="{x2}" y2="{y}"/>"#,
            y = px(y),
            x2 = px(WIDTH - 16.0)
        );
        if y - last_label >= 11.0 {
            let _ = writeln!(
                s,
                r#"<text class="td-time" x="58" y="{}">{t}</text>"#,
                px(y + 3.5)
            );
            last_label = y;
        }
    }

    // Host lines, coloured by state.
    for x in [X_CLIENT, X_SERVER] {
        let _ = writeln!(
            s,
            r#"<line class="td-life" x1="{x}" y1="104" x2="{x}" y2="{}"/>"#,
            px(y_end),
            x = px(x)
        );
    }
    for span in &timeline.states {
        let x = host_x(span.host);
        let y1 = layout.y(span.start);
        let last = timeline
            .states
            .iter()
            .rev()
            .find(|s| s.host == span.host)
            .is_some_and(|l| core::ptr::eq(l, span));
        let y2 = if last { y_end } else { layout.y(span.end) };
        if y2 > y1 {
            let _ = writeln!(
                s,
                r#"<rect class="td-st {}" x="{}" y="{}" width="6" height="{}"><title>{}</title></rect>"#,
                state_class(span.state),
                px(x - 3.0),
                px(y1),
                px(y2 - y1),
                span.state
            );
        }
    }

    // Timer brackets, on the outer side of each line.
    for span in &timeline.timers {
        let lane = match span.timer {
            TimerKind::Retransmit | TimerKind::TimeWait => 10.0,
            TimerKind::DelayedAck | TimerKind::FinWait2 => 17.0,
        };
        let out = outward(span.host);
        let x = host_x(span.host) + out * lane;
        let (y1, y2) = (layout.y(span.start), layout.y(span.end));
        let _ = write!(
            s,
            r#"<path class="td-timer" d="M{} {}H{}V{}H{}"><title>{} timer: {} → {} ms{}</title></path>"#,
            px(x - out * 3.0),
            px(y1),
            px(x),
            px(y2),
            px(x - out * 3.0),
            timer_name(span.timer),
            span.start,
            span.end,
            if span.fired { ", expired" } else { ", stopped" }
        );
        if span.fired {
            let _ = write!(
                s,
                r#"<circle class="td-fired" cx="{}" cy="{}" r="2.6"/>"#,
                px(x),
                px(y2)
            );
        }
        s.push('\n');
    }

    // Labels beside the lines: calls, states, timers started.
    for (k, per_host) in layout.labels.iter().enumerate() {
        let y = layout.ys[k];
        for host in Host::BOTH {
            let (x, anchor) = match host {
                Host::Client => (X_CLIENT - LABEL_GAP, "end"),
                Host::Server => (X_SERVER + LABEL_GAP, "start"),
            };
            for (line, (class, text)) in per_host[host.index()].iter().enumerate() {
                let _ = writeln!(
                    s,
                    r#"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
                    px(x),
                    px(y + 4.0 + line as f64 * LINE_H),
                    esc(text)
                );
            }
        }
    }
    // The state both hosts start in.
    for host in Host::BOTH {
        let (x, anchor) = match host {
            Host::Client => (X_CLIENT - LABEL_GAP, "end"),
            Host::Server => (X_SERVER + LABEL_GAP, "start"),
        };
        let _ = writeln!(
            s,
            r#"<text class="td-state" x="{}" y="{}" text-anchor="{anchor}">ESTABLISHED</text>"#,
            px(x),
            px(Y_FIRST - 16.0)
        );
    }

    // Segments.
    for f in timeline.flights.iter().filter(|f| !f.duplicate) {
        arrow(&mut s, &layout, &f.segment, f.sent, f.arrives, f.dropped);
    }
    for (i, copy) in held_deliveries(timeline) {
        let arrival = timeline.events[i].t;
        held_arrow(&mut s, &layout, &copy.segment, copy.sent, arrival);
    }

    // Note markers on the diagram, and their text below it.
    // Several notes at one moment and host sit side by side, in reading order.
    let mut at_same: Vec<(Millis, Option<Host>)> = Vec::new();
    for (k, &(t, host, _, _)) in notes.iter().enumerate() {
        let nth = at_same.iter().filter(|&&p| p == (t, host)).count() as f64;
        let all = notes.iter().filter(|n| (n.0, n.1) == (t, host)).count() as f64;
        at_same.push((t, host));
        let x = match host {
            Some(Host::Client) => X_CLIENT + 16.0 + nth * 17.0,
            Some(Host::Server) => X_SERVER - 16.0 - (all - 1.0 - nth) * 17.0,
            None => (X_CLIENT + X_SERVER) / 2.0 + nth * 17.0,
        };
        let y = layout.y(t);
        let _ = writeln!(
            s,
            r#"<g class="td-mark"><circle cx="{}" cy="{}" r="7.5"/><text x="{}" y="{}">{}</text></g>"#,
            px(x),
            px(y),
            px(x),
            px(y + 3.5),
            k + 1
        );
    }
    for (k, &(t, host, text, segment)) in notes.iter().enumerate() {
        let y = notes_top + k as f64 * 16.0;
        let who = host.map_or("network", Host::key);
        let about = segment
            .map(|n| format!(" (segment #{n})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            r#"<g class="td-mark"><circle cx="32" cy="{}" r="7.5"/><text x="32" y="{}">{}</text></g><text class="td-note" x="48" y="{}">{t} ms, {who}{about}: {}</text>"#,
            px(y - 4.0),
            px(y - 0.5),
            k + 1,
            px(y),
            esc(text)
        );
    }

    legend(&mut s, legend_top);
    s.push_str("</svg>\n");
    s
}

fn style(s: &mut String, c: &Colors) {
    let _ = writeln!(
        s,
        "<style>
.td-bg{{fill:{bg}}}
text{{fill:{fg};font-size:11px}}
.td-title{{font-size:17px;font-weight:600}}
.td-sub{{fill:{muted}}}
.td-host{{fill:{box_fill};stroke:{fg};stroke-width:1.2}}
.td-hostname{{font-size:13px;font-weight:600;text-anchor:middle}}
.td-addr{{fill:{muted};font-size:9.5px;text-anchor:middle;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}}
.td-grid{{stroke:{grid};stroke-width:1}}
.td-time{{fill:{muted};font-size:10px;text-anchor:end;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}}
.td-life{{stroke:{closed};stroke-width:1.2;stroke-dasharray:3 3}}
.td-st-established{{fill:{established}}}
.td-st-closing{{fill:{closing}}}
.td-st-time-wait{{fill:{time_wait}}}
.td-st-closed{{fill:{closed};opacity:.45}}
.td-st-opening{{fill:{opening}}}
.td-state{{font-weight:600}}
.td-call{{fill:{muted};font-style:italic}}
.td-tlabel{{fill:{muted};font-size:10px}}
.td-timer{{fill:none;stroke:{muted};stroke-width:1.2}}
.td-fired{{fill:{muted}}}
.td-seg line,.td-seg path{{stroke:{seg};stroke-width:1.6;fill:none}}
.td-seg polygon{{fill:{seg}}}
.td-seg text{{fill:{seg};font-size:10.5px;text-anchor:middle;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}}
.td-seg.td-retx line{{stroke:{retx}}}
.td-seg.td-retx polygon{{fill:{retx}}}
.td-seg.td-retx text{{fill:{retx}}}
.td-seg.td-lost line{{stroke:{lost};stroke-dasharray:5 3}}
.td-seg.td-lost path{{stroke:{lost};stroke-width:2.4}}
.td-seg.td-lost text{{fill:{lost}}}
.td-seg.td-held line{{stroke:{held};stroke-dasharray:1.5 3}}
.td-seg.td-held polygon{{fill:{held}}}
.td-seg.td-held text{{fill:{held}}}
.td-mark circle{{fill:{bg};stroke:{fg};stroke-width:1}}
.td-mark text{{font-size:9.5px;font-weight:600;text-anchor:middle}}
.td-note{{font-size:11px}}
.td-legend{{fill:{muted};font-size:10.5px}}
</style>",
        bg = c.bg,
        fg = c.fg,
        muted = c.muted,
        grid = c.grid,
        box_fill = c.box_fill,
        seg = c.seg,
        retx = c.retx,
        lost = c.lost,
        held = c.held,
        established = c.established,
        closing = c.closing,
        time_wait = c.time_wait,
        closed = c.closed,
        opening = c.opening,
    );
}

/// Where every moment of the timeline sits vertically, and what is written
/// beside each line at that moment.
struct Layout {
    times: Vec<Millis>,
    ys: Vec<f64>,
    /// Per moment, per host: `(class, text)` lines.
    labels: Vec<[Vec<(&'static str, String)>; 2]>,
    y_end: f64,
}

impl Layout {
    fn new(timeline: &Timeline) -> Layout {
        let times = timeline.step_times();
        let mut labels: Vec<[Vec<(&'static str, String)>; 2]> =
            times.iter().map(|_| Default::default()).collect();
        for e in &timeline.events {
            let k = times.partition_point(|&t| t < e.t);
            let item = match e.kind {
                EventKind::App { host, call } => Some((host, "td-call", call.label())),
                EventKind::State { host, to, .. } => Some((host, "td-state", to.to_string())),
                EventKind::TimerStart {
                    host,
                    timer,
                    deadline,
                } => Some((
                    host,
                    "td-tlabel",
                    format!("{} until {deadline}", timer_name(timer)),
                )),
                _ => None,
            };
            if let Some((host, class, text)) = item {
                labels[k][host.index()].push((class, text));
            }
        }
        // The typical one-way delay: a gap that long gets a moderate height,
        // so arrows slant clearly; much longer gaps grow only logarithmically.
        let delay = timeline
            .flights
            .iter()
            .filter(|f| !f.duplicate)
            .map(|f| f.arrives - f.sent)
            .min()
            .unwrap_or(100)
            .max(1) as f64;
        let mut ys = Vec::with_capacity(times.len());
        let mut y = Y_FIRST;
        for (k, &t) in times.iter().enumerate() {
            if k > 0 {
                let dt = (t - times[k - 1]) as f64;
                let gap = 30.0 + 30.0 * (1.0 + dt / delay).ln();
                let lines = labels[k - 1][0].len().max(labels[k - 1][1].len()) as f64;
                y += gap.max(lines * LINE_H + 8.0);
            }
            ys.push(y);
        }
        let last_lines = labels
            .last()
            .map_or(0, |l| l[0].len().max(l[1].len()))
            .max(1) as f64;
        let y_end = y + last_lines * LINE_H + 24.0;
        Layout {
            times,
            ys,
            labels,
            y_end,
        }
    }

    /// The height of time `t`, interpolated between moments when `t` is not one.
    fn y(&self, t: Millis) -> f64 {
        match self.times.binary_search(&t) {
            Ok(k) => self.ys[k],
            Err(0) => self.ys.first().copied().unwrap_or(Y_FIRST),
            Err(k) if k >= self.times.len() => self.ys[k - 1],
            Err(k) => {
                let (t0, t1) = (self.times[k - 1] as f64, self.times[k] as f64);
                let f = (t as f64 - t0) / (t1 - t0);
                self.ys[k - 1] + f * (self.ys[k] - self.ys[k - 1])
            }
        }
    }
}

fn host_x(host: Host) -> f64 {
    match host {
        Host::Client => X_CLIENT,
        Host::Server => X_SERVER,
    }
}

/// -1 for the client (its outer side is the left), +1 for the server.
fn outward(host: Host) -> f64 {
    match host {
        Host::Client => -1.0,
        Host::Server => 1.0,
    }
}

fn state_class(state: State) -> &'static str {
    match state {
        State::Established => "td-st-established",
        State::FinWait1 | State::FinWait2 | State::CloseWait | State::Closing | State::LastAck => {
            "td-st-closing"
        }
        State::TimeWait => "td-st-time-wait",
        State::Closed => "td-st-closed",
        State::Listen | State::SynSent | State::SynReceived => "td-st-opening",
    }
}

/// One segment: a slanted line from the sender at its send time to the
/// receiver at its arrival, or to the middle with a ✕ if it was lost.
fn arrow(
    s: &mut String,
    layout: &Layout,
    seg: &Segment,
    sent: Millis,
    arrives: Millis,
    dropped: Option<DropCause>,
) {
    let (x1, y1) = (host_x(seg.from), layout.y(sent));
    let dir = -outward(seg.from);
    // Stop just short of the receiver's state bar so the head shows.
    let (x2, y2) = (host_x(seg.from.peer()) - dir * 4.0, layout.y(arrives));
    let mut class = String::from("td-seg");
    if seg.retransmission {
        class.push_str(" td-retx");
    }
    if dropped.is_some() {
        class.push_str(" td-lost");
    }
    let mut label = format!("#{} {}", seg.n, seg.label());
    if seg.retransmission {
        label = format!("↻ {label}");
    }
    let _ = write!(
        s,
        r#"<g class="{class}"><title>{}</title>"#,
        esc(&tooltip(seg, sent, arrives, dropped))
    );
    // The line ends at the receiver, or half-way (at the time the timeline
    // records the drop) with a ✕ if the segment was lost.
    let (ex, ey) = match dropped {
        None => (x2, y2),
        Some(_) => ((x1 + x2) / 2.0, layout.y(sent + (arrives - sent) / 2)),
    };
    let _ = write!(
        s,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        px(x1),
        px(y1),
        px(ex),
        px(ey)
    );
    match dropped {
        None => head(s, x1, y1, x2, y2),
        Some(_) => {
            let _ = write!(
                s,
                r#"<path d="M{} {}l10 10m0 -10l-10 10"/><text x="{}" y="{}">lost</text>"#,
                px(ex - 5.0),
                px(ey - 5.0),
                px(ex),
                // On the side of the ✕ away from the label.
                px(match seg.from {
                    Host::Client => ey + 19.0,
                    Host::Server => ey - 10.0,
                })
            );
        }
    }
    // The label rides along the line, near the sender, above it for the
    // client's segments and below it for the server's, so FINs that cross
    // keep their labels apart.
    let f = if dropped.is_some() { 0.5 } else { 0.3 };
    let (lx, ly) = (x1 + (ex - x1) * f, y1 + (ey - y1) * f);
    let angle = upright_angle(ex - x1, ey - y1);
    let dy = match seg.from {
        Host::Client => "-5",
        Host::Server => "12",
    };
    let _ = writeln!(
        s,
        r#"<text transform="translate({} {}) rotate({})" y="{dy}">{}</text></g>"#,
        px(lx),
        px(ly),
        px(angle),
        esc(&label)
    );
}

/// The copy the network held back (`reopen=1`): a dotted arrow from the
/// original send to its late arrival.
fn held_arrow(s: &mut String, layout: &Layout, seg: &Segment, sent: Millis, arrival: Millis) {
    let (x1, y1) = (host_x(seg.from), layout.y(sent));
    let dir = -outward(seg.from);
    let (x2, y2) = (host_x(seg.from.peer()) - dir * 4.0, layout.y(arrival));
    let _ = write!(
        s,
        r#"<g class="td-seg td-held"><title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        esc(&format!(
            "#{} {}: a copy the network held back, sent at {sent} ms, arrives at {arrival} ms",
            seg.n,
            seg.label()
        )),
        px(x1),
        px(y1),
        px(x2),
        px(y2)
    );
    head(s, x1, y1, x2, y2);
    let (lx, ly) = (x1 + (x2 - x1) * 0.5, y1 + (y2 - y1) * 0.5);
    let _ = writeln!(
        s,
        r#"<text transform="translate({} {}) rotate({})" y="-5">#{} old copy, held back</text></g>"#,
        px(lx),
        px(ly),
        px(upright_angle(x2 - x1, y2 - y1)),
        seg.n
    );
}

/// An arrowhead at `(x2, y2)` pointing along the line from `(x1, y1)`.
fn head(s: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (bx, by) = (x2 - ux * 9.0, y2 - uy * 9.0);
    let (nx, ny) = (-uy * 4.0, ux * 4.0);
    let _ = write!(
        s,
        r#"<polygon points="{},{} {},{} {},{}"/>"#,
        px(x2),
        px(y2),
        px(bx + nx),
        px(by + ny),
        px(bx - nx),
        px(by - ny)
    );
}

/// The angle of a line in degrees, turned so that text along it is upright.
pub fn upright_angle(dx: f64, dy: f64) -> f64 {
    let (dx, dy) = if dx < 0.0 { (-dx, -dy) } else { (dx, dy) };
    dy.atan2(dx).to_degrees()
}

fn tooltip(seg: &Segment, sent: Millis, arrives: Millis, dropped: Option<DropCause>) -> String {
    let what = if seg.retransmission {
        "retransmission"
    } else {
        "segment"
    };
    let fate = match dropped {
        None => format!("arrives at {arrives} ms"),
        Some(DropCause::Chosen) => "lost in the network (chosen in the scenario)".to_string(),
        Some(DropCause::Random) => "lost in the network (random loss)".to_string(),
    };
    format!(
        "{what} #{} from the {}: {}, sent at {sent} ms, {fate}",
        seg.n,
        seg.from,
        seg.label()
    )
}

fn legend(s: &mut String, top: f64) {
    let y = top;
    let _ = writeln!(
        s,
        r#"<g class="td-seg"><line x1="24" y1="{y}" x2="58" y2="{y}"/><polygon points="62,{y} 53,{a} 53,{b}"/></g><text class="td-legend" x="68" y="{t}">segment</text>
<g class="td-seg td-retx"><line x1="140" y1="{y}" x2="174" y2="{y}"/><polygon points="178,{y} 169,{a} 169,{b}"/></g><text class="td-legend" x="184" y="{t}">retransmission</text>
<g class="td-seg td-lost"><line x1="286" y1="{y}" x2="312" y2="{y}"/><path d="M312 {c}l10 10m0 -10l-10 10"/></g><text class="td-legend" x="330" y="{t}">lost</text>
<g class="td-seg td-held"><line x1="374" y1="{y}" x2="408" y2="{y}"/><polygon points="412,{y} 403,{a} 403,{b}"/></g><text class="td-legend" x="418" y="{t}">old copy held back</text>
<path class="td-timer" d="M540 {c}H543V{d}H540"/><circle class="td-fired" cx="543" cy="{d}" r="2.6"/><text class="td-legend" x="552" y="{t}">timer (● expired)</text>"#,
        y = px(y),
        a = px(y - 4.0),
        b = px(y + 4.0),
        c = px(y - 6.0),
        d = px(y + 6.0),
        t = px(y + 3.5),
    );
    let y2 = y + 24.0;
    let mut x = 24.0;
    for (class, name) in [
        ("td-st-established", "ESTABLISHED"),
        (
            "td-st-closing",
            "closing (FIN-WAIT, CLOSE-WAIT, CLOSING, LAST-ACK)",
        ),
        ("td-st-time-wait", "TIME-WAIT"),
        ("td-st-closed", "CLOSED"),
        ("td-st-opening", "opening"),
    ] {
        let _ = writeln!(
            s,
            r#"<rect class="td-st {class}" x="{}" y="{}" width="6" height="14"/><text class="td-legend" x="{}" y="{}">{name}</text>"#,
            px(x),
            px(y2 - 7.0),
            px(x + 11.0),
            px(y2 + 3.5)
        );
        x += 26.0 + name.chars().count() as f64 * 6.0;
    }
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn px(v: f64) -> String {
    super::decimal_trim(v, 1)
}

/// Escapes text for XML content and attribute values (also the page's SVG markup strings).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, simulate};

    fn render(query: &str, theme: Theme) -> String {
        svg(&simulate(&Scenario::from_query(query).0), theme)
    }

    /// A small well-formedness check: every tag opened is closed in order,
    /// attributes are quoted, and no stray `<` or `&` appears in text.
    fn assert_well_formed(doc: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = doc;
        while let Some(open) = rest.find('<') {
            let text = &rest[..open];
            assert!(!text.contains('>'), "stray > in text: {text}");
            for (i, _) in text.match_indices('&') {
                let entity = &text[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bare & in text: {text}"
                );
            }
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "< inside a tag: {tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split([' ', '\n']).next().unwrap();
                stack.push(name);
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn well_formed_for_every_kind_of_close() {
        for q in [
            "",
            "drop=4",
            "close=both",
            "reopen=1",
            "data=3&drop=3",
            "tw=0&drop=4",
            "abort=server",
            "loss=50&seed=7",
        ] {
            let doc = render(q, Theme::Light);
            assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert_well_formed(&doc);
        }
    }

    #[test]
    fn every_segment_is_drawn_with_its_label() {
        let t = simulate(&Scenario::from_query("drop=4").0);
        let doc = svg(&t, Theme::Light);
        for f in &t.flights {
            let label = format!("#{} {}", f.segment.n, f.segment.label());
            assert!(doc.contains(&label), "{label} missing");
        }
        assert_eq!(
            doc.matches("<g class=\"td-seg").count(),
            t.flights.len() + 4
        );
        assert!(doc.contains("td-seg td-lost"));
        assert!(doc.contains("↻ #5 FIN,ACK seq=1 ack=2"));
    }

    #[test]
    fn dark_differs_from_light_only_in_colours() {
        let light = render("", Theme::Light);
        let dark = render("", Theme::Dark);
        assert_ne!(light, dark);
        assert!(dark.contains(DARK.bg) && !light.contains(DARK.bg));
        let strip = |s: &str| s.split("</style>").nth(1).unwrap().to_string();
        assert_eq!(strip(&light), strip(&dark));
    }

    #[test]
    fn title_text_is_escaped() {
        let t = simulate(&Scenario::default());
        let doc = svg_titled(&t, Theme::Light, "a < b & \"c\"");
        assert!(doc.contains("a &lt; b &amp; &quot;c&quot;"));
        assert_well_formed(&doc);
    }

    #[test]
    fn notes_are_numbered_and_listed() {
        let doc = render("drop=4", Theme::Light);
        assert!(doc.contains(
            "2100 ms, client (segment #5): the peer&apos;s FIN again in TIME-WAIT: ACK it again and restart the TIME-WAIT timer"
        ));
    }
}

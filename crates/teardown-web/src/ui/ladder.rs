//! The sequence diagram ("ladder"): two time lines, one slanted arrow per
//! segment from send to arrival, state names where they change, timer
//! brackets, and the quiet stretches the compressed axis skipped.
//!
//! It is drawn in three layers so a frame costs almost nothing:
//! - [`LadderBase`] (lines, skips, time labels, faint "ghost" arrows of what is
//!   still to come): depends only on the model and the language.
//! - [`LadderInk`] (the arrows, state names and timers that have happened):
//!   re-rendered only when a segment is sent or a state changes, i.e. when the
//!   counts found by binary search change.
//! - the clip rectangle and the "now" line: two attributes and the line's label per frame,
//!   written by the playhead's painter (`ui::Playhead`) between renders. The ink is clipped
//!   at the playback time, so an arrow in flight grows downwards.

use std::rc::Rc;

use web_sys::MouseEvent;
use yew::prelude::*;

use super::{Playhead, Shared, host_name, num, use_painter};
use crate::fmt;
use crate::i18n::{Lang, Msg, tr, trf};
use crate::model::Model;
use teardown_core::{AppCall, DropCause, Flight, Host, TimerKind};

/// Layout of the diagram in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub width: f64,
    pub x_client: f64,
    pub x_server: f64,
    /// y of the playback start.
    pub top: f64,
    /// SVG units per axis ms.
    pub scale: f64,
    /// Axis position of the playback start.
    u0: f64,
    pub height: f64,
    /// The narrow layout for phones: no time column, lines closer to the edges.
    pub compact: bool,
}

impl Geometry {
    /// Largest drawing height: long scenarios shrink rather than scroll forever.
    const MAX_HEIGHT: f64 = 2400.0;
    /// SVG units a one-way delay takes: enough for the arrows to slant visibly.
    const DELAY_HEIGHT: f64 = 44.0;

    pub fn new(model: &Model, compact: bool) -> Geometry {
        let u0 = model.axis.to_axis(model.start);
        let len = (model.axis.to_axis(model.end) - u0).max(1.0);
        let delay = model.scenario.delay_ms.max(1) as f64;
        let scale = (Self::DELAY_HEIGHT / delay).min(Self::MAX_HEIGHT / len);
        let top = 56.0;
        let (width, x_client, x_server) = if compact {
            (360.0, 96.0, 264.0)
        } else {
            (560.0, 180.0, 420.0)
        };
        Geometry {
            width,
            x_client,
            x_server,
            top,
            scale,
            u0,
            height: top + len * scale + 36.0,
            compact,
        }
    }

    pub fn y(&self, model: &Model, t: f64) -> f64 {
        self.top + (model.axis.to_axis(t) - self.u0) * self.scale
    }

    /// Where a host's state names are written (right-aligned for the client).
    pub fn label_x(&self, host: Host) -> f64 {
        let gap = if self.compact { 24.0 } else { 30.0 };
        match host {
            Host::Client => self.x_client - gap,
            Host::Server => self.x_server + gap,
        }
    }

    /// The simulated time drawn at height `y`.
    pub fn t_at(&self, model: &Model, y: f64) -> f64 {
        model.axis.from_axis((y - self.top) / self.scale + self.u0)
    }

    pub fn x(&self, host: Host) -> f64 {
        match host {
            Host::Client => self.x_client,
            Host::Server => self.x_server,
        }
    }
}

/// Where an arrow is drawn: from its send to its arrival, or to the
/// half-way point where the network lost it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArrowPath {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    /// The would-be arrival of a lost segment.
    pub ghost_end: Option<(f64, f64)>,
}

pub fn arrow_path(g: &Geometry, model: &Model, f: &Flight) -> ArrowPath {
    let (x1, y1) = (g.x(f.segment.from), g.y(model, f.sent as f64));
    let (xe, ye) = (g.x(f.segment.from.peer()), g.y(model, f.arrives as f64));
    if f.dropped.is_some() {
        let mid_t = (f.sent + f.arrives) as f64 / 2.0;
        ArrowPath {
            x1,
            y1,
            x2: (x1 + xe) / 2.0,
            y2: g.y(model, mid_t),
            ghost_end: Some((xe, ye)),
        }
    } else {
        ArrowPath {
            x1,
            y1,
            x2: xe,
            y2: ye,
            ghost_end: None,
        }
    }
}

/// The numbers of a segment without its flags: `seq=1 ack=2` (`len=100`).
pub fn seq_text(f: &Flight) -> String {
    let s = &f.segment;
    let mut out = format!("seq={}", s.seq);
    if let Some(a) = s.ack {
        out.push_str(&format!(" ack={a}"));
    }
    if s.len > 0 {
        out.push_str(&format!(" len={}", s.len));
    }
    out
}

/// The accessible name of a clickable segment.
pub fn segment_action_label(lang: Lang, f: &Flight) -> String {
    let n = f.segment.n.to_string();
    let label = f.segment.label();
    let key = match f.dropped {
        Some(DropCause::Chosen) => Msg::SegRestore,
        Some(DropCause::Random) => Msg::SegRandom,
        None => Msg::SegDrop,
    };
    trf(lang, key, &[("n", &n), ("label", &label)])
}

#[derive(Properties, PartialEq)]
pub struct LadderProps {
    pub model: Shared<Model>,
    pub lang: Lang,
    pub pos: f64,
    pub on_toggle_drop: Callback<u32>,
    pub on_seek: Callback<f64>,
    /// Phone layout.
    pub compact: bool,
    /// Keep the "now" line in view.
    pub follow: bool,
    /// Moves the "now" line, its label and the clip between renders.
    pub playhead: Shared<Playhead>,
}

/// The whole diagram.
#[component]
pub fn Ladder(props: &LadderProps) -> Html {
    let model = &props.model;
    let g = Geometry::new(model, props.compact);
    let t = props.pos;
    let y_now = g.y(model, t);
    let sent = model.sent_count(t);
    let states = model.states_count(t);
    let timers = model.timers_count(t);
    let calls = model.calls_count(t);
    let view_box = format!("0 0 {} {}", num(g.width), num(g.height));

    // Scroll the diagram's box so the "now" line stays in view, when the line has moved by a
    // few units, not every frame: after the frame is painted (a zero-delay timeout), when
    // layout is clean (read in the render's microtask, the box's size forced a synchronous
    // layout of the whole page inside the frame: 46 ms per 12 s of playback in a CPU
    // profile). A newer follow cancels a pending one. Asked for by the render (a seek, a
    // step) and by the painter while playing.
    let scroller = use_node_ref();
    let follow = {
        let scroller = scroller.clone();
        let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        let bucket = use_mut_ref(|| None::<i64>);
        let width = g.width;
        let enabled = props.follow;
        Rc::new(move |y_now: f64| {
            let b = (y_now / 24.0) as i64;
            if !enabled || bucket.replace(Some(b)) == Some(b) {
                return;
            }
            let scroller = scroller.clone();
            *pending.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, move || {
                if let Some(el) = scroller.cast::<web_sys::Element>() {
                    follow_now(&el, y_now, width);
                }
            }));
        })
    };
    {
        let follow = Rc::clone(&follow);
        use_effect_with((y_now.to_bits(), props.follow), move |_| follow(y_now));
    }
    // Between renders the playhead's painter draws the line, its label and the clip.
    let (now_line, now_label, clip) = (use_node_ref(), use_node_ref(), use_node_ref());
    {
        let (now_line, now_label, clip) = (now_line.clone(), now_label.clone(), clip.clone());
        let model = model.clone();
        use_painter(
            &props.playhead,
            Rc::new(move |t| {
                let y = g.y(&model, t);
                if let Some(el) = now_line.cast::<web_sys::Element>() {
                    let _ = el.set_attribute("transform", &now_transform(y));
                }
                if let Some(text) = now_label.get().and_then(|l| l.first_child()) {
                    text.set_node_value(Some(&fmt::clock(t)));
                }
                if let Some(el) = clip.cast::<web_sys::Element>() {
                    let _ = el.set_attribute("height", &clip_height(y));
                }
                follow(y);
            }),
        );
    }
    html! {
        <div class="ladder-scroll" ref={scroller}>
            <svg class={classes!("ladder", props.compact.then_some("compact"))} data-testid="ladder"
                 viewBox={view_box} role="img" aria-label={tr(props.lang, Msg::SectionLadder)}
                 preserveAspectRatio="xMidYMin meet">
                <defs>
                    <marker id="ah-client" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="ah client" />
                    </marker>
                    <marker id="ah-server" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="ah server" />
                    </marker>
                    <clipPath id="ladder-clip">
                        <rect ref={clip} x="0" y="0" width={num(g.width)} height={clip_height(y_now)} />
                    </clipPath>
                </defs>
                <LadderBase model={model.clone()} lang={props.lang} compact={props.compact}
                            on_toggle_drop={props.on_toggle_drop.clone()}
                            on_seek={props.on_seek.clone()} />
                // Under the ink, so state names and arrows stay readable on it.
                <g class="now" ref={now_line} transform={now_transform(y_now)}>
                    <line x1={if g.compact { "4" } else { "44" }} x2={num(g.width - 4.0)} y1="0" y2="0" />
                    if !g.compact {
                        <text x="4" y="4" class="now-label" ref={now_label}>{ fmt::clock(t) }</text>
                    }
                </g>
                <LadderInk model={model.clone()} lang={props.lang} sent={sent} compact={props.compact}
                           states={states} timers={timers} calls={calls}
                           on_toggle_drop={props.on_toggle_drop.clone()} />
            </svg>
        </div>
    }
}

/// The "now" line's place, for the render and the painter alike.
fn now_transform(y: f64) -> String {
    format!("translate(0 {})", num(y))
}

/// The clip that shows the ink down to the "now" line.
fn clip_height(y: f64) -> String {
    num(y.max(0.0) + 0.5)
}

/// Scrolls `scroller` so that height `y` (SVG units) of the diagram inside it
/// sits in its upper third, if it has left the comfortable middle band.
fn follow_now(scroller: &web_sys::Element, y: f64, view_width: f64) {
    let width = f64::from(scroller.client_width());
    let height = f64::from(scroller.client_height());
    if width <= 0.0 || height <= 0.0 {
        return;
    }
    let svg_width = width.min(720.0);
    let y_px = y * svg_width / view_width;
    let top = f64::from(scroller.scroll_top());
    if y_px < top + 0.1 * height || y_px > top + 0.8 * height {
        scroller.set_scroll_top((y_px - 0.35 * height).max(0.0) as i32);
    }
}

#[derive(Properties, PartialEq)]
struct BaseProps {
    model: Shared<Model>,
    lang: Lang,
    compact: bool,
    on_toggle_drop: Callback<u32>,
    on_seek: Callback<f64>,
}

/// Everything that does not depend on the playback time.
#[component]
fn LadderBase(props: &BaseProps) -> Html {
    let model = &props.model;
    let lang = props.lang;
    let g = Geometry::new(model, props.compact);
    let bottom = g.height - 24.0;
    let seek = {
        let on_seek = props.on_seek.clone();
        let model = props.model.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(y) = svg_y(&e, g.width) {
                on_seek.emit(g.t_at(&model, y));
            }
        })
    };
    // Time labels where a state changes, skipping those that would overlap.
    let mut time_labels = Vec::new();
    let mut last_y = f64::MIN;
    for tr_ in model.timeline.transitions().filter(|_| !g.compact) {
        let y = g.y(model, tr_.0 as f64);
        if y - last_y >= 14.0 {
            time_labels.push(html! {
                <text class="time-label" x="4" y={num(y + 4.0)}>{ fmt::duration(tr_.0 as f64) }</text>
            });
            last_y = y;
        }
    }
    // A skipped stretch: a short band in the middle of the gap, behind the
    // lines, with an axis-break mark on each line and how much was left out.
    let skip_geo = |s: &crate::model::Skip| {
        let (ya, yb) = (g.y(model, s.t_from), g.y(model, s.t_to));
        let mid = (ya + yb) / 2.0;
        let half = ((yb - ya) * 0.3).clamp(4.0, 16.0);
        (mid - half, mid + half)
    };
    let skip_bands = model.axis.skips.iter().map(|s| {
        let (ya, yb) = skip_geo(s);
        let (x, w) = if g.compact {
            (4.0, g.width - 8.0)
        } else {
            (40.0, g.width - 48.0)
        };
        html! {
            <rect class="skip-zone" x={num(x)} y={num(ya)} width={num(w)}
                  height={num(yb - ya)} rx="4" />
        }
    });
    let skip_marks = model.axis.skips.iter().map(|s| {
        let (ya, yb) = skip_geo(s);
        let mid = (ya + yb) / 2.0;
        let label = trf(
            lang,
            Msg::PlaySkipped,
            &[("d", &fmt::duration(s.skipped()))],
        );
        html! {
            <g class="skip">
                for x in [g.x_client, g.x_server] {
                    <rect class="break" x={num(x - 7.0)} y={num(mid - 3.0)} width="14" height="6" />
                    <path class="break-mark" d={format!(
                        "M{a},{b} l14,-5 M{a},{c} l14,-5",
                        a = num(x - 7.0), b = num(mid - 0.5), c = num(mid + 5.5)
                    )} />
                }
                <text x={num((g.x_client + g.x_server) / 2.0)} y={num(mid + 4.0)}
                      text-anchor="middle">{ label }</text>
            </g>
        }
    });
    let ghosts = model.timeline.flights.iter().map(|f| {
        let p = arrow_path(&g, model, f);
        let (x2, y2) = p.ghost_end.unwrap_or((p.x2, p.y2));
        let n = f.segment.n;
        let cb = props.on_toggle_drop.clone();
        html! {
            <g class={classes!("ghost", f.segment.from.key())}
               onclick={Callback::from(move |_| cb.emit(n))}>
                <title>{ segment_action_label(lang, f) }</title>
                <line class="hit" x1={num(p.x1)} y1={num(p.y1)} x2={num(x2)} y2={num(y2)} />
                <line class="shaft" x1={num(p.x1)} y1={num(p.y1)} x2={num(x2)} y2={num(y2)} />
            </g>
        }
    });
    html! {
        <g class="base">
            <rect class="seek-area" x="0" y="0" width={num(g.width)} height={num(g.height)}
                  onclick={seek} />
            { for skip_bands }
            for host in Host::BOTH {
                <g class={classes!("lifeline", host.key())}>
                    <text class="host-head" x={num(g.x(host))} y="22"
                          text-anchor="middle">{ host_name(lang, host) }</text>
                    <line x1={num(g.x(host))} x2={num(g.x(host))}
                          y1={num(g.top - 22.0)} y2={num(bottom)} />
                </g>
            }
            { for time_labels }
            { for skip_marks }
            <g class="ghosts">{ for ghosts }</g>
        </g>
    }
}

/// The y coordinate, in SVG units, of a mouse event over the diagram.
fn svg_y(e: &MouseEvent, view_width: f64) -> Option<f64> {
    use wasm_bindgen::JsCast;
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let svg = target.closest("svg").ok()??;
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    // The viewBox keeps its aspect ratio and starts at the top, so one factor
    // converts both axes.
    let k = view_width / rect.width();
    Some((f64::from(e.client_y()) - rect.top()) * k)
}

#[derive(Properties, PartialEq)]
struct InkProps {
    model: Shared<Model>,
    lang: Lang,
    compact: bool,
    /// Segments sent so far.
    sent: usize,
    /// State spans begun so far.
    states: usize,
    /// Timers started so far.
    timers: usize,
    /// close()/shutdown() calls made so far.
    calls: usize,
    on_toggle_drop: Callback<u32>,
}

/// What has happened up to the playback time.
#[component]
fn LadderInk(props: &InkProps) -> Html {
    let model = &props.model;
    let lang = props.lang;
    let g = Geometry::new(model, props.compact);
    let tl = &model.timeline;
    // Each arrow's markup is made once, when it is first drawn, and kept until the scenario,
    // the language or the layout changes.
    let markup = use_memo((model.clone(), lang, props.compact), |_| {
        std::cell::RefCell::new(Vec::<AttrValue>::new())
    });
    let arrows: Vec<AttrValue> = {
        let mut made = markup.borrow_mut();
        let sent = props.sent.min(tl.flights.len());
        for i in made.len()..sent {
            made.push(arrow_markup(model, &g, i, lang).into());
        }
        made[..sent].to_vec()
    };
    let on_click = {
        let cb = props.on_toggle_drop.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(n) = arrow_of(&e) {
                cb.emit(n);
            }
        })
    };
    let on_key = {
        let cb = props.on_toggle_drop.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(n) = arrow_of(&e) {
                    e.prevent_default();
                    e.stop_propagation();
                    cb.emit(n);
                }
            }
        })
    };
    // State names, and the application's close()/shutdown() calls above the state they lead
    // to, nudged down when two of one host nearly coincide. Each host's first state is always
    // written, at the top above the lead-in; the others appear once playback reaches them. The
    // positions are worked out here (a few additions); each label is a component of its own,
    // so when one is added the labels already drawn compare equal and are skipped, as the
    // arrows are.
    let first: [Option<usize>; 2] = Host::BOTH.map(|h| tl.states.iter().position(|s| s.host == h));
    let mut last_y = [f64::MIN; 2];
    let mut state_labels = Vec::new();
    // Where a label of `host` goes: at its moment, or below the host's previous label.
    let mut place = |host: Host, y_dot: f64, lines: f64| {
        let h = host.index();
        let y = (y_dot + 4.0).max(last_y[h] + 14.0);
        last_y[h] = y + 14.0 * (lines - 1.0);
        y
    };
    let shown = first
        .iter()
        .flatten()
        .copied()
        .chain((0..props.states.min(tl.states.len())).filter(|i| !first.contains(&Some(*i))));
    // The calls, merged in by time (both lists are in time order): a call comes before the
    // state it causes at the same instant.
    let calls = &model.calls[..props.calls.min(model.calls.len())];
    let mut next_call = 0;
    let mut calls_until =
        |limit: Option<u64>, place: &mut dyn FnMut(Host, f64, f64) -> f64, out: &mut Vec<Html>| {
            while let Some(&(t, host, call)) = calls
                .get(next_call)
                .filter(|c| limit.is_none_or(|l| c.0 <= l))
            {
                // In the phone layout shutdown(SHUT_WR) takes two lines, to stay inside the diagram.
                let two = props.compact && call == AppCall::Shutdown;
                let y = place(host, g.y(model, t as f64), if two { 2.0 } else { 1.0 });
                let anchor = match host {
                    Host::Client => "end",
                    Host::Server => "start",
                };
                let x = num(g.label_x(host));
                // One keyed text (no component of its own: a few nodes, redrawn with the ink).
                out.push(html! {
                    <text key={format!("call{next_call}")} class={classes!("call-mark", host.key())}
                          data-testid="ladder-call" data-host={host.key()} x={x.clone()} y={num(y)}
                          text-anchor={anchor}>
                        if two {
                            { "shutdown(" }<tspan x={x} dy="14">{ "SHUT_WR)" }</tspan>
                        } else {
                            { call.label() }
                        }
                    </text>
                });
                next_call += 1;
            }
        };
    for i in shown {
        let span = &tl.states[i];
        let y_dot = if first[span.host.index()] == Some(i) {
            g.top - 14.0
        } else {
            calls_until(Some(span.start), &mut place, &mut state_labels);
            g.y(model, span.start as f64)
        };
        let y = place(span.host, y_dot, 1.0);
        state_labels.push(html! {
            <StateMark key={i} model={model.clone()} index={i} compact={props.compact}
                       y_dot={y_dot} y={y} />
        });
    }
    calls_until(None, &mut place, &mut state_labels);
    let timers = (0..props.timers.min(tl.timers.len())).map(|i| {
        html! {
            <TimerView key={i} model={model.clone()} index={i} lang={lang} compact={props.compact} />
        }
    });
    html! {
        <g class="ink">
            <g class="timers" clip-path="url(#ladder-clip)">{ for timers }</g>
            <g class="arrows" clip-path="url(#ladder-clip)" onclick={on_click} onkeydown={on_key}>
                { for arrows.into_iter().map(Html::from_html_unchecked) }
            </g>
            <g class="states">{ for state_labels }</g>
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct StateMarkProps {
    model: Shared<Model>,
    /// Index into the timeline's state spans.
    index: usize,
    compact: bool,
    /// Where the host's line gets its dot: the moment of the change.
    y_dot: f64,
    /// Where the name is written: nudged below the host's previous name.
    y: f64,
}

/// A state name on a host's line, where the host entered that state.
#[component]
fn StateMark(props: &StateMarkProps) -> Html {
    let Some(span) = props.model.timeline.states.get(props.index) else {
        return html! {};
    };
    let g = Geometry::new(&props.model, props.compact);
    let anchor = match span.host {
        Host::Client => "end",
        Host::Server => "start",
    };
    html! {
        <g class={classes!("state-mark", span.host.key())}>
            <circle cx={num(g.x(span.host))} cy={num(props.y_dot)} r="3.5" />
            <text data-testid="ladder-state" data-host={span.host.key()}
                  x={num(g.label_x(span.host))} y={num(props.y)} text-anchor={anchor}>
                { span.state.rfc_name() }
            </text>
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct TimerProps {
    model: Shared<Model>,
    /// Index into the timeline's timer spans.
    index: usize,
    lang: Lang,
    compact: bool,
}

/// A timer's bracket beside its host's line, from start to expiry or cancel
/// (a dot where it fired).
#[component]
fn TimerView(props: &TimerProps) -> Html {
    let model = &props.model;
    let Some(s) = model.timeline.timers.get(props.index) else {
        return html! {};
    };
    let g = Geometry::new(model, props.compact);
    let k = match s.timer {
        TimerKind::Retransmit => 0.0,
        TimerKind::DelayedAck => 1.0,
        TimerKind::TimeWait => 2.0,
        TimerKind::FinWait2 => 3.0,
    };
    let off = if g.compact {
        6.0 + k * 4.0
    } else {
        7.0 + k * 5.0
    };
    let x = match s.host {
        Host::Client => g.x_client - off,
        Host::Server => g.x_server + off,
    };
    let (ya, yb) = (g.y(model, s.start as f64), g.y(model, s.end as f64));
    let tick = match s.host {
        Host::Client => 3.0,
        Host::Server => -3.0,
    };
    html! {
        <g class={classes!("timer", s.timer.key(), s.fired.then_some("fired"))}>
            <title>{ tr(props.lang, Msg::timer_long(s.timer)) }</title>
            <path d={format!(
                "M{xa},{ya} h{tk} M{xa},{ya} V{yb} M{xa},{yb} h{tk}",
                xa = num(x), ya = num(ya), yb = num(yb), tk = num(tick)
            )} />
            if s.fired {
                <circle cx={num(x)} cy={num(yb)} r="2.5" />
            }
        </g>
    }
}

/// One segment's arrow as SVG markup, clickable (and focusable: Enter or Space) to drop or
/// restore it; [`LadderInk`] listens for both on the arrows' group.
///
/// Markup, not `html!`: a send adds its arrow in the frame where it happens, and as Yew nodes
/// an arrow was 11 elements, 22 attributes and 2 listeners, each a call from the WASM into the
/// DOM; as one string it is one `innerHTML`, parsed by the browser, and the strings are kept,
/// so drawn arrows compare equal and are left alone (docs/performance.md).
fn arrow_markup(model: &Model, g: &Geometry, index: usize, lang: Lang) -> String {
    use teardown_core::export::xml_escape as esc;
    let Some(f) = model.timeline.flights.get(index) else {
        return String::new();
    };
    let p = arrow_path(g, model, f);
    let n = f.segment.n;
    let class = f.segment.from.key();
    let dropped = f.dropped.is_some();
    // The label sits near the sender (so the labels of two crossing FINs
    // stay apart), turned to follow the arrow: flags above it, sequence
    // numbers below it. Segments one host sends at the same instant share a
    // path, so each later one writes its label further along; the network's
    // delayed copy (reopen=1) writes it in the empty stretch of its long path.
    let (dx, dy) = (p.x2 - p.x1, p.y2 - p.y1);
    let same_instant = model.timeline.flights[..index]
        .iter()
        .rev()
        .take_while(|o| o.sent == f.sent)
        .filter(|o| o.segment.from == f.segment.from && !o.duplicate)
        .count();
    let along = if f.duplicate {
        0.62
    } else if dropped {
        0.5
    } else {
        (0.24 + 0.3 * same_instant as f64).min(0.8)
    };
    let (lx, ly) = (p.x1 + dx * along, p.y1 + dy * along);
    let angle = teardown_core::export::upright_angle(dx, dy);
    let aria = esc(&segment_action_label(lang, f));
    let flags = esc(&f.segment.flags_label());
    let line = format!("M{} {}L{} {}", num(p.x1), num(p.y1), num(p.x2), num(p.y2));
    let mut out = format!(
        concat!(
            r#"<g class="arrow {class}{dropped}{retx}{dup}" data-testid="arrow" data-n="{n}" data-from="{class}" "#,
            r#"data-flags="{flags}" data-retransmission="{retx_b}" data-dropped="{dropped_b}" tabindex="0" "#,
            r#"role="button" aria-label="{aria}"><title>{aria}</title><path class="hit" d="{line}"/>"#,
            r#"<path class="shaft" d="{line}"{marker}/>"#,
        ),
        class = class,
        dropped = if dropped { " dropped" } else { "" },
        retx = if f.segment.retransmission {
            " retx"
        } else {
            ""
        },
        dup = if f.duplicate { " duplicate" } else { "" },
        n = n,
        flags = flags,
        retx_b = f.segment.retransmission,
        dropped_b = dropped,
        aria = aria,
        line = line,
        marker = if dropped {
            String::new()
        } else {
            format!(r#" marker-end="url(#ah-{class})""#)
        },
    );
    if let Some((xe, ye)) = p.ghost_end {
        out.push_str(&format!(
            r#"<line class="lost-rest" x1="{}" y1="{}" x2="{}" y2="{}"/><path class="cross" d="M{},{} l10,10 m0,-10 l-10,10"/>"#,
            num(p.x2),
            num(p.y2),
            num(xe),
            num(ye),
            num(p.x2 - 5.0),
            num(p.y2 - 5.0)
        ));
    }
    out.push_str(&format!(
        concat!(
            r#"<g class="seg-label" transform="rotate({a} {lx} {ly})"><text x="{lx}" y="{ly_flags}">"#,
            r#"<tspan class="seg-n">{n} </tspan><tspan class="seg-flags">{flags}</tspan></text>"#,
            r#"<text class="seg-nums" x="{lx}" y="{ly_nums}">{nums}"#,
        ),
        a = num(angle),
        lx = num(lx),
        ly = num(ly),
        ly_flags = num(ly - 5.0),
        ly_nums = num(ly + 12.0),
        n = n,
        flags = flags,
        nums = esc(&seq_text(f)),
    ));
    if f.segment.retransmission {
        out.push_str(&format!(
            r#"<tspan class="seg-retx"> · {}</tspan>"#,
            esc(tr(lang, Msg::SegRetransmission))
        ));
    }
    out.push_str("</text></g></g>");
    out
}

/// The segment number of the arrow an event happened in, if any.
fn arrow_of(e: &Event) -> Option<u32> {
    use wasm_bindgen::JsCast;
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let arrow = target.closest("[data-testid=arrow]").ok()??;
    arrow.get_attribute("data-n")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    #[test]
    fn arrows_slant_downwards_and_lost_ones_stop_half_way() {
        let m = Model::new(Link::from_query("drop=3").0.scenario, true);
        let g = Geometry::new(&m, false);
        for f in &m.timeline.flights {
            let p = arrow_path(&g, &m, f);
            assert!(p.y2 > p.y1);
            if f.segment.n == 3 {
                assert_eq!(p.x2, (g.x_client + g.x_server) / 2.0);
                assert!(p.ghost_end.is_some());
            }
        }
        assert!(g.height <= Geometry::MAX_HEIGHT + 200.0);
    }

    #[test]
    fn arrow_markup_says_what_the_arrow_is_and_is_well_formed() {
        // drop=3: segment 3 lost, then retransmitted (a `retx` arrow).
        let m = Model::new(Link::from_query("drop=3").0.scenario, true);
        let g = Geometry::new(&m, false);
        let all: Vec<String> = (0..m.timeline.flights.len())
            .map(|i| arrow_markup(&m, &g, i, Lang::En))
            .collect();
        for (i, a) in all.iter().enumerate() {
            let f = &m.timeline.flights[i];
            assert!(a.starts_with(r#"<g class="arrow "#), "{a}");
            assert!(a.contains(&format!(r#"data-n="{}""#, f.segment.n)), "{a}");
            assert!(
                a.contains(&format!(r#"data-dropped="{}""#, f.dropped.is_some())),
                "{a}"
            );
            for tag in ["g", "text", "tspan", "title"] {
                let open =
                    a.matches(&format!("<{tag} ")).count() + a.matches(&format!("<{tag}>")).count();
                assert_eq!(
                    open,
                    a.matches(&format!("</{tag}>")).count(),
                    "<{tag}> in {a}"
                );
            }
            // The marker only on arrows that arrive; no stray text between elements.
            assert_eq!(a.contains("marker-end"), f.dropped.is_none(), "{a}");
            assert!(!a.contains("> <") && !a.contains('\n'), "{a}");
        }
        assert!(
            all.iter()
                .any(|a| a.contains(r#"class="seg-retx"> · retransmission"#))
        );
        assert!(all.iter().any(|a| a.contains(r#"class="cross""#)));
        // Text from the tables is escaped.
        assert_eq!(
            teardown_core::export::xml_escape(r#"<a & "b">"#),
            "&lt;a &amp; &quot;b&quot;&gt;"
        );
    }

    #[test]
    fn clicking_height_maps_back_to_time() {
        let m = Model::new(Link::from_query("msl=30").0.scenario, true);
        let g = Geometry::new(&m, false);
        for t in [-50.0, 0.0, 1100.0, 30_000.0] {
            assert!((g.t_at(&m, g.y(&m, t)) - t).abs() < 1e-6);
        }
    }
}

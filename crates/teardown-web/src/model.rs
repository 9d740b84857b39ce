//! What the views draw from: the core's `Timeline` for one scenario, plus the
//! indexes and the time axis that playback needs.
//!
//! A `Model` is built once per scenario change (microseconds) and shared by
//! `Rc`; every frame only asks it questions by binary search. No Yew, no
//! browser: everything here is tested natively.

use crate::i18n::Msg;
use teardown_core::{
    AppCall, Cause, Close, Control, EventKind, Host, Millis, Note, Scenario, State, Timeline,
    simulate,
};

/// A quiet stretch that the compressed axis shortened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Skip {
    /// Simulated time, ms.
    pub t_from: f64,
    pub t_to: f64,
    /// Axis position, ms of the compressed axis.
    pub u_from: f64,
    pub u_to: f64,
}

impl Skip {
    /// Simulated milliseconds the axis leaves out.
    pub fn skipped(&self) -> f64 {
        (self.t_to - self.t_from) - (self.u_to - self.u_from)
    }
}

/// A monotone, piecewise-linear map from simulated time `t` to an axis
/// position `u`. Playback advances along `u` at a steady speed and the
/// diagrams are drawn along `u`, so a 60 s TIME-WAIT can take the space (and
/// the playing time) of a few flights while every event keeps its order.
/// Outside the knots the slope is 1.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Axis {
    knots: Vec<(f64, f64)>,
    pub skips: Vec<Skip>,
}

impl Axis {
    /// `u = t`.
    pub fn identity() -> Axis {
        Axis::default()
    }

    /// Shortens every gap between consecutive event times longer than `cap`
    /// to `cap` plus a small logarithmic remainder: long waits stay longer than short
    /// ones, but a 2-minute wait costs only a little more than a 4-second one.
    pub fn compressed(times: &[Millis], cap: f64) -> Axis {
        let cap = cap.max(1.0);
        let mut knots = Vec::with_capacity(times.len());
        let mut skips = Vec::new();
        let mut u = 0.0;
        let mut prev: Option<f64> = None;
        for &t in times {
            let t = t as f64;
            match prev {
                None => u = t,
                Some(p) if t <= p => continue,
                Some(p) => {
                    let gap = t - p;
                    let kept = Self::compress_gap(gap, cap);
                    if gap - kept > cap * 0.5 {
                        skips.push(Skip {
                            t_from: p,
                            t_to: t,
                            u_from: u,
                            u_to: u + kept,
                        });
                    }
                    u += kept;
                }
            }
            knots.push((t, u));
            prev = Some(t);
        }
        Axis { knots, skips }
    }

    fn compress_gap(gap: f64, cap: f64) -> f64 {
        if gap <= cap {
            gap
        } else {
            cap + 0.15 * cap * ((gap - cap) / cap).ln_1p()
        }
    }

    /// Simulated time → axis position.
    pub fn to_axis(&self, t: f64) -> f64 {
        Self::map(&self.knots, t, |k| k.0, |k| k.1)
    }

    /// Axis position → simulated time.
    pub fn from_axis(&self, u: f64) -> f64 {
        Self::map(&self.knots, u, |k| k.1, |k| k.0)
    }

    fn map(
        knots: &[(f64, f64)],
        x: f64,
        from: impl Fn(&(f64, f64)) -> f64,
        to: impl Fn(&(f64, f64)) -> f64,
    ) -> f64 {
        let i = knots.partition_point(|k| from(k) <= x);
        if i == 0 {
            return match knots.first() {
                Some(k) => x - from(k) + to(k),
                None => x,
            };
        }
        let a = &knots[i - 1];
        match knots.get(i) {
            None => x - from(a) + to(a),
            Some(b) => {
                let span = from(b) - from(a);
                if span <= 0.0 {
                    to(a)
                } else {
                    to(a) + (x - from(a)) / span * (to(b) - to(a))
                }
            }
        }
    }
}

/// The shape of the close the scenario produced, named for the learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Four,
    Three,
    Simultaneous,
    Abort,
    Other,
}

impl Shape {
    pub const fn label(self) -> Msg {
        match self {
            Shape::Four => Msg::ShapeFour,
            Shape::Three => Msg::ShapeThree,
            Shape::Simultaneous => Msg::ShapeSimultaneous,
            Shape::Abort => Msg::ShapeAbort,
            Shape::Other => Msg::ShapeOther,
        }
    }
}

/// One state change of one host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub t: Millis,
    pub from: State,
    pub to: State,
    pub cause: Cause,
}

/// A scenario's timeline with everything a frame needs precomputed.
#[derive(Debug, PartialEq)]
pub struct Model {
    pub scenario: Scenario,
    pub timeline: Timeline,
    /// Distinct event times: where step-by-step playback stops.
    pub steps: Vec<Millis>,
    pub axis: Axis,
    /// First playback position: a short lead-in before the first close, in
    /// which both hosts are still ESTABLISHED (point 1 of the lesson).
    pub start: f64,
    /// Last playback position: the last event.
    pub end: f64,
    /// Axis ms per wall-clock ms at 1× speed.
    pub rate: f64,
    pub shape: Shape,
    pub compressed: bool,
    /// State changes per host, in time order, for binary search.
    transitions: [Vec<Transition>; 2],
    /// The applications' close() and shutdown() calls, in time order: the ladder names them.
    pub calls: Vec<(Millis, Host, AppCall)>,
}

impl Model {
    pub fn new(scenario: Scenario, compress: bool) -> Model {
        let timeline = simulate(&scenario);
        let steps = timeline.step_times();
        let delay = scenario.delay_ms.max(1) as f64;
        let axis = if compress {
            Axis::compressed(&steps, 4.0 * delay)
        } else {
            Axis::identity()
        };
        let start = -delay;
        let end = timeline.duration as f64;
        let mut transitions: [Vec<Transition>; 2] = [Vec::new(), Vec::new()];
        for (t, host, from, to, cause) in timeline.transitions() {
            transitions[host.index()].push(Transition { t, from, to, cause });
        }
        // A flight should take about 0.9 s at 1×, but no scenario should take
        // more than a minute and a half (or one without compression, a minute).
        let axis_len = axis.to_axis(end) - axis.to_axis(start);
        let budget = if compress { 90_000.0 } else { 60_000.0 };
        let rate = (delay / 900.0).max(axis_len / budget);
        let shape = classify(&scenario, &timeline);
        let calls = timeline
            .events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::App { host, call }
                    if matches!(call, AppCall::Close | AppCall::Shutdown) =>
                {
                    Some((e.t, host, call))
                }
                _ => None,
            })
            .collect();
        Model {
            scenario,
            timeline,
            steps,
            axis,
            start,
            end,
            rate,
            shape,
            compressed: compress,
            transitions,
            calls,
        }
    }

    /// Clamps a playback position into `[start, end]`; NaN goes to the start.
    pub fn clamp(&self, t: f64) -> f64 {
        if t.is_nan() {
            self.start
        } else {
            // max/min rather than f64::clamp, whose assertion message drags float formatting
            // into the WASM.
            t.max(self.start).min(self.end.max(self.start))
        }
    }

    /// The last state change of `host` at or before `t`.
    pub fn last_transition(&self, host: Host, t: f64) -> Option<&Transition> {
        let list = &self.transitions[host.index()];
        let i = list.partition_point(|tr| tr.t as f64 <= t);
        i.checked_sub(1).map(|i| &list[i])
    }

    /// The state of `host` at `t` (before the first event: ESTABLISHED, or
    /// CLOSED for hosts whose timeline starts elsewhere).
    pub fn state_at(&self, host: Host, t: f64) -> State {
        match self.last_transition(host, t) {
            Some(tr) => tr.to,
            None => self.initial_state(host),
        }
    }

    /// The state `host` starts in.
    pub fn initial_state(&self, host: Host) -> State {
        self.timeline
            .states
            .iter()
            .find(|s| s.host == host)
            .map_or(State::Established, |s| s.state)
    }

    /// How many segments have been sent at `t` (flights are in send order).
    pub fn sent_count(&self, t: f64) -> usize {
        self.timeline
            .flights
            .partition_point(|f| f.sent as f64 <= t)
    }

    /// How many state spans have begun at `t` (spans are in time order).
    pub fn states_count(&self, t: f64) -> usize {
        self.timeline
            .states
            .partition_point(|s| s.start as f64 <= t)
    }

    /// How many timers have started at `t` (timers are in start order).
    pub fn timers_count(&self, t: f64) -> usize {
        self.timeline
            .timers
            .partition_point(|s| s.start as f64 <= t)
    }

    /// How many close()/shutdown() calls have been made at `t`.
    pub fn calls_count(&self, t: f64) -> usize {
        self.calls.partition_point(|c| c.0 as f64 <= t)
    }

    /// The next step strictly after `t`, if any.
    pub fn next_step(&self, t: f64) -> Option<f64> {
        let i = self.steps.partition_point(|&s| s as f64 <= t + 0.5);
        self.steps.get(i).map(|&s| s as f64)
    }

    /// The step strictly before `t`, or the start.
    pub fn prev_step(&self, t: f64) -> f64 {
        let i = self.steps.partition_point(|&s| (s as f64) < t - 0.5);
        match i.checked_sub(1) {
            Some(i) => self.steps[i] as f64,
            None => self.start,
        }
    }

    /// The host whose application closes first (for "press play" texts).
    pub fn first_closer(&self) -> Host {
        self.scenario.close.first()
    }

    /// Whether both applications close at the same instant.
    pub fn closes_together(&self) -> bool {
        self.scenario.close == Close::Both
    }
}

fn classify(scenario: &Scenario, timeline: &Timeline) -> Shape {
    if scenario.abort.is_some() || timeline.flights.iter().any(|f| f.segment.is_rst()) {
        return Shape::Abort;
    }
    if timeline.states.iter().any(|s| s.state == State::Closing) {
        return Shape::Simultaneous;
    }
    let piggybacked = timeline.events.iter().any(|e| {
        matches!(
            e.kind,
            EventKind::Note {
                note: Note::AckPiggybacked,
                ..
            }
        )
    });
    if piggybacked {
        return Shape::Three;
    }
    let fins = timeline
        .flights
        .iter()
        .filter(|f| f.segment.control == Control::Fin && !f.segment.retransmission)
        .count();
    if fins == 2 { Shape::Four } else { Shape::Other }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::Link;

    fn model(q: &str) -> Model {
        Model::new(Link::from_query(q).0.scenario, true)
    }

    #[test]
    fn identity_axis_is_identity() {
        let a = Axis::identity();
        assert_eq!(a.to_axis(123.0), 123.0);
        assert_eq!(a.from_axis(-5.0), -5.0);
    }

    #[test]
    fn compressed_axis_shortens_long_gaps_only() {
        let a = Axis::compressed(&[0, 100, 300, 5100], 200.0);
        assert_eq!(a.to_axis(100.0), 100.0);
        assert_eq!(a.to_axis(300.0), 300.0);
        let end = a.to_axis(5100.0);
        assert!(end > 500.0 && end < 650.0, "{end}");
        assert_eq!(a.skips.len(), 1);
        assert!(a.skips[0].skipped() > 4000.0);
        // Monotone and invertible everywhere, including outside the knots.
        let mut last = f64::MIN;
        for t in (-500..6000).step_by(37) {
            let u = a.to_axis(t as f64);
            assert!(u > last);
            last = u;
            assert!((a.from_axis(u) - t as f64).abs() < 1e-6);
        }
    }

    #[test]
    fn longer_waits_still_look_longer() {
        let short = Axis::compressed(&[0, 4_000], 200.0).to_axis(4_000.0);
        let long = Axis::compressed(&[0, 240_000], 200.0).to_axis(240_000.0);
        assert!(long > short && long < 3.0 * short, "{short} {long}");
    }

    #[test]
    fn default_scenario_indexes() {
        let m = model("");
        assert_eq!(m.shape, Shape::Four);
        assert_eq!(m.start, -100.0);
        assert_eq!(m.end, 5100.0);
        assert_eq!(m.state_at(Host::Client, -1.0), State::Established);
        assert_eq!(m.state_at(Host::Client, 0.0), State::FinWait1);
        assert_eq!(m.state_at(Host::Server, 1150.0), State::LastAck);
        assert_eq!(m.state_at(Host::Client, 5100.0), State::Closed);
        assert_eq!(m.sent_count(-1.0), 0);
        assert_eq!(m.sent_count(0.0), 1);
        assert_eq!(m.sent_count(5100.0), 4);
        assert_eq!(m.next_step(-100.0), Some(0.0));
        assert_eq!(m.next_step(0.0), Some(100.0));
        assert_eq!(m.next_step(5100.0), None);
        assert_eq!(m.prev_step(100.0), 0.0);
        assert_eq!(m.prev_step(0.0), -100.0);
        assert_eq!(m.clamp(f64::NAN), -100.0);
        assert_eq!(m.clamp(1e12), 5100.0);
    }

    #[test]
    fn shapes_are_named() {
        assert_eq!(model("close=both").shape, Shape::Simultaneous);
        assert_eq!(model("gap=150").shape, Shape::Three);
        assert_eq!(model("abort=client").shape, Shape::Abort);
    }

    #[test]
    fn a_half_close_with_data_is_no_three_segment_close() {
        // The server's delayed ACK rides on its data (AckOnData), not on its FIN.
        let m = model("call=shutdown&data=2");
        assert_ne!(m.shape, Shape::Three);
        assert_eq!(m.shape, Shape::Four);
        // After close() the same data is answered with RST.
        assert_eq!(model("data=2&v=2").shape, Shape::Abort);
    }

    #[test]
    fn the_calls_are_listed_for_the_ladder() {
        let m = model("call=shutdown&data=1");
        let calls: Vec<(Host, AppCall)> = m.calls.iter().map(|&(_, h, c)| (h, c)).collect();
        assert_eq!(
            calls,
            [
                (Host::Client, AppCall::Shutdown),
                (Host::Server, AppCall::Close),
                (Host::Client, AppCall::Close)
            ]
        );
        assert_eq!(m.calls_count(-1.0), 0);
        assert_eq!(m.calls_count(0.0), 1);
    }

    #[test]
    fn playback_rate_keeps_flights_visible_and_runs_bounded() {
        let m = model("");
        assert!((m.rate - 100.0 / 900.0).abs() < 1e-9);
        let m = Model::new(Link::from_query("msl=120").0.scenario, false);
        let wall = (m.end - m.start) / m.rate;
        assert!(wall <= 60_001.0, "{wall}");
    }
}

//! The app's whole state and every way it can change, as plain Rust.
//!
//! The Yew side (`app.rs`) wraps [`AppState`] in a `Reducible` and only
//! forwards [`Action`]s; all decisions (clamping, recomputing the model when
//! the scenario changes, playback arithmetic) happen here, where native tests
//! reach them.

use crate::i18n::Lang;
use crate::lesson_state::{Course, Cue, LessonAction, resolve_link, run_from, stop_time};
use crate::model::Model;
use crate::shared::Shared;
use crate::text::{LoadError, Pack};
use teardown_core::scenario::limits;
use teardown_core::{Call, Close, DropCause, Host, Link, Scenario, Stack, Warning};

/// Playback speeds offered, slowest first.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// Wall-clock ms per step when reduced motion makes playback jump from event
/// to event instead of flying.
const REDUCED_STEP_MS: f64 = 1100.0;

/// Longest frame the playback honours: a tab that slept must not jump ahead.
const MAX_FRAME_MS: f64 = 100.0;

/// One change to the scenario, as a control makes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// The stack to imitate; its own values replace any set by hand.
    Stack(Stack),
    /// What the application that closes first calls.
    Call(Call),
    Close(Close),
    Gap(u64),
    MslMs(u64),
    Delay(u64),
    Rto(u64),
    Dack(u64),
    Data(u32),
    Loss(u8),
    Seed(u64),
    TimeWait(bool),
    FinWait2Ms(u64),
    Abort(Option<Host>),
    Reopen(bool),
    /// Back to the stack's own value for a setting the stack decides.
    StackValue(Tunable),
}

/// A setting the stack profile decides unless the link sets it (`Some` in the scenario).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tunable {
    Msl,
    Rto,
    Dack,
    FinWait2,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A frame passed; the argument is wall-clock ms since the last one.
    Tick(f64),
    TogglePlay,
    Pause,
    /// Jump to a simulated time (ms).
    Seek(f64),
    StepNext,
    StepPrev,
    ToStart,
    ToEnd,
    SetSpeed(f64),
    SetCompress(bool),
    SetLang(Lang),
    Edit(Edit),
    /// Drop segment `n` (by send order), or restore it if already dropped.
    ToggleDrop(u32),
    ClearDrops,
    /// Replace the scenario by one read from a query (presets).
    LoadScenario(String),
    Reset,
    DismissNotice,
    /// The guided lessons (see `lesson_state`).
    Lesson(LessonAction),
    /// A text pack (`crate::text`) started loading, arrived or failed.
    Text(Pack, TextState),
}

/// Where a text pack (`crate::text`) stands. Builds that carry every text start `Ready`.
#[derive(Clone, Debug, PartialEq)]
pub enum TextState {
    Missing,
    Loading,
    Ready,
    Failed(LoadError),
}

impl TextState {
    fn initial(pack: Pack) -> TextState {
        if crate::text::ready(pack) {
            TextState::Ready
        } else {
            TextState::Missing
        }
    }

    /// Loaded, or given up on: nothing more will change.
    pub fn settled(&self) -> bool {
        matches!(self, TextState::Ready | TextState::Failed(_))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The scenario and the link's view keys. `link.t_ms` is not kept up to
    /// date; `pos` is the playback position.
    pub link: Link,
    /// Compared by identity (`Shared`), so `==` is cheap.
    pub model: Shared<Model>,
    pub lang: Lang,
    /// The language came from the link or the switch (so the link keeps it).
    pub lang_explicit: bool,
    /// Playback position, simulated ms; may be negative (the lead-in).
    pub pos: f64,
    pub playing: bool,
    pub speed: f64,
    pub compress: bool,
    pub reduced_motion: bool,
    pub warnings: Vec<Warning>,
    pub notice_open: bool,
    /// Reduced motion: wall ms since the last automatic step.
    step_acc: f64,
    /// The guided lessons: where the learner is, what is done.
    pub course: Course,
    /// The text packs fetched on first use: [English lessons, Chinese].
    pub text: [TextState; 2],
}

impl AppState {
    /// Reads the state from the address bar's query string. Never fails.
    pub fn from_query(query: &str, browser_lang: Lang, reduced_motion: bool) -> AppState {
        let (mut link, warnings) = Link::from_query(query);
        let warnings = crate::guard::cap_warnings(warnings);
        let lang = link.lang.unwrap_or(browser_lang);
        let lang_explicit = link.lang.is_some();
        let compress = true;
        let model = Shared::new(Model::new(link.scenario.clone(), compress));
        let pos = link
            .t_ms
            .take()
            .map_or(model.start, |t| model.clamp(t as f64));
        let mut state = AppState {
            link,
            model,
            lang,
            lang_explicit,
            pos,
            playing: false,
            speed: 1.0,
            compress,
            reduced_motion,
            notice_open: !warnings.is_empty(),
            warnings,
            step_acc: 0.0,
            course: Course::default(),
            text: [Pack::En, Pack::Zh].map(TextState::initial),
        };
        state.open_lesson_from_link();
        state
    }

    /// `==` at any position: all but `pos` and the reduced-motion step's clock. While playing, the App compares what happens at the two positions
    /// instead (`app::Store`).
    pub fn same_view_but_position(&self, other: &AppState) -> bool {
        let AppState {
            link,
            model,
            lang,
            lang_explicit,
            pos: _,
            playing,
            speed,
            compress,
            reduced_motion,
            warnings,
            notice_open,
            step_acc: _,
            course,
            text,
        } = self;
        *model == other.model
            && *playing == other.playing
            && *speed == other.speed
            && *lang == other.lang
            && *lang_explicit == other.lang_explicit
            && *compress == other.compress
            && *reduced_motion == other.reduced_motion
            && *notice_open == other.notice_open
            && *course == other.course
            && *text == other.text
            && *link == other.link
            && *warnings == other.warnings
    }

    /// Where the text pack `pack` stands.
    pub fn text_state(&self, pack: Pack) -> &TextState {
        &self.text[pack.index()]
    }

    /// The language the page shows: the chosen one once its text is in (Chinese is fetched
    /// on first use), English until then or if it could not be loaded.
    pub fn shown_lang(&self) -> Lang {
        match self.lang {
            Lang::Zh if *self.text_state(Pack::Zh) != TextState::Ready => Lang::En,
            lang => lang,
        }
    }

    /// The text packs the page needs now: Chinese when chosen, the lesson texts of the
    /// chosen language while the lessons are open.
    /// (An iterator, not a `Vec`: the App asks every frame.)
    pub fn packs_wanted(&self) -> impl Iterator<Item = Pack> {
        let zh = (self.lang == Lang::Zh).then_some(Pack::Zh);
        let lessons = self.lessons_pack();
        let lessons = (self.course.open && zh != Some(lessons)).then_some(lessons);
        zh.into_iter().chain(lessons)
    }

    /// The pack the lesson texts come from: the chosen language's, English if the Chinese
    /// text could not be loaded.
    pub fn lessons_pack(&self) -> Pack {
        match self.lang {
            Lang::Zh if matches!(self.text_state(Pack::Zh), TextState::Failed(_)) => Pack::En,
            lang => Pack::lessons(lang),
        }
    }

    /// Every pack the page needs has arrived or failed: the view is the one the learner
    /// asked for (index.html keeps a prerendered view hidden until then).
    pub fn text_settled(&self) -> bool {
        self.packs_wanted().all(|p| self.text_state(p).settled())
    }

    pub fn scenario(&self) -> &Scenario {
        &self.link.scenario
    }

    /// The link for the address bar. `t` is written only when `with_t` (the
    /// page writes it when paused: replacing the URL every frame would be
    /// throttled by browsers) and the position is past the start.
    pub fn query(&self, with_t: bool) -> String {
        self.query_as(with_t, self.link.embed)
    }

    /// The link with `embed` set as given: the embedded view links to the
    /// full page with the same scenario.
    pub fn query_as(&self, with_t: bool, embed: bool) -> String {
        let mut link = self.link.clone();
        link.embed = embed;
        link.lang = if self.lang_explicit {
            Some(self.lang)
        } else {
            None
        };
        // In a lesson the step decides the moment.
        let with_t = with_t && link.lesson.is_none();
        link.t_ms = (with_t && self.pos >= 0.5).then(|| self.pos.round() as u64);
        link.to_query()
    }

    /// Whether a segment is dropped by the user's choice (clickable to restore).
    pub fn is_chosen_drop(&self, n: u32) -> bool {
        self.link.scenario.drop.binary_search(&n).is_ok()
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.model.end - 0.5
    }

    fn set_scenario(&mut self, scenario: Scenario) {
        if scenario != self.link.scenario {
            self.model = Shared::new(Model::new(scenario.clone(), self.compress));
            self.link.scenario = scenario;
            self.pos = self.model.clamp(self.pos);
        }
    }

    fn edit(&mut self, edit: Edit) {
        let mut s = self.link.scenario.clone();
        let clamp = |v: u64, (lo, hi): (u64, u64)| v.clamp(lo, hi);
        match edit {
            Edit::Stack(v) => {
                s.stack = v;
                (s.msl_ms, s.rto_ms, s.dack_ms, s.fin_wait2_ms) = (None, None, None, None);
            }
            Edit::Call(v) => s.call = v,
            Edit::StackValue(t) => match t {
                Tunable::Msl => s.msl_ms = None,
                Tunable::Rto => s.rto_ms = None,
                Tunable::Dack => s.dack_ms = None,
                Tunable::FinWait2 => s.fin_wait2_ms = None,
            },
            Edit::Close(c) => {
                if c == Close::Both {
                    s.gap_ms = 0;
                } else if s.close == Close::Both {
                    s.gap_ms = Scenario::default().gap_ms;
                }
                s.close = c;
            }
            Edit::Gap(v) => {
                if s.close == Close::Both {
                    s.close = Close::Client;
                }
                s.gap_ms = clamp(v, limits::GAP_MS);
            }
            Edit::MslMs(v) => s.msl_ms = Some(clamp(v, limits::MSL_MS)),
            Edit::Delay(v) => s.delay_ms = clamp(v, limits::DELAY_MS),
            Edit::Rto(v) => s.rto_ms = Some(clamp(v, limits::RTO_MS)),
            Edit::Dack(v) => s.dack_ms = Some(clamp(v, limits::DACK_MS)),
            Edit::Data(v) => s.data = clamp(u64::from(v), limits::DATA) as u32,
            Edit::Loss(v) => s.loss_pct = v.min(100),
            Edit::Seed(v) => s.seed = v,
            Edit::TimeWait(v) => s.time_wait = v,
            Edit::FinWait2Ms(v) => s.fin_wait2_ms = Some(clamp(v, limits::FIN_WAIT2_MS)),
            Edit::Abort(h) => s.abort = h,
            Edit::Reopen(v) => s.reopen = v,
        }
        // A value equal to the stack's is the stack's: the link stays short.
        s.normalize();
        self.set_scenario(s);
    }

    fn toggle_drop(&mut self, n: u32) {
        if n == 0 || n > limits::DROP_MAX {
            return;
        }
        // A segment the random loss took cannot be restored by a click.
        let random = self.model.timeline.flights.iter().any(|f| {
            f.segment.n == n && f.dropped == Some(DropCause::Random) && !self.is_chosen_drop(n)
        });
        if random {
            return;
        }
        let mut s = self.link.scenario.clone();
        match s.drop.binary_search(&n) {
            Ok(i) => {
                s.drop.remove(i);
            }
            Err(i) if s.drop.len() < limits::DROP_LEN => s.drop.insert(i, n),
            Err(_) => return,
        }
        self.set_scenario(s);
    }

    fn step_next(&mut self) {
        match self.model.next_step(self.pos) {
            Some(t) => self.pos = t,
            None => {
                self.pos = self.model.end;
                self.playing = false;
            }
        }
    }

    fn tick(&mut self, wall_ms: f64) {
        if !self.playing {
            return;
        }
        let before = self.pos;
        let dt = if wall_ms.is_finite() {
            wall_ms.clamp(0.0, MAX_FRAME_MS)
        } else {
            0.0
        };
        if self.reduced_motion {
            self.step_acc += dt * self.speed;
            if self.step_acc >= REDUCED_STEP_MS {
                self.step_acc = 0.0;
                self.step_next();
            }
        } else {
            let axis = &self.model.axis;
            let u = axis.to_axis(self.pos) + dt * self.speed * self.model.rate;
            self.pos = axis.from_axis(u).min(self.model.end);
        }
        if let Some(stop) = self.course.reached_stop(before, self.pos) {
            self.pos = stop;
            self.playing = false;
            return;
        }
        if self.at_end() {
            self.pos = self.model.end;
            self.playing = false;
        }
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        // Changing the scenario from the controls (an edit, a preset, a reset) leaves the
        // lesson for free play: the step's text would no longer describe what is shown.
        // Clicking a segment does not: it may answer the question, or try something within
        // the step.
        let edits = matches!(
            action,
            Action::Edit(_) | Action::LoadScenario(_) | Action::Reset | Action::ClearDrops
        );
        if edits && self.course.open {
            self.course.open = false;
            self.show_list();
        }
        match action {
            Action::Tick(ms) => self.tick(ms),
            Action::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else {
                    if self.at_end() {
                        self.pos = self.model.start;
                    }
                    self.playing = true;
                    // Reduced motion: take the first step at once.
                    self.step_acc = REDUCED_STEP_MS;
                }
            }
            Action::Pause => self.playing = false,
            Action::Seek(t) => self.pos = self.model.clamp(t),
            Action::StepNext => {
                self.playing = false;
                self.step_next();
            }
            Action::StepPrev => {
                self.playing = false;
                self.pos = self.model.prev_step(self.pos);
            }
            Action::ToStart => {
                self.playing = false;
                self.pos = self.model.start;
            }
            Action::ToEnd => {
                self.playing = false;
                self.pos = self.model.end;
            }
            Action::SetSpeed(s) => {
                if s.is_finite() {
                    self.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
                }
            }
            Action::SetCompress(c) => {
                if c != self.compress {
                    self.compress = c;
                    self.model = Shared::new(Model::new(self.link.scenario.clone(), c));
                }
            }
            Action::SetLang(l) => {
                self.lang = l;
                self.lang_explicit = true;
            }
            Action::Edit(e) => self.edit(e),
            Action::ToggleDrop(n) => {
                if !self.course.take_click(n) {
                    self.toggle_drop(n);
                }
            }
            Action::ClearDrops => {
                let mut s = self.link.scenario.clone();
                s.drop.clear();
                self.set_scenario(s);
            }
            Action::LoadScenario(q) => {
                let (link, _) = Link::from_query(&q);
                self.set_scenario(link.scenario);
                self.pos = self.model.start;
                self.playing = false;
            }
            Action::Reset => {
                self.set_scenario(Scenario::default());
                self.pos = self.model.clamp(self.pos);
            }
            Action::DismissNotice => self.notice_open = false,
            Action::Lesson(a) => {
                // Opening the lessons again retries texts that failed to load.
                let pack = self.lessons_pack();
                if a == LessonAction::Open && matches!(self.text_state(pack), TextState::Failed(_))
                {
                    self.text[pack.index()] = TextState::Missing;
                }
                let cue = self.course.apply(a);
                self.cue(cue);
            }
            Action::Text(pack, state) => self.text[pack.index()] = state,
        }
    }

    /// Applies what a lesson action asked for beyond the course.
    fn cue(&mut self, cue: Cue) {
        match cue {
            Cue::Stay => {}
            Cue::List => self.show_list(),
            Cue::Enter(l, k) => self.enter_step(l, k),
            Cue::Finish => {
                self.playing = false;
                self.show_list();
            }
            Cue::PauseAt(stop) => {
                self.pos = stop;
                self.playing = false;
            }
        }
    }

    /// Opens the lesson the link names (`lesson=N&step=K`), if any. Called
    /// once the state has been read from the link.
    fn open_lesson_from_link(&mut self) {
        let Some(n) = self.link.lesson else {
            self.link.step = None;
            // `lesson=0` or `lesson=x`: the notice says so; show the list.
            if self.warnings.iter().any(|w| w.key == "lesson") {
                self.course.open = true;
                self.show_list();
            }
            return;
        };
        let (at, warnings) = resolve_link(n, self.link.step);
        if !warnings.is_empty() {
            self.warnings.extend(warnings);
            self.notice_open = true;
        }
        self.course.open = true;
        match at {
            Some((l, k)) => self.enter_step(l, k),
            None => self.show_list(),
        }
    }

    fn show_list(&mut self) {
        self.course.show_list();
        self.link.lesson = None;
        self.link.step = None;
    }

    /// Loads step `k` of lesson `l`'s scenario and plays from the previous
    /// stop to this one.
    fn enter_step(&mut self, l: u32, k: u32) {
        let Some(lesson) = crate::lessons::lesson(l) else {
            return self.show_list();
        };
        let Some(step) = lesson.steps.get((k as usize).wrapping_sub(1)) else {
            return self.show_list();
        };
        self.set_scenario(step.scenario());
        let stop = stop_time(step, &self.model);
        let from = self.model.clamp(run_from(lesson, k, &self.model).min(stop));
        self.pos = from;
        let run = from < stop - 0.5;
        self.playing = run;
        self.course.enter(l, k, step, run.then_some(stop));
        self.link.lesson = Some(l);
        self.link.step = Some(k);
    }

    /// Playback is running towards the step's stop (the question waits).
    pub fn lesson_running(&self) -> bool {
        self.playing && self.course.run_to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::State;

    fn state(q: &str) -> AppState {
        AppState::from_query(q, Lang::En, false)
    }

    #[test]
    fn opens_at_the_start_or_at_t_clamped() {
        assert_eq!(state("").pos, -100.0);
        assert_eq!(state("t=1100").pos, 1100.0);
        assert_eq!(state("t=999999").pos, 5100.0);
    }

    #[test]
    fn bad_link_keeps_defaults_and_opens_the_notice() {
        let s = state("msl=abc&bogus=1");
        assert!(s.notice_open);
        assert_eq!(s.warnings.len(), 2);
        assert_eq!(s.scenario(), &Scenario::default());
    }

    #[test]
    fn playing_reaches_the_end_and_stops() {
        let mut s = state("");
        s.apply(Action::TogglePlay);
        let mut frames = 0;
        while s.playing && frames < 100_000 {
            s.apply(Action::Tick(16.0));
            frames += 1;
        }
        assert_eq!(s.pos, 5100.0);
        // Compressed: the 4 s TIME-WAIT does not take 40 s of wall time.
        assert!(frames * 16 < 20_000, "{frames}");
        assert_eq!(s.model.state_at(Host::Client, s.pos), State::Closed);
        // Play again at the end starts over.
        s.apply(Action::TogglePlay);
        assert!(s.playing);
        assert_eq!(s.pos, -100.0);
    }

    #[test]
    fn a_sleeping_tab_does_not_jump() {
        let mut s = state("");
        s.apply(Action::TogglePlay);
        s.apply(Action::Tick(60_000.0));
        assert!(s.pos < 0.0, "{}", s.pos);
        s.apply(Action::Tick(f64::NAN));
        assert!(s.pos.is_finite());
    }

    #[test]
    fn reduced_motion_steps_from_event_to_event() {
        let mut s = AppState::from_query("", Lang::En, true);
        s.apply(Action::TogglePlay);
        s.apply(Action::Tick(16.0));
        assert_eq!(s.pos, 0.0);
        s.apply(Action::Tick(16.0));
        assert_eq!(s.pos, 0.0);
        for _ in 0..80 {
            s.apply(Action::Tick(16.0));
        }
        assert_eq!(s.pos, 100.0);
    }

    #[test]
    fn the_state_compares_the_model_by_identity() {
        let a = state("drop=4");
        // A clone shares the model: the same view.
        assert!(a == a.clone());
        // An equal model that is another allocation counts as another view (comparing the
        // models would walk both timelines to call them equal).
        let b = state("drop=4");
        assert!(a != b && *a.model == *b.model);
        // Any other field counts.
        let mut c = a.clone();
        c.apply(Action::Seek(150.0));
        assert!(a != c && a.same_view_but_position(&c));
        let mut d = a.clone();
        d.apply(Action::SetLang(Lang::Zh));
        assert!(a != d && !a.same_view_but_position(&d));
    }

    #[test]
    fn stepping_walks_the_event_times() {
        let mut s = state("");
        s.apply(Action::StepNext);
        assert_eq!(s.pos, 0.0);
        s.apply(Action::StepNext);
        assert_eq!(s.pos, 100.0);
        s.apply(Action::StepPrev);
        assert_eq!(s.pos, 0.0);
        s.apply(Action::StepPrev);
        assert_eq!(s.pos, -100.0);
        s.apply(Action::ToEnd);
        s.apply(Action::StepNext);
        assert_eq!(s.pos, 5100.0);
    }

    #[test]
    fn dropping_the_final_ack_recomputes_and_keeps_t() {
        let mut s = state("t=1150");
        s.apply(Action::ToggleDrop(4));
        assert_eq!(s.pos, 1150.0);
        assert_eq!(s.scenario().drop, vec![4]);
        assert_eq!(s.query(true), "drop=4&t=1150");
        // The server retransmits its FIN and the client ACKs it again.
        let fins = s
            .model
            .timeline
            .flights
            .iter()
            .filter(|f| f.segment.from == Host::Server && f.segment.is_fin())
            .count();
        assert_eq!(fins, 2);
        s.apply(Action::ToggleDrop(4));
        assert!(s.scenario().drop.is_empty());
        assert_eq!(s.model.timeline.flights.len(), 4);
    }

    #[test]
    fn edits_are_clamped_and_close_both_sets_gap_zero() {
        let mut s = state("");
        s.apply(Action::Edit(Edit::Delay(0)));
        assert_eq!(s.scenario().delay_ms, 1);
        s.apply(Action::Edit(Edit::Close(Close::Both)));
        assert_eq!(s.scenario().gap_ms, 0);
        assert_eq!(s.query(false), "close=both&delay=1");
        s.apply(Action::Edit(Edit::Gap(300)));
        assert_eq!(s.scenario().close, Close::Client);
        s.apply(Action::Edit(Edit::MslMs(0)));
        assert_eq!(s.scenario().msl_ms, Some(limits::MSL_MS.0));
    }

    #[test]
    fn stack_and_call_are_written_to_the_link_and_the_exports() {
        let mut s = state("");
        s.apply(Action::Edit(Edit::Stack(teardown_core::Stack::Linux)));
        s.apply(Action::Edit(Edit::Call(Call::Shutdown)));
        assert_eq!(s.query(false), "stack=linux&call=shutdown");
        // The exports render from the scenario's own query: the same keys.
        assert_eq!(s.scenario().to_query(), "stack=linux&call=shutdown");
        assert_eq!(state(&s.query(false)).scenario(), s.scenario());
        // Data after close() needs the link's version 2 to keep its meaning.
        s.apply(Action::Edit(Edit::Call(Call::Close)));
        s.apply(Action::Edit(Edit::Data(2)));
        assert_eq!(s.query(false), "stack=linux&data=2&v=2");
        assert_eq!(state(&s.query(false)).scenario(), s.scenario());
    }

    #[test]
    fn a_value_set_by_hand_overrides_the_stack_until_sent_back() {
        let mut s = state("stack=linux");
        assert_eq!(s.scenario().settings().time_wait_ms, 60_000);
        // Moving the MSL slider is a what-if under Linux: TIME-WAIT becomes 2×MSL.
        s.apply(Action::Edit(Edit::MslMs(5_000)));
        assert_eq!(s.scenario().msl_ms, Some(5_000));
        assert_eq!(s.scenario().settings().time_wait_ms, 10_000);
        assert_eq!(s.query(false), "stack=linux&msl=5");
        s.apply(Action::Edit(Edit::StackValue(Tunable::Msl)));
        assert_eq!(s.scenario().msl_ms, None);
        assert_eq!(s.query(false), "stack=linux");
        // The textbook's own value set by hand is the textbook's: nothing to write.
        let mut s = state("");
        s.apply(Action::Edit(Edit::Rto(1_000)));
        assert_eq!(s.scenario().rto_ms, None);
        s.apply(Action::Edit(Edit::Dack(700)));
        assert_eq!(s.query(false), "dack=700");
        // Another stack brings its own values: hand-set ones are dropped.
        s.apply(Action::Edit(Edit::Stack(teardown_core::Stack::Freebsd)));
        assert_eq!(s.query(false), "stack=freebsd");
        assert_eq!(s.scenario().settings().fin_ack_delay_ms, 0);
    }

    #[test]
    fn the_link_round_trips_through_the_state() {
        let q = "close=server&gap=150&msl=30&drop=3&lang=zh&t=1200";
        let s = state(q);
        assert_eq!(s.lang, Lang::Zh);
        assert_eq!(s.query(true), q);
        // The same state, but for the model's identity (each state makes its own).
        let back = state(&s.query(true));
        assert!(*back.model == *s.model);
        assert_eq!((&back.link, back.lang, back.pos), (&s.link, s.lang, s.pos));
        assert_eq!((&back.warnings, &back.course), (&s.warnings, &s.course));
    }

    #[test]
    fn language_switch_is_written_to_the_link() {
        let mut s = state("");
        assert_eq!(s.query(true), "");
        s.apply(Action::SetLang(Lang::Zh));
        assert_eq!(s.query(true), "lang=zh");
    }

    #[test]
    fn chinese_shows_once_its_text_is_in_and_lessons_want_their_pack() {
        let mut s = state("lang=zh");
        // This build carries every text: nothing to wait for.
        assert!(s.text_settled());
        assert_eq!(s.shown_lang(), Lang::Zh);
        // The page's build starts without the Chinese text: English until it arrives.
        s.text = [TextState::Missing, TextState::Missing];
        assert_eq!(s.packs_wanted().collect::<Vec<_>>(), vec![Pack::Zh]);
        assert_eq!(s.shown_lang(), Lang::En);
        assert!(!s.text_settled());
        s.apply(Action::Text(Pack::Zh, TextState::Loading));
        assert_eq!(s.shown_lang(), Lang::En);
        s.apply(Action::Text(Pack::Zh, TextState::Ready));
        assert_eq!(s.shown_lang(), Lang::Zh);
        assert!(s.text_settled());
        // English lessons need the English pack; a failure settles it too.
        s.apply(Action::SetLang(Lang::En));
        s.apply(Action::Lesson(LessonAction::Open));
        assert_eq!(s.packs_wanted().collect::<Vec<_>>(), vec![Pack::En]);
        assert!(!s.text_settled());
        s.apply(Action::Text(
            Pack::En,
            TextState::Failed(LoadError::NotAPack),
        ));
        assert!(s.text_settled());
        assert!(
            s.course.open,
            "a text pack arriving does not leave the lesson"
        );
    }
}

#[cfg(test)]
mod course_tests {
    //! The course as the app runs it: lesson actions, playback to a step's stop, answers.
    use super::*;
    use crate::i18n::Msg;
    use crate::lesson_state::{format_done, resolve_link, stop_time};
    use crate::lessons::{LESSONS, Question};
    use teardown_core::{Host, State};

    fn state(q: &str) -> AppState {
        AppState::from_query(q, Lang::En, false)
    }

    /// Plays until playback pauses by itself.
    fn play_out(s: &mut AppState) {
        let mut frames = 0;
        while s.playing && frames < 100_000 {
            s.apply(Action::Tick(16.0));
            frames += 1;
        }
    }

    fn act(s: &mut AppState, a: LessonAction) {
        s.apply(Action::Lesson(a));
    }

    /// The index of the right (`true`) or a wrong choice of the current question.
    fn pick(s: &AppState, right: bool) -> usize {
        match s.course.question() {
            Some(Question::Choice { choices, .. }) => {
                choices.iter().position(|c| c.correct == right).unwrap()
            }
            _ => panic!("no choice question"),
        }
    }

    #[test]
    fn a_lesson_link_opens_its_step_and_plays_to_the_stop() {
        let mut s = state("lesson=1&step=2");
        assert!(s.course.open);
        assert_eq!(s.course.at, Some((1, 2)));
        // From step 1's stop (the lead-in, before the first close call) to
        // the FIN half-way across (50 ms).
        assert_eq!(s.pos, -100.0);
        assert!(s.lesson_running());
        play_out(&mut s);
        assert_eq!(s.pos, 50.0);
        assert!(!s.playing && !s.lesson_running());
        assert_eq!(s.query(true), "lesson=1&step=2");
    }

    #[test]
    fn wrong_then_right_then_continue_reaches_the_next_step() {
        let mut s = state("lesson=1&step=2");
        play_out(&mut s);
        assert!(!s.course.can_continue());
        assert!(s.course.asking());
        let wrong = pick(&s, false);
        act(&mut s, LessonAction::Choose(wrong));
        assert_eq!(s.course.answer.map(|a| a.right), Some(false));
        assert!(!s.course.can_continue());
        assert!(s.course.feedback_key().is_some());
        // Another try is always possible.
        let right = pick(&s, true);
        act(&mut s, LessonAction::Choose(right));
        assert!(s.course.can_continue());
        assert!(!s.course.asking());
        assert_eq!(s.course.feedback_key(), Some("l1.s2.cw"));
        act(&mut s, LessonAction::Next);
        assert_eq!(s.course.at, Some((1, 3)));
        assert_eq!(s.course.answer, None);
        assert_eq!(s.pos, 50.0, "plays on from the previous stop");
        play_out(&mut s);
        assert_eq!(s.pos, 350.0);
        assert_eq!(s.model.state_at(Host::Server, s.pos), State::CloseWait);
        // Back goes to the previous step.
        act(&mut s, LessonAction::Prev);
        assert_eq!(s.course.at, Some((1, 2)));
        act(&mut s, LessonAction::SkipToStop);
        assert_eq!(s.pos, 50.0);
        assert!(!s.playing);
        act(&mut s, LessonAction::Prev);
        act(&mut s, LessonAction::Prev);
        assert_eq!(s.course.at, Some((1, 1)));
    }

    #[test]
    fn finishing_the_last_step_marks_the_lesson_done() {
        let mut s = state("lesson=1&step=6");
        assert!(s.course.is_last_step() && s.course.can_continue());
        act(&mut s, LessonAction::Next);
        assert_eq!(s.course.at, None);
        assert!(s.course.open);
        assert_eq!(s.course.done, vec![1]);
        assert_eq!(format_done(&s.course.done), "1");
        assert_eq!(s.link.lesson, None);
        act(&mut s, LessonAction::Start(3));
        assert_eq!(s.course.at, Some((3, 1)));
        act(&mut s, LessonAction::RestoreDone(vec![5, 1, 99, 0]));
        assert_eq!(s.course.done, vec![1, 5]);
    }

    #[test]
    fn the_click_question_takes_segment_clicks_instead_of_dropping() {
        let mut s = state("lesson=4&step=1");
        play_out(&mut s);
        assert!(matches!(
            s.course.question(),
            Some(Question::ClickSegment { .. })
        ));
        s.apply(Action::ToggleDrop(1));
        assert!(s.scenario().drop.is_empty(), "a click answers, never drops");
        assert_eq!(s.course.answer.map(|a| a.right), Some(false));
        assert_eq!(s.course.feedback_key(), Some("l4.s1.wrong"));
        s.apply(Action::ToggleDrop(4));
        assert!(s.scenario().drop.is_empty());
        assert!(s.course.can_continue());
        assert_eq!(s.course.feedback_key(), Some("l4.s1.right"));
        act(&mut s, LessonAction::Next);
        assert_eq!(s.scenario().drop, vec![4]);
        // On a step without a click question, clicks drop as usual.
        play_out(&mut s);
        s.apply(Action::ToggleDrop(2));
        assert_eq!(s.scenario().drop, vec![2, 4]);
    }

    #[test]
    fn try_it_yourself_keeps_the_scenario_and_the_moment() {
        let mut s = state("lesson=4&step=2");
        play_out(&mut s);
        let pos = s.pos;
        act(&mut s, LessonAction::Exit);
        assert!(!s.course.open);
        assert_eq!(s.pos, pos);
        assert_eq!(s.scenario().drop, vec![4]);
        assert_eq!(s.query(true), format!("drop=4&t={}", pos as u64));
        // Free play clicks drop again.
        s.apply(Action::ToggleDrop(1));
        assert_eq!(s.scenario().drop, vec![1, 4]);
    }

    #[test]
    fn bad_lesson_numbers_open_the_notice_and_fall_back() {
        let s = state("lesson=12&step=2");
        assert!(s.course.open && s.course.at.is_none());
        assert!(s.notice_open);
        assert_eq!(s.warnings[0].key, "lesson");
        // The notice says what fits in the learner's language.
        assert!(matches!(
            s.warnings[0].problem,
            teardown_core::Problem::Invalid { expected }
                if Msg::expected(expected) == Some(Msg::ExpectedALessonNumberFrom1To8)
        ));
        assert_eq!(crate::lessons::LESSONS.len(), 8);
        let s = state("lesson=7&step=9");
        assert_eq!(s.course.at, Some((7, 1)));
        assert_eq!(s.warnings[0].key, "step");
        let s = state("lesson=0");
        assert!(s.course.open && s.course.at.is_none());
        assert!(s.notice_open);
        let s = state("step=3");
        assert!(!s.course.open);
        assert_eq!(s.query(true), "");
        assert_eq!(resolve_link(3, None), (Some((3, 1)), vec![]));
    }

    #[test]
    fn a_lesson_link_decides_the_scenario_and_ignores_t() {
        let s = state("lesson=7&step=1&drop=2&t=4000");
        assert_eq!(s.course.at, Some((7, 1)));
        assert_eq!(s.query(true), "close=both&lesson=7&step=1");
    }

    #[test]
    fn every_step_can_be_entered_and_played_to_its_stop() {
        for (i, lesson) in LESSONS.iter().enumerate() {
            for k in 1..=lesson.steps.len() {
                let mut s = state(&format!("lesson={}&step={k}", i + 1));
                play_out(&mut s);
                let step = &lesson.steps[k - 1];
                let stop = stop_time(step, &s.model);
                assert_eq!(s.pos, stop, "lesson {} step {k}", i + 1);
                assert!(!s.playing);
            }
        }
    }

    #[test]
    fn the_first_question_does_not_show_its_answer() {
        // "What does the client send first?" is asked before anything is sent.
        let s = state("lesson=1&step=1");
        assert!(!s.playing);
        assert_eq!(s.model.state_at(Host::Client, s.pos), State::Established);
        assert_eq!(s.model.sent_count(s.pos), 0);
    }

    #[test]
    fn an_edit_from_the_controls_leaves_the_lesson() {
        let mut s = state("lesson=3&step=2");
        s.apply(Action::Edit(Edit::Gap(500)));
        assert!(!s.course.open && s.course.at.is_none());
        assert_eq!(s.scenario().gap_ms, 500);
        assert_eq!(s.link.lesson, None);
        let mut s = state("lesson=3&step=2");
        s.apply(Action::Lesson(LessonAction::List));
        s.apply(Action::Reset);
        assert!(!s.course.open);
    }
}

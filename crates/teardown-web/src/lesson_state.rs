//! Where the learner is in the course, as plain Rust: the open lesson and
//! step, the answer given, which lessons are done, and the playback time the
//! step pauses at. The lesson content is in [`crate::lessons`]; the panel
//! (`ui/lessons.rs`) only draws a [`Course`] and sends [`LessonAction`]s.
//!
//! A step is entered by loading its scenario and playing from the previous
//! step's stop (or 0) to this step's stop, where playback pauses
//! ([`Course::run_to`], checked by the playback tick). A click on a segment
//! answers a "click the segment" question instead of dropping it.

use std::rc::Rc;

use crate::lessons::{LESSONS, Lesson, Question, Step, Stop};
use crate::model::Model;
use crate::state::{Action, AppState};
use teardown_core::{Problem, Scenario, Warning};

/// The localStorage key holding the completed lessons ("1,4,7").
pub const STORAGE_KEY: &str = "teardown.lessons.done";

/// What the learner picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The index of a choice.
    Choice(usize),
    /// A segment, by send order.
    Segment(u32),
}

/// The last answer given on the current step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    pub pick: Pick,
    pub right: bool,
}

/// The course: open or not, where in it, and what is done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Course {
    /// The lessons panel is shown.
    pub open: bool,
    /// `(lesson, step)`, both counted from 1; `None` shows the list.
    pub at: Option<(u32, u32)>,
    /// The last answer on this step (cleared when the step changes).
    pub answer: Option<Answer>,
    /// The step's question was answered right (or it has none).
    pub solved: bool,
    /// Completed lessons, sorted, no repeats.
    pub done: Vec<u32>,
    /// Playback pauses when it reaches this time (the step's stop).
    pub run_to: Option<f64>,
}

/// What the lessons panel asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonAction {
    /// Show the course list.
    Open,
    /// Leave the course into free play, keeping the scenario and the moment
    /// ("try it yourself", or closing the list).
    Exit,
    /// Back to the list of lessons.
    List,
    /// Start lesson `n` (from 1) at its first step.
    Start(u32),
    /// Continue: the next step, or on the last step finish the lesson.
    Next,
    /// The previous step.
    Prev,
    /// Pick choice `i` of the current question.
    Choose(usize),
    /// Jump to the step's stop without waiting for playback.
    SkipToStop,
    /// The completed lessons read from storage.
    RestoreDone(Vec<u32>),
}

/// Reads the stored list of completed lessons, ignoring anything that is not
/// a lesson number.
pub fn parse_done(s: &str) -> Vec<u32> {
    let mut v: Vec<u32> = s
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .filter(|&n| n >= 1 && n as usize <= LESSONS.len())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The stored form of the completed lessons.
pub fn format_done(done: &[u32]) -> String {
    done.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Where a link's `lesson`/`step` lead: `Some((lesson, step))`, or `None` for
/// the course list, plus warnings for numbers the course does not have.
/// A lesson past the last opens the list; a step past the lesson's last
/// opens step 1.
pub fn resolve_link(lesson: u32, step: Option<u32>) -> (Option<(u32, u32)>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let Some(l) = crate::lessons::lesson(lesson) else {
        warnings.push(Warning {
            key: "lesson".into(),
            value: lesson.to_string(),
            problem: Problem::Invalid {
                expected: "a lesson number from 1 to 8",
            },
        });
        return (None, warnings);
    };
    let k = match step {
        None => 1,
        Some(k) if k >= 1 && k as usize <= l.steps.len() => k,
        Some(k) => {
            warnings.push(Warning {
                key: "step".into(),
                value: k.to_string(),
                problem: Problem::Clamped { to: "1".into() },
            });
            1
        }
    };
    (Some((lesson, k)), warnings)
}

/// The playback time (ms) a step pauses at on `model`'s timeline.
/// [`Stop::Start`] is the lead-in before the first close call: at time 0 the
/// first FIN is already on its way (and the badge says FIN-WAIT-1), which
/// would give away the answer to "what does the client send first?".
/// A stop that never happens gives 0 (a test in `lessons` checks every stop
/// does).
pub fn stop_time(step: &Step, model: &Model) -> f64 {
    match step.stop {
        Stop::Start => model.start,
        stop => model.clamp(stop.resolve(&model.timeline).map_or(0.0, |t| t as f64)),
    }
}

/// Where playback starts when step `k` (from 1) of `lesson` is entered: the
/// previous step's stop if it is on the same scenario and not later, else
/// time 0 (or the stop itself, if that is earlier).
pub fn run_from(lesson: &Lesson, k: u32, model: &Model) -> f64 {
    let i = (k as usize).saturating_sub(1);
    let Some(step) = lesson.steps.get(i) else {
        return 0.0;
    };
    let stop = stop_time(step, model);
    match i.checked_sub(1).and_then(|p| lesson.steps.get(p)) {
        Some(prev) if prev.query == step.query => {
            let t = stop_time(prev, model);
            if t <= stop { t } else { 0.0_f64.min(stop) }
        }
        _ => 0.0_f64.min(stop),
    }
}

impl Course {
    /// The open lesson.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.at.and_then(|(l, _)| crate::lessons::lesson(l))
    }

    /// The open step.
    pub fn step(&self) -> Option<&'static Step> {
        let (_, k) = self.at?;
        self.lesson()?.steps.get((k as usize).checked_sub(1)?)
    }

    pub fn question(&self) -> Option<Question> {
        self.step()?.question
    }

    /// The current question is answered by clicking a segment.
    pub fn wants_click(&self) -> bool {
        matches!(self.question(), Some(Question::ClickSegment { .. }))
    }

    /// The learner may go on: the question was answered right, or there is none.
    pub fn can_continue(&self) -> bool {
        self.solved || self.question().is_none()
    }

    pub fn is_last_step(&self) -> bool {
        match (self.at, self.lesson()) {
            (Some((_, k)), Some(l)) => k as usize >= l.steps.len(),
            _ => false,
        }
    }

    pub fn is_done(&self, lesson: u32) -> bool {
        self.done.binary_search(&lesson).is_ok()
    }

    /// Records lesson `n` as completed.
    pub fn mark_done(&mut self, n: u32) {
        if let Err(i) = self.done.binary_search(&n) {
            self.done.insert(i, n);
        }
    }

    /// Answers a choice question with choice `i`. Returns whether it was right
    /// (false also when there is no such choice).
    pub fn choose(&mut self, i: usize) -> bool {
        let Some(Question::Choice { choices, .. }) = self.question() else {
            return false;
        };
        let Some(c) = choices.get(i) else {
            return false;
        };
        self.answer = Some(Answer {
            pick: Pick::Choice(i),
            right: c.correct,
        });
        self.solved |= c.correct;
        c.correct
    }

    /// Answers a "click the segment" question with segment `n`. Returns
    /// whether the click was taken as an answer (otherwise it drops the
    /// segment, as in free play).
    pub fn click(&mut self, n: u32) -> bool {
        let Some(Question::ClickSegment { correct, .. }) = self.question() else {
            return false;
        };
        let right = correct.contains(&n);
        self.answer = Some(Answer {
            pick: Pick::Segment(n),
            right,
        });
        self.solved |= right;
        true
    }

    /// The explanation for the last answer: a translation key.
    pub fn feedback_key(&self) -> Option<&'static str> {
        let answer = self.answer?;
        match (self.question()?, answer.pick) {
            (Question::Choice { choices, .. }, Pick::Choice(i)) => choices.get(i).map(|c| c.why),
            (Question::ClickSegment { right, wrong, .. }, Pick::Segment(_)) => {
                Some(if answer.right { right } else { wrong })
            }
            _ => None,
        }
    }
}

impl AppState {
    /// Opens the lesson the link names (`lesson=N&step=K`), if any. Called
    /// once the state has been read from the link.
    pub(crate) fn open_lesson_from_link(&mut self) {
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
        self.course.at = None;
        self.course.answer = None;
        self.course.run_to = None;
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
        let scenario: Scenario = step.scenario();
        if scenario != self.link.scenario {
            self.model = Rc::new(Model::new(scenario.clone(), self.compress));
            self.link.scenario = scenario;
        }
        let stop = stop_time(step, &self.model);
        let from = self.model.clamp(run_from(lesson, k, &self.model).min(stop));
        self.pos = from;
        let run = from < stop - 0.5;
        self.playing = run;
        self.course.run_to = run.then_some(stop);
        self.course.at = Some((l, k));
        self.course.answer = None;
        self.course.solved = step.question.is_none();
        self.link.lesson = Some(l);
        self.link.step = Some(k);
    }

    /// Applies one lesson action.
    pub(crate) fn apply_lesson(&mut self, action: LessonAction) {
        match action {
            LessonAction::Open => {
                self.course.open = true;
                if self.course.at.is_none() {
                    self.show_list();
                }
            }
            LessonAction::Exit => {
                self.course.open = false;
                self.show_list();
            }
            LessonAction::List => {
                self.course.open = true;
                self.show_list();
            }
            LessonAction::Start(n) => {
                self.course.open = true;
                self.enter_step(n, 1);
            }
            LessonAction::Next => {
                let Some((l, k)) = self.course.at else { return };
                if self.course.is_last_step() {
                    self.course.mark_done(l);
                    self.playing = false;
                    self.show_list();
                } else {
                    self.enter_step(l, k + 1);
                }
            }
            LessonAction::Prev => {
                if let Some((l, k)) = self.course.at {
                    if k > 1 {
                        self.enter_step(l, k - 1);
                    }
                }
            }
            LessonAction::Choose(i) => {
                self.course.choose(i);
            }
            LessonAction::SkipToStop => {
                if let Some(stop) = self.course.run_to.take() {
                    self.pos = stop;
                    self.playing = false;
                }
            }
            LessonAction::RestoreDone(done) => {
                for n in done {
                    if n >= 1 && n as usize <= LESSONS.len() {
                        self.course.mark_done(n);
                    }
                }
            }
        }
    }

    /// A click on segment `n`: answers the step's question if it asks for a
    /// click. Returns whether it did (the click then does not drop).
    pub(crate) fn lesson_click(&mut self, n: u32) -> bool {
        self.course.open && self.course.click(n)
    }

    /// Called by the playback tick after moving from `before`: pauses at the
    /// step's stop when playback reaches it. Returns whether it paused.
    pub(crate) fn lesson_pause(&mut self, before: f64) -> bool {
        let Some(stop) = self.course.run_to else {
            return false;
        };
        if before <= stop + 0.5 && self.pos >= stop - 0.5 {
            self.pos = stop;
            self.playing = false;
            self.course.run_to = None;
            return true;
        }
        false
    }

    /// Changing the scenario from the controls (an edit, a preset, a reset)
    /// leaves the lesson for free play: the step's text would no longer
    /// describe what is shown. Clicking a segment does not: it may answer
    /// the question, or try something within the step.
    pub(crate) fn leave_lesson_on(&mut self, action: &Action) {
        let edits = matches!(
            action,
            Action::Edit(_) | Action::LoadScenario(_) | Action::Reset | Action::ClearDrops
        );
        if edits && self.course.open {
            self.course.open = false;
            self.show_list();
        }
    }

    /// A lesson question waits for its right answer: the ladder then hides
    /// its faint arrows of segments still to come, which would give it away.
    pub fn course_asking(&self) -> bool {
        self.course.open && !self.course.can_continue()
    }

    /// Playback is running towards the step's stop (the question waits).
    pub fn lesson_running(&self) -> bool {
        self.playing && self.course.run_to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, has};
    use crate::lessons::Question;
    use crate::state::Edit;
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
        assert!(s.course_asking());
        let wrong = pick(&s, false);
        act(&mut s, LessonAction::Choose(wrong));
        assert_eq!(s.course.answer.map(|a| a.right), Some(false));
        assert!(!s.course.can_continue());
        assert!(s.course.feedback_key().is_some());
        // Another try is always possible.
        let right = pick(&s, true);
        act(&mut s, LessonAction::Choose(right));
        assert!(s.course.can_continue());
        assert!(!s.course_asking());
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
        assert!(s.course.wants_click());
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
        assert!(has("expected.a lesson number from 1 to 8"));
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

    #[test]
    fn stored_progress_is_read_forgivingly() {
        assert_eq!(parse_done("3,1, 1,x,,9,0"), vec![1, 3]);
        assert_eq!(parse_done(""), Vec::<u32>::new());
        assert_eq!(format_done(&[1, 3]), "1,3");
    }
}

//! Where the learner is in the course, as plain Rust: the open lesson and
//! step, the answer given, which lessons are done, and the playback time the
//! step pauses at. The lesson content is in [`crate::lessons`]; the panel
//! (`ui/lessons.rs`) only draws a [`Course`] and sends [`LessonAction`]s.
//!
//! A step is entered by loading its scenario and playing from the previous
//! step's stop (or 0) to this step's stop, where playback pauses
//! ([`Course::run_to`], checked by the playback tick). A click on a segment
//! answers a "click the segment" question instead of dropping it.

use crate::lessons::{LESSONS, Lesson, Question, Step, Stop};
use crate::model::Model;
use teardown_core::{Problem, Warning};

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

    /// The explanation for the last answer: a lesson text's key.
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

/// What a lesson action asks of the rest of the app: the playback position, the scenario
/// and the link are `AppState`'s, which applies the cue (`state.rs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cue {
    /// Nothing beyond the course.
    Stay,
    /// Show the course list: no lesson in the link.
    List,
    /// Enter step `k` (from 1) of lesson `l`: its scenario, played up to its stop.
    Enter(u32, u32),
    /// The lesson is finished: pause and show the list.
    Finish,
    /// Jump to this time (the step's stop) and pause.
    PauseAt(f64),
}

impl Course {
    /// Applies one lesson action to the course; the returned cue says what else must change.
    pub fn apply(&mut self, action: LessonAction) -> Cue {
        match action {
            LessonAction::Open => {
                self.open = true;
                if self.at.is_none() {
                    Cue::List
                } else {
                    Cue::Stay
                }
            }
            LessonAction::Exit => {
                self.open = false;
                Cue::List
            }
            LessonAction::List => {
                self.open = true;
                Cue::List
            }
            LessonAction::Start(n) => {
                self.open = true;
                Cue::Enter(n, 1)
            }
            LessonAction::Next => match self.at {
                None => Cue::Stay,
                Some((l, _)) if self.is_last_step() => {
                    self.mark_done(l);
                    Cue::Finish
                }
                Some((l, k)) => Cue::Enter(l, k + 1),
            },
            LessonAction::Prev => match self.at {
                Some((l, k)) if k > 1 => Cue::Enter(l, k - 1),
                _ => Cue::Stay,
            },
            LessonAction::Choose(i) => {
                self.choose(i);
                Cue::Stay
            }
            LessonAction::SkipToStop => self.run_to.take().map_or(Cue::Stay, Cue::PauseAt),
            LessonAction::RestoreDone(done) => {
                for n in done {
                    if n >= 1 && n as usize <= LESSONS.len() {
                        self.mark_done(n);
                    }
                }
                Cue::Stay
            }
        }
    }

    /// Back to the list: no step, no answer, no stop.
    pub fn show_list(&mut self) {
        self.at = None;
        self.answer = None;
        self.run_to = None;
    }

    /// Now on step `k` of lesson `l`, pausing at `run_to` if playback runs there.
    pub fn enter(&mut self, l: u32, k: u32, step: &Step, run_to: Option<f64>) {
        self.run_to = run_to;
        self.at = Some((l, k));
        self.answer = None;
        self.solved = step.question.is_none();
    }

    /// Playback moved from `before` to `pos`: the step's stop, if playback just reached it
    /// (then playback pauses there and the stop is cleared).
    pub fn reached_stop(&mut self, before: f64, pos: f64) -> Option<f64> {
        let stop = self.run_to?;
        let reached = before <= stop + 0.5 && pos >= stop - 0.5;
        if reached {
            self.run_to = None;
        }
        reached.then_some(stop)
    }

    /// A click on segment `n` while the lessons are open: answers the step's question if it
    /// asks for a click. Returns whether it did (the click then does not drop).
    pub fn take_click(&mut self, n: u32) -> bool {
        self.open && self.click(n)
    }

    /// A lesson question waits for its right answer: the ladder then hides
    /// its faint arrows of segments still to come, which would give it away.
    pub fn asking(&self) -> bool {
        self.open && !self.can_continue()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_progress_is_read_forgivingly() {
        assert_eq!(parse_done("3,1, 1,x,,9,0"), vec![1, 3]);
        assert_eq!(parse_done(""), Vec::<u32>::new());
        assert_eq!(format_done(&[1, 3]), "1,3");
    }
}

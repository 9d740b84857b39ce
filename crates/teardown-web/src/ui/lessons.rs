//! The lessons panel: the course list, and inside a lesson the step's text,
//! its prediction question and the way on. It only draws a
//! [`Course`](crate::lesson_state::Course) and sends lesson actions; the
//! logic is in `lesson_state`.

use yew::prelude::*;

use crate::i18n::{Lang, Msg, tr, tr_lesson, trf};
use crate::lesson_state::{Course, LessonAction, Pick};
use crate::lessons::{LESSONS, Question};
use crate::state::{Action, TextState};

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lang: Lang,
    pub course: Course,
    /// Playback is still running to the step's stop.
    pub running: bool,
    pub dispatch: Callback<Action>,
    /// The lesson texts: fetched when the lessons are first opened (`crate::text`).
    pub text: TextState,
}

/// Moves the focus without scrolling the page: on a phone the panel sits
/// below the stage, and the learner should keep seeing what they scrolled to.
/// Only when the learner has acted (something other than the page has the
/// focus): a page opened from a lesson link keeps its normal start.
fn focus(node: &NodeRef) {
    let Some(el) = node.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let window = web_sys::window();
    let acted = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| Some((d.active_element()?, d.body()?)))
        .is_some_and(|(active, body)| {
            let body: &web_sys::Element = &body;
            &active != body
        });
    if !acted {
        return;
    }
    let at = window
        .as_ref()
        .and_then(|w| Some((w.scroll_x().ok()?, w.scroll_y().ok()?)));
    let _ = el.focus();
    if let (Some(w), Some((x, y))) = (window, at) {
        w.scroll_to_with_x_and_y(x, y);
    }
}

#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let heading = use_node_ref();
    let next = use_node_ref();
    let course = &props.course;
    // A new step (or the list) puts the focus on its heading, so a keyboard
    // or screen-reader user starts reading there: once its text is in (the
    // loading view's heading has no ref, so the focus waits on the button).
    let ready = props.text == TextState::Ready;
    {
        let heading = heading.clone();
        use_effect_with((course.at, ready), move |_| focus(&heading));
    }
    // A right answer moves the focus to "Continue".
    {
        let next = next.clone();
        let right = course.answer.is_some_and(|a| a.right);
        use_effect_with((course.at, course.answer), move |_| {
            if right {
                focus(&next);
            }
        });
    }
    let act = |a: LessonAction| {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Lesson(a.clone())))
    };
    match &props.text {
        TextState::Ready => {}
        TextState::Failed(e) => {
            let why = e.message(props.lang);
            return text_status(
                props,
                &act,
                trf(props.lang, Msg::TextFailedLessons, &[("why", &why)]),
                false,
            );
        }
        TextState::Missing | TextState::Loading => {
            return text_status(
                props,
                &act,
                tr(props.lang, Msg::TextLoading).to_owned(),
                true,
            );
        }
    }
    match course.at {
        None => list_view(props, heading, &act),
        Some((l, k)) => step_view(props, l, k, heading, next, &act),
    }
}

/// The panel while its texts load, or when they could not be.
fn text_status(
    props: &LessonPanelProps,
    act: &dyn Fn(LessonAction) -> Callback<MouseEvent>,
    message: String,
    loading: bool,
) -> Html {
    let lang = props.lang;
    html! {
        <section class="card lesson-card" data-testid="lesson-panel" aria-labelledby="lesson-heading"
                 aria-busy={loading.to_string()}>
            <div class="lesson-head">
                <h2 id="lesson-heading" class="lesson-h" tabindex="-1">{ tr(lang, Msg::LessonsTitle) }</h2>
                <button class="lesson-x" data-testid="lesson-exit" title={tr(lang, Msg::LessonsClose)}
                        aria-label={tr(lang, Msg::LessonsClose)} onclick={act(LessonAction::Exit)}>{ "×" }</button>
            </div>
            <p class="lesson-intro" data-testid="lesson-text-status" role="status">{ message }</p>
        </section>
    }
}

fn list_view(
    props: &LessonPanelProps,
    heading: NodeRef,
    act: &dyn Fn(LessonAction) -> Callback<MouseEvent>,
) -> Html {
    let lang = props.lang;
    let course = &props.course;
    let total = LESSONS.len();
    let done = course.done.len();
    let pct = done * 100 / total.max(1);
    html! {
        <section class="card lesson-card" data-testid="lesson-panel" aria-labelledby="lesson-heading">
            <div class="lesson-head">
                <h2 id="lesson-heading" class="lesson-h" tabindex="-1" ref={heading}>{ tr(lang, Msg::LessonsTitle) }</h2>
                <button class="lesson-x" data-testid="lesson-exit" title={tr(lang, Msg::LessonsClose)}
                        aria-label={tr(lang, Msg::LessonsClose)} onclick={act(LessonAction::Exit)}>{ "×" }</button>
            </div>
            <p class="lesson-intro">{ tr(lang, Msg::LessonsIntro) }</p>
            <p class="lesson-progress" data-testid="lesson-progress">
                { trf(lang, Msg::LessonsProgress, &[("done", &done.to_string()), ("total", &total.to_string())]) }
            </p>
            <div class="lesson-bar" aria-hidden="true"><span style={format!("width:{pct}%")}></span></div>
            <ol class="lesson-list" data-testid="lesson-list">
                for (i, lesson) in LESSONS.iter().enumerate() {
                    {{
                        let n = i as u32 + 1;
                        let is_done = course.is_done(n);
                        let steps = lesson.steps.len().to_string();
                        html! {
                            <li>
                                <button class={classes!("lesson-item", is_done.then_some("done"))}
                                        data-testid="lesson-item" data-n={n.to_string()}
                                        data-done={is_done.to_string()}
                                        onclick={act(LessonAction::Start(n))}>
                                    <span class="lesson-num" aria-hidden="true">
                                        { if is_done { "✓".to_string() } else { n.to_string() } }
                                    </span>
                                    <span class="lesson-name">
                                        <span class="visually-hidden">{ trf(lang, Msg::LessonsNumber, &[("n", &n.to_string())]) }{ ": " }</span>
                                        { tr_lesson(lang, lesson.title) }
                                        if is_done {
                                            <span class="visually-hidden">{ " (" }{ tr(lang, Msg::LessonsDone) }{ ")" }</span>
                                        }
                                    </span>
                                    <span class="lesson-meta">{ trf(lang, Msg::LessonsSteps, &[("n", &steps)]) }</span>
                                </button>
                            </li>
                        }
                    }}
                }
            </ol>
        </section>
    }
}

fn step_view(
    props: &LessonPanelProps,
    l: u32,
    k: u32,
    heading: NodeRef,
    next: NodeRef,
    act: &dyn Fn(LessonAction) -> Callback<MouseEvent>,
) -> Html {
    let lang = props.lang;
    let course = &props.course;
    let (Some(lesson), Some(step)) = (course.lesson(), course.step()) else {
        return html! {};
    };
    let steps = lesson.steps.len();
    let badge = trf(
        lang,
        Msg::LessonBadge,
        &[
            ("n", &l.to_string()),
            ("total", &LESSONS.len().to_string()),
            ("k", &k.to_string()),
            ("steps", &steps.to_string()),
        ],
    );
    let last = course.is_last_step();
    let can_go = course.can_continue();
    let next_label = if last {
        tr(lang, Msg::LessonFinish)
    } else if can_go {
        tr(lang, Msg::LessonContinue)
    } else {
        tr(lang, Msg::LessonSkip)
    };
    let question = step.question.filter(|_| !props.running);
    let feedback = course.feedback_key().zip(course.answer);
    html! {
        <section class="card lesson-card" data-testid="lesson-panel" aria-labelledby="lesson-heading">
            <div class="lesson-head">
                <p class="lesson-progress" data-testid="lesson-progress">{ badge }</p>
                <button class="lesson-link" data-testid="lesson-all" onclick={act(LessonAction::List)}>
                    { tr(lang, Msg::LessonAll) }
                </button>
            </div>
            <ol class="lesson-dots" aria-hidden="true">
                for i in 1..=steps as u32 {
                    <li class={classes!((i < k).then_some("past"), (i == k).then_some("now"))}></li>
                }
            </ol>
            <h2 id="lesson-heading" class="lesson-title" tabindex="-1" ref={heading}>{ tr_lesson(lang, lesson.title) }</h2>
            <p class="lesson-text" data-testid="lesson-text">{ tr_lesson(lang, step.text) }</p>
            if props.running {
                <p class="lesson-watch" data-testid="lesson-watching">
                    <span class="lesson-pulse" aria-hidden="true"></span>
                    { tr(lang, Msg::LessonWatching) }{ " " }
                    <button class="lesson-link" data-testid="lesson-jump" onclick={act(LessonAction::SkipToStop)}>
                        { tr(lang, Msg::LessonJump) }
                    </button>
                </p>
            }
            if let Some(q) = question {
                <div class="question" role="group" aria-labelledby="lesson-prompt" data-testid="lesson-question">
                    <p id="lesson-prompt" class="q-prompt">
                        <span class="q-tag">{ tr(lang, Msg::LessonPredict) }</span>
                        { tr_lesson(lang, match q { Question::Choice { prompt, .. } | Question::ClickSegment { prompt, .. } => prompt }) }
                    </p>
                    { question_body(props, q) }
                    <div class="feedback-slot" aria-live="polite">
                        if let Some((why, answer)) = feedback {
                            <div class={classes!("lesson-feedback", if answer.right { "ok" } else { "bad" })}
                                 data-testid="lesson-feedback" data-right={answer.right.to_string()}>
                                if answer.right {
                                    <strong class="mark" aria-hidden="true">{ "✓ " }</strong>
                                } else {
                                    <strong>{ tr(lang, Msg::LessonWrong) }</strong>{ " " }
                                }
                                if let Pick::Segment(n) = answer.pick {
                                    { trf(lang, Msg::LessonClicked, &[("n", &n.to_string())]) }{ " " }
                                }
                                { tr_lesson(lang, why) }
                                if !answer.right && !course.solved {
                                    <span class="retry">
                                        { tr(lang, if matches!(q, Question::ClickSegment { .. }) { Msg::LessonRetryClick } else { Msg::LessonRetry }) }
                                    </span>
                                }
                            </div>
                        }
                    </div>
                </div>
            }
            if last {
                <p class="learn-more" data-testid="lesson-more">{ tr_lesson(lang, lesson.learn_more) }</p>
            }
            <div class="lesson-nav">
                <button class="btn" data-testid="lesson-prev" disabled={k <= 1}
                        onclick={act(LessonAction::Prev)}>{ "← " }{ tr(lang, Msg::LessonPrev) }</button>
                <button class="btn" data-testid="lesson-exit" onclick={act(LessonAction::Exit)}>
                    { tr(lang, Msg::LessonTry) }
                </button>
                <button class={classes!("btn", "lesson-next", can_go.then_some("primary"))} data-testid="lesson-next"
                        ref={next} onclick={act(LessonAction::Next)}>
                    { next_label }{ " →" }
                </button>
            </div>
        </section>
    }
}

fn question_body(props: &LessonPanelProps, q: Question) -> Html {
    let lang = props.lang;
    let course = &props.course;
    match q {
        Question::Choice { choices, .. } => {
            let picked = match course.answer {
                Some(a) => match a.pick {
                    Pick::Choice(i) => Some((i, a.right)),
                    Pick::Segment(_) => None,
                },
                None => None,
            };
            html! {
                <div class="choices">
                    for (i, c) in choices.iter().enumerate() {
                        {{
                            let state = picked.filter(|&(p, _)| p == i).map(|(_, right)| if right { "right" } else { "wrong" });
                            let d = props.dispatch.clone();
                            html! {
                                <button class={classes!("choice", state)} data-testid="choice"
                                        aria-pressed={state.is_some().to_string()}
                                        onclick={Callback::from(move |_: MouseEvent| d.emit(Action::Lesson(LessonAction::Choose(i))))}>
                                    <span class="choice-mark" aria-hidden="true">
                                        { match state { Some("right") => "✓", Some(_) => "✕", None => "" } }
                                    </span>
                                    { tr_lesson(lang, c.text) }
                                </button>
                            }
                        }}
                    }
                </div>
            }
        }
        Question::ClickSegment { .. } => html! {
            <p class="click-hint">{ tr(lang, Msg::LessonClickHint) }</p>
        },
    }
}

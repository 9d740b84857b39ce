//! The root component: owns the state (a `use_reducer` over [`AppState`]),
//! runs the animation-frame loop while playing, keeps the address bar and
//! `<html lang>` in sync, and lays out the sections.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{Lang, Msg, tr, trf};
use crate::lesson_state::{LessonAction, STORAGE_KEY, format_done};
use crate::model::Model;
use crate::narrate::{at_end, events_upto, narrate_upto};
use crate::platform;
use crate::state::{Action, AppState, TextState};
use crate::text::Pack;
use crate::ui::controls::Controls;
use crate::ui::ladder::Ladder;
use crate::ui::lessons::LessonPanel;
use crate::ui::player::Player;
use crate::ui::stage::Stage;
use crate::ui::state_diagram::StateDiagram;
use crate::ui::{Playhead, Shared};
use teardown_core::{Host, Problem, Warning};

/// Below this width (CSS px) the ladder uses its narrow layout.
#[cfg(target_arch = "wasm32")]
const COMPACT_WIDTH: f64 = 620.0;

#[cfg(target_arch = "wasm32")]
fn is_compact() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .is_some_and(|w| w < COMPACT_WIDTH)
}

/// Prerendered natively: the wide layout (the prerender is the desktop view).
#[cfg(not(target_arch = "wasm32"))]
fn is_compact() -> bool {
    false
}

/// `AppState` behind Yew's `Reducible`, and the latest position for the frame loop's painters
/// (shared by every `Store` of one App). Returning the same `Rc` for a frame that changes
/// nothing (a tick while paused) spares a render.
pub struct Store(pub AppState, Rc<std::cell::Cell<f64>>);

impl Store {
    fn new(state: AppState) -> Store {
        let pos = Rc::new(std::cell::Cell::new(state.pos));
        Store(state, pos)
    }
}

/// Equal when the page would render the same (`use_reducer_eq` renders only when not): while
/// playing, a frame that only moves the position is equal unless something discrete happens
/// at the new position ([`FrameKey`]); the continuous rest is drawn by the painters
/// (`ui::Playhead`).
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        if a.playing && b.playing {
            a.same_view_but_position(b) && FrameKey::of(a) == FrameKey::of(b)
        } else {
            a == b
        }
    }
}

/// What the page shows at a position, apart from the continuous values the painters draw:
/// the events that have happened (sends, arrivals, drops, states, timers, notes: all the
/// discrete changes of the stage, ladder, state diagram and narration), the end, the lead-in,
/// and the chips in the air and falling (a lost segment's chip starts falling half-way and
/// leaves at its would-be arrival, neither of which is an event).
#[derive(PartialEq)]
struct FrameKey {
    events: usize,
    ended: bool,
    started: bool,
    in_air: usize,
    falling: usize,
}

impl FrameKey {
    fn of(s: &AppState) -> FrameKey {
        let (m, t) = (&s.model, s.pos);
        let (mut in_air, mut falling) = (0, 0);
        for f in crate::ui::stage::in_air(m, t) {
            in_air += 1;
            if crate::ui::stage::chip_place(f, t, s.reduced_motion).fall > 0.0 {
                falling += 1;
            }
        }
        FrameKey {
            events: events_upto(m, t),
            ended: at_end(m, t),
            started: t >= 0.0,
            in_air,
            falling,
        }
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if matches!(action, Action::Tick(_)) && !self.0.playing {
            return self;
        }
        let mut next = self.0.clone();
        next.apply(action);
        self.1.set(next.pos);
        if next == self.0 {
            self
        } else {
            Rc::new(Store(next, Rc::clone(&self.1)))
        }
    }
}

/// Reads the first state from the page: the link, the browser's language,
/// and whether the user asked for reduced motion.
#[cfg(target_arch = "wasm32")]
pub fn initial_state() -> AppState {
    let window = web_sys::window();
    let query = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let browser_lang = window
        .as_ref()
        .and_then(|w| w.navigator().language())
        .map_or(Lang::En, |tag| crate::i18n::lang_from_tag(&tag));
    let reduced = window
        .as_ref()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches());
    let mut state = AppState::from_query(&query, browser_lang, reduced);
    // The completed lessons stored in this browser.
    let done = platform::stored(STORAGE_KEY)
        .map_or_else(Vec::new, |s| crate::lesson_state::parse_done(&s));
    if !done.is_empty() {
        state.apply(Action::Lesson(LessonAction::RestoreDone(done)));
    }
    state
}

/// The state the build-time prerender shows (src/bin/prerender.rs): no link, English, motion
/// allowed, no lesson done, the wide layout.
pub fn prerendered_state() -> AppState {
    AppState::from_query("", Lang::En, false)
}

/// Natively (the prerender, tests) there is no page to read.
#[cfg(not(target_arch = "wasm32"))]
pub fn initial_state() -> AppState {
    prerendered_state()
}

/// Runs the animation-frame loop: each frame dispatches the wall time since the previous one.
/// One closure serves the whole run (a closure per frame would be created, registered with
/// the JS finalizer and dropped every frame); the returned guard stops the loop.
/// After each tick the painters draw the new position (`ui::Playhead`); the App renders only
/// if the tick changed something discrete.
fn start_frames(
    dispatch: Callback<Action>,
    latest: Rc<std::cell::Cell<f64>>,
    playhead: Shared<Playhead>,
) -> impl FnOnce() {
    type FrameClosure = wasm_bindgen::closure::Closure<dyn FnMut(f64)>;
    let window = web_sys::window();
    let id = Rc::new(std::cell::Cell::new(None::<i32>));
    let slot: Rc<RefCell<Option<FrameClosure>>> = Rc::new(RefCell::new(None));
    let request = {
        let (window, id) = (window.clone(), Rc::clone(&id));
        move |f: &FrameClosure| {
            let next = window
                .as_ref()
                .and_then(|w| w.request_animation_frame(f.as_ref().unchecked_ref()).ok());
            id.set(next);
        }
    };
    let mut last = None::<f64>;
    let this = Rc::clone(&slot);
    let request_next = request.clone();
    *slot.borrow_mut() = Some(wasm_bindgen::closure::Closure::new(move |now: f64| {
        if let Some(last) = last.replace(now) {
            dispatch.emit(Action::Tick(now - last));
            playhead.paint(latest.get());
        }
        if let Some(f) = this.borrow().as_ref() {
            request_next(f);
        }
    }));
    if let Some(f) = slot.borrow().as_ref() {
        request(f);
    }
    move || {
        if let (Some(w), Some(id)) = (window, id.take()) {
            let _ = w.cancel_animation_frame(id);
        }
        // Drops the closure, and with it its reference to `slot` (a cycle until now).
        slot.borrow_mut().take();
    }
}

/// Fetches a text pack and reports how it went.
#[cfg(target_arch = "wasm32")]
fn load_text(pack: Pack, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let state = match crate::text::fetch(pack).await {
            Ok(_) => TextState::Ready,
            Err(e) => TextState::Failed(e),
        };
        dispatch.emit(Action::Text(pack, state));
    });
}

/// Natively every text is in the binary: nothing is ever missing.
#[cfg(not(target_arch = "wasm32"))]
fn load_text(pack: Pack, dispatch: Callback<Action>) {
    dispatch.emit(Action::Text(pack, TextState::Ready));
}

/// The notice text for one link warning.
pub fn warning_text(lang: Lang, w: &Warning) -> String {
    let key = w.key.as_str();
    let value = w.value.as_str();
    match &w.problem {
        Problem::UnknownKey => trf(lang, Msg::WarnUnknown, &[("key", key)]),
        Problem::Invalid { expected } => {
            // The core says what fits in English; the table translates most of it.
            let expected = Msg::expected(expected).map_or(*expected, |m| tr(lang, m));
            trf(
                lang,
                Msg::WarnInvalid,
                &[("key", key), ("value", value), ("expected", expected)],
            )
        }
        Problem::Clamped { to } => trf(
            lang,
            Msg::WarnClamped,
            &[("key", key), ("value", value), ("to", to)],
        ),
        Problem::Conflict { with } => trf(
            lang,
            Msg::WarnConflict,
            &[("key", key), ("value", value), ("with", with)],
        ),
        Problem::TooMany { max } => trf(
            lang,
            Msg::WarnTooMany,
            &[("key", key), ("max", &max.to_string())],
        ),
    }
}

/// Whether a key press should go to the focused control instead of the
/// page-wide shortcuts.
fn typing_target(e: &web_sys::KeyboardEvent, key: &str) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    match el.tag_name().to_ascii_lowercase().as_str() {
        "input" | "select" | "textarea" => true,
        // Space on a focused button presses that button.
        "button" => key == " ",
        _ => el.get_attribute("role").as_deref() == Some("button") && key == " ",
    }
}

#[derive(Properties, PartialEq)]
struct HeaderProps {
    lang: Lang,
    embed: bool,
    course_open: bool,
    model: Shared<Model>,
    dispatch: Callback<Action>,
    /// Embedded: the full page's query (with the position).
    open_full: Option<String>,
    query: AttrValue,
    query_t: AttrValue,
    embed_query: AttrValue,
    pos: f64,
}

/// The title, the Lessons / Share / Embed / Export buttons and the language switch. Opening a
/// dialog pauses playback, so the App passes the position (and the link with it) only while
/// paused: playing, the header keeps equal props and is not re-rendered every frame.
#[component]
fn Header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let embed = props.embed;
    let dispatch = &props.dispatch;
    let set_lang = |l: Lang| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::SetLang(l)))
    };
    html! {
        <header class="top">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                    <rect x="3" y="5" width="4" height="22" rx="2" class="logo-client" />
                    <rect x="25" y="5" width="4" height="22" rx="2" class="logo-server" />
                    <path d="M8 10 L24 14 M24 18 L8 22" class="logo-seg" />
                </svg>
                <div>
                    <h1>{ tr(lang, Msg::AppTitle) }</h1>
                    <p class="tagline">{ tr(lang, Msg::AppTagline) }</p>
                </div>
            </div>
            if embed {
                <a class="open-full" target="_blank" rel="noopener"
                   href={format!("?{}", props.open_full.clone().unwrap_or_default())}>{ tr(lang, Msg::SectionEmbedOpen) }{ " ↗" }</a>
            }
            if !embed {
                <button class={classes!("lessons-btn", props.course_open.then_some("on"))} data-testid="lessons-open"
                        aria-pressed={props.course_open.to_string()}
                        onclick={{
                            let d = dispatch.clone();
                            let a = if props.course_open { LessonAction::Exit } else { LessonAction::Open };
                            Callback::from(move |_| d.emit(Action::Lesson(a.clone())))
                        }}>
                    <svg viewBox="0 0 20 20" aria-hidden="true"><path d="M3 5.5 10 3l7 2.5-7 2.5zM6 7v4.5c0 1.4 1.8 2.5 4 2.5s4-1.1 4-2.5V7M17 5.5V11" /></svg>
                    { tr(lang, Msg::LessonsOpen) }
                </button>
                <crate::ui::share::ShareBar model={props.model.clone()} lang={lang} dispatch={dispatch.clone()}
                    query={props.query.clone()} query_t={props.query_t.clone()}
                    embed_query={props.embed_query.clone()} pos={props.pos} />
            }
            <div class="lang" role="group" aria-label={tr(lang, Msg::AppLang)}>
                <button data-testid="lang-en" lang="en" aria-pressed={(lang == Lang::En).to_string()}
                        class={classes!((lang == Lang::En).then_some("on"))}
                        onclick={set_lang(Lang::En)}>{ "English" }</button>
                <button data-testid="lang-zh" lang="zh-CN" aria-pressed={(lang == Lang::Zh).to_string()}
                        class={classes!((lang == Lang::Zh).then_some("on"))}
                        onclick={set_lang(Lang::Zh)}>{ "中文" }</button>
            </div>
        </header>
    }
}

struct NarrationProps {
    model: Shared<Model>,
    lang: Lang,
    /// Events that have happened ([`events_upto`]).
    upto: usize,
    /// Playback has reached the end ([`at_end`]).
    ended: bool,
}

/// One or two sentences on what just happened: a plain function, drawn with the App, which
/// renders when an event passes, not every frame.
fn narration(props: &NarrationProps) -> Html {
    let sentences = narrate_upto(&props.model, props.upto, props.ended);
    html! {
        <div class="narration" data-testid="narration" aria-live="polite">
            for sentence in sentences.iter() {
                <p>{ sentence.render(props.lang) }</p>
            }
        </div>
    }
}

/// The links the page shows or writes, from [`AppState::query_as`].
struct Links {
    /// The address bar's (`t` while paused; `embed` as opened).
    now: AttrValue,
    /// The Share dialog's, without and with the position; the Embed dialog's.
    share: AttrValue,
    share_t: AttrValue,
    embed: AttrValue,
}

#[component]
pub fn App() -> Html {
    let store = use_reducer_eq(|| Store::new(initial_state()));
    let playhead = use_memo((), |_| Playhead::default());
    let playhead = Shared(Rc::clone(&playhead));
    let dispatcher = store.dispatcher();
    let dispatch = use_callback(dispatcher, |a: Action, d| d.dispatch(a));
    let s = &store.0;
    // Chinese is shown once its text has arrived (`crate::text`); English until then.
    let lang = s.shown_lang();

    // Fetch the text packs the page needs and does not have (the page's build leaves the
    // Chinese and the lesson texts out of the WASM).
    {
        // Empty (no allocation) once everything is in: this runs on every render of the App.
        let missing: Vec<Pack> = s
            .packs_wanted()
            .filter(|&p| *s.text_state(p) == TextState::Missing)
            .collect();
        let dispatch = dispatch.clone();
        use_effect_with(missing, move |missing| {
            for &pack in missing {
                dispatch.emit(Action::Text(pack, TextState::Loading));
                load_text(pack, dispatch.clone());
            }
        });
    }

    // The animation loop runs exactly while playing.
    {
        let dispatch = dispatch.clone();
        let (latest, playhead) = (Rc::clone(&store.1), playhead.clone());
        use_effect_with(s.playing, move |&playing| {
            let stop = playing.then(|| start_frames(dispatch, latest, playhead));
            move || {
                if let Some(stop) = stop {
                    stop();
                }
            }
        });
    }

    // The address bar holds the scenario; `t` is written whenever playback
    // rests (writing it every frame would be throttled by the browser).
    // The page's links, made again only when one of them can change: the scenario and view
    // keys, the language, and the position while paused (playing, no link has a `t`), not
    // every frame of playback.
    let links = use_memo(
        (
            s.link.clone(),
            s.lang,
            s.lang_explicit,
            (!s.playing).then(|| s.pos.round() as i64),
        ),
        |_| Links {
            now: s.query(!s.playing).into(),
            share: s.query_as(false, false).into(),
            share_t: s.query_as(!s.playing, false).into(),
            embed: s.query_as(false, true).into(),
        },
    );
    let query_now = links.now.clone();
    use_effect_with(query_now.clone(), |query| {
        if let Some(w) = web_sys::window() {
            let path = w.location().pathname().unwrap_or_default();
            let url = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            // Not when the address already says it (the first render of most pages): a history
            // write is a message to the browser process (8–19 ms of a cold load in CPU profiles,
            // though an A/B of interactive time did not see it through the noise).
            let current = w.location().search().unwrap_or_default();
            let unchanged = current.strip_prefix('?').unwrap_or(&current) == query.as_str();
            if let (false, Ok(h)) = (unchanged, w.history()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    });

    // Once the app's own view is in the page: show it (index.html hides the prerendered view
    // when it is not the app's, `td-pending`) and say that the page now responds
    // (`<html data-app="ready">`: the tests and the benchmark wait for it).
    // A Chinese page or a lesson link waits for its text first, so the learner never sees
    // an English view that is about to change.
    use_effect_with(s.text_settled(), |&settled| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .filter(|_| settled)
        {
            let _ = root.class_list().remove_1("td-pending");
            let _ = root.set_attribute("data-app", "ready");
        }
    });

    // Completed lessons are remembered in this browser.
    use_effect_with(s.course.done.clone(), |done| {
        if !done.is_empty() {
            platform::store(STORAGE_KEY, &format_done(done));
        }
    });

    use_effect_with(lang, |&lang| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", crate::i18n::html_lang(lang));
            }
            doc.set_title(tr(lang, Msg::AppDocTitle));
        }
    });

    // Page-wide keys: space plays/pauses, arrows step.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&doc, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let key = e.key();
                    if typing_target(e, &key) {
                        return;
                    }
                    let action = match key.as_str() {
                        " " | "k" => Action::TogglePlay,
                        "ArrowRight" => Action::StepNext,
                        "ArrowLeft" => Action::StepPrev,
                        "Home" => Action::ToStart,
                        "End" => Action::ToEnd,
                        _ => return,
                    };
                    e.prevent_default();
                    dispatch.emit(action);
                })
            });
            move || drop(listener)
        });
    }

    // The ladder's layout follows the window width (a view concern only, so it
    // is not part of the app state or the link).
    let compact = use_state(is_compact);
    {
        let compact = compact.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "resize", move |_| {
                    let now = is_compact();
                    if now != *compact {
                        compact.set(now);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let model = s.model.clone();
    let on_toggle_drop = {
        let dispatch = dispatch.clone();
        use_callback(dispatch, |n: u32, d| d.emit(Action::ToggleDrop(n)))
    };
    let on_seek = {
        let dispatch = dispatch.clone();
        use_callback(dispatch, |t: f64, d| {
            d.emit(Action::Pause);
            d.emit(Action::Seek(t));
        })
    };
    let narrated = (events_upto(&s.model, s.pos), at_end(&s.model, s.pos));
    let last = |h: Host| {
        s.model
            .last_transition(h, s.pos)
            .map(|t| (t.from, t.to, t.cause))
    };
    let link_now = query_now.clone();
    let embed = s.link.embed;
    // Embedded in a frame: tell the host page our height.
    crate::ui::embed::use_embed_height(embed);

    html! {
        <div class={classes!("app", embed.then_some("embed"), s.course.open.then_some("course"),
                             s.course.asking().then_some("asking"))}>
            <Header lang={lang} embed={embed} course_open={s.course.open} model={model.clone()}
                    dispatch={dispatch.clone()} open_full={embed.then(|| links.share_t.to_string())}
                    query={links.share.clone()} query_t={links.share_t.clone()}
                    embed_query={links.embed.clone()} pos={if s.playing { 0.0 } else { s.pos }} />
            if s.notice_open && !s.warnings.is_empty() {
                <div class="notice" data-testid="notice" role="status">
                    <div>
                        <strong>{ tr(lang, Msg::NoticeTitle) }</strong>
                        <ul>
                            for w in s.warnings.iter() {
                                <li data-key={w.key.clone()}>{ warning_text(lang, w) }</li>
                            }
                        </ul>
                    </div>
                    <button class="dismiss" aria-label={tr(lang, Msg::NoticeDismiss)}
                            title={tr(lang, Msg::NoticeDismiss)}
                            onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::DismissNotice)) }}>
                        { "×" }
                    </button>
                </div>
            }
            if let (Lang::Zh, TextState::Failed(e)) = (s.lang, s.text_state(Pack::Zh)) {
                <div class="notice" data-testid="text-notice" role="status">
                    <div>{ trf(lang, Msg::TextFailedZh, &[("why", &e.message(lang))]) }</div>
                </div>
            }
            <main>
                <section class="card stage-card" aria-label={tr(lang, Msg::SectionStage)}>
                    <Stage model={model.clone()} lang={lang} pos={s.pos} playhead={playhead.clone()}
                           reduced_motion={s.reduced_motion} on_toggle_drop={on_toggle_drop.clone()} />
                    { narration(&NarrationProps { model: model.clone(), lang, upto: narrated.0, ended: narrated.1 }) }
                    <Player model={model.clone()} lang={lang} pos={s.pos} playing={s.playing} playhead={playhead.clone()}
                            speed={s.speed} compress={s.compress} dispatch={dispatch.clone()} />
                </section>
                if s.course.open {
                    <LessonPanel lang={lang} course={s.course.clone()} running={s.lesson_running()}
                                 text={s.text_state(s.lessons_pack()).clone()}
                                 dispatch={dispatch.clone()} />
                }
                <section class="card ladder-card">
                    <h2>{ tr(lang, Msg::SectionLadder) }</h2>
                    <p class="caption">
                        { tr(lang, Msg::LadderCaption) }{ " " }{ tr(lang, Msg::LadderGhost) }{ " " }{ tr(lang, Msg::LadderSeek) }
                    </p>
                    <Ladder model={model.clone()} lang={lang} pos={s.pos} compact={*compact} playhead={playhead.clone()}
                            follow={true}
                            on_toggle_drop={on_toggle_drop.clone()} on_seek={on_seek} />
                </section>
                <div class="side">
                    <section class="card sd-card">
                        <h2>{ tr(lang, Msg::SectionStates) }</h2>
                        <StateDiagram lang={lang}
                                      client={s.model.state_at(Host::Client, s.pos)}
                                      server={s.model.state_at(Host::Server, s.pos)}
                                      call={s.link.scenario.call}
                                      client_last={last(Host::Client)}
                                      server_last={last(Host::Server)} />
                    </section>
                    if !embed {
                        <section class="card controls-card">
                            <h2>{ tr(lang, Msg::SectionControls) }</h2>
                            <Controls model={model.clone()} lang={lang} dispatch={dispatch.clone()}
                                      link={link_now} />
                        </section>
                    }
                </div>
            </main>
            <footer>{ tr(lang, Msg::AppFooter) }</footer>
        </div>
    }
}

//! The playback bar: play/pause, step, scrub with event ticks, speed, and the
//! "compress idle time" switch.

use std::rc::Rc;
use web_sys::HtmlInputElement;

use yew::prelude::*;

use super::{Playhead, Shared, num, use_painter};
use crate::fmt;
use crate::i18n::{Lang, Msg, tr};
use crate::model::Model;
use crate::state::{Action, SPEEDS};
use teardown_core::export::decimal_trim;

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub model: Shared<Model>,
    pub lang: Lang,
    pub pos: f64,
    pub playing: bool,
    pub speed: f64,
    pub compress: bool,
    pub dispatch: Callback<Action>,
    /// Moves the scrubber and the clock between renders.
    pub playhead: Shared<Playhead>,
}

/// A media-control icon (inline SVG: the Unicode symbols are missing from
/// many fonts and render as boxes).
fn icon(d: &'static str) -> Html {
    html! {
        <svg class="ico" viewBox="0 0 24 24" aria-hidden="true"><path d={d} /></svg>
    }
}

const ICON_START: &str = "M4 5h2v14H4z M13 5v14l-7-7z M21 5v14l-7-7z";
const ICON_PREV: &str = "M5 5h2.5v14H5z M19 5v14l-10-7z";
const ICON_NEXT: &str = "M16.5 5H19v14h-2.5z M5 5v14l10-7z";
const ICON_END: &str = "M18 5h2v14h-2z M3 5v14l7-7z M11 5v14l7-7z";
const ICON_PLAY: &str = "M7 4.5v15l12.5-7.5z";
const ICON_PAUSE: &str = "M6 4.5h4v15H6z M14 4.5h4v15h-4z";
const ICON_REPLAY: &str = "M12 4V1L7 5.5 12 10V7a5 5 0 1 1-5 5H4.5A7.5 7.5 0 1 0 12 4z";

#[derive(Properties, PartialEq)]
struct TicksProps {
    model: Shared<Model>,
}

/// The event ticks and skipped stretches under the scrubber: one element per
/// step, so they are drawn once per scenario, not every frame.
#[component]
fn Ticks(props: &TicksProps) -> Html {
    let model = &props.model;
    let span = (model.end - model.start).max(1.0);
    let pct = |t: f64| (t - model.start) / span * 100.0;
    html! {
        <div class="ticks" aria-hidden="true">
            for s in model.axis.skips.iter() {
                <span class="skip-band" style={format!("left:{}%;width:{}%",
                    num(pct(s.t_from)), num(pct(s.t_to) - pct(s.t_from)))}></span>
            }
            for t in model.steps.iter() {
                <span class="tick" style={format!("left:{}%", num(pct(*t as f64)))}></span>
            }
        </div>
    }
}

struct ButtonsProps {
    lang: Lang,
    playing: bool,
    at_end: bool,
    dispatch: Callback<Action>,
}

/// Start, step back, play/pause, step on, end. A plain function, drawn with the player, which
/// renders only when something discrete changes (frames are painted, `ui::Playhead`).
fn buttons(props: &ButtonsProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let act = |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let (play_label, play_icon) = if props.playing {
        (tr(lang, Msg::PlayPause), ICON_PAUSE)
    } else if props.at_end {
        (tr(lang, Msg::PlayReplay), ICON_REPLAY)
    } else {
        (tr(lang, Msg::PlayPlay), ICON_PLAY)
    };
    html! {
        <div class="buttons">
            <button class="icon" data-testid="to-start" title={tr(lang, Msg::PlayStart)}
                    aria-label={tr(lang, Msg::PlayStart)} onclick={act(Action::ToStart)}>{ icon(ICON_START) }</button>
            <button class="icon" data-testid="step-prev" title={tr(lang, Msg::PlayPrev)}
                    aria-label={tr(lang, Msg::PlayPrev)} onclick={act(Action::StepPrev)}>{ icon(ICON_PREV) }</button>
            <button class={classes!("play", props.playing.then_some("playing"))} data-testid="play"
                    title={play_label} aria-label={play_label} aria-pressed={props.playing.to_string()}
                    onclick={act(Action::TogglePlay)}>
                { icon(play_icon) }
                <span class="play-text">{ play_label }</span>
            </button>
            <button class="icon" data-testid="step-next" title={tr(lang, Msg::PlayNext)}
                    aria-label={tr(lang, Msg::PlayNext)} onclick={act(Action::StepNext)}>{ icon(ICON_NEXT) }</button>
            <button class="icon" data-testid="to-end" title={tr(lang, Msg::PlayEnd)}
                    aria-label={tr(lang, Msg::PlayEnd)} onclick={act(Action::ToEnd)}>{ icon(ICON_END) }</button>
        </div>
    }
}

struct OptionsProps {
    lang: Lang,
    speed: f64,
    compress: bool,
    dispatch: Callback<Action>,
}

/// Speed, the keyboard hint and the "compress idle time" switch; a plain function, like
/// [`buttons`].
fn options(props: &OptionsProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlSelectElement = e.target_unchecked_into();
            // parseFloat in the browser: Rust's float parser would add ~4 kB to the WASM.
            let v = js_sys::parse_float(&input.value());
            if v.is_finite() {
                d.emit(Action::SetSpeed(v));
            }
        })
    };
    let on_compress = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::SetCompress(input.checked()));
        })
    };
    html! {
        <>
            <label class="speed">
                <span>{ tr(lang, Msg::PlaySpeed) }</span>
                <select data-testid="speed" onchange={on_speed}>
                    for s in SPEEDS {
                        <option value={decimal_trim(s, 2)} selected={s == props.speed}>{ decimal_trim(s, 2) }{ "×" }</option>
                    }
                </select>
            </label>
            <p class="keys-hint">{ tr(lang, Msg::PlayKeys) }</p>
            <label class="switch" title={tr(lang, Msg::PlayCompressHint)}>
                <input type="checkbox" data-testid="compress" checked={props.compress}
                       onchange={on_compress} />
                <span>{ tr(lang, Msg::PlayCompress) }</span>
            </label>
        </>
    }
}

/// The playback bar. Only the scrubber's value and the clock change every frame, and the
/// playhead's painter writes them; the bar itself renders when something discrete changes.
#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let lang = props.lang;
    let model = &props.model;
    let d = &props.dispatch;
    let on_scrub = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value_as_number();
            if v.is_finite() {
                d.emit(Action::Seek(v));
            }
        })
    };
    let at_end = props.pos >= model.end - 0.5;
    let (scrubber, clock) = (use_node_ref(), use_node_ref());
    {
        let (scrubber, clock) = (scrubber.clone(), clock.clone());
        use_painter(
            &props.playhead,
            Rc::new(move |pos| {
                if let Some(input) = scrubber.cast::<HtmlInputElement>() {
                    input.set_value(&num(pos.round()));
                }
                if let Some(text) = clock.get().and_then(|c| c.first_child()) {
                    text.set_node_value(Some(&fmt::clock(pos)));
                }
            }),
        );
    }
    html! {
        <div class="player">
            { buttons(&ButtonsProps { lang, playing: props.playing, at_end, dispatch: d.clone() }) }
            <div class="scrub">
                <Ticks model={model.clone()} />
                <input type="range" data-testid="scrubber" aria-label={tr(lang, Msg::PlayScrub)} ref={scrubber}
                       min={num(model.start)} max={num(model.end)} step="1"
                       value={num(props.pos.round())} oninput={on_scrub} />
            </div>
            <output class="clock" data-testid="clock" ref={clock}>{ fmt::clock(props.pos) }</output>
            { options(&OptionsProps { lang, speed: props.speed, compress: props.compress, dispatch: d.clone() }) }
        </div>
    }
}

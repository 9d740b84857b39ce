//! The playback bar: play/pause, step, scrub with event ticks, speed, and the
//! "compress idle time" switch.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Shared, num};
use crate::fmt;
use crate::i18n::{Lang, tr};
use crate::model::Model;
use crate::state::{Action, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub model: Shared<Model>,
    pub lang: Lang,
    pub pos: f64,
    pub playing: bool,
    pub speed: f64,
    pub compress: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let lang = props.lang;
    let model = &props.model;
    let d = &props.dispatch;
    let act = |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let on_scrub = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<f64>() {
                d.emit(Action::Seek(v));
            }
        })
    };
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<f64>() {
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
    let at_end = props.pos >= model.end - 0.5;
    let (play_label, play_icon) = if props.playing {
        (tr(lang, "play.pause"), "❚❚")
    } else if at_end {
        (tr(lang, "play.replay"), "↻")
    } else {
        (tr(lang, "play.play"), "▶")
    };
    let span = (model.end - model.start).max(1.0);
    let pct = |t: f64| (t - model.start) / span * 100.0;
    html! {
        <div class="player">
            <div class="buttons">
                <button class="icon" data-testid="to-start" title={tr(lang, "play.start")}
                        aria-label={tr(lang, "play.start")} onclick={act(Action::ToStart)}>{ "⏮" }</button>
                <button class="icon" data-testid="step-prev" title={tr(lang, "play.prev")}
                        aria-label={tr(lang, "play.prev")} onclick={act(Action::StepPrev)}>{ "◀︎" }</button>
                <button class={classes!("play", props.playing.then_some("playing"))} data-testid="play"
                        title={play_label} aria-label={play_label} aria-pressed={props.playing.to_string()}
                        onclick={act(Action::TogglePlay)}>
                    <span class="play-icon" aria-hidden="true">{ play_icon }</span>
                    <span class="play-text">{ play_label }</span>
                </button>
                <button class="icon" data-testid="step-next" title={tr(lang, "play.next")}
                        aria-label={tr(lang, "play.next")} onclick={act(Action::StepNext)}>{ "▶︎" }</button>
                <button class="icon" data-testid="to-end" title={tr(lang, "play.end")}
                        aria-label={tr(lang, "play.end")} onclick={act(Action::ToEnd)}>{ "⏭" }</button>
            </div>
            <div class="scrub">
                <div class="ticks" aria-hidden="true">
                    for s in model.axis.skips.iter() {
                        <span class="skip-band" style={format!("left:{}%;width:{}%",
                            num(pct(s.t_from)), num(pct(s.t_to) - pct(s.t_from)))}></span>
                    }
                    for t in model.steps.iter() {
                        <span class="tick" style={format!("left:{}%", num(pct(*t as f64)))}></span>
                    }
                </div>
                <input type="range" data-testid="scrubber" aria-label={tr(lang, "play.scrub")}
                       min={num(model.start)} max={num(model.end)} step="1"
                       value={num(props.pos.round())} oninput={on_scrub} />
            </div>
            <output class="clock" data-testid="clock">{ fmt::clock(props.pos) }</output>
            <label class="speed">
                <span>{ tr(lang, "play.speed") }</span>
                <select data-testid="speed" onchange={on_speed}>
                    for s in SPEEDS {
                        <option value={s.to_string()} selected={s == props.speed}>{ format!("{s}×") }</option>
                    }
                </select>
            </label>
            <label class="switch" title={tr(lang, "play.compress.hint")}>
                <input type="checkbox" data-testid="compress" checked={props.compress}
                       onchange={on_compress} />
                <span>{ tr(lang, "play.compress") }</span>
            </label>
        </div>
    }
}

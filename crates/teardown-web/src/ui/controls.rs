//! The scenario controls: one control for every key of the link format,
//! grouped as a learner thinks about them, plus ready-made scenarios.
//!
//! Sliders move on a curved scale ([`Scale`]) where the interesting values are
//! small: the gap slider spends most of its travel below a few hundred ms,
//! where the close changes shape (simultaneous → three-segment → four).

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Shared;
use crate::fmt;
use crate::i18n::{Lang, tr, trf};
use crate::model::Model;
use crate::state::{Action, Edit};
use teardown_core::export::decimal_trim;
use teardown_core::{Close, DropCause, Host, Scenario};

/// A slider's mapping from its position (0–1000) to a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// `lo·(hi/lo)^x`: for times that matter by ratio (delays, MSL).
    Log {
        lo: f64,
        hi: f64,
    },
    /// `hi·x²`: fine control near zero.
    Square {
        hi: f64,
    },
    Linear {
        lo: f64,
        hi: f64,
    },
}

pub const STEPS: f64 = 1000.0;

impl Scale {
    /// Slider position (0–1000) → value.
    pub fn value(self, pos: f64) -> f64 {
        let x = (pos / STEPS).clamp(0.0, 1.0);
        match self {
            // exp(x·ln r) rather than r.powf(x): the same value, and `ln` is here anyway
            // (`pos`), while `powf` would bring libm's pow (2.2 kB) into the page.
            Scale::Log { lo, hi } => lo * (x * (hi / lo).ln()).exp(),
            Scale::Square { hi } => hi * x * x,
            Scale::Linear { lo, hi } => lo + (hi - lo) * x,
        }
    }

    /// Value → slider position (0–1000).
    pub fn pos(self, v: f64) -> f64 {
        let x = match self {
            Scale::Log { lo, hi } => (v.max(lo) / lo).ln() / (hi / lo).ln(),
            Scale::Square { hi } => (v.max(0.0) / hi).sqrt(),
            Scale::Linear { lo, hi } => (v - lo) / (hi - lo),
        };
        if x.is_finite() {
            (x.clamp(0.0, 1.0) * STEPS).round()
        } else {
            0.0
        }
    }
}

/// Rounds a duration to a value worth showing: 2 significant digits below a
/// second, 100 ms steps below 10 s, whole seconds above.
pub fn nice_ms(ms: f64) -> u64 {
    let ms = ms.max(0.0);
    let r = if ms < 100.0 {
        ms.round()
    } else if ms < 1000.0 {
        (ms / 10.0).round() * 10.0
    } else if ms < 10_000.0 {
        (ms / 100.0).round() * 100.0
    } else {
        (ms / 1000.0).round() * 1000.0
    };
    r as u64
}

pub const GAP: Scale = Scale::Square { hi: 4000.0 };
pub const MSL: Scale = Scale::Log {
    lo: 500.0,
    hi: 120_000.0,
};
pub const DELAY: Scale = Scale::Log {
    lo: 5.0,
    hi: 2000.0,
};
pub const RTO: Scale = Scale::Log {
    lo: 100.0,
    hi: 10_000.0,
};
pub const DACK: Scale = Scale::Square { hi: 3000.0 };
pub const FIN_WAIT2: Scale = Scale::Log {
    lo: 1000.0,
    hi: 120_000.0,
};
pub const LOSS: Scale = Scale::Linear { lo: 0.0, hi: 100.0 };

/// Ready-made scenarios: (translation key, link query).
pub const PRESETS: &[(&str, &str)] = &[
    ("preset.classic", ""),
    ("preset.three", "gap=150"),
    ("preset.simultaneous", "close=both"),
    ("preset.lost_fin", "drop=3"),
    ("preset.lost_ack", "drop=4"),
    ("preset.half_close", "data=2"),
    ("preset.no_tw", "tw=0&reopen=1"),
    ("preset.abort", "abort=client"),
];

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub model: Shared<Model>,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
    /// The whole link, for the copy button.
    pub link: AttrValue,
}

fn input_value(e: &InputEvent) -> Option<f64> {
    let input: HtmlInputElement = e.target_unchecked_into();
    // The browser parses it: Rust's float parser would add ~4 kB to the WASM.
    Some(input.value_as_number()).filter(|v| v.is_finite())
}

/// A labelled slider on a scale.
struct Slider {
    id: &'static str,
    label: &'static str,
    /// The value as shown next to the label.
    shown: String,
    scale: Scale,
    value: f64,
    /// Turns the slider's value into an action.
    emit: fn(f64) -> Action,
    disabled: bool,
}

impl Slider {
    fn view(self, lang: Lang, dispatch: &Callback<Action>) -> Html {
        let Slider {
            id,
            label,
            shown,
            scale,
            value,
            emit,
            disabled,
        } = self;
        let d = dispatch.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(p) = input_value(&e) {
                d.emit(emit(scale.value(p)));
            }
        });
        let input_id = format!("ctl-{id}");
        html! {
            <div class={classes!("field", disabled.then_some("disabled"))}>
                <label for={input_id.clone()}>
                    <span>{ tr(lang, label) }</span>
                    <output for={input_id.clone()}>{ shown.clone() }</output>
                </label>
                <input type="range" id={input_id} data-testid={id} min="0" max={decimal_trim(STEPS, 0)} step="1"
                       value={decimal_trim(scale.pos(value), 0)} aria-valuetext={shown}
                       disabled={disabled} oninput={oninput} />
            </div>
        }
    }
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let model = &props.model;
    let s: &Scenario = &model.scenario;
    let copied = use_state(|| false);

    let edit = |e: Edit| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Edit(e.clone())))
    };
    let close_btn = |c: Close, key: &'static str| {
        let on = s.close == c;
        html! {
            <button class={classes!(on.then_some("on"))} aria-pressed={on.to_string()}
                    data-testid={format!("close-{}", c.key())} onclick={edit(Edit::Close(c))}>
                { tr(lang, key) }
            </button>
        }
    };
    let msl_btn = |ms: u64, key: &'static str| {
        let on = s.msl_ms == ms;
        html! {
            <button class={classes!("chip-btn", on.then_some("on"))} aria-pressed={on.to_string()}
                    data-testid={format!("msl-{}", ms / 1000)} onclick={edit(Edit::MslMs(ms))}>
                { tr(lang, key) }
            </button>
        }
    };
    let check = |id: &'static str, key: &'static str, on: bool, make: fn(bool) -> Edit| {
        let d = d.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::Edit(make(input.checked())));
        });
        html! {
            <label class="switch field-inline">
                <input type="checkbox" data-testid={id} checked={on} onchange={onchange} />
                <span>{ tr(lang, key) }</span>
            </label>
        }
    };
    let on_abort = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            let h = match sel.value().as_str() {
                "client" => Some(Host::Client),
                "server" => Some(Host::Server),
                _ => None,
            };
            d.emit(Action::Edit(Edit::Abort(h)));
        })
    };
    let on_seed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<u64>() {
                d.emit(Action::Edit(Edit::Seed(v)));
            }
        })
    };
    let on_data = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = js_sys::parse_float(input.value().trim());
            if v.is_finite() {
                d.emit(Action::Edit(Edit::Data(v.clamp(0.0, 100.0) as u32)));
            }
        })
    };
    let on_copy = {
        let link = props.link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let href = w.location().href().unwrap_or_default();
                let base = href.split('?').next().unwrap_or_default().to_string();
                let url = if link.is_empty() {
                    base
                } else {
                    format!("{base}?{link}")
                };
                let clipboard = w.navigator().clipboard();
                // Older browsers without the Clipboard API have no `writeText`.
                if js_sys_has_write_text(&clipboard) {
                    let _ = clipboard.write_text(&url);
                }
                copied.set(true);
                let copied = copied.clone();
                gloo::timers::callback::Timeout::new(1600, move || copied.set(false)).forget();
            }
        })
    };
    let drops: Vec<Html> = s
        .drop
        .iter()
        .map(|&n| {
            let d = d.clone();
            let label = trf(lang, "ctl.drop_chip", &[("n", &n.to_string())]);
            html! {
                <button class="drop-chip" title={label.clone()} aria-label={label}
                        data-testid="drop-chip" data-n={n.to_string()}
                        onclick={Callback::from(move |_| d.emit(Action::ToggleDrop(n)))}>
                    { format!("#{n} ✕") }
                </button>
            }
        })
        .collect();
    let random_lost = model
        .timeline
        .flights
        .iter()
        .filter(|f| f.dropped == Some(DropCause::Random))
        .count();
    let shape = tr(lang, model.shape.key());

    html! {
        <div class="controls">
            <div class="presets" role="group" aria-label={tr(lang, "ctl.presets")}>
                <span class="presets-label">{ tr(lang, "ctl.presets") }</span>
                for (key, q) in PRESETS.iter() {
                    <button class="chip-btn" data-testid={format!("preset-{}", key.trim_start_matches("preset."))}
                            onclick={{ let d = d.clone(); let q = q.to_string();
                                       Callback::from(move |_| d.emit(Action::LoadScenario(q.clone()))) }}>
                        { tr(lang, key) }
                    </button>
                }
            </div>

            <fieldset>
                <legend>{ tr(lang, "ctl.group.close") }</legend>
                <div class="segmented" role="group" aria-label={tr(lang, "ctl.close")}>
                    { close_btn(Close::Client, "ctl.close.client") }
                    { close_btn(Close::Server, "ctl.close.server") }
                    { close_btn(Close::Both, "ctl.close.both") }
                </div>
                { Slider { id: "gap", label: "ctl.gap", shown: fmt::duration(s.gap_ms as f64),
                          scale: GAP, value: s.gap_ms as f64, emit: |v| Action::Edit(Edit::Gap(nice_ms(v))), disabled: s.close == Close::Both }.view(lang, d) }
                <p class="shape" data-testid="shape">{ shape }</p>
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, "ctl.group.timing") }</legend>
                { Slider { id: "msl", label: "ctl.msl", shown: fmt::duration(s.msl_ms as f64),
                          scale: MSL, value: s.msl_ms as f64, emit: |v| Action::Edit(Edit::MslMs(nice_ms(v))), disabled: false }.view(lang, d) }
                <div class="chips">
                    { msl_btn(2000, "ctl.msl.teach") }
                    { msl_btn(30_000, "ctl.msl.linux") }
                    { msl_btn(120_000, "ctl.msl.rfc") }
                </div>
                { Slider { id: "delay", label: "ctl.delay", shown: fmt::duration(s.delay_ms as f64),
                          scale: DELAY, value: s.delay_ms as f64, emit: |v| Action::Edit(Edit::Delay(nice_ms(v))), disabled: false }.view(lang, d) }
                { Slider { id: "rto", label: "ctl.rto", shown: fmt::duration(s.rto_ms as f64),
                          scale: RTO, value: s.rto_ms as f64, emit: |v| Action::Edit(Edit::Rto(nice_ms(v))), disabled: false }.view(lang, d) }
                { Slider { id: "dack", label: "ctl.dack", shown: fmt::duration(s.dack_ms as f64),
                          scale: DACK, value: s.dack_ms as f64, emit: |v| Action::Edit(Edit::Dack(nice_ms(v))), disabled: false }.view(lang, d) }
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, "ctl.group.network") }</legend>
                <div class="field">
                    <span class="field-label">{ tr(lang, "ctl.drops") }</span>
                    <div class="chips">
                        if drops.is_empty() {
                            <span class="muted">{ tr(lang, "ctl.drops.none") }</span>
                        } else {
                            { for drops }
                            <button class="chip-btn" data-testid="drops-clear"
                                    onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ClearDrops)) }}>
                                { tr(lang, "ctl.drops.clear") }
                            </button>
                        }
                    </div>
                </div>
                { Slider { id: "loss", label: "ctl.loss", shown: if random_lost > 0 { format!("{} % · ✕{random_lost}", s.loss_pct) } else { format!("{} %", s.loss_pct) },
                          scale: LOSS, value: f64::from(s.loss_pct), emit: |v| Action::Edit(Edit::Loss(v.round() as u8)), disabled: false }.view(lang, d) }
                <div class="field field-row">
                    <label for="ctl-seed">{ tr(lang, "ctl.seed") }</label>
                    <input id="ctl-seed" type="number" min="0" step="1" data-testid="seed" inputmode="numeric"
                           value={s.seed.to_string()} onchange={on_seed} />
                </div>
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, "ctl.group.behaviour") }</legend>
                <div class="field field-row">
                    <label for="ctl-data">{ tr(lang, "ctl.data") }</label>
                    <input id="ctl-data" type="number" min="0" max="100" step="1" data-testid="data"
                           value={s.data.to_string()} onchange={on_data} />
                </div>
                { check("tw", "ctl.tw", s.time_wait, Edit::TimeWait) }
                { Slider { id: "finwait2", label: "ctl.finwait2", shown: fmt::duration(s.fin_wait2_ms as f64),
                          scale: FIN_WAIT2, value: s.fin_wait2_ms as f64, emit: |v| Action::Edit(Edit::FinWait2Ms(nice_ms(v))), disabled: false }.view(lang, d) }
                <div class="field field-row">
                    <label for="ctl-abort">{ tr(lang, "ctl.abort") }</label>
                    <select id="ctl-abort" data-testid="abort" onchange={on_abort}>
                        <option value="" selected={s.abort.is_none()}>{ tr(lang, "ctl.abort.none") }</option>
                        <option value="client" selected={s.abort == Some(Host::Client)}>{ tr(lang, "host.client") }</option>
                        <option value="server" selected={s.abort == Some(Host::Server)}>{ tr(lang, "host.server") }</option>
                    </select>
                </div>
                { check("reopen", "ctl.reopen", s.reopen, Edit::Reopen) }
            </fieldset>

            <div class="actions">
                <button class="btn" data-testid="reset"
                        onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::Reset)) }}>
                    { tr(lang, "ctl.reset") }
                </button>
                <button class="btn primary" data-testid="copy-link" onclick={on_copy}>
                    { if *copied { tr(lang, "ctl.copied") } else { tr(lang, "ctl.copy") } }
                </button>
            </div>
        </div>
    }
}

/// Whether `navigator.clipboard.writeText` exists (it is missing on plain
/// HTTP pages and in old browsers; calling it would throw).
fn js_sys_has_write_text(clipboard: &web_sys::Clipboard) -> bool {
    let v: &wasm_bindgen::JsValue = clipboard.unchecked_ref();
    !v.is_undefined() && !v.is_null()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_trip() {
        for scale in [GAP, MSL, DELAY, RTO, DACK, FIN_WAIT2, LOSS] {
            for p in [0.0, 1.0, 250.0, 500.0, 999.0, 1000.0] {
                let v = scale.value(p);
                assert!((scale.pos(v) - p).abs() <= 1.0, "{scale:?} {p}");
            }
            assert!(!scale.pos(f64::NAN).is_nan());
        }
    }

    #[test]
    fn defaults_sit_on_their_sliders() {
        let d = Scenario::default();
        assert!(GAP.pos(d.gap_ms as f64) > 0.0 && GAP.pos(d.gap_ms as f64) < STEPS);
        assert_eq!(nice_ms(MSL.value(MSL.pos(2000.0))), 2000);
        assert_eq!(nice_ms(DELAY.value(DELAY.pos(100.0))), 100);
        assert_eq!(nice_ms(1234.0), 1200);
        assert_eq!(nice_ms(45_600.0), 46_000);
        assert_eq!(nice_ms(-3.0), 0);
    }

    #[test]
    fn presets_are_clean_links() {
        for (key, q) in PRESETS {
            let (_, w) = teardown_core::Link::from_query(q);
            assert!(w.is_empty(), "{key}: {w:?}");
            assert!(crate::i18n::has(key));
        }
    }
}

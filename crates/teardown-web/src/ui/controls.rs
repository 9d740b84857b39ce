//! The scenario controls: one control for every key of the link format,
//! grouped as a learner thinks about them, plus ready-made scenarios.
//!
//! Sliders move on a curved scale ([`Scale`]) where the interesting values are
//! small: the gap slider spends most of its travel below a few hundred ms,
//! where the close changes shape (simultaneous → three-segment → four).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Shared;
use super::dialog::{Copied, copy};
use crate::fmt;
use crate::i18n::{Lang, Msg, tr, trf};
use crate::model::Model;
use crate::platform::here;
use crate::profile::{stack_name, summary, time_wait_fixed};
use crate::share::with_query;
use crate::state::{Action, Edit, Tunable};
use teardown_core::export::decimal_trim;
use teardown_core::stack::{RtoRule, TimeWaitLen};
use teardown_core::{AppCall, Call, Close, DropCause, Host, Scenario, Stack};

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

/// Ready-made scenarios: (id for `data-testid`, name, link query).
pub const PRESETS: &[(&str, Msg, &str)] = &[
    ("classic", Msg::PresetClassic, ""),
    ("three", Msg::PresetThree, "gap=150"),
    ("simultaneous", Msg::PresetSimultaneous, "close=both"),
    ("lost_fin", Msg::PresetLostFin, "drop=3"),
    ("lost_ack", Msg::PresetLostAck, "drop=4"),
    ("half_close", Msg::PresetHalfClose, "call=shutdown&data=2"),
    ("no_tw", Msg::PresetNoTw, "tw=0&reopen=1"),
    ("abort", Msg::PresetAbort, "abort=client"),
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
    label: Msg,
    /// The value as shown next to the label.
    shown: String,
    scale: Scale,
    value: f64,
    /// Turns the slider's value into an action.
    emit: fn(f64) -> Action,
    disabled: bool,
    /// Shown under the slider: what the stack decides, or a warning (`true`).
    note: Option<(String, bool)>,
    /// A value set by hand instead of the stack's: the edit that goes back to the stack's.
    back: Option<Edit>,
}

impl Slider {
    /// `back_label` names the button that goes back to the stack's value.
    fn view(self, lang: Lang, dispatch: &Callback<Action>, back_label: &str) -> Html {
        let Slider {
            id,
            label,
            shown,
            scale,
            value,
            emit,
            disabled,
            note,
            back,
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
                if let Some((note, warn)) = note {
                    <p class={classes!("note", warn.then_some("warn"))} data-testid={format!("{id}-note")}>{ note }</p>
                }
                if let Some(e) = back {
                    <button class="chip-btn back" data-testid={format!("{id}-back")}
                            onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Edit(e.clone()))) }}>
                        { "↺ " }{ back_label.to_string() }
                    </button>
                }
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
    // A button of a segmented choice.
    let seg = |on: bool, id: String, e: Edit, text: &str| {
        html! {
            <button class={classes!(on.then_some("on"))} aria-pressed={on.to_string()}
                    data-testid={id} onclick={edit(e)}>
                { text.to_string() }
            </button>
        }
    };
    let close_btn = |c: Close, key: Msg| {
        seg(
            s.close == c,
            format!("close-{}", c.key()),
            Edit::Close(c),
            tr(lang, key),
        )
    };
    let set = s.settings();
    let p = set.profile;
    let stack = stack_name(lang, s.stack);
    let tw_fixed = time_wait_fixed(s);
    let d_ms = |ms: u64| fmt::duration(ms as f64);
    // A value the link sets instead of the stack: labelled so, with a way back.
    let shown = |explicit: bool, v: String| {
        if explicit {
            trf(lang, Msg::CtlOverride, &[("v", &v)])
        } else {
            v
        }
    };
    let back_label = trf(lang, Msg::CtlStackValue, &[("stack", stack)]);
    let back = |t: Tunable, explicit: bool| explicit.then_some(Edit::StackValue(t));
    let msl_note = match p.time_wait {
        TimeWaitLen::Fixed(fixed) if tw_fixed => Some(trf(
            lang,
            Msg::ProfLine,
            &[
                ("stack", stack),
                (
                    "parts",
                    &trf(lang, Msg::ProfTwFixed, &[("d", &d_ms(fixed))]),
                ),
            ],
        )),
        TimeWaitLen::Fixed(fixed) => Some(trf(
            lang,
            Msg::CtlMslWhatIf,
            &[
                ("d", &d_ms(set.time_wait_ms)),
                ("stack", stack),
                ("fixed", &d_ms(fixed)),
            ],
        )),
        TimeWaitLen::TwoMsl => None,
    };
    let msl_shown = if tw_fixed {
        "—".to_string()
    } else {
        shown(s.msl_ms.is_some(), d_ms(set.msl_ms))
    };
    let rto_shown = match p.rto {
        RtoRule::FromRtt { .. } if s.rto_ms.is_none() => {
            trf(lang, Msg::CtlRtoFromRtt, &[("d", &d_ms(set.rto_ms))])
        }
        _ => shown(s.rto_ms.is_some(), d_ms(set.rto_ms)),
    };
    let dack = if set.fin_ack_delay_after_data_ms == set.fin_ack_delay_ms {
        d_ms(set.fin_ack_delay_ms)
    } else {
        trf(
            lang,
            Msg::CtlDackAfterData,
            &[
                ("d", &d_ms(set.fin_ack_delay_ms)),
                ("d2", &d_ms(set.fin_ack_delay_after_data_ms)),
            ],
        )
    };
    let on_stack = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = Stack::from_key(&sel.value()) {
                d.emit(Action::Edit(Edit::Stack(v)));
            }
        })
    };
    let call_btn = |c: Call, text: &str| {
        seg(
            s.call == c,
            format!("call-{}", c.key()),
            Edit::Call(c),
            text,
        )
    };
    let msl_btn = |ms: u64, key: Msg| {
        let on = set.msl_ms == ms && !tw_fixed;
        html! {
            <button class={classes!("chip-btn", on.then_some("on"))} aria-pressed={on.to_string()}
                    data-testid={format!("msl-{}", ms / 1000)} onclick={edit(Edit::MslMs(ms))}>
                { tr(lang, key) }
            </button>
        }
    };
    let check = |id: &'static str, key: Msg, on: bool, make: fn(bool) -> Edit| {
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
            let copied = copied.clone();
            // No field shows the link here: whatever the copy did, the button says so briefly.
            let done = Callback::from(move |_: Copied| {
                copied.set(true);
                let copied = copied.clone();
                gloo::timers::callback::Timeout::new(1600, move || copied.set(false)).forget();
            });
            copy(with_query(&here(), &link), NodeRef::default(), done);
        })
    };
    let drops: Vec<Html> = s
        .drop
        .iter()
        .map(|&n| {
            let d = d.clone();
            let label = trf(lang, Msg::CtlDropChip, &[("n", &n.to_string())]);
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
    let shape = tr(lang, model.shape.label());

    html! {
        <div class="controls">
            <div class="presets" role="group" aria-label={tr(lang, Msg::CtlPresets)}>
                <span class="presets-label">{ tr(lang, Msg::CtlPresets) }</span>
                for (id, key, q) in PRESETS.iter() {
                    <button class="chip-btn" data-testid={format!("preset-{id}")}
                            onclick={{ let d = d.clone(); let q = q.to_string();
                                       Callback::from(move |_| d.emit(Action::LoadScenario(q.clone()))) }}>
                        { tr(lang, *key) }
                    </button>
                }
            </div>

            <fieldset>
                <legend><label for="ctl-stack">{ tr(lang, Msg::CtlGroupStack) }</label></legend>
                <select id="ctl-stack" data-testid="stack" onchange={on_stack}>
                    for st in Stack::ALL {
                        <option value={st.key()} selected={s.stack == st}>{ stack_name(lang, st) }</option>
                    }
                </select>
                <p class="note" data-testid="profile">{ summary(lang, p) }</p>
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, Msg::CtlGroupClose) }</legend>
                <div class="segmented" role="group" aria-label={tr(lang, Msg::CtlClose)}>
                    { close_btn(Close::Client, Msg::CtlCloseClient) }
                    { close_btn(Close::Server, Msg::CtlCloseServer) }
                    { close_btn(Close::Both, Msg::CtlCloseBoth) }
                </div>
                <div class="segmented" role="group" aria-label={tr(lang, Msg::CtlCall)}>
                    { call_btn(Call::Close, &AppCall::Close.label()) }
                    { call_btn(Call::Shutdown, &AppCall::Shutdown.label()) }
                </div>
                <p class="note call-note">{ tr(lang, if s.call == Call::Close { Msg::CtlCallClose } else { Msg::CtlCallShutdown }) }</p>
                { Slider { id: "gap", label: Msg::CtlGap, shown: fmt::duration(s.gap_ms as f64),
                          scale: GAP, value: s.gap_ms as f64, emit: |v| Action::Edit(Edit::Gap(nice_ms(v))), disabled: s.close == Close::Both, note: None, back: None }.view(lang, d, &back_label) }
                <p class="shape" data-testid="shape">{ shape }</p>
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, Msg::CtlGroupTiming) }</legend>
                { Slider { id: "msl", label: Msg::CtlMsl, shown: msl_shown,
                          scale: MSL, value: set.msl_ms as f64, emit: |v| Action::Edit(Edit::MslMs(nice_ms(v))), disabled: false,
                          note: msl_note.map(|n| (n, false)), back: back(Tunable::Msl, s.msl_ms.is_some()) }.view(lang, d, &back_label) }
                <div class="chips">
                    { msl_btn(2000, Msg::CtlMslTeach) }
                    { msl_btn(30_000, Msg::CtlMslBsd) }
                    { msl_btn(120_000, Msg::CtlMslRfc) }
                </div>
                { Slider { id: "delay", label: Msg::CtlDelay, shown: fmt::duration(s.delay_ms as f64),
                          scale: DELAY, value: s.delay_ms as f64, emit: |v| Action::Edit(Edit::Delay(nice_ms(v))), disabled: false, note: None, back: None }.view(lang, d, &back_label) }
                { Slider { id: "rto", label: Msg::CtlRto, shown: rto_shown,
                          scale: RTO, value: set.rto_ms as f64, emit: |v| Action::Edit(Edit::Rto(nice_ms(v))), disabled: false,
                          note: None, back: back(Tunable::Rto, s.rto_ms.is_some()) }.view(lang, d, &back_label) }
                { Slider { id: "dack", label: Msg::CtlDack, shown: shown(s.dack_ms.is_some(), dack),
                          scale: DACK, value: set.fin_ack_delay_ms as f64, emit: |v| Action::Edit(Edit::Dack(nice_ms(v))), disabled: false,
                          note: set.dack_beyond_rfc().then(|| (tr(lang, Msg::CtlDackBeyond).to_string(), true)),
                          back: back(Tunable::Dack, s.dack_ms.is_some()) }.view(lang, d, &back_label) }
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, Msg::CtlGroupNetwork) }</legend>
                <div class="field">
                    <span class="field-label">{ tr(lang, Msg::CtlDrops) }</span>
                    <div class="chips">
                        if drops.is_empty() {
                            <span class="muted">{ tr(lang, Msg::CtlDropsNone) }</span>
                        } else {
                            { for drops }
                            <button class="chip-btn" data-testid="drops-clear"
                                    onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ClearDrops)) }}>
                                { tr(lang, Msg::CtlDropsClear) }
                            </button>
                        }
                    </div>
                </div>
                { Slider { id: "loss", label: Msg::CtlLoss, shown: if random_lost > 0 { format!("{} % · ✕{random_lost}", s.loss_pct) } else { format!("{} %", s.loss_pct) },
                          scale: LOSS, value: f64::from(s.loss_pct), emit: |v| Action::Edit(Edit::Loss(v.round() as u8)), disabled: false, note: None, back: None }.view(lang, d, &back_label) }
                <div class="field field-row">
                    <label for="ctl-seed">{ tr(lang, Msg::CtlSeed) }</label>
                    <input id="ctl-seed" type="number" min="0" step="1" data-testid="seed" inputmode="numeric"
                           value={s.seed.to_string()} onchange={on_seed} />
                </div>
            </fieldset>

            <fieldset>
                <legend>{ tr(lang, Msg::CtlGroupBehaviour) }</legend>
                <div class="field field-row">
                    <label for="ctl-data">{ tr(lang, Msg::CtlData) }</label>
                    <input id="ctl-data" type="number" min="0" max="100" step="1" data-testid="data"
                           value={s.data.to_string()} onchange={on_data} />
                </div>
                { check("tw", Msg::CtlTw, s.time_wait, Edit::TimeWait) }
                { Slider { id: "finwait2", label: Msg::CtlFinwait2, shown: shown(s.fin_wait2_ms.is_some(), d_ms(set.fin_wait2_ms)),
                          scale: FIN_WAIT2, value: set.fin_wait2_ms as f64, emit: |v| Action::Edit(Edit::FinWait2Ms(nice_ms(v))), disabled: false,
                          note: None, back: back(Tunable::FinWait2, s.fin_wait2_ms.is_some()) }.view(lang, d, &back_label) }
                <div class="field field-row">
                    <label for="ctl-abort">{ tr(lang, Msg::CtlAbort) }</label>
                    <select id="ctl-abort" data-testid="abort" onchange={on_abort}>
                        <option value="" selected={s.abort.is_none()}>{ tr(lang, Msg::CtlAbortNone) }</option>
                        <option value="client" selected={s.abort == Some(Host::Client)}>{ tr(lang, Msg::HostClient) }</option>
                        <option value="server" selected={s.abort == Some(Host::Server)}>{ tr(lang, Msg::HostServer) }</option>
                    </select>
                </div>
                { check("reopen", Msg::CtlReopen, s.reopen, Edit::Reopen) }
            </fieldset>

            <div class="actions">
                <button class="btn" data-testid="reset"
                        onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::Reset)) }}>
                    { tr(lang, Msg::CtlReset) }
                </button>
                <button class="btn primary" data-testid="copy-link" onclick={on_copy}>
                    { if *copied { tr(lang, Msg::CtlCopied) } else { tr(lang, Msg::CtlCopy) } }
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_half_close_preset_is_a_half_close_with_data() {
        // The model's tests check this scenario is a four-segment close, not a three.
        let preset = PRESETS
            .iter()
            .find(|(_, k, _)| *k == Msg::PresetHalfClose)
            .map(|(_, _, q)| *q);
        assert_eq!(preset, Some("call=shutdown&data=2"));
    }

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
        for (id, _, q) in PRESETS {
            let (_, w) = teardown_core::Link::from_query(q);
            assert!(w.is_empty(), "{id}: {w:?}");
        }
    }
}

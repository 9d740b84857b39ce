//! What the Share, Embed and Export dialogs have in common: a modal dialog
//! (the native `<dialog>` opened with `showModal()`, so focus stays inside,
//! the page behind is inert and Escape closes it), the button that opens one
//! and gets the focus back, and copying text to the clipboard without ever
//! failing.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{Lang, Msg, tr};

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// `share` gives `data-testid="share-dialog"` and the title's id.
    pub id: &'static str,
    pub title: AttrValue,
    pub lang: Lang,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

/// A modal dialog, open while it is mounted.
#[component]
pub fn Dialog(props: &DialogProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let on_close = props.on_close.clone();
        use_effect_with((), move |_| {
            let dialog = node.cast::<HtmlDialogElement>();
            // Escape (the `cancel` event) and `close()` both end in `close`,
            // which does not bubble: listen on the element itself.
            let listener = dialog
                .as_ref()
                .map(|d| EventListener::new(d, "close", move |_| on_close.emit(())));
            if let Some(d) = &dialog {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
            move || drop(listener)
        });
    }
    let on_backdrop = {
        let node = node.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |e: MouseEvent| {
            // A click on the dialog element itself, not on its content, is a
            // click on the backdrop.
            let target = e.target().map(wasm_bindgen::JsValue::from);
            let me = node.get().map(wasm_bindgen::JsValue::from);
            if target.is_some() && target == me {
                on_close.emit(());
            }
        })
    };
    // Keys typed in the dialog are not the page's playback shortcuts.
    let keep_keys = Callback::from(|e: KeyboardEvent| e.stop_propagation());
    let title_id = format!("{}-dialog-title", props.id);
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    html! {
        <dialog ref={node} class="td-dialog" role="dialog" aria-modal="true"
                aria-labelledby={title_id.clone()} data-testid={format!("{}-dialog", props.id)}
                onclick={on_backdrop} onkeydown={keep_keys}>
            <div class="td-dialog-body">
                <div class="td-dialog-head">
                    <h2 id={title_id}>{ props.title.clone() }</h2>
                    <button class="dismiss" data-testid="dialog-close" onclick={close}
                            aria-label={tr(props.lang, Msg::DialogClose)} title={tr(props.lang, Msg::DialogClose)}>
                        { "×" }
                    </button>
                </div>
                { props.children.clone() }
            </div>
        </dialog>
    }
}

/// Whether a dialog is open, and the button that opens it, which gets the
/// focus back when the dialog closes.
#[derive(Clone)]
pub struct Opener {
    pub open: UseStateHandle<bool>,
    pub button: NodeRef,
}

impl Opener {
    pub fn show(&self) -> Callback<MouseEvent> {
        let open = self.open.clone();
        Callback::from(move |_| open.set(true))
    }

    pub fn hide(&self) -> Callback<()> {
        let open = self.open.clone();
        Callback::from(move |()| open.set(false))
    }
}

#[hook]
pub fn use_opener() -> Opener {
    let open = use_state_eq(|| false);
    let button = use_node_ref();
    let was_open = use_mut_ref(|| false);
    {
        let button = button.clone();
        use_effect_with(*open, move |&now| {
            // After the dialog is gone (the page is no longer inert).
            if *was_open.borrow() && !now {
                if let Some(b) = button.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
            *was_open.borrow_mut() = now;
        });
    }
    Opener { open, button }
}

/// Selects all the text of a field (an `<input>` or a `<textarea>`).
pub fn select_all(field: &web_sys::EventTarget) {
    if let Some(i) = field.dyn_ref::<HtmlInputElement>() {
        i.select();
    } else if let Some(t) = field.dyn_ref::<HtmlTextAreaElement>() {
        t.select();
    }
}

/// `onfocus` for a read-only field: select everything, ready to copy.
pub fn select_on_focus() -> Callback<FocusEvent> {
    Callback::from(|e: FocusEvent| {
        if let Some(t) = e.target() {
            select_all(&t);
        }
    })
}

/// What a copy did: the clipboard has it, or the text is selected and the
/// learner is asked to press Ctrl+C.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    Done,
    Selected,
}

impl Copied {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Copied::Done => tr(lang, Msg::ShareCopied),
            Copied::Selected => tr(lang, Msg::SharePress),
        }
    }
}

/// Copies `text` with `navigator.clipboard` where it exists and is allowed;
/// otherwise selects `field` (which shows the same text) and tries the old
/// `execCommand("copy")`. Never fails: `done` always hears what happened.
pub fn copy(text: String, field: NodeRef, done: Callback<Copied>) {
    let told = done.clone();
    let fallback = move || {
        let mut copied = false;
        if let Some(el) = field.cast::<HtmlElement>() {
            let _ = el.focus();
            select_all(&el);
            copied = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
                .and_then(|d| d.exec_command("copy").ok())
                .unwrap_or(false);
        }
        told.emit(if copied {
            Copied::Done
        } else {
            Copied::Selected
        });
    };
    let Some(window) = web_sys::window() else {
        return fallback();
    };
    let clipboard = window.navigator().clipboard();
    // Missing on plain-HTTP pages and in old browsers.
    let clipboard_js: &wasm_bindgen::JsValue = clipboard.unchecked_ref();
    let has_write = !clipboard_js.is_undefined()
        && !clipboard_js.is_null()
        && js_sys::Reflect::has(clipboard_js, &"writeText".into()).unwrap_or(false);
    if !has_write {
        return fallback();
    }
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => done.emit(Copied::Done),
            Err(_) => fallback(),
        }
    });
}

/// A Copy button's `onclick`: copies `text` (see [`copy`]) and records what
/// happened in `copied`, which the dialog shows.
pub fn copy_on_click(
    text: String,
    field: NodeRef,
    copied: UseStateHandle<Option<Copied>>,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let copied = copied.clone();
        copy(
            text.clone(),
            field.clone(),
            Callback::from(move |c| copied.set(Some(c))),
        );
    })
}

//! Embedding: the dialog that writes the `<iframe>` snippet for the current
//! scenario (with a live, scaled-down preview), and the embedded page's side,
//! which tells its host page its content height.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use super::dialog::{Copied, Dialog, copy_on_click, select_on_focus};
use crate::i18n::{Lang, Msg, tr};
use crate::platform::here;
use crate::share::{EMBED_HEIGHT, HEIGHT_MESSAGE, height_px, iframe_snippet, with_query};

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    pub lang: Lang,
    /// The link's query with `embed=1`.
    pub embed_query: AttrValue,
    pub on_close: Callback<()>,
}

#[component]
pub fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    let lang = props.lang;
    let copied = use_state_eq(|| None::<Copied>);
    let field = use_node_ref();
    let base = use_memo((), |_| here());
    let src = with_query(&base, &props.embed_query);
    let title = tr(lang, Msg::EmbedIframeTitle);
    let snippet = iframe_snippet(&src, title, EMBED_HEIGHT);
    let on_copy = copy_on_click(snippet.clone(), field.clone(), copied.clone());
    html! {
        <Dialog id="embed" lang={lang} title={tr(lang, Msg::EmbedTitle)} on_close={props.on_close.clone()}>
            <p class="td-dialog-intro">{ tr(lang, Msg::EmbedIntro) }</p>
            <label class="field-label" for="embed-snippet">{ tr(lang, Msg::EmbedSnippet) }</label>
            <textarea id="embed-snippet" ref={field} data-testid="embed-snippet" readonly=true rows="3"
                      autofocus=true spellcheck="false" value={snippet} onfocus={select_on_focus()} />
            <div class="copy-row">
                <button class="btn primary" data-testid="embed-copy" onclick={on_copy}>{ tr(lang, Msg::ShareCopy) }</button>
                <p class="copy-status" data-testid="embed-status" aria-live="polite">
                    { copied.map(|c| c.text(lang)).unwrap_or_default() }
                </p>
            </div>
            <p class="td-dialog-note">{ tr(lang, Msg::EmbedHeightHint) }</p>
            <p class="field-label">{ tr(lang, Msg::EmbedPreview) }</p>
            <div class="embed-preview">
                <iframe data-testid="embed-preview" src={src} title={title} loading="lazy"></iframe>
            </div>
        </Dialog>
    }
}

/// In the embedded view inside a frame: posts
/// `{ type: "teardown:height", height }` to the parent window when the page
/// is laid out and whenever the page's root changes size.
#[hook]
pub fn use_embed_height(embed: bool) {
    use_effect_with(embed, |&embed| {
        let watching = if embed { watch_height() } else { None };
        move || {
            if let Some((observer, _callback)) = watching {
                observer.disconnect();
            }
        }
    });
}

type Watch = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

fn watch_height() -> Option<Watch> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    let me: &wasm_bindgen::JsValue = window.as_ref();
    let them: &wasm_bindgen::JsValue = parent.as_ref();
    if me == them {
        // Not in a frame: nobody to tell.
        return None;
    }
    let root = window.document()?.query_selector(".app").ok().flatten()?;
    let last = Rc::new(Cell::new(0u32));
    let post = {
        let root = root.clone();
        move || {
            let Some(height) = height_px(root.get_bounding_client_rect().height()) else {
                return;
            };
            if height == last.get() {
                return;
            }
            last.set(height);
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    };
    post();
    // The observer also reports once as soon as it starts observing.
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| post());
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some((observer, callback))
}

//! The Export dialog: downloads of the current scenario as SVG (light, dark),
//! Mermaid and pcap, made by the core's exports (the same bytes as the
//! `teardown` command's), and the Mermaid text to copy. The exports are a
//! module of their own ([`crate::exports`]), fetched when the dialog first
//! opens: until it is in, the dialog says so and its buttons wait.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Shared;
use super::dialog::{Copied, Dialog, copy_on_click, select_on_focus};
use crate::exports::{self, ExportModule};
use crate::i18n::{Lang, Msg, tr, trf};
use crate::model::Model;
use crate::share::Export;

/// Where the export module is, as the dialog shows it.
#[derive(Clone, PartialEq)]
enum Module {
    Loading,
    Ready(ExportModule),
    /// Could not be loaded: why (shown; reopening the dialog tries again).
    Failed(String),
}

/// Saves `bytes` as a file: a Blob, an object URL, a temporary
/// `<a download>` clicked once; the URL is revoked afterwards.
fn download(bytes: &[u8], mime: &str, name: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    let _ = a.set_attribute("hidden", "");
    let body = document.body()?;
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    // Revoked a moment later: the download has to start first.
    gloo::timers::callback::Timeout::new(1000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}

#[derive(Properties, PartialEq)]
pub struct ExportDialogProps {
    pub lang: Lang,
    pub model: Shared<Model>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ExportDialog(props: &ExportDialogProps) -> Html {
    let lang = props.lang;
    let saved = use_state_eq(|| None::<String>);
    let copied = use_state_eq(|| None::<Copied>);
    let field = use_node_ref();
    let query = props.model.scenario.to_query();
    let module = use_state(|| exports::ready().map_or(Module::Loading, Module::Ready));
    {
        let module = module.clone();
        use_effect_with((), move |_| {
            if *module == Module::Loading {
                wasm_bindgen_futures::spawn_local(async move {
                    module.set(match exports::load().await {
                        Ok(m) => Module::Ready(m),
                        Err(why) => Module::Failed(why),
                    });
                });
            }
        });
    }
    let ready = match &*module {
        Module::Ready(m) => Some(m.clone()),
        _ => None,
    };
    let mermaid = use_memo((query.clone(), ready.clone()), |(query, module)| {
        module
            .as_ref()
            .and_then(|m| m.file(Export::Mermaid.key(), query))
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    });
    let button = |e: Export| {
        let query_for_click = query.clone();
        let saved = saved.clone();
        let ready_for_click = ready.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let name = e.file_name(&query_for_click);
            let Some(bytes) = ready_for_click
                .as_ref()
                .and_then(|m| m.file(e.key(), &query_for_click))
            else {
                return;
            };
            if download(&bytes, e.mime(), &name).is_some() {
                saved.set(Some(name));
            }
        });
        let key = e.key();
        let file = e.file_name(&query);
        html! {
            <li>
                <button class="btn" data-testid={format!("export-{}", key.replace('_', "-"))}
                        data-file={file} onclick={onclick} disabled={ready.is_none()}>
                    { tr(lang, e.label()) }
                </button>
                <span class="muted">{ tr(lang, e.hint()) }</span>
            </li>
        }
    };
    let status = match &*module {
        Module::Loading => tr(lang, Msg::ExportLoading).to_owned(),
        Module::Failed(why) => trf(lang, Msg::ExportFailed, &[("error", why)]),
        Module::Ready(_) => saved
            .as_deref()
            .map(|f| trf(lang, Msg::ExportSaved, &[("file", f)]))
            .unwrap_or_default(),
    };
    let on_copy = copy_on_click((*mermaid).clone(), field.clone(), copied.clone());
    html! {
        <Dialog id="export" lang={lang} title={tr(lang, Msg::ExportTitle)} on_close={props.on_close.clone()}>
            <p class="td-dialog-intro">{ tr(lang, Msg::ExportIntro) }</p>
            <ul class="export-list">
                { for Export::ALL.into_iter().map(button) }
            </ul>
            <p class={classes!("copy-status", matches!(*module, Module::Failed(_)).then_some("error"))}
               data-testid="export-status" aria-live="polite">
                { status }
            </p>
            <label class="field-label" for="export-mermaid-text">{ tr(lang, Msg::ExportMermaidText) }</label>
            <textarea id="export-mermaid-text" ref={field} data-testid="export-mermaid-text" readonly=true
                      rows="6" spellcheck="false" value={(*mermaid).clone()} onfocus={select_on_focus()} />
            <div class="copy-row">
                <button class="btn" data-testid="export-mermaid-copy" onclick={on_copy} disabled={ready.is_none()}>{ tr(lang, Msg::ExportMermaidCopy) }</button>
                <p class="copy-status" data-testid="export-copy-status" aria-live="polite">
                    { copied.map(|c| c.text(lang)).unwrap_or_default() }
                </p>
            </div>
        </Dialog>
    }
}

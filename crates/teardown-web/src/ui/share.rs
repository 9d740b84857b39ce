//! The Share, Embed and Export buttons in the page header, and the Share
//! dialog: the current link in a read-only field, with or without the
//! playback position, and a Copy button.

use yew::prelude::*;

use super::Shared;
use super::dialog::{Copied, Dialog, copy_on_click, select_on_focus, use_opener};
use super::embed::EmbedDialog;
use super::export::ExportDialog;
use crate::fmt;
use crate::i18n::{Lang, Msg, tr, trf};
use crate::model::Model;
use crate::platform::here;
use crate::share::with_query;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub model: Shared<Model>,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
    /// The link's query without the playback position.
    pub query: AttrValue,
    /// The link's query with the playback position (if past the start).
    pub query_t: AttrValue,
    /// The link's query for the embedded view (`embed=1`, no position).
    pub embed_query: AttrValue,
    pub pos: f64,
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let lang = props.lang;
    let share = use_opener();
    let embed = use_opener();
    let export = use_opener();
    // Opening a dialog pauses playback, so the link it shows holds still.
    let opens = |o: &super::dialog::Opener| {
        let show = o.show();
        let d = props.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            d.emit(Action::Pause);
            show.emit(e);
        })
    };
    html! {
        <div class="share-bar" role="group" aria-label={tr(lang, Msg::ShareGroup)}>
            <button class="btn" data-testid="share-open" ref={share.button.clone()}
                    aria-haspopup="dialog" onclick={opens(&share)}>{ tr(lang, Msg::ShareButton) }</button>
            <button class="btn" data-testid="embed-open" ref={embed.button.clone()}
                    aria-haspopup="dialog" onclick={opens(&embed)}>{ tr(lang, Msg::EmbedButton) }</button>
            <button class="btn" data-testid="export-open" ref={export.button.clone()}
                    aria-haspopup="dialog" onclick={opens(&export)}>{ tr(lang, Msg::ExportButton) }</button>
            if *share.open {
                <ShareDialog lang={lang} query={props.query.clone()} query_t={props.query_t.clone()}
                             pos={props.pos} on_close={share.hide()} />
            }
            if *embed.open {
                <EmbedDialog lang={lang} embed_query={props.embed_query.clone()} on_close={embed.hide()} />
            }
            if *export.open {
                <ExportDialog lang={lang} model={props.model.clone()} on_close={export.hide()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub lang: Lang,
    pub query: AttrValue,
    pub query_t: AttrValue,
    pub pos: f64,
    pub on_close: Callback<()>,
}

#[component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let lang = props.lang;
    let has_t = props.query != props.query_t;
    let with_t = use_state_eq(|| has_t);
    let copied = use_state_eq(|| None::<Copied>);
    let field = use_node_ref();
    let base = use_memo((), |_| here());
    let query = if *with_t && has_t {
        &props.query_t
    } else {
        &props.query
    };
    let url = with_query(&base, query);
    let on_toggle = {
        let with_t = with_t.clone();
        let copied = copied.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            with_t.set(input.checked());
            copied.set(None);
        })
    };
    let on_copy = copy_on_click(url.clone(), field.clone(), copied.clone());
    html! {
        <Dialog id="share" lang={lang} title={tr(lang, Msg::ShareTitle)} on_close={props.on_close.clone()}>
            <p class="td-dialog-intro">{ tr(lang, Msg::ShareIntro) }</p>
            <label class="field-label" for="share-link">{ tr(lang, Msg::ShareLink) }</label>
            <div class="copy-row">
                <input id="share-link" ref={field} data-testid="share-link" type="text" readonly=true
                       autofocus=true spellcheck="false" value={url} onfocus={select_on_focus()} />
                <button class="btn primary" data-testid="share-copy" onclick={on_copy}>{ tr(lang, Msg::ShareCopy) }</button>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="share-with-t" checked={*with_t && has_t}
                       disabled={!has_t} onchange={on_toggle} />
                { trf(lang, Msg::ShareWithT, &[("t", &fmt::clock(props.pos.max(0.0)))]) }
            </label>
            <p class="copy-status" data-testid="share-status" aria-live="polite">
                { copied.map(|c| c.text(lang)).unwrap_or_default() }
            </p>
        </Dialog>
    }
}

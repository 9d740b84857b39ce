//! A panic never leaves a blank or frozen page.
//!
//! [`install`] sets a panic hook that logs the panic to the console and then
//! covers the page with a readable overlay: what happened, the panic message
//! (truncated), a link that resets to the default scenario (the page's address
//! without its query) and a link that reloads. WASM panics abort (release
//! builds use `panic = "abort"`, and wasm32 cannot unwind anyway): the hook
//! runs first, then the module traps and Yew stops, so the overlay is plain
//! DOM built here with `web_sys` calls and text nodes only (never `innerHTML`,
//! so nothing in a message can become markup) and its links work without any
//! script. The hook cannot reach Yew's state, so it reads the language from
//! `<html lang>`, which the app keeps in sync.
//!
//! The texts are the translation table's ([`crate::i18n::PANIC`]); the hook reads
//! that constant directly, so it depends on nothing that could itself be what panicked.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;

/// Longest panic message shown, in characters (the console gets all of it).
pub const MAX_MESSAGE: usize = 300;

/// The overlay's element id (also its `data-testid`).
pub const OVERLAY_ID: &str = "teardown-panic";

static SHOWN: AtomicBool = AtomicBool::new(false);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);

    /// A JS `Error`, for the JS side of the stack (as console_error_panic_hook logs it).
    type Error;
    #[wasm_bindgen(constructor)]
    fn new() -> Error;
    #[wasm_bindgen(structural, method, getter)]
    fn stack(error: &Error) -> String;
}

/// Installs the hook. Call once, before anything else runs. Through Yew's
/// `set_custom_panic_hook`: a plain `std::panic::set_hook` would be replaced by
/// Yew's default hook (console only) when the app is rendered.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let message = format!("panicked{place}: {payload}");
        console_error(&format!(
            "Teardown: {message}\n\nStack:\n{}",
            Error::new().stack()
        ));
        // A second panic (say, while the first overlay was being built) only logs.
        if !SHOWN.swap(true, Ordering::SeqCst) {
            show_overlay(&truncate(&message, MAX_MESSAGE));
        }
    }));
}

/// Test-only trigger for the hook: `window.wasmBindings.__teardown_test_panic()`
/// (Trunk exposes the module's exports as `window.wasmBindings`). Nothing in a
/// link or a control calls it.
#[wasm_bindgen]
pub fn __teardown_test_panic() {
    panic!("test panic <b>not markup</b> & \"quotes\" (window.wasmBindings.__teardown_test_panic)");
}

/// `message` cut to at most `max` characters (on a character boundary), with
/// `…` when cut.
pub fn truncate(message: &str, max: usize) -> String {
    match message.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_owned(),
    }
}

/// The overlay text for `key` in the language `zh` says.
pub fn text(key: &str, zh: bool) -> &'static str {
    crate::i18n::PANIC
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |&(_, en, cn)| if zh { cn } else { en })
}

/// The two links' targets for a page at `href` (a full URL): the same page
/// without query and fragment, and the page without its fragment (a link to
/// the current address plus a fragment would only scroll, not reload).
pub fn link_targets(href: &str) -> (String, String) {
    let no_fragment = href.split('#').next().unwrap_or(href);
    let no_query = no_fragment.split('?').next().unwrap_or(no_fragment);
    (no_query.to_owned(), no_fragment.to_owned())
}

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;display:flex;\
    align-items:center;justify-content:center;padding:1rem;background:rgba(20,24,32,.72);\
    font:16px/1.5 system-ui,sans-serif;";
const BOX_STYLE: &str = "max-width:36rem;width:100%;background:#fff;color:#1a1f2b;\
    border-radius:10px;padding:1.25rem 1.5rem;box-shadow:0 10px 40px rgba(0,0,0,.35);";
const PRE_STYLE: &str = "white-space:pre-wrap;word-break:break-word;max-height:10rem;\
    overflow:auto;background:#f3f4f7;padding:.5rem .75rem;border-radius:6px;font-size:.85rem;";
const LINK_STYLE: &str = "display:inline-block;margin:.25rem 1rem .25rem 0;color:#0b57d0;\
    font-weight:600;";

/// Builds the overlay with DOM calls; errors are ignored (there is no one
/// left to report them to but the console, which already has the panic).
fn show_overlay(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    let zh = doc
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .is_some_and(|l| crate::i18n::lang_from_tag(&l) == crate::i18n::Lang::Zh);
    let href = window.location().href().unwrap_or_default();
    let (reset, reload) = link_targets(&href);

    let el = |tag: &str, style: &str, content: Option<&str>| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        if !style.is_empty() {
            let _ = e.set_attribute("style", style);
        }
        if let Some(content) = content {
            e.set_text_content(Some(content));
        }
        Some(e)
    };
    let build = || -> Option<web_sys::Element> {
        let overlay = el("div", OVERLAY_STYLE, None)?;
        overlay.set_id(OVERLAY_ID);
        let _ = overlay.set_attribute("data-testid", OVERLAY_ID);
        let _ = overlay.set_attribute("role", "alertdialog");
        let _ = overlay.set_attribute("aria-modal", "true");
        let _ = overlay.set_attribute("aria-labelledby", "teardown-panic-title");
        let _ = overlay.set_attribute("lang", if zh { "zh-CN" } else { "en" });
        let card = el("div", BOX_STYLE, None)?;
        let title = el(
            "h2",
            "margin:0 0 .5rem;font-size:1.3rem;",
            Some(text("panic.title", zh)),
        )?;
        title.set_id("teardown-panic-title");
        let body = el("p", "margin:0 0 .75rem;", Some(text("panic.body", zh)))?;
        let details = el(
            "p",
            "margin:0 0 .25rem;font-size:.85rem;color:#555;",
            Some(text("panic.details", zh)),
        )?;
        let pre = el("pre", PRE_STYLE, Some(message))?;
        let _ = pre.set_attribute("data-testid", "panic-message");
        let links = el("p", "margin:.75rem 0 0;", None)?;
        let reset_link = el("a", LINK_STYLE, Some(text("panic.reset", zh)))?;
        let _ = reset_link.set_attribute("href", &reset);
        let _ = reset_link.set_attribute("data-testid", "panic-reset");
        let reload_link = el("a", LINK_STYLE, Some(text("panic.reload", zh)))?;
        let _ = reload_link.set_attribute("href", &reload);
        let _ = reload_link.set_attribute("data-testid", "panic-reload");
        for child in [&title, &body, &details, &pre, &links] {
            card.append_child(child).ok()?;
        }
        links.append_child(&reset_link).ok()?;
        links.append_child(&reload_link).ok()?;
        overlay.append_child(&card).ok()?;
        Some(overlay)
    };
    let Some(overlay) = build() else {
        return;
    };
    let parent: Option<web_sys::Node> = doc
        .body()
        .map(Into::into)
        .or_else(|| doc.document_element().map(Into::into));
    if let Some(parent) = parent {
        let _ = parent.append_child(&overlay);
        if let Ok(link) = overlay.query_selector("a") {
            if let Some(link) = link.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = link.focus();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_on_a_character_boundary() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "abc…");
        assert_eq!(truncate("出错了吗", 2), "出错…");
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn links_drop_the_query_and_the_fragment() {
        let (reset, reload) = link_targets("https://x.org/c/teardown/?drop=3&lang=zh#top");
        assert_eq!(reset, "https://x.org/c/teardown/");
        assert_eq!(reload, "https://x.org/c/teardown/?drop=3&lang=zh");
        let (reset, reload) = link_targets("http://127.0.0.1:8080/");
        assert_eq!(reset, "http://127.0.0.1:8080/");
        assert_eq!(reload, "http://127.0.0.1:8080/");
    }

    #[test]
    fn every_text_has_both_languages() {
        for key in [
            "panic.title",
            "panic.body",
            "panic.details",
            "panic.reset",
            "panic.reload",
        ] {
            assert!(!text(key, false).is_empty(), "{key}");
            assert!(!text(key, true).is_empty(), "{key}");
            assert_ne!(text(key, false), text(key, true), "{key}");
        }
    }
}

//! The author exports (SVG, Mermaid, pcap): a second WASM module, `crates/teardown-export`,
//! fetched the first time the Export dialog opens.
//!
//! The export code is 11 kB gzip of WASM that most learners never run, so the page's build
//! leaves it out of the page's module; `scripts/post-build.mjs` builds it beside the page as
//! `export-<hash>.js` + `export-<hash>_bg.wasm` and names both in
//! `<meta name="teardown-export" content="JS WASM">`. The module takes the scenario's link
//! query and renders from it (the same `simulate`, so the same timeline the page shows).
//! Natively (the tests, the prerender) there is no module: [`ready`] is `None`.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

// index.html defines `window.tdLoadExportModule(js, wasm)`: `import(js)`, then the module's
// wasm-bindgen `init` with `wasm`, both resolved against the page. Defined there rather than
// as a wasm-bindgen snippet, which would be one more file on the page's critical path (the
// page's JS imports its snippets statically). A page without it fails here with a message.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = window, js_name = tdLoadExportModule)]
    fn load_export_module(js: &str, wasm: &str) -> Result<js_sys::Promise, JsValue>;

    /// The loaded module (`crates/teardown-export`'s wasm-bindgen exports).
    #[derive(Clone)]
    pub type ExportModule;

    #[wasm_bindgen(method, catch)]
    fn render(this: &ExportModule, format: &str, query: &str) -> Result<Vec<u8>, JsValue>;
}

impl ExportModule {
    /// The file of `format` (`Export::key`) for the scenario written as `query`; `None` if
    /// the module failed (it does not panic on any query; the page then says so).
    pub fn file(&self, format: &str, query: &str) -> Option<Vec<u8>> {
        self.render(format, query).ok().filter(|b| !b.is_empty())
    }
}

impl PartialEq for ExportModule {
    fn eq(&self, other: &Self) -> bool {
        AsRef::<JsValue>::as_ref(self) == AsRef::<JsValue>::as_ref(other)
    }
}

thread_local! {
    static MODULE: RefCell<Option<ExportModule>> = const { RefCell::new(None) };
    /// The load in flight: a dialog opened again while the module is on its way waits for the
    /// same download instead of starting another.
    static PENDING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// Loads that failed in this page: a retry imports `…js?retry=N`, because a browser may
    /// keep a module script that failed to download as failed for the page's lifetime.
    static FAILURES: RefCell<u32> = const { RefCell::new(0) };
}

/// The module, if it has been loaded in this page.
pub fn ready() -> Option<ExportModule> {
    MODULE.with(|m| m.borrow().clone())
}

/// Loads the module (once per page; calls after a success return it at once, calls during a
/// load wait for it). The error is what the page shows: "HTTP 404", the browser's message, or
/// that the build named no module.
pub async fn load() -> Result<ExportModule, String> {
    use wasm_bindgen_futures::JsFuture;
    if let Some(m) = ready() {
        return Ok(m);
    }
    let message = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map_or_else(|| "network error".to_owned(), |e| String::from(e.message()))
    };
    let promise = match PENDING.with(|p| p.borrow().clone()) {
        Some(promise) => promise,
        None => {
            let promise = start_load().map_err(message)?;
            PENDING.with(|p| *p.borrow_mut() = Some(promise.clone()));
            promise
        }
    };
    let loaded = JsFuture::from(promise).await;
    PENDING.with(|p| p.borrow_mut().take());
    match loaded {
        Ok(module) => {
            let module: ExportModule = module.unchecked_into();
            MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
            Ok(module)
        }
        Err(e) => {
            FAILURES.with(|f| *f.borrow_mut() += 1);
            Err(message(e))
        }
    }
}

/// Starts importing the module named by `<meta name="teardown-export" content="JS WASM">`.
fn start_load() -> Result<js_sys::Promise, JsValue> {
    let names = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=teardown-export]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    let mut names = names.split_whitespace();
    let (Some(js), Some(wasm)) = (names.next(), names.next()) else {
        return Err(js_sys::Error::new("this build has no export module").into());
    };
    let failures = FAILURES.with(|f| *f.borrow());
    let js = if failures > 0 {
        format!("{js}?retry={failures}")
    } else {
        js.to_owned()
    };
    load_export_module(&js, wasm)
}

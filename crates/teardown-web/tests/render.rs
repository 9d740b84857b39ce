//! The App component rendered into a real DOM in headless Chromium.
//!
//! Run with `cargo test -p teardown-web --target wasm32-unknown-unknown` (`.cargo/config.toml`
//! makes `wasm-bindgen-test-runner` the runner and points it at Debian's chromedriver).
//! The checks use the DOM contract the end-to-end tests use too (`data-testid` attributes), and
//! compare what the page draws with the core's own timeline for the same link.
#![cfg(target_arch = "wasm32")]

use teardown_core::{Host, Link, State};
use teardown_web::App;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted on a fresh `<div>`, with the address bar showing `?{query}` while it starts.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
    original_url: String,
}

impl Mounted {
    async fn at(query: &str) -> Self {
        let window = web_sys::window().expect("a window");
        let location = window.location();
        let original_url = location.href().expect("location.href");
        let path = location.pathname().expect("location.pathname");
        window
            .history()
            .expect("history")
            .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}?{query}")))
            .expect("replaceState");

        let document = window.document().expect("a document");
        let root = document.create_element("div").expect("a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("append the root");
        let handle = yew::Renderer::<App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        Mounted {
            root,
            handle: Some(handle),
            original_url,
        }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root
            .query_selector(selector)
            .expect("a valid selector")
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .text_content()
            .unwrap_or_default()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&self.original_url));
        }
    }
}

/// Every element under `root` (itself included) that matches `selector`, in document order.
/// (A walk over element children, so the crate needs no extra web-sys features.)
fn all(root: &Element, selector: &str) -> Vec<Element> {
    let mut found = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(el) = stack.pop() {
        if el.matches(selector).expect("a valid selector") {
            found.push(el.clone());
        }
        let mut children = Vec::new();
        let mut child = el.first_element_child();
        while let Some(c) = child {
            child = c.next_element_sibling();
            children.push(c);
        }
        stack.extend(children.into_iter().rev());
    }
    found
}

/// The `[data-testid=arrow]` elements as (`data-n`, `data-flags`), sorted by `data-n`.
fn arrows(page: &Mounted) -> Vec<(u32, String)> {
    let mut arrows: Vec<(u32, String)> = all(&page.root, "[data-testid=arrow]")
        .iter()
        .map(|el| {
            let n = el.get_attribute("data-n").unwrap_or_default();
            let n = n
                .parse()
                .unwrap_or_else(|_| panic!("arrow with data-n={n:?}"));
            (n, el.get_attribute("data-flags").unwrap_or_default())
        })
        .collect();
    arrows.sort();
    arrows
}

/// What the core says the page should draw for a link at its end.
fn expected_arrows(query: &str) -> Vec<(u32, String)> {
    let (link, _) = Link::from_query(query);
    teardown_core::simulate(&link.scenario)
        .sent_segments()
        .map(|s| (s.n, s.flags_label()))
        .collect()
}

#[wasm_bindgen_test]
async fn default_close_draws_the_four_segments_of_the_core_timeline() {
    let page = Mounted::at("t=999999").await;

    let ladder = page.find("[data-testid=ladder]").expect("the ladder");
    assert_eq!(ladder.tag_name().to_ascii_lowercase(), "svg");

    let drawn = arrows(&page);
    assert_eq!(drawn, expected_arrows("t=999999"));
    let flags: Vec<&str> = drawn.iter().map(|(_, f)| f.as_str()).collect();
    assert_eq!(flags, ["FIN,ACK", "ACK", "FIN,ACK", "ACK"]);
    assert!(
        page.find("[data-testid=notice]").is_none(),
        "a default link warns about nothing"
    );
}

#[wasm_bindgen_test]
async fn host_badges_and_arrows_follow_the_playback_time() {
    let link = "t=0";
    let timeline = teardown_core::simulate(&Link::from_query(link).0.scenario);
    let page = Mounted::at(link).await;

    for (host, badge) in [
        (Host::Client, "[data-testid=state-client]"),
        (Host::Server, "[data-testid=state-server]"),
    ] {
        assert_eq!(
            page.text(badge).trim(),
            timeline.state_at(host, 0).to_string()
        );
    }
    // Nothing has reached the server yet.
    assert_eq!(
        page.text("[data-testid=state-server]").trim(),
        State::Established.to_string()
    );
    let sent_by_then = timeline.flights.iter().filter(|f| f.sent == 0).count();
    assert_eq!(arrows(&page).len(), sent_by_then);
}

#[wasm_bindgen_test]
async fn simultaneous_close_shows_closing_on_both_host_lines() {
    let page = Mounted::at("close=both&t=999999").await;

    for host in [Host::Client, Host::Server] {
        let name = host_attr(host);
        let selector = format!("[data-testid=ladder-state][data-host={name}]");
        let texts: Vec<String> = all(&page.root, &selector)
            .iter()
            .filter_map(|n| n.text_content())
            .map(|t| t.trim().to_string())
            .collect();
        assert!(
            texts.iter().any(|t| t == "CLOSING"),
            "{name} line shows {texts:?}, no CLOSING"
        );
    }
}

#[wasm_bindgen_test]
async fn a_malformed_value_shows_a_notice_naming_the_key() {
    let page = Mounted::at("msl=abc&bogus=1&t=999999").await;

    let notice = page.text("[data-testid=notice]");
    assert!(
        notice.contains("msl"),
        "notice does not name msl: {notice:?}"
    );
    // The rest of the page still works, with the default MSL.
    assert_eq!(arrows(&page).len(), 4);
}

fn host_attr(host: Host) -> &'static str {
    match host {
        Host::Client => "client",
        Host::Server => "server",
    }
}

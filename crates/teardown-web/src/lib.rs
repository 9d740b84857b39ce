//! The Teardown page: a Yew app that shows the core's `Timeline` at a
//! playback time. It runs no protocol logic: every state, segment and timer
//! it draws comes from `teardown_core::simulate`.
//!
//! - [`i18n`]: the one translation table (English, Chinese).
//! - [`model`]: a scenario's timeline plus the indexes and time axis a frame needs.
//! - [`state`]: the app state and its actions (the reducer's logic).
//! - [`lessons`]: guided lessons (content and where each step stops).
//! - [`lesson_state`]: where the learner is in the course (step, answers, progress).
//! - [`narrate`]: the one or two sentences explaining the current moment.
//! - [`fmt`]: durations and the clock.
//! - [`profile`]: what a stack profile does, in words.
//! - [`panic`]: the panic hook: a readable message instead of a blank page.
//! - [`guard`]: limits on what a link can make the page do (the notice's length).
//! - [`shared`]: `Shared`, an `Rc` compared by identity (the model in the state and props).
//! - [`share`]: share links, the embed snippet, export file names.
//! - [`exports`]: loads the author exports, a second WASM module (`crates/teardown-export`).
//! - [`platform`]: the page's address and localStorage, the browser calls outside components.
//! - [`text`]: the Chinese and lesson texts the page fetches on first use.
//! - [`ui`]: the Yew components; [`app`]: the root that wires them together.
//!
//! Everything except `ui` and `app` is plain Rust, tested natively.

pub mod app;
pub mod bench;
pub mod exports;
pub mod fmt;
pub mod guard;
pub mod i18n;
pub mod lesson_state;
pub mod lessons;
pub mod model;
pub mod narrate;
pub mod panic;
pub mod platform;
pub mod profile;
pub mod share;
pub mod shared;
pub mod state;
pub mod text;
pub mod ui;

pub use app::App;

/// Mounts the app on `<div id="app">`.
///
/// index.html arrives with the first view already in that element (prerendered at build time
/// by `src/bin/prerender.rs`), so the hosts are on screen before the WASM has loaded. The app
/// then replaces it with its own render, in the same task: the browser paints no frame between
/// the two, and for the default page the two are the same view. (Yew's `hydrate` would adopt
/// the nodes instead, but its code adds 15 kB gzip to the WASM, 8 % of the weight budget, for
/// a saving the learner cannot see; docs/performance.md.) When the app's first view differs
/// (a shared link, a Chinese browser), index.html's inline script has kept the prerendered view
/// hidden (`td-pending`, lifted by the app's first effect), so a learner never sees a view that
/// is about to change.
pub fn run() {
    // First, so that a panic anywhere after it shows a message, not a blank page.
    panic::install();
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match doc.get_element_by_id("app") {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        // A page without the root (an old copy of index.html): render into <body>.
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

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
//! - [`panic`]: the panic hook: a readable message instead of a blank page.
//! - [`guard`]: limits on what a link can make the page do (the notice's length).
//! - [`share`]: share links, the embed snippet, export files.
//! - [`ui`]: the Yew components; [`app`]: the root that wires them together.
//!
//! Everything except `ui` and `app` is plain Rust, tested natively.

pub mod app;
pub mod bench;
pub mod fmt;
pub mod guard;
pub mod i18n;
pub mod lesson_state;
pub mod lessons;
pub mod model;
pub mod narrate;
pub mod panic;
pub mod share;
pub mod state;
pub mod ui;

pub use app::App;

/// Mounts the app on `<body>`.
pub fn run() {
    // First, so that a panic anywhere after it shows a message, not a blank page.
    panic::install();
    yew::Renderer::<App>::new().render();
}

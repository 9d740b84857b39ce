//! The Yew components. Each gets data and callbacks through props; the root
//! (`app.rs`) owns the state. Components whose props do not change between
//! frames (the static layers of the diagrams) are skipped by Yew's props
//! comparison, so a playing frame only redraws what moves.

pub mod controls;
pub mod dialog;
pub mod embed;
pub mod export;
pub mod ladder;
pub mod lessons;
pub mod player;
pub mod share;
pub mod stage;
pub mod state_diagram;

use std::ops::Deref;
use std::rc::Rc;

use crate::i18n::{Lang, tr};
use teardown_core::Host;

/// An `Rc` compared by pointer: props holding the model compare in O(1)
/// (a derived comparison would walk the whole timeline every frame).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The host's display name ("Client" / "客户端").
pub fn host_name(lang: Lang, host: Host) -> &'static str {
    match host {
        Host::Client => tr(lang, "host.client"),
        Host::Server => tr(lang, "host.server"),
    }
}

/// Formats a number for an SVG attribute with one decimal, which keeps the
/// markup short and stable.
pub fn num(v: f64) -> String {
    teardown_core::export::decimal_trim(v, 1)
}

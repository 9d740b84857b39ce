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

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Lang, Msg, tr};
pub use crate::shared::Shared;
use teardown_core::Host;

/// The host's display name ("Client" / "客户端").
pub fn host_name(lang: Lang, host: Host) -> &'static str {
    match host {
        Host::Client => tr(lang, Msg::HostClient),
        Host::Server => tr(lang, Msg::HostServer),
    }
}

/// Formats a number for an SVG attribute with one decimal, which keeps the
/// markup short and stable.
pub fn num(v: f64) -> String {
    teardown_core::export::decimal_trim(v, 1)
}

/// Draws a component's continuous values for a playback position.
pub type Painter = Rc<dyn Fn(f64)>;

/// The moving parts' painters, which draw the playback position between renders.
///
/// While playing, most frames change only continuous values: the clock, the scrubber, the
/// ladder's "now" line and clip, the chips' places and the timer rings. The App renders only
/// when something discrete changes (a send, an arrival, a state, a sentence: `app::Store`);
/// on the other frames the frame loop hands the new position to the painters that the moving
/// components registered here, and each writes what its component's render would write
/// (docs/performance.md has what this saves per frame).
#[derive(Default)]
pub struct Playhead {
    painters: RefCell<Vec<(u32, Painter)>>,
    next_id: Cell<u32>,
}

impl Playhead {
    /// Runs every painter for position `pos`.
    pub fn paint(&self, pos: f64) {
        // No borrow is held while a painter runs, and no list is copied per frame.
        let mut i = 0;
        loop {
            let painter = self.painters.borrow().get(i).map(|(_, p)| Rc::clone(p));
            let Some(painter) = painter else { break };
            painter(pos);
            i += 1;
        }
    }

    fn add(&self, painter: Painter) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        self.painters.borrow_mut().push((id, painter));
        id
    }

    fn remove(&self, id: u32) {
        self.painters.borrow_mut().retain(|(i, _)| *i != id);
    }
}

/// Registers `paint` with the playhead until the component renders again (or unmounts), so
/// the painter always holds what the last render used (the model, the language, the layout).
/// Not generic, and without dependencies: one copy in the WASM for every caller, and the
/// components that call it render only on discrete changes.
#[hook]
pub fn use_painter(playhead: &Shared<Playhead>, paint: Painter) {
    let playhead = playhead.clone();
    use_effect(move || {
        let id = playhead.add(paint);
        move || playhead.remove(id)
    });
}

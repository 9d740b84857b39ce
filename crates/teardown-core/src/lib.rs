//! Teardown's core: a deterministic simulation of how a TCP connection closes.
//!
//! `Scenario` (read from a link) → [`simulate`] → [`Timeline`]. The timeline is
//! a pure function of the scenario: no clock, no I/O, no unseeded randomness,
//! no web dependency. Views show the timeline at a playback time; they never
//! run protocol logic.
//!
//! - [`endpoint`]: one host's RFC 9293 state machine, sans-IO.
//! - [`sim`]: the discrete-event loop joining two endpoints, a link and two
//!   applications.
//! - [`scenario`]: the scenario and the link format (a public interface).
//! - [`timeline`]: events and the indexes views draw from.
//! - [`export`]: text, Mermaid, SVG and pcap renderings of a timeline (JSON is
//!   built in the CLI, so serde_json never reaches the WASM bundle).
//!
//! # Deliberate simplifications
//! - The simulation starts in ESTABLISHED with relative seq = ack = 1 on both
//!   sides; only `reopen=1` shows a three-way open.
//! - No congestion control, fixed receive window (65 535), no options (no
//!   timestamps, no SACK, no window scaling), no MSS negotiation; data segments
//!   carry 100 bytes each.
//! - One retransmission timer per host; on expiry only the oldest unacknowledged
//!   segment is resent, the RTO doubles (capped at 60 s) and after
//!   [`endpoint::MAX_RETRANSMISSIONS`] tries the host aborts with RST.
//! - Delayed ACK applies to the ACK of a FIN received in ESTABLISHED (the case
//!   that makes the three-segment close); data is ACKed at once.
//! - close() is RFC 9293's CLOSE: the closer still receives (as after
//!   `shutdown(SHUT_WR)`), and the FIN-WAIT-2 timer applies as for Linux's
//!   orphaned sockets.
//! - TIME-WAIT ignores RST (RFC 1337), as many stacks do, so an old duplicate
//!   cannot cut it short.
//! - `reopen=1` reuses the server's initial sequence number for the new
//!   connection: the unlucky case in which an old segment fits the new window.
//!   Real ISN generation (RFC 6528) makes it rare; TIME-WAIT makes it impossible.
//! - The link has one fixed delay in each direction; segments never reorder
//!   except the copy `reopen=1` holds back.

pub mod endpoint;
pub mod export;
pub mod scenario;
pub mod segment;
pub mod sim;
pub mod stack;
pub mod state;
pub mod timeline;

pub use scenario::{Call, Close, Lang, Link, Problem, Scenario, Settings, Warning};
pub use segment::{Control, Host, Segment};
pub use sim::simulate;
pub use stack::{Profile, Stack};
pub use state::{Cause, State, is_legal_transition};
pub use timeline::{
    AppCall, DropCause, End, Event, EventKind, Flight, Millis, Note, SeqVars, StateSpan, Timeline,
    TimerKind, TimerSpan,
};

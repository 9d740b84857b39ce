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
//! - [`stack`]: the stack profiles (`textbook`, `linux`, `freebsd`,
//!   `windows`, `macos`): each one's constants and behaviours, with sources.
//!
//! # What is modelled
//! - close() and shutdown(SHUT_WR) as different calls: after close() the
//!   socket is orphaned (data that arrives is answered with RST, the FIN-WAIT-2
//!   timeout applies); after shutdown() the host still reads, waits in
//!   FIN-WAIT-2 without a timeout, and calls close() once it has read the FIN.
//! - Per stack: TIME-WAIT length (2×MSL or a constant), the orphan FIN-WAIT-2
//!   timeout, how long the ACK of a FIN waits (before and after data was
//!   received), the RTO (fixed, or from the RTT with the stack's floor and
//!   slop), Linux's tail-loss probe, when and how a host gives up (with or
//!   without RST), whether a RST ends TIME-WAIT (RFC 1337), whether a new SYN
//!   reopens from TIME-WAIT (RFC 6191). Numbers a vendor does not document
//!   stay the textbook's, and the profile lists them.
//!
//! # Deliberate simplifications
//! - The simulation starts in ESTABLISHED with relative seq = ack = 1 on both
//!   sides; only `reopen=1` shows a three-way open. The RTT the stacks learn
//!   from the handshake is taken as twice the one-way delay.
//! - No congestion control, fixed receive window (65 535), no options (no
//!   timestamps, no SACK, no window scaling), no MSS negotiation; data segments
//!   carry 100 bytes each. Linux's timestamps are assumed only where they decide
//!   something: a SYN in TIME-WAIT is accepted as newer.
//! - One retransmission timer per host; on expiry only the oldest unacknowledged
//!   segment is resent and the RTO doubles up to the stack's maximum. Karn's rule
//!   holds: the backed-off RTO stays until a segment never re-sent is ACKed.
//!   The RTO does not adapt to later RTT samples.
//! - Delayed ACK applies to the ACK of a FIN received in ESTABLISHED (the case
//!   that makes the three-segment close); data is ACKed at once.
//! - Kernel timer granularity (jiffies) is not modelled: Linux's timers fire a
//!   few ms later than the model's.
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

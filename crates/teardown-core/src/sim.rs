//! The discrete-event simulation: two endpoints, a link, two applications.
//!
//! Events wait in a binary heap keyed by `(time, insertion id)`, so ties break
//! in a fixed order and the loop jumps straight from one event to the next.
//! Random loss uses one seeded generator per link direction, so the same
//! scenario always gives the same timeline.

use crate::endpoint::{Config, Endpoint, Output};
use crate::scenario::{Call, Scenario};
use crate::segment::{Control, Host, Segment};
use crate::state::State;
use crate::timeline::{
    AppCall, DropCause, End, Event, EventKind, Flight, Millis, Note, SeqSnapshot, StateSpan,
    Timeline, TimerKind, TimerSpan,
};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Payload bytes of one data segment (`data=N` sends N of them).
pub const DATA_LEN: u32 = 100;
/// Time between two writes of the passive application (the Linux fixtures'
/// application writes as often).
pub const WRITE_INTERVAL_MS: Millis = 25;
/// The simulation stops at this simulated time, whatever is still pending.
pub const TIME_HORIZON_MS: Millis = 2 * 3_600_000;
/// The simulation stops after this many timeline events.
pub const EVENT_CAP: usize = 20_000;

/// Computes the whole timeline of a scenario. Pure and deterministic: the same
/// scenario always gives the identical timeline.
pub fn simulate(scenario: &Scenario) -> Timeline {
    Sim::new(scenario).run()
}

#[derive(Clone, Copy, Debug)]
enum Item {
    App(Host, AppCall),
    Arrive(Segment),
    Lose(Segment, DropCause),
    Timer(Host, TimerKind),
}

#[derive(Clone, Copy, Debug)]
struct Queued {
    t: Millis,
    id: u64,
    item: Item,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        (self.t, self.id) == (other.t, other.id)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (self.t, self.id).cmp(&(other.t, other.id))
    }
}

/// SplitMix64: a tiny, well-known generator; enough for a loss coin.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What each application does besides its close call.
#[derive(Clone, Debug, Default)]
struct AppModel {
    /// Data segments still to write once the peer's FIN arrives.
    data_to_write: u32,
    /// The close call may not come before this (it waits for its writes).
    close_not_before: Millis,
    /// Which connection this host is on: 0, then 1 after `reopen`.
    incarnation: u8,
    reopened: bool,
    /// It called shutdown(SHUT_WR) and calls close() once it reads the peer's FIN.
    close_on_eof: bool,
}

struct Sim<'a> {
    s: &'a Scenario,
    /// The scenario's MSL, resolved against its stack profile.
    msl_ms: Millis,
    now: Millis,
    next_id: u64,
    queue: BinaryHeap<Reverse<Queued>>,
    endpoints: [Endpoint; 2],
    apps: [AppModel; 2],
    rng: [Rng; 2],
    next_n: u32,
    /// `reopen=1`: the network keeps one copy of the passive side's first
    /// data segment (or FIN) and delivers it one MSL later.
    duplicate_pending: bool,
    events: Vec<Event>,
    flights: Vec<Flight>,
    states: Vec<StateSpan>,
    timers: Vec<TimerSpan>,
    open_timers: [[Option<usize>; 4]; 2],
    seq_vars: Vec<SeqSnapshot>,
}

impl<'a> Sim<'a> {
    fn new(s: &'a Scenario) -> Self {
        let settings = s.settings();
        let cfg = Config::new(&settings, s.time_wait);
        let mut apps: [AppModel; 2] = Default::default();
        apps[s.second().index()].data_to_write = s.data;
        let mut sim = Sim {
            s,
            msl_ms: settings.msl_ms,
            now: 0,
            next_id: 0,
            queue: BinaryHeap::new(),
            endpoints: [
                Endpoint::established(Host::Client, cfg),
                Endpoint::established(Host::Server, cfg),
            ],
            apps,
            rng: [
                Rng(s.seed ^ 0x636C_6965_6E74),
                Rng(s.seed.rotate_left(32) ^ 0x7365_7276_6572),
            ],
            next_n: 1,
            duplicate_pending: s.reopen,
            events: Vec::new(),
            flights: Vec::new(),
            states: Host::BOTH
                .iter()
                .map(|&host| StateSpan {
                    host,
                    state: State::Established,
                    start: 0,
                    end: 0,
                })
                .collect(),
            timers: Vec::new(),
            open_timers: [[None; 4]; 2],
            seq_vars: Host::BOTH
                .iter()
                .map(|&host| SeqSnapshot {
                    t: 0,
                    host,
                    vars: Default::default(),
                })
                .collect(),
        };
        for h in Host::BOTH {
            sim.seq_vars[h.index()].vars = sim.endpoints[h.index()].seq_vars();
        }
        let first = s.close.first();
        let call = |h: Host| match (s.abort == Some(h), s.call_of(h)) {
            (true, _) => AppCall::Abort,
            (false, Call::Close) => AppCall::Close,
            (false, Call::Shutdown) => AppCall::Shutdown,
        };
        sim.schedule(0, Item::App(first, call(first)));
        sim.schedule(s.gap_ms, Item::App(first.peer(), call(first.peer())));
        sim
    }

    fn schedule(&mut self, t: Millis, item: Item) {
        let id = self.next_id;
        self.next_id += 1;
        self.queue.push(Reverse(Queued { t, id, item }));
    }

    fn record(&mut self, kind: EventKind) {
        self.events.push(Event { t: self.now, kind });
    }

    fn run(mut self) -> Timeline {
        let mut end = End::Quiet;
        while let Some(Reverse(q)) = self.queue.pop() {
            if q.t > TIME_HORIZON_MS {
                end = End::TimeHorizon;
                break;
            }
            if self.events.len() >= EVENT_CAP {
                end = End::EventCap;
                break;
            }
            self.now = q.t;
            self.step(q.item);
        }
        if end != End::Quiet {
            self.record(EventKind::Note {
                host: None,
                note: Note::HorizonReached,
                segment: None,
            });
        }
        self.finish(end)
    }

    fn step(&mut self, item: Item) {
        match item {
            Item::App(host, call) => {
                let app = &mut self.apps[host.index()];
                if matches!(call, AppCall::Close | AppCall::Shutdown | AppCall::Abort)
                    && self.now < app.close_not_before
                {
                    // The application is still writing; it closes after its last write.
                    let t = app.close_not_before;
                    self.schedule(t, item);
                    return;
                }
                if call == AppCall::Shutdown {
                    app.close_on_eof = true;
                }
                self.record(EventKind::App { host, call });
                self.endpoints[host.index()].handle_app(self.now, call);
                self.drain(host, None);
            }
            Item::Arrive(segment) => {
                self.record(EventKind::Deliver { segment });
                let to = segment.from.peer();
                let incarnation = self.apps[to.index()].incarnation;
                self.endpoints[to.index()].handle_segment(self.now, &segment);
                self.drain(to, Some((segment, incarnation)));
            }
            Item::Lose(segment, cause) => {
                self.record(EventKind::Drop { segment, cause });
            }
            Item::Timer(host, timer) => {
                // A stale entry (the timer was cancelled or restarted) does nothing.
                self.endpoints[host.index()].handle_timer(self.now, timer);
                self.drain(host, None);
            }
        }
    }

    /// Turns an endpoint's outputs into timeline events and new queue items.
    fn drain(&mut self, host: Host, arrived: Option<(Segment, u8)>) {
        let h = host.index();
        let mut accepted = false;
        let mut closed = false;
        for out in self.endpoints[h].drain_outputs() {
            match out {
                Output::Send(seg) => self.send(host, seg),
                Output::State { from, to, cause } => {
                    self.record(EventKind::State {
                        host,
                        from,
                        to,
                        cause,
                    });
                    if let Some(last) = self.states.iter_mut().rev().find(|s| s.host == host) {
                        last.end = self.now;
                    }
                    self.states.push(StateSpan {
                        host,
                        state: to,
                        start: self.now,
                        end: self.now,
                    });
                    closed |= to == State::Closed;
                    if (from, to) == (State::TimeWait, State::SynReceived) {
                        // A new SYN reopened the connection from TIME-WAIT.
                        self.mark_reopened(host);
                    }
                }
                Output::TimerStart { timer, deadline } => {
                    self.record(EventKind::TimerStart {
                        host,
                        timer,
                        deadline,
                    });
                    self.close_timer_span(host, timer, false);
                    self.open_timers[h][timer.index()] = Some(self.timers.len());
                    self.timers.push(TimerSpan {
                        host,
                        timer,
                        start: self.now,
                        deadline,
                        end: deadline,
                        fired: false,
                    });
                    self.schedule(deadline, Item::Timer(host, timer));
                }
                Output::TimerCancel { timer } => {
                    self.record(EventKind::TimerCancel { host, timer });
                    self.close_timer_span(host, timer, false);
                }
                Output::TimerFire { timer } => {
                    self.record(EventKind::TimerFire { host, timer });
                    self.close_timer_span(host, timer, true);
                }
                Output::Note(note) => self.record(EventKind::Note {
                    host: Some(host),
                    note,
                    segment: arrived.map(|(s, _)| s.n),
                }),
                Output::Received { .. } => accepted = true,
                Output::PeerClosed => {
                    accepted = true;
                    self.on_peer_closed(host);
                }
            }
        }
        if let Some((seg, incarnation)) = arrived {
            if seg.conn < incarnation {
                let note = if accepted {
                    Note::OldSegmentAccepted
                } else {
                    Note::OldSegmentRejected
                };
                self.record(EventKind::Note {
                    host: Some(host),
                    note,
                    segment: Some(seg.n),
                });
            }
        }
        if closed {
            // After all of this step's outputs, so that segments sent while
            // closing still belong to the old connection.
            self.on_closed(host);
        }
        let vars = self.endpoints[h].seq_vars();
        let last = self.seq_vars.iter().rev().find(|s| s.host == host);
        if last.is_none_or(|s| s.vars != vars) {
            self.seq_vars.push(SeqSnapshot {
                t: self.now,
                host,
                vars,
            });
        }
    }

    fn close_timer_span(&mut self, host: Host, timer: TimerKind, fired: bool) {
        if let Some(i) = self.open_timers[host.index()][timer.index()].take() {
            self.timers[i].end = self.now;
            self.timers[i].fired = fired;
        }
    }

    fn send(&mut self, host: Host, mut seg: Segment) {
        seg.n = self.next_n;
        self.next_n += 1;
        seg.conn = self.apps[host.index()].incarnation;
        self.record(EventKind::Send { segment: seg });
        let arrives = self.now + self.s.delay_ms;
        let dropped = if self.s.drop.binary_search(&seg.n).is_ok() {
            Some(DropCause::Chosen)
        } else if self.s.loss_pct > 0
            && self.rng[host.index()].next() % 100 < u64::from(self.s.loss_pct)
        {
            Some(DropCause::Random)
        } else {
            None
        };
        self.flights.push(Flight {
            segment: seg,
            sent: self.now,
            arrives,
            dropped,
            duplicate: false,
        });
        match dropped {
            Some(cause) => self.schedule(self.now + self.s.delay_ms / 2, Item::Lose(seg, cause)),
            None => self.schedule(arrives, Item::Arrive(seg)),
        }
        let carries_passive_data = host == self.s.second()
            && seg.conn == 0
            && !seg.retransmission
            && (seg.len > 0 || (seg.control == Control::Fin && self.s.data == 0));
        if self.duplicate_pending && carries_passive_data {
            // reopen=1: the network holds a copy for a whole MSL, the longest
            // any segment may live, and then delivers it.
            self.duplicate_pending = false;
            self.record(EventKind::Note {
                host: None,
                note: Note::DuplicateHeld,
                segment: Some(seg.n),
            });
            let late = self.now + self.msl_ms;
            self.flights.push(Flight {
                segment: seg,
                sent: self.now,
                arrives: late,
                dropped: None,
                duplicate: true,
            });
            self.schedule(late, Item::Arrive(seg));
        }
    }

    /// The application on `host` read end-of-file: the passive side writes
    /// what it still has (`data=N`) at once and then one segment every
    /// [`WRITE_INTERVAL_MS`], and closes one interval after its last write.
    fn on_peer_closed(&mut self, host: Host) {
        if core::mem::take(&mut self.apps[host.index()].close_on_eof) {
            // After shutdown(SHUT_WR) the application reads end-of-file, then closes.
            self.schedule(self.now, Item::App(host, AppCall::Close));
        }
        let n = core::mem::take(&mut self.apps[host.index()].data_to_write);
        if n == 0 || self.endpoints[host.index()].state() != State::CloseWait {
            return;
        }
        for k in 0..u64::from(n) {
            self.schedule(
                self.now + k * WRITE_INTERVAL_MS,
                Item::App(host, AppCall::Write { len: DATA_LEN }),
            );
        }
        self.apps[host.index()].close_not_before = self.now + u64::from(n) * WRITE_INTERVAL_MS;
    }

    /// `reopen=1`: once the first connection is gone, the server listens again
    /// and the client connects again on the same ports.
    fn on_closed(&mut self, host: Host) {
        if !self.s.reopen || self.apps[host.index()].reopened {
            return;
        }
        self.mark_reopened(host);
        let ep = &mut self.endpoints[host.index()];
        match host {
            Host::Server => {
                // The server reuses its old initial sequence number: the unlucky
                // case in which an old segment fits the new window.
                ep.set_next_iss(0);
                self.record(EventKind::App {
                    host,
                    call: AppCall::Listen,
                });
                self.endpoints[host.index()].handle_app(self.now, AppCall::Listen);
                self.drain(host, None);
            }
            Host::Client => {
                // A new incarnation starts above the old sequence numbers (RFC 9293 §3.4.1).
                let iss = ep.seq_vars().snd_nxt;
                ep.set_next_iss(iss);
                self.schedule(self.now, Item::App(host, AppCall::Connect));
            }
        }
    }

    /// From now on `host` is on the second connection.
    fn mark_reopened(&mut self, host: Host) {
        let app = &mut self.apps[host.index()];
        app.reopened = true;
        app.incarnation = 1;
        app.close_not_before = 0;
    }

    fn finish(mut self, end: End) -> Timeline {
        let duration = self.events.last().map_or(0, |e| e.t);
        // The last state of each host lasts until the end.
        for host in Host::BOTH {
            if let Some(last) = self.states.iter_mut().rev().find(|s| s.host == host) {
                last.end = duration.max(last.start);
            }
        }
        // Timers still running at a horizon end there.
        for i in self.open_timers.iter().flatten().flatten() {
            let span = &mut self.timers[*i];
            span.end = duration.max(span.start);
        }
        // By send time; at the same time in the order sent (`n` counts transmissions in order),
        // a held-back copy after its original. Unstable on a unique key: the same order as a
        // stable sort, without a second sort's code in the page's WASM.
        self.flights
            .sort_unstable_by_key(|f| (f.sent, f.segment.n, f.duplicate));
        Timeline {
            events: self.events,
            end,
            duration,
            flights: self.flights,
            states: self.states,
            timers: self.timers,
            seq_vars: self.seq_vars,
        }
    }
}

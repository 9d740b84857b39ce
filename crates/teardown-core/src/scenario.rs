//! The scenario a learner builds, and the link format that carries it.
//!
//! The link format is a public interface (see DESIGN.md): every key optional,
//! unknown keys ignored with a warning, a bad value replaced by its default
//! with a warning, and every number clamped to a range the simulator handles
//! quickly. Parsing never fails and never panics.

use crate::segment::Host;
use crate::stack::{Profile, Stack, TimeWaitLen};
use crate::timeline::Millis;
use core::fmt;
use serde::{Deserialize, Serialize};

/// Whose application calls close() first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Close {
    Client,
    Server,
    /// Both at the same instant (`gap` is 0): a simultaneous close.
    Both,
}

impl Close {
    /// The host whose close() comes first (the client for `Both`).
    pub const fn first(self) -> Host {
        match self {
            Close::Client | Close::Both => Host::Client,
            Close::Server => Host::Server,
        }
    }

    pub const fn key(self) -> &'static str {
        match self {
            Close::Client => "client",
            Close::Server => "server",
            Close::Both => "both",
        }
    }
}

/// What the application that closes first calls (`call`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Call {
    /// close(): the socket is orphaned; data that arrives afterwards is
    /// answered with RST, and the FIN-WAIT-2 timeout applies.
    #[default]
    Close,
    /// shutdown(SHUT_WR): a half-close; the host still reads, no FIN-WAIT-2
    /// timeout runs, and it calls close() once it has read the peer's FIN.
    Shutdown,
}

impl Call {
    pub const fn key(self) -> &'static str {
        match self {
            Call::Close => "close",
            Call::Shutdown => "shutdown",
        }
    }
}

/// The link format's current version (`v`). Version 1 read `data` > 0 without
/// `call` as a half-close; version 2 reads it as close() (the default).
pub const LINK_VERSION: u32 = 2;

/// Everything that shapes a close. The timeline is a pure function of it.
///
/// `msl_ms`, `rto_ms`, `dack_ms` and `fin_wait2_ms` are `None` when the
/// stack profile decides them; [`Scenario::settings`] resolves them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scenario {
    /// The stack the endpoints imitate (`stack`).
    pub stack: Stack,
    /// Whose application closes first (`close`).
    pub close: Close,
    /// What that application calls (`call`); with `close=both`, both do.
    pub call: Call,
    /// Milliseconds between the two applications' close calls (`gap`).
    pub gap_ms: u64,
    /// Maximum Segment Lifetime in ms (`msl`, given in seconds in links).
    pub msl_ms: Option<Millis>,
    /// One-way link delay in ms (`delay`).
    pub delay_ms: u64,
    /// Initial retransmission timeout in ms (`rto`).
    pub rto_ms: Option<Millis>,
    /// Delayed-ACK timeout in ms, 0 = ACK at once (`dack`).
    pub dack_ms: Option<Millis>,
    /// Data segments the passive side still sends after the FIN arrives (`data`).
    pub data: u32,
    /// Segments the network loses, by send order from 1 (`drop`), sorted.
    pub drop: Vec<u32>,
    /// Random loss in percent (`loss`).
    pub loss_pct: u8,
    /// Seed of the random loss (`seed`).
    pub seed: u64,
    /// Whether TIME-WAIT is kept (`tw`).
    pub time_wait: bool,
    /// Orphaned FIN-WAIT-2 timeout in ms (`finwait2`, given in seconds).
    pub fin_wait2_ms: Option<Millis>,
    /// The host that aborts with RST instead of closing (`abort`).
    pub abort: Option<Host>,
    /// Reopen on the same ports after the close (`reopen`).
    pub reopen: bool,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            stack: Stack::Textbook,
            close: Close::Client,
            call: Call::Close,
            gap_ms: 1000,
            msl_ms: None,
            delay_ms: 100,
            rto_ms: None,
            dack_ms: None,
            data: 0,
            drop: Vec::new(),
            loss_pct: 0,
            seed: 1,
            time_wait: true,
            fin_wait2_ms: None,
            abort: None,
            reopen: false,
        }
    }
}

/// A scenario's timing values, resolved against its stack profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub profile: &'static Profile,
    /// The MSL: the link's, else the stack's, else the textbook's.
    pub msl_ms: Millis,
    /// How long TIME-WAIT lasts: 2×MSL, or the stack's fixed length unless
    /// the link sets `msl`.
    pub time_wait_ms: Millis,
    /// Whether that length is the stack's constant (`time_wait_ms` is not 2×MSL).
    pub time_wait_fixed: bool,
    /// The RTO before any backoff.
    pub rto_ms: Millis,
    /// How long the ACK of a FIN may wait, before and after data was received.
    pub fin_ack_delay_ms: Millis,
    pub fin_ack_delay_after_data_ms: Millis,
    /// Orphaned FIN-WAIT-2 timeout.
    pub fin_wait2_ms: Millis,
    /// The round-trip time (twice the one-way delay).
    pub rtt_ms: Millis,
}

/// RFC 9293 §3.8.6.3 and RFC 1122 §4.2.3.2: an ACK MUST NOT be delayed more
/// than 0.5 s. Larger `dack` values are what-ifs beyond the RFC.
pub const RFC_MAX_ACK_DELAY_MS: Millis = 500;

impl Settings {
    /// Whether the delayed ACK exceeds the RFC's limit.
    pub fn dack_beyond_rfc(&self) -> bool {
        self.fin_ack_delay_ms > RFC_MAX_ACK_DELAY_MS
    }
}

/// Ranges every value is clamped to, so no link can make the simulation run away.
pub mod limits {
    /// `gap`, ms.
    pub const GAP_MS: (u64, u64) = (0, 600_000);
    /// `msl`, ms (10 ms to 10 minutes).
    pub const MSL_MS: (u64, u64) = (10, 600_000);
    /// `delay`, ms.
    pub const DELAY_MS: (u64, u64) = (1, 60_000);
    /// `rto`, ms.
    pub const RTO_MS: (u64, u64) = (10, 60_000);
    /// `dack`, ms.
    pub const DACK_MS: (u64, u64) = (0, 60_000);
    /// `data`, segments.
    pub const DATA: (u64, u64) = (0, 100);
    /// `finwait2`, ms.
    pub const FIN_WAIT2_MS: (u64, u64) = (100, 600_000);
    /// Largest segment number `drop` may name.
    pub const DROP_MAX: u32 = 10_000;
    /// Most entries in `drop`.
    pub const DROP_LEN: usize = 64;
    /// `t`, ms.
    pub const T_MS: (u64, u64) = (0, 24 * 3_600_000);
}

/// The UI language a link asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const fn key(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// A whole link: the scenario plus how to show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Link {
    pub scenario: Scenario,
    /// `lang`: the UI language, if the link names one.
    pub lang: Option<Lang>,
    /// `t`: playback position in ms.
    pub t_ms: Option<u64>,
    /// `embed=1`: compact view for iframes.
    pub embed: bool,
    /// `lesson`: a guided lesson, by number from 1.
    pub lesson: Option<u32>,
    /// `step`: a step within the lesson, from 1.
    pub step: Option<u32>,
}

/// What was wrong with one key of a link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The key is not part of the format; it is ignored.
    UnknownKey,
    /// The value could not be read; the default is used. `expected` says what
    /// fits, in English; the strings are stable, so views may use them as
    /// translation keys.
    Invalid { expected: &'static str },
    /// The value was out of range and was moved to the nearest allowed value.
    Clamped { to: String },
    /// The value contradicts another key and is ignored.
    Conflict { with: &'static str },
    /// The list was longer than `max` entries; the first `max` are used.
    TooMany { max: usize },
}

/// A problem with one key of a link. Shown to the learner; never fatal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Warning {
    pub key: String,
    /// The value as given (shortened if very long).
    pub value: String,
    pub problem: Problem,
}

impl Warning {
    fn new(key: &str, value: &str, problem: Problem) -> Self {
        // Keep hostile, very long values from flooding the notice.
        let mut short: String = value.chars().take(40).collect();
        if value.chars().nth(40).is_some() {
            short.push('…');
        }
        Warning {
            key: key.chars().take(40).collect(),
            value: short,
            problem,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::UnknownKey => write!(f, "unknown key `{}` ignored", self.key),
            Problem::Invalid { expected } => write!(
                f,
                "`{}={}` ignored: expected {expected}; the default is used",
                self.key, self.value
            ),
            Problem::Clamped { to } => {
                write!(
                    f,
                    "`{}={}` out of range: {to} is used",
                    self.key, self.value
                )
            }
            Problem::Conflict { with } => write!(
                f,
                "`{}={}` ignored: it contradicts `{with}`",
                self.key, self.value
            ),
            Problem::TooMany { max } => write!(
                f,
                "`{}` lists too many values: the first {max} are used",
                self.key
            ),
        }
    }
}

impl Scenario {
    /// Reads a scenario from a link's query string (with or without the `?`).
    /// View keys (`lang`, `t`, `embed`, …) are accepted and dropped.
    pub fn from_query(query: &str) -> (Scenario, Vec<Warning>) {
        let (link, warnings) = Link::from_query(query);
        (link.scenario, warnings)
    }

    /// Writes the scenario as a query string: only the keys that differ from
    /// the defaults, in a fixed order, so equal scenarios give equal links.
    pub fn to_query(&self) -> String {
        Link {
            scenario: self.clone(),
            ..Link::default()
        }
        .to_query()
    }

    /// Who closes second: the passive side, unless both close at once.
    pub const fn second(&self) -> Host {
        self.close.first().peer()
    }

    /// The call `host`'s application makes to close: the scenario's `call` for
    /// the side that closes first (both, with `close=both`), close() otherwise.
    pub fn call_of(&self, host: Host) -> Call {
        if host == self.close.first() || self.close == Close::Both {
            self.call
        } else {
            Call::Close
        }
    }

    /// The timing values, resolved against the stack profile.
    pub fn settings(&self) -> Settings {
        let p = self.stack.profile();
        let msl_ms = self.msl_ms.unwrap_or(p.msl_or_textbook());
        let (time_wait_ms, time_wait_fixed) = match (self.msl_ms, p.time_wait) {
            (None, TimeWaitLen::Fixed(ms)) => (ms, true),
            _ => (2 * msl_ms, false),
        };
        let rtt_ms = 2 * self.delay_ms;
        let (fin_ack_delay_ms, fin_ack_delay_after_data_ms) = match self.dack_ms {
            Some(ms) => (ms, ms),
            None => (p.fin_ack_delay_ms, p.fin_ack_delay_after_data_ms),
        };
        Settings {
            profile: p,
            msl_ms,
            time_wait_ms,
            time_wait_fixed,
            rto_ms: self.rto_ms.unwrap_or_else(|| p.initial_rto(rtt_ms)),
            fin_ack_delay_ms,
            fin_ack_delay_after_data_ms,
            fin_wait2_ms: self.fin_wait2_ms.unwrap_or(p.fin_wait2_ms),
            rtt_ms,
        }
    }

    /// Drops explicit values that equal what the stack profile gives anyway,
    /// so equal scenarios compare and write alike.
    pub fn normalize(&mut self) {
        let p = self.stack.profile();
        let r = self.settings();
        if p.msl_ms.is_some() && self.msl_ms == p.msl_ms && p.time_wait == TimeWaitLen::TwoMsl {
            self.msl_ms = None;
        }
        if matches!(p.rto, crate::stack::RtoRule::Fixed(ms) if self.rto_ms == Some(ms)) {
            self.rto_ms = None;
        }
        if p.fin_ack_delay_ms == p.fin_ack_delay_after_data_ms
            && self.dack_ms == Some(p.fin_ack_delay_ms)
        {
            self.dack_ms = None;
        }
        if self.fin_wait2_ms == Some(p.fin_wait2_ms) {
            self.fin_wait2_ms = None;
        }
        debug_assert_eq!(r, self.settings());
    }
}

fn parse_u64(v: &str) -> Option<u64> {
    let v = v.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Longer than u64 can hold: saturate, so that it is clamped, not rejected.
    Some(v.parse::<u64>().unwrap_or(u64::MAX))
}

/// Seconds with up to millisecond precision, e.g. `2`, `0.5`, `120`.
fn parse_seconds_as_ms(v: &str) -> Option<u64> {
    let v = v.trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int_ms = if int.is_empty() {
        0
    } else {
        int.parse::<u64>().unwrap_or(u64::MAX).saturating_mul(1000)
    };
    let mut frac_ms = 0u64;
    for (i, b) in frac.bytes().take(3).enumerate() {
        frac_ms += u64::from(b - b'0') * [100, 10, 1][i];
    }
    Some(int_ms.saturating_add(frac_ms))
}

fn seconds_text(ms: u64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        let s = format!("{}.{:03}", ms / 1000, ms % 1000);
        s.trim_end_matches('0').to_string()
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn parse_host(v: &str) -> Option<Host> {
    match v.trim().to_ascii_lowercase().as_str() {
        "client" => Some(Host::Client),
        "server" => Some(Host::Server),
        _ => None,
    }
}

/// Clamps `value` into `range`, recording a warning when it moved.
fn clamp(
    warnings: &mut Vec<Warning>,
    key: &str,
    raw: &str,
    value: u64,
    (lo, hi): (u64, u64),
    shown: impl Fn(u64) -> String,
) -> u64 {
    let c = value.clamp(lo, hi);
    if c != value {
        warnings.push(Warning::new(key, raw, Problem::Clamped { to: shown(c) }));
    }
    c
}

impl Link {
    /// Reads a whole link's query string. Never fails: every problem becomes a
    /// `Warning` and the default is used for that key.
    pub fn from_query(query: &str) -> (Link, Vec<Warning>) {
        let query = query.trim().trim_start_matches('?');
        // `application/x-www-form-urlencoded`, as browsers write it: `+` is a space, bad
        // escapes are kept, invalid UTF-8 becomes U+FFFD.
        let pairs = form_urlencoded::parse(query.as_bytes());
        let mut link = Link::default();
        let mut w = Vec::new();
        let mut gap_given: Option<(u64, String)> = None;
        let mut call_given: Option<Call> = None;
        let mut version = 1;
        let s = &mut link.scenario;
        for (key, raw) in pairs {
            let (key, raw) = (key.as_ref(), raw.as_ref());
            let invalid = |expected| Warning::new(key, raw, Problem::Invalid { expected });
            match key {
                "stack" => match Stack::from_key(&raw.trim().to_ascii_lowercase()) {
                    Some(v) => s.stack = v,
                    None => w.push(invalid("textbook, linux, freebsd, windows or macos")),
                },
                "call" => match raw.trim().to_ascii_lowercase().as_str() {
                    "close" => call_given = Some(Call::Close),
                    "shutdown" => call_given = Some(Call::Shutdown),
                    _ => w.push(invalid("close or shutdown")),
                },
                "close" => match raw.trim().to_ascii_lowercase().as_str() {
                    "client" => s.close = Close::Client,
                    "server" => s.close = Close::Server,
                    "both" => s.close = Close::Both,
                    _ => w.push(invalid("client, server or both")),
                },
                "gap" => match parse_u64(raw) {
                    Some(v) => {
                        let v = clamp(&mut w, key, raw, v, limits::GAP_MS, |c| c.to_string());
                        gap_given = Some((v, raw.to_string()));
                    }
                    None => w.push(invalid("a whole number of ms ≥ 0")),
                },
                "msl" => match parse_seconds_as_ms(raw) {
                    Some(0) | None => w.push(invalid("a number of seconds > 0")),
                    Some(v) => {
                        s.msl_ms = Some(clamp(&mut w, key, raw, v, limits::MSL_MS, seconds_text))
                    }
                },
                "delay" => match parse_u64(raw) {
                    Some(0) | None => w.push(invalid("a whole number of ms > 0")),
                    Some(v) => {
                        s.delay_ms = clamp(&mut w, key, raw, v, limits::DELAY_MS, |c| c.to_string())
                    }
                },
                "rto" => match parse_u64(raw) {
                    Some(0) | None => w.push(invalid("a whole number of ms > 0")),
                    Some(v) => {
                        s.rto_ms = Some(clamp(&mut w, key, raw, v, limits::RTO_MS, |c| {
                            c.to_string()
                        }))
                    }
                },
                "dack" => match parse_u64(raw) {
                    Some(v) => {
                        s.dack_ms = Some(clamp(&mut w, key, raw, v, limits::DACK_MS, |c| {
                            c.to_string()
                        }))
                    }
                    None => w.push(invalid("a whole number of ms ≥ 0")),
                },
                "data" => match parse_u64(raw) {
                    Some(v) => {
                        s.data = clamp(&mut w, key, raw, v, limits::DATA, |c| c.to_string()) as u32
                    }
                    None => w.push(invalid("a whole number of segments ≥ 0")),
                },
                "drop" => {
                    let mut list = Vec::new();
                    let mut bad = false;
                    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        match parse_u64(part) {
                            Some(n) if n >= 1 && n <= u64::from(limits::DROP_MAX) => {
                                list.push(n as u32)
                            }
                            _ => bad = true,
                        }
                    }
                    list.sort_unstable();
                    list.dedup();
                    if list.len() > limits::DROP_LEN {
                        list.truncate(limits::DROP_LEN);
                        w.push(Warning::new(
                            key,
                            raw,
                            Problem::TooMany {
                                max: limits::DROP_LEN,
                            },
                        ));
                    }
                    if bad {
                        w.push(invalid("segment numbers from 1, separated by commas"));
                    }
                    s.drop = list;
                }
                "loss" => match parse_seconds_as_ms(raw) {
                    // Accept "12.5" but keep whole percents.
                    Some(v) => {
                        let pct = (v + 500) / 1000;
                        s.loss_pct =
                            clamp(&mut w, key, raw, pct, (0, 100), |c| format!("{c}")) as u8;
                    }
                    None => w.push(invalid("a percentage from 0 to 100")),
                },
                "seed" => match parse_u64(raw) {
                    Some(v) if raw.trim().parse::<u64>().is_ok() => s.seed = v,
                    _ => w.push(invalid("a whole number from 0 to 18446744073709551615")),
                },
                "tw" => match parse_bool(raw) {
                    Some(v) => s.time_wait = v,
                    None => w.push(invalid("0 or 1")),
                },
                "finwait2" => match parse_seconds_as_ms(raw) {
                    Some(0) | None => w.push(invalid("a number of seconds > 0")),
                    Some(v) => {
                        s.fin_wait2_ms = Some(clamp(
                            &mut w,
                            key,
                            raw,
                            v,
                            limits::FIN_WAIT2_MS,
                            seconds_text,
                        ))
                    }
                },
                "abort" => match raw.trim() {
                    "" | "none" | "0" => s.abort = None,
                    other => match parse_host(other) {
                        Some(h) => s.abort = Some(h),
                        None => w.push(invalid("client or server")),
                    },
                },
                "reopen" => match parse_bool(raw) {
                    Some(v) => s.reopen = v,
                    None => w.push(invalid("0 or 1")),
                },
                "lang" => match raw.trim().to_ascii_lowercase().as_str() {
                    "en" => link.lang = Some(Lang::En),
                    "zh" | "zh-cn" | "zh-hans" => link.lang = Some(Lang::Zh),
                    _ => w.push(invalid("en or zh")),
                },
                "t" => match parse_u64(raw) {
                    Some(v) => {
                        link.t_ms =
                            Some(clamp(&mut w, key, raw, v, limits::T_MS, |c| c.to_string()))
                    }
                    None => w.push(invalid("a whole number of ms ≥ 0")),
                },
                "embed" => match parse_bool(raw) {
                    Some(v) => link.embed = v,
                    None => w.push(invalid("0 or 1")),
                },
                "lesson" => match parse_u64(raw) {
                    Some(v) if (1..=99).contains(&v) => link.lesson = Some(v as u32),
                    _ => w.push(invalid("a lesson number from 1")),
                },
                "step" => match parse_u64(raw) {
                    Some(v) if (1..=99).contains(&v) => link.step = Some(v as u32),
                    _ => w.push(invalid("a step number from 1")),
                },
                // The format version; a link without `v` is version 1.
                "v" => match raw.trim() {
                    "1" => version = 1,
                    "2" => version = 2,
                    _ => w.push(invalid("1 or 2")),
                },
                _ => w.push(Warning::new(key, raw, Problem::UnknownKey)),
            }
        }
        if let Some((gap, raw)) = gap_given {
            if link.scenario.close == Close::Both && gap != 0 {
                w.push(Warning::new(
                    "gap",
                    &raw,
                    Problem::Conflict { with: "close=both" },
                ));
            } else {
                link.scenario.gap_ms = gap;
            }
        }
        if link.scenario.close == Close::Both {
            link.scenario.gap_ms = 0;
        }
        // Version 1 had one close call that still read data: a link with `data`
        // showed a half-close, so it keeps that meaning.
        link.scenario.call = match call_given {
            Some(call) => call,
            None if version == 1 && link.scenario.data > 0 => Call::Shutdown,
            None => Call::Close,
        };
        link.scenario.normalize();
        (link, w)
    }

    /// Writes the link: only keys that differ from the defaults, in the order
    /// of DESIGN.md's table, so the same link always reads the same.
    pub fn to_query(&self) -> String {
        let d = Scenario::default();
        let mut s = self.scenario.clone();
        s.normalize();
        let s = &s;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if s.stack != d.stack {
            pairs.push(("stack", s.stack.key().to_string()));
        }
        if s.close != d.close {
            pairs.push(("close", s.close.key().to_string()));
        }
        if s.call != d.call {
            pairs.push(("call", s.call.key().to_string()));
        }
        if s.close != Close::Both && s.gap_ms != d.gap_ms {
            pairs.push(("gap", s.gap_ms.to_string()));
        }
        if let Some(msl) = s.msl_ms {
            pairs.push(("msl", seconds_text(msl)));
        }
        if s.delay_ms != d.delay_ms {
            pairs.push(("delay", s.delay_ms.to_string()));
        }
        if let Some(rto) = s.rto_ms {
            pairs.push(("rto", rto.to_string()));
        }
        if let Some(dack) = s.dack_ms {
            pairs.push(("dack", dack.to_string()));
        }
        if s.data != d.data {
            pairs.push(("data", s.data.to_string()));
        }
        if !s.drop.is_empty() {
            let list: Vec<String> = s.drop.iter().map(u32::to_string).collect();
            pairs.push(("drop", list.join(",")));
        }
        if s.loss_pct != d.loss_pct {
            pairs.push(("loss", s.loss_pct.to_string()));
        }
        if s.seed != d.seed {
            pairs.push(("seed", s.seed.to_string()));
        }
        if s.time_wait != d.time_wait {
            pairs.push(("tw", if s.time_wait { "1" } else { "0" }.to_string()));
        }
        if let Some(fw2) = s.fin_wait2_ms {
            pairs.push(("finwait2", seconds_text(fw2)));
        }
        if let Some(h) = s.abort {
            pairs.push(("abort", h.key().to_string()));
        }
        if s.reopen {
            pairs.push(("reopen", "1".to_string()));
        }
        if let Some(lang) = self.lang {
            pairs.push(("lang", lang.key().to_string()));
        }
        if let Some(lesson) = self.lesson {
            pairs.push(("lesson", lesson.to_string()));
        }
        if let Some(step) = self.step {
            pairs.push(("step", step.to_string()));
        }
        if let Some(t) = self.t_ms {
            pairs.push(("t", t.to_string()));
        }
        if self.embed {
            pairs.push(("embed", "1".to_string()));
        }
        // Only a link that version 1 would read differently needs to say it is newer.
        if s.data > 0 && s.call == Call::Close {
            pairs.push(("v", LINK_VERSION.to_string()));
        }
        // Commas in `drop` stay readable: the format never needs them escaped.
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
            .replace("%2C", ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_is_the_classic_close() {
        let (s, w) = Scenario::from_query("");
        assert_eq!(s, Scenario::default());
        assert!(w.is_empty());
        assert_eq!(s.to_query(), "");
    }

    #[test]
    fn every_key_round_trips() {
        let q = "stack=linux&close=server&call=shutdown&gap=40&msl=0.5&delay=250&rto=700&dack=0&data=3&drop=2,5&loss=30&seed=42&tw=0&finwait2=10&abort=client&reopen=1&lang=zh&lesson=2&step=3&t=1500&embed=1";
        let (link, w) = Link::from_query(q);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(link.to_query(), q);
        assert_eq!(Link::from_query(&link.to_query()).0, link);
    }

    #[test]
    fn close_both_means_gap_zero() {
        let (s, w) = Scenario::from_query("?close=both");
        assert_eq!((s.close, s.gap_ms), (Close::Both, 0));
        assert!(w.is_empty());
        let (_, w) = Scenario::from_query("close=both&gap=500");
        assert_eq!(w[0].key, "gap");
        assert!(matches!(w[0].problem, Problem::Conflict { .. }));
    }

    #[test]
    fn bad_values_fall_back_with_a_warning_naming_the_key() {
        let (s, w) = Scenario::from_query("msl=0&delay=abc&drop=x,3&tw=maybe&zzz=1");
        assert_eq!(s.settings().msl_ms, 2_000);
        assert_eq!(s.delay_ms, Scenario::default().delay_ms);
        assert_eq!(s.drop, vec![3]);
        assert!(s.time_wait);
        let keys: Vec<&str> = w.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys, ["msl", "delay", "drop", "tw", "zzz"]);
        assert!(w[0].to_string().contains("msl=0"));
    }

    #[test]
    fn huge_values_are_clamped() {
        let (s, w) = Scenario::from_query(
            "msl=1000000000&data=1000000&delay=99999999999999999999999&seed=18446744073709551615&v=2",
        );
        assert_eq!(s.msl_ms, Some(limits::MSL_MS.1));
        assert_eq!(s.data, 100);
        assert_eq!(s.delay_ms, limits::DELAY_MS.1);
        assert_eq!(s.seed, u64::MAX);
        assert_eq!(w.len(), 3);
    }

    #[test]
    fn hostile_text_never_panics_and_is_shortened() {
        let long = "x".repeat(10_000);
        let (_, w) = Scenario::from_query(&format!(
            "lang=<img src=x onerror=alert(1)>&{long}={long}&msl=%FF%FE"
        ));
        assert_eq!(w.len(), 3);
        assert!(w.iter().all(|w| w.value.chars().count() <= 41));
    }
}

//! The JSON rendering of a timeline: a public format (documented in
//! README.md, "The `teardown` command"), so every field name here is a promise. Built with serde in
//! the CLI rather than in the core, which stays small for WASM. Structs, not
//! `json!` maps, so that fields keep a readable order (`t_ms`, `kind`, `host`
//! first) without turning on serde_json's `preserve_order` for the workspace.

use serde::Serialize;
use teardown_core::{
    AppCall, Call, Close, DropCause, EventKind, Host, Problem, Scenario, Segment, Stack, Timeline,
    Warning,
};

/// The scenario with every timing value resolved against its stack profile,
/// so a reader never has to know the profile's defaults.
#[derive(Serialize)]
struct JsonScenario<'a> {
    stack: Stack,
    close: Close,
    call: Call,
    gap_ms: u64,
    msl_ms: u64,
    time_wait_ms: u64,
    delay_ms: u64,
    rto_ms: u64,
    dack_ms: u64,
    data: u32,
    drop: &'a [u32],
    loss_pct: u8,
    seed: u64,
    time_wait: bool,
    fin_wait2_ms: u64,
    abort: Option<Host>,
    reopen: bool,
}

fn scenario_json(s: &Scenario) -> JsonScenario<'_> {
    let r = s.settings();
    JsonScenario {
        stack: s.stack,
        close: s.close,
        call: s.call,
        gap_ms: s.gap_ms,
        msl_ms: r.msl_ms,
        time_wait_ms: r.time_wait_ms,
        delay_ms: s.delay_ms,
        rto_ms: r.rto_ms,
        dack_ms: r.fin_ack_delay_ms,
        data: s.data,
        drop: &s.drop,
        loss_pct: s.loss_pct,
        seed: s.seed,
        time_wait: s.time_wait,
        fin_wait2_ms: r.fin_wait2_ms,
        abort: s.abort,
        reopen: s.reopen,
    }
}

#[derive(Serialize)]
struct JsonWarning {
    key: String,
    value: String,
    /// `unknown_key`, `invalid`, `clamped` or `conflict`.
    problem: &'static str,
    message: String,
}

/// `segment`: the segment itself on send, deliver and drop; on a note, the
/// number of the segment it is about, or null.
#[derive(Serialize)]
#[serde(untagged)]
enum SegmentField {
    Segment(JsonSegment),
    Number(Option<u32>),
}

#[derive(Serialize)]
struct JsonSegment {
    n: u32,
    from: &'static str,
    flags: Vec<&'static str>,
    seq: u32,
    ack: Option<u32>,
    len: u32,
}

/// One event. Only the fields of its kind are written.
#[derive(Serialize, Default)]
struct JsonEvent {
    t_ms: u64,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    len: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<SegmentField>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timer: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'static str>,
}

/// `{"scenario": {...}, "warnings": [...], "events": [...]}`, laid out one
/// warning and one event per line: valid JSON that also reads well in a
/// terminal and works with line tools (`grep '"kind":"drop"'`, `diff`).
pub fn render(scenario: &Scenario, warnings: &[Warning], timeline: &Timeline) -> String {
    let warnings = list(warnings.iter().map(|w| compact(&warning(w))).collect());
    let events = list(
        timeline
            .events
            .iter()
            .map(|e| compact(&event(e.t, &e.kind)))
            .collect(),
    );
    format!(
        "{{\n  \"scenario\": {},\n  \"warnings\": {warnings},\n  \"events\": {events}\n}}",
        compact(&scenario_json(scenario))
    )
}

fn compact<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data always serializes")
}

/// A JSON array with one item per line, indented inside the document.
fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n    {}\n  ]", items.join(",\n    "))
    }
}

fn warning(w: &Warning) -> JsonWarning {
    JsonWarning {
        key: w.key.clone(),
        value: w.value.clone(),
        problem: match w.problem {
            Problem::UnknownKey => "unknown_key",
            Problem::Invalid { .. } => "invalid",
            Problem::Clamped { .. } => "clamped",
            Problem::Conflict { .. } => "conflict",
            Problem::TooMany { .. } => "too_many",
        },
        message: w.to_string(),
    }
}

fn segment(s: &Segment) -> SegmentField {
    SegmentField::Segment(JsonSegment {
        n: s.n,
        from: s.from.key(),
        flags: s.flags(),
        seq: s.seq,
        ack: s.ack,
        len: s.len,
    })
}

fn event(t: u64, kind: &EventKind) -> JsonEvent {
    let mut e = JsonEvent {
        t_ms: t,
        kind: kind.key(),
        host: kind.host().map(|h| h.key()),
        ..JsonEvent::default()
    };
    match *kind {
        EventKind::App { call, .. } => {
            e.call = Some(call.key());
            if let AppCall::Write { len } = call {
                e.len = Some(len);
            }
        }
        EventKind::Send { segment: s } | EventKind::Deliver { segment: s } => {
            e.segment = Some(segment(&s));
        }
        EventKind::Drop { segment: s, cause } => {
            e.segment = Some(segment(&s));
            e.cause = Some(match cause {
                DropCause::Chosen => "chosen",
                DropCause::Random => "random",
            });
        }
        EventKind::State {
            from, to, cause, ..
        } => {
            e.from_state = Some(from.rfc_name());
            e.to_state = Some(to.rfc_name());
            e.cause = Some(cause.key());
        }
        EventKind::TimerStart {
            timer, deadline, ..
        } => {
            e.timer = Some(timer.key());
            e.deadline_ms = Some(deadline);
        }
        EventKind::TimerCancel { timer, .. } | EventKind::TimerFire { timer, .. } => {
            e.timer = Some(timer.key());
        }
        EventKind::Note { note, segment, .. } => {
            e.note = Some(note.key());
            e.text = Some(note.english());
            e.segment = Some(SegmentField::Number(segment));
        }
    }
    e
}

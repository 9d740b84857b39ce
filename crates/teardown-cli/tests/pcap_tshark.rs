//! The pcap export checked by the real tool: `tshark` (Debian package tshark)
//! must decode every segment with the timeline's flags and relative seq/ack,
//! validate every checksum, report nothing malformed, and its TCP analysis
//! must flag as retransmissions exactly the segments the timeline calls
//! retransmissions.
//!
//! tshark is required: a missing tshark fails these tests with a message,
//! unless `TEARDOWN_SKIP_TSHARK=1` is set, which skips them visibly.

use std::path::{Path, PathBuf};
use std::process::Command;
use teardown_core::{Scenario, Segment, Timeline, simulate};

/// Wireshark's expert severities (epan/proto.h): Warning and Error.
const PI_WARN: u64 = 0x0060_0000;

fn tshark_available() -> bool {
    if std::env::var_os("TEARDOWN_SKIP_TSHARK").is_some_and(|v| v == "1") {
        eprintln!("TEARDOWN_SKIP_TSHARK=1: skipping the tshark checks");
        return false;
    }
    let found = Command::new("tshark").arg("--version").output().is_ok();
    assert!(
        found,
        "tshark not found: install the Debian package tshark (or set TEARDOWN_SKIP_TSHARK=1 to skip)"
    );
    true
}

/// Writes the scenario's capture with the CLI, as a user would.
fn capture(query: &str) -> (Timeline, PathBuf) {
    let dir = std::env::temp_dir().join(format!("teardown-pcap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name: String = query
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path = dir.join(format!("close-{name}.pcap"));
    let out = Command::new(env!("CARGO_BIN_EXE_teardown"))
        .args(["simulate", query, "-o", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (simulate(&Scenario::from_query(query).0), path)
}

/// One decoded frame.
#[derive(Debug)]
struct Frame {
    time_ms: u64,
    src: String,
    flags: Vec<&'static str>,
    seq: u32,
    ack: u32,
    len: u32,
    retransmission: bool,
    checksums_good: bool,
    malformed: bool,
    worst_severity: u64,
}

fn decode(path: &Path) -> Vec<Frame> {
    let out = Command::new("tshark")
        .args([
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
        ])
        .args(["-o", "tcp.relative_sequence_numbers:TRUE"])
        .arg("-r")
        .arg(path)
        .args(["-T", "fields", "-E", "separator=|", "-E", "occurrence=a"])
        .args([
            "-e",
            "frame.time_relative",
            "-e",
            "ip.src",
            "-e",
            "tcp.flags.str",
        ])
        .args(["-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len"])
        .args(["-e", "tcp.analysis.retransmission"])
        .args(["-e", "tcp.checksum.status", "-e", "ip.checksum.status"])
        .args(["-e", "_ws.malformed", "-e", "_ws.expert.severity"])
        .output()
        .expect("tshark runs");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('|').collect();
            assert_eq!(f.len(), 11, "{line}");
            let secs: f64 = f[0].parse().unwrap();
            Frame {
                time_ms: (secs * 1000.0).round() as u64,
                src: f[1].to_string(),
                flags: flag_names(f[2]),
                seq: f[3].parse().unwrap(),
                ack: f[4].parse().unwrap(),
                len: f[5].parse().unwrap(),
                retransmission: !f[6].is_empty(),
                checksums_good: f[7] == "1" && f[8] == "1",
                malformed: !f[9].is_empty(),
                worst_severity: f[10]
                    .split(',')
                    .filter_map(|s| s.parse().ok())
                    .max()
                    .unwrap_or(0),
            }
        })
        .collect()
}

/// `·······A···F` → `["FIN", "ACK"]`, in the order `Segment::flags` uses.
fn flag_names(s: &str) -> Vec<&'static str> {
    let mut names = Vec::new();
    for (letter, name) in [
        ('S', "SYN"),
        ('F', "FIN"),
        ('R', "RST"),
        ('P', "PSH"),
        ('A', "ACK"),
    ] {
        if s.contains(letter) {
            names.push(name);
        }
    }
    names
}

/// Checks every frame of the scenario's capture against its timeline.
fn check(query: &str) -> Vec<Frame> {
    let (timeline, path) = capture(query);
    let frames = decode(&path);
    let sent: Vec<(u64, &Segment)> = timeline
        .flights
        .iter()
        .filter(|f| !f.duplicate)
        .map(|f| (f.sent, &f.segment))
        .collect();
    assert_eq!(
        frames.len(),
        sent.len(),
        "{query}: one frame per segment sent"
    );
    for (frame, (t, seg)) in frames.iter().zip(&sent) {
        let what = format!("{query}: #{} {seg}", seg.n);
        assert_eq!(frame.time_ms, *t, "{what}: captured at its send time");
        let src = match seg.from {
            teardown_core::Host::Client => "10.0.0.1",
            teardown_core::Host::Server => "10.0.0.2",
        };
        assert_eq!(frame.src, src, "{what}");
        assert_eq!(frame.flags, seg.flags(), "{what}: flags");
        assert_eq!(frame.seq, seg.seq, "{what}: relative seq");
        assert_eq!(frame.ack, seg.ack.unwrap_or(0), "{what}: relative ack");
        assert_eq!(frame.len, seg.len, "{what}: payload length");
        assert!(frame.checksums_good, "{what}: IPv4 and TCP checksums");
        assert!(!frame.malformed, "{what}: malformed");
        assert_eq!(
            frame.retransmission, seg.retransmission,
            "{what}: Wireshark's retransmission flag"
        );
    }
    frames
}

/// [`check`], plus: no expert info at Warning or Error level (bad checksum,
/// unseen segment…). `None` when tshark is skipped.
fn check_clean(query: &str) -> Option<Vec<Frame>> {
    if !tshark_available() {
        return None;
    }
    let frames = check(query);
    for (i, f) in frames.iter().enumerate() {
        assert!(
            f.worst_severity < PI_WARN,
            "{query}: frame {} has an expert warning: {f:?}",
            i + 1
        );
    }
    Some(frames)
}

#[test]
fn default_close_decodes_as_four_segments() {
    let Some(frames) = check_clean("") else {
        return;
    };
    assert_eq!(frames.len(), 4);
    assert!(frames.iter().all(|f| !f.retransmission));
}

#[test]
fn lost_final_ack_gives_one_retransmitted_fin() {
    let Some(frames) = check_clean("drop=4") else {
        return;
    };
    let retx: Vec<usize> = (0..frames.len())
        .filter(|&i| frames[i].retransmission)
        .collect();
    // Frame 5 is the server's FIN again, seq 1: the lost ACK never arrived.
    assert_eq!(retx, [4]);
    assert_eq!(frames[4].flags, ["FIN", "ACK"]);
}

#[test]
fn lost_first_fin_is_retransmitted() {
    let Some(frames) = check_clean("drop=1") else {
        return;
    };
    assert_eq!(frames.iter().filter(|f| f.retransmission).count(), 1);
}

#[test]
fn simultaneous_close_has_no_retransmission() {
    let Some(frames) = check_clean("close=both") else {
        return;
    };
    assert_eq!(frames.len(), 4);
    assert!(frames.iter().all(|f| !f.retransmission));
}

#[test]
fn lost_data_segment_is_retransmitted_with_its_bytes() {
    let Some(frames) = check_clean("data=3&drop=3") else {
        return;
    };
    let retx: Vec<&Frame> = frames.iter().filter(|f| f.retransmission).collect();
    assert_eq!(retx.len(), 1);
    assert_eq!((retx[0].seq, retx[0].len), (101, 100));
}

/// Beyond the five named scenarios: lost ACKs (Wireshark then calls the
/// retransmission "spurious", still a retransmission), a retransmitted FIN
/// answered by RST, delayed ACKs longer than the RTO, random loss with data.
#[test]
fn retransmissions_match_across_many_scenarios() {
    if !tshark_available() {
        return;
    }
    let mut queries: Vec<String> = [
        "drop=2",
        "dack=1500",
        "tw=0&drop=4",
        "abort=server",
        "drop=1,3,5",
        "close=server&data=2&drop=4",
        "gap=50&drop=1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for seed in 1..=6 {
        queries.push(format!("data=5&loss=30&seed={seed}"));
        queries.push(format!("close=both&data=2&loss=35&seed={seed}"));
    }
    for q in &queries {
        check(q);
    }
}

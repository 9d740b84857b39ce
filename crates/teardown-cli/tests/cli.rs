//! The `teardown` command from the outside: what a user types, what they see.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn teardown(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_teardown"))
        .args(args)
        .output()
        .expect("the teardown binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 errors")
}

/// A fresh directory for files a test writes.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("teardown-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---- text ---------------------------------------------------------------

#[test]
fn text_of_the_default_close_lists_four_segments_and_the_states() {
    let out = teardown(&["simulate"]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(text.starts_with("scenario: the classic close (all defaults)\n"));
    let arrows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains('#') && l.contains("──"))
        .collect();
    assert_eq!(arrows.len(), 4, "{text}");
    for (row, label) in arrows.iter().zip([
        "#1 FIN,ACK seq=1 ack=1",
        "#2 ACK seq=1 ack=2",
        "#3 FIN,ACK seq=1 ack=2",
        "#4 ACK seq=2 ack=2",
    ]) {
        assert!(row.contains(label), "{row} should carry {label}");
    }
    // Client's segments point right, the server's left.
    assert!(arrows[0].contains("▶│") && arrows[3].contains("▶│"));
    assert!(arrows[1].contains("│◀") && arrows[2].contains("│◀"));
    for state in [
        "ESTABLISHED",
        "FIN-WAIT-1",
        "CLOSE-WAIT",
        "FIN-WAIT-2",
        "LAST-ACK",
        "TIME-WAIT",
        "CLOSED",
    ] {
        assert!(
            text.contains(&format!("[{state}]")),
            "{state} missing:\n{text}"
        );
    }
    assert!(text.contains("end: client CLOSED, server CLOSED at 5100 ms"));
    assert!(text.lines().all(|l| l.chars().count() <= 100));
}

#[test]
fn text_marks_the_lost_final_ack() {
    let text = stdout(&teardown(&["simulate", "drop=4"]));
    let row = text.lines().find(|l| l.contains("#4 ACK")).unwrap();
    assert!(row.contains("✕ lost"), "{row}");
    assert!(text.contains("↻#5 FIN,ACK seq=1 ack=2"), "{text}");
}

// ---- json ---------------------------------------------------------------

fn json(query: &str) -> Value {
    let out = teardown(&["simulate", query, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn json_has_the_documented_shape() {
    let doc = json("drop=4");
    let top: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top.len(), 3);
    for key in ["scenario", "warnings", "events"] {
        assert!(top.contains(&key));
    }
    assert_eq!(doc["scenario"]["drop"], serde_json::json!([4]));
    assert_eq!(doc["warnings"], serde_json::json!([]));

    let events = doc["events"].as_array().unwrap();
    let kinds = [
        "app",
        "send",
        "deliver",
        "drop",
        "state",
        "timer_start",
        "timer_cancel",
        "timer_fire",
        "note",
    ];
    let mut last_t = 0;
    for e in events {
        let t = e["t_ms"].as_u64().expect("t_ms is a number");
        assert!(t >= last_t, "events are in time order");
        last_t = t;
        let kind = e["kind"].as_str().unwrap();
        assert!(kinds.contains(&kind), "unknown kind {kind}");
        if kind != "note" {
            assert!(
                matches!(e["host"].as_str(), Some("client" | "server")),
                "{e}"
            );
        }
        match kind {
            "send" | "deliver" | "drop" => {
                let s = &e["segment"];
                let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
                for k in ["n", "from", "flags", "seq", "ack", "len"] {
                    assert!(keys.contains(&k), "segment lacks {k}: {s}");
                }
                assert_eq!(keys.len(), 6, "{s}");
                assert!(s["n"].as_u64().unwrap() >= 1);
                assert!(s["ack"].is_u64() || s["ack"].is_null());
                assert!(s["flags"].as_array().unwrap().iter().all(Value::is_string));
            }
            "state" => {
                for k in ["from_state", "to_state", "cause"] {
                    assert!(e[k].is_string(), "{e}");
                }
            }
            "timer_start" => {
                assert!(e["timer"].is_string() && e["deadline_ms"].is_u64(), "{e}");
            }
            "timer_cancel" | "timer_fire" => assert!(e["timer"].is_string(), "{e}"),
            "note" => {
                assert!(e["note"].is_string() && e["text"].is_string(), "{e}");
                assert!(e["segment"].is_u64() || e["segment"].is_null(), "{e}");
            }
            _ => {}
        }
    }

    let first = &events[0];
    assert_eq!(first["t_ms"], 0);
    assert_eq!(first["kind"], "app");
    assert_eq!(first["host"], "client");
    assert_eq!(first["call"], "close");

    let fin = events.iter().find(|e| e["kind"] == "send").unwrap();
    assert_eq!(
        fin["segment"],
        serde_json::json!({"n": 1, "from": "client", "flags": ["FIN", "ACK"], "seq": 1, "ack": 1, "len": 0})
    );
    let to_fw1 = events.iter().find(|e| e["kind"] == "state").unwrap();
    assert_eq!(to_fw1["from_state"], "ESTABLISHED");
    assert_eq!(to_fw1["to_state"], "FIN-WAIT-1");
    assert_eq!(to_fw1["cause"], "app_close");

    let drop = events.iter().find(|e| e["kind"] == "drop").unwrap();
    assert_eq!(drop["segment"]["n"], 4);
    assert_eq!(drop["cause"], "chosen");
    assert_eq!(drop["t_ms"], 1150);

    let restart = events
        .iter()
        .find(|e| e["kind"] == "note")
        .expect("a note about the retransmitted FIN");
    assert_eq!(restart["note"], "time_wait_restarted");
    assert_eq!(restart["segment"], 5);
    assert_eq!(restart["host"], "client");
}

#[test]
fn json_lists_warnings_and_stderr_repeats_them() {
    let out = teardown(&["simulate", "msl=soon&colour=blue", "-f", "json"]);
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0]["key"], "msl");
    assert_eq!(warnings[0]["problem"], "invalid");
    assert_eq!(warnings[1]["key"], "colour");
    assert_eq!(warnings[1]["problem"], "unknown_key");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.lines().all(|l| l.starts_with("warning: ")), "{err}");
}

#[test]
fn a_whole_link_works_as_query() {
    let a = stdout(&teardown(&[
        "simulate",
        "https://example.org/teardown/?drop=4&t=1500",
        "-f",
        "json",
    ]));
    let b = stdout(&teardown(&["simulate", "drop=4", "-f", "json"]));
    assert_eq!(a, b);
}

// ---- usage errors -------------------------------------------------------

#[test]
fn usage_mistakes_print_one_line_and_exit_2() {
    for args in [
        &["simulate", "--fromat", "json"][..],
        &["simulate", "--format", "png"],
        &["simulate", "--format"],
        &["simulate", "-o"],
        &["simulate", "drop=1", "drop=2"],
        &["simulate", "--theme", "dark"],
        &["simulte"],
        &["--frobnicate"],
    ] {
        let out = teardown(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("teardown: "), "{err}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

#[test]
fn help_and_version() {
    for args in [&[][..], &["--help"], &["help"], &["-h"]] {
        let out = teardown(args);
        assert!(out.status.success());
        assert!(stdout(&out).contains("teardown simulate [QUERY]"));
    }
    for args in [&["simulate", "--help"][..], &["help", "simulate"]] {
        let out = teardown(args);
        assert!(out.status.success());
        assert!(stdout(&out).contains("--format FORMAT"));
    }
    let out = teardown(&["--version"]);
    assert!(stdout(&out).starts_with("teardown 0."));
}

#[test]
fn pcap_is_not_dumped_on_a_terminal() {
    // `script` (util-linux) gives the command a pseudo-terminal as stdout.
    let cmd = format!("{} simulate --format pcap", env!("CARGO_BIN_EXE_teardown"));
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("script(1) from util-linux runs");
    assert_eq!(out.status.code(), Some(2));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("a pcap is binary"), "{shown}");
    assert!(!shown.contains('\u{FFFD}'), "binary reached the terminal");
}

// ---- files --------------------------------------------------------------

#[test]
fn output_files_are_written_in_the_format_their_extension_names() {
    let dir = scratch("files");
    type Check = fn(&[u8]) -> bool;
    let cases: [(&str, Check); 6] = [
        ("close.txt", |b| b.starts_with(b"scenario: ")),
        ("close.json", |b| serde_json::from_slice::<Value>(b).is_ok()),
        ("close.mmd", |b| {
            b.starts_with(b"---\ntitle: ") && b.windows(16).any(|w| w == b"sequenceDiagram\n")
        }),
        ("close.svg", |b| {
            b.starts_with(b"<svg ") && b.ends_with(b"</svg>\n")
        }),
        ("close.pcap", |b| b.starts_with(&[0xd4, 0xc3, 0xb2, 0xa1])),
        ("close.out", |b| b.starts_with(b"scenario: ")),
    ];
    for (name, check) in cases {
        let path = dir.join(name);
        let out = teardown(&["simulate", "drop=4", "-o", path.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout with -o");
        let bytes = std::fs::read(&path).unwrap();
        assert!(check(&bytes), "{name} has the wrong content");
    }
    // An explicit format wins over the extension.
    let path = dir.join("really-json.svg");
    teardown(&["simulate", "-f", "json", "-o", path.to_str().unwrap()]);
    assert!(serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap()).is_ok());
}

#[test]
fn svg_theme_dark_differs() {
    let light = stdout(&teardown(&["simulate", "-f", "svg"]));
    let dark = stdout(&teardown(&["simulate", "-f", "svg", "--theme", "dark"]));
    assert_ne!(light, dark);
    assert!(light.contains("<title id=\"td-title\">TCP connection close</title>"));
    let titled = stdout(&teardown(&["simulate", "drop=4", "-f", "svg"]));
    assert!(titled.contains("TCP connection close · drop=4"));
}

#[test]
fn unwritable_output_is_one_line_and_exit_1() {
    let out = teardown(&["simulate", "-o", "/nonexistent-dir/x.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1);
}

#[test]
fn non_utf8_argument_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(env!("CARGO_BIN_EXE_teardown"))
        .arg("simulate")
        .arg(std::ffi::OsStr::from_bytes(b"drop=\xff"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1);
}

// ---- documentation --------------------------------------------------------

/// Splits a documented command line into arguments (single quotes only, as
/// the examples use them).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// Every ```` ```console ```` example in README.md shows the command's real
/// output, so the documentation cannot drift from the program.
#[test]
fn docs_examples_show_the_real_output() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md exists");
    let mut checked = 0;
    for block in doc.split("```console\n").skip(1) {
        let body = block.split("\n```").next().unwrap();
        let (command, shown) = body.split_once('\n').unwrap();
        let args = shell_words(command.strip_prefix("$ teardown ").unwrap());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = teardown(&args);
        assert!(out.status.success(), "{command}");
        assert_eq!(stdout(&out).trim_end(), shown.trim_end(), "{command}");
        checked += 1;
    }
    assert_eq!(checked, 3, "three examples");
}

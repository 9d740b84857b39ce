//! The Mermaid export read back by mermaid.js itself (`tests/mermaid/check.mjs`
//! under node and jsdom): it must parse as a sequence diagram with every
//! message and note intact.
//!
//! It needs node and the npm packages `mermaid` and `jsdom`, which
//! `package.json` pins and `scripts/ensure-tools` installs (`npm ci`) before
//! the tests run. `MERMAID_NODE_MODULES` points elsewhere if needed.

use std::process::Command;

#[test]
fn mermaid_js_parses_every_kind_of_close() {
    let modules = std::env::var("MERMAID_NODE_MODULES")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../node_modules").to_string());
    assert!(
        std::path::Path::new(&modules).join("mermaid").is_dir(),
        "mermaid.js is missing from {modules}: run `npm ci` at the repository root"
    );
    let dir = std::env::temp_dir().join(format!("teardown-mermaid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, query) in [
        "",
        "drop=4",
        "drop=1",
        "close=both",
        "data=3&drop=3",
        "reopen=1",
        "reopen=1&tw=0",
        "tw=0&drop=4",
        "abort=client",
        "finwait2=0.5&gap=3000",
        "loss=50&seed=3",
        "stack=linux&call=shutdown&data=2&drop=1",
        "stack=freebsd&data=1&v=2",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.join(format!("close-{i}.mmd"));
        let out = Command::new(env!("CARGO_BIN_EXE_teardown"))
            .args(["simulate", query, "-o", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success());
        files.push(path);
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mermaid/check.mjs");
    let out = Command::new("node")
        .arg(script)
        .args(&files)
        .env("MERMAID_NODE_MODULES", modules)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        report.lines().filter(|l| l.starts_with("ok ")).count(),
        files.len()
    );
}

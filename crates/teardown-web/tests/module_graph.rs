//! The web crate's modules depend on each other in one direction: no module refers to one that
//! refers back to it, directly or through others.
//!
//! The test reads `src/**/*.rs`, strips comments and literals, and collects every path that
//! starts with `crate::`, `super::`, `self::` or the name of a child module the file declares
//! (`use` lines, `use` groups and paths in code alike, test modules included). Each path counts
//! as a reference to the longest module it names. A strongly connected component of that graph
//! with more than one module is a cycle, printed with the references that close it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path without the leading `crate`: `[]` is the crate root, `["ui", "stage"]` is
/// `crate::ui::stage`.
type Module = Vec<String>;

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".to_owned()
    } else {
        format!("crate::{}", m.join("::"))
    }
}

/// Every `.rs` file under `dir`, with its module path.
fn files(dir: &Path, module: &Module, out: &mut Vec<(Module, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            // `src/bin` holds binaries, which are crates of their own.
            if module.is_empty() && stem == "bin" {
                continue;
            }
            let mut m = module.clone();
            m.push(stem);
            files(&path, &m, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut m = module.clone();
            if !matches!(stem.as_str(), "mod" | "lib") {
                if module.is_empty() && stem == "main" {
                    continue;
                }
                m.push(stem);
            }
            out.push((m, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The source with comments, string and character literals replaced by spaces (lifetimes kept).
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Star,
    Other(char),
}

fn tokens(src: &str) -> Vec<Tok> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(b[start..i].iter().collect()));
            continue;
        }
        match c {
            ':' if b.get(i + 1) == Some(&':') => {
                out.push(Tok::Colons);
                i += 1;
            }
            '{' => out.push(Tok::Open),
            '}' => out.push(Tok::Close),
            ',' => out.push(Tok::Comma),
            '*' => out.push(Tok::Star),
            c if c.is_whitespace() => {}
            c => out.push(Tok::Other(c)),
        }
        i += 1;
    }
    out
}

/// Parses the path tree starting at `toks[*i]` (after a `::`), appending every full path to
/// `out`: `a::{b, c::d}` gives `prefix::a::b` and `prefix::a::c::d`.
fn tree(toks: &[Tok], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        match toks.get(*i) {
            Some(Tok::Ident(s)) => {
                if s != "self" || path.is_empty() {
                    path.push(s.clone());
                }
                *i += 1;
                if toks.get(*i) == Some(&Tok::Colons) {
                    *i += 1;
                    continue;
                }
                out.push(path);
                return;
            }
            Some(Tok::Open) => {
                *i += 1;
                loop {
                    match toks.get(*i) {
                        Some(Tok::Close) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Comma) => *i += 1,
                        Some(Tok::Ident(_)) | Some(Tok::Open) | Some(Tok::Star) => {
                            tree(toks, i, path.clone(), out);
                            // `x as y`
                            if toks.get(*i) == Some(&Tok::Ident("as".into())) {
                                *i += 2;
                            }
                        }
                        _ => return,
                    }
                }
            }
            Some(Tok::Star) => {
                *i += 1;
                out.push(path);
                return;
            }
            // `Vec::<T>`, `crate::a::<b>`: the path ends before the generic arguments.
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// The module paths referred to by one file, with the file's own module path `module`.
fn references(module: &Module, src: &str, modules: &BTreeSet<Module>) -> Vec<(Module, String)> {
    let toks = tokens(&strip(src));
    let children: BTreeSet<&str> = toks
        .windows(2)
        .filter_map(|w| match w {
            [Tok::Ident(m), Tok::Ident(n)] if m == "mod" => Some(n.as_str()),
            _ => None,
        })
        .filter(|n| {
            let mut m = module.clone();
            m.push((*n).to_owned());
            modules.contains(&m)
        })
        .collect();
    let mut refs = Vec::new();
    // The depth of inline modules (`mod tests { … }`) at each brace, so that `super::` inside
    // one means the file's module, not its parent.
    let mut braces: Vec<bool> = Vec::new();
    let mut inline = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Open => {
                let is_mod = i >= 2
                    && toks[i - 2] == Tok::Ident("mod".into())
                    && matches!(toks[i - 1], Tok::Ident(_));
                braces.push(is_mod);
                inline += is_mod as usize;
                i += 1;
                continue;
            }
            Tok::Close => {
                if braces.pop() == Some(true) {
                    inline -= 1;
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        let starts_path = i == 0 || toks[i - 1] != Tok::Colons;
        let Tok::Ident(first) = &toks[i] else {
            i += 1;
            continue;
        };
        if !starts_path || toks.get(i + 1) != Some(&Tok::Colons) {
            i += 1;
            continue;
        }
        let base: Option<Module> = match first.as_str() {
            "crate" => Some(Vec::new()),
            "self" => Some(module.clone()),
            "super" => {
                let mut m = module.clone();
                // Count every `super` in `super::super::…`.
                let mut j = i;
                let mut ups = 0usize;
                while toks.get(j) == Some(&Tok::Ident("super".into()))
                    && toks.get(j + 1) == Some(&Tok::Colons)
                {
                    ups += 1;
                    j += 2;
                }
                // Inside inline modules, the first `super`s climb out of them.
                let ups = ups.saturating_sub(inline.min(ups));
                for _ in 0..ups {
                    m.pop();
                }
                i = j - 2;
                Some(m)
            }
            n if children.contains(n) => {
                let mut m = module.clone();
                m.push(n.to_owned());
                i += 2;
                let mut paths = Vec::new();
                tree(&toks, &mut i, m, &mut paths);
                refs.extend(paths);
                continue;
            }
            _ => None,
        };
        let Some(base) = base else {
            // Skip the rest of a foreign path (`std::fmt::…`) so its segments are not read as
            // the start of a path of ours.
            while matches!(toks.get(i), Some(Tok::Ident(_)))
                && toks.get(i + 1) == Some(&Tok::Colons)
            {
                i += 2;
            }
            i += 1;
            continue;
        };
        i += 2;
        let mut paths = Vec::new();
        tree(&toks, &mut i, base, &mut paths);
        refs.extend(paths);
    }
    refs.into_iter()
        .map(|p| {
            let target = (0..=p.len())
                .rev()
                .map(|n| p[..n].to_vec())
                .find(|m| modules.contains(m))
                .unwrap_or_default();
            (target, p.join("::"))
        })
        .filter(|(target, _)| target != module)
        .collect()
}

/// Tarjan's strongly connected components.
fn components(graph: &BTreeMap<Module, BTreeMap<Module, String>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Module, BTreeMap<Module, String>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        on_stack: BTreeSet<Module>,
        out: Vec<Vec<Module>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: &Module) {
            let n = self.index.len();
            self.index.insert(v.clone(), n);
            self.low.insert(v.clone(), n);
            self.stack.push(v.clone());
            self.on_stack.insert(v.clone());
            let graph = self.graph;
            for w in graph.get(v).into_iter().flat_map(|e| e.keys()) {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v.clone(), low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v.clone(), low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(&w);
                    let done = &w == v;
                    scc.push(w);
                    if done {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.out.push(scc);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.out
}

fn graph() -> BTreeMap<Module, BTreeMap<Module, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &Vec::new(), &mut all);
    let modules: BTreeSet<Module> = all.iter().map(|(m, _)| m.clone()).collect();
    let mut graph: BTreeMap<Module, BTreeMap<Module, String>> = BTreeMap::new();
    for (module, text) in &all {
        let edges = graph.entry(module.clone()).or_default();
        for (target, path) in references(module, text, &modules) {
            edges.entry(target).or_insert(path);
        }
    }
    graph
}

#[test]
fn the_module_graph_has_no_cycles() {
    let graph = graph();
    let cycles = components(&graph);
    let mut report = String::new();
    for scc in &cycles {
        report.push_str(&format!(
            "cycle: {}\n",
            scc.iter().map(name).collect::<Vec<_>>().join(", ")
        ));
        for a in scc {
            for (b, path) in &graph[a] {
                if scc.contains(b) {
                    report.push_str(&format!("  {} -> {} ({path})\n", name(a), name(b)));
                }
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "the web crate's modules have cycles:\n{report}"
    );
}

/// The reader itself: it must see the kinds of reference the crate uses, or the test above
/// would pass by seeing nothing.
#[test]
fn the_reader_sees_every_kind_of_reference() {
    let modules: BTreeSet<Module> = [
        vec![],
        vec!["a".to_owned()],
        vec!["b".to_owned()],
        vec!["ui".to_owned()],
        vec!["ui".to_owned(), "c".to_owned()],
        vec!["ui".to_owned(), "d".to_owned()],
    ]
    .into_iter()
    .collect();
    let src = r#"
        // crate::b::in_a_comment
        use super::d::{self as dee};
        use crate::{a::x, b::{y, z}};
        mod tests {
            use super::*;
            fn f() { let _ = "crate::a::in_a_string"; let _ = 'c'; std::fmt::a::x(); }
            fn g<'a>() { crate::ui::d::h::<u8>(); }
        }
    "#;
    let c = vec!["ui".to_owned(), "c".to_owned()];
    let got: BTreeSet<String> = references(&c, src, &modules)
        .into_iter()
        .map(|(t, _)| name(&t))
        .collect();
    let want: BTreeSet<String> = ["crate::a", "crate::b", "crate::ui::d"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(got, want);

    // The root's children named without `crate::`; the graph of the real crate is not empty.
    let root = references(
        &Vec::new(),
        "mod a; pub use a::X; fn f() { b::g(); }",
        &modules,
    );
    assert_eq!(
        root.iter().map(|(t, _)| name(t)).collect::<Vec<_>>(),
        ["crate::a"]
    );
    assert!(graph().values().map(BTreeMap::len).sum::<usize>() > 20);
}

//! `teardown`: simulate a scenario link and print or export its timeline.
//!
//! The command is for authors (export a picture, a Mermaid diagram or a
//! capture of the close they built) and for checking the core from outside
//! (the JSON output is a public format). Arguments are parsed by hand: the
//! grammar is small, and every mistake must end in one clear line and exit
//! code 2, which is easier to guarantee than to configure.

mod json;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use teardown_core::export::{self, Theme};
use teardown_core::{Link, simulate};

const HELP: &str = "\
teardown — how a TCP connection closes, simulated (RFC 9293)

Usage:
  teardown simulate [QUERY] [--format FORMAT] [-o FILE]
  teardown help [simulate]
  teardown --version

Commands:
  simulate   Simulate a scenario and print its timeline (see `teardown simulate --help`)
  help       Print this help, or a command's help

QUERY is a scenario link's query string, e.g. 'close=both&msl=2&drop=3'
(quote it: & means something to the shell). Empty means the classic close.
";

const SIMULATE_HELP: &str = "\
Simulate a scenario and print its timeline.

Usage:
  teardown simulate [QUERY] [--format FORMAT] [-o FILE] [--theme light|dark]

Arguments:
  QUERY   A scenario link's query string (or the whole link), e.g. 'drop=4'.
          Keys: close gap msl delay rto dack data drop loss seed tw finwait2
          abort reopen. Unknown or bad values are reported as warnings on
          stderr and replaced by their defaults.

Options:
  -f, --format FORMAT   text (default), json, mermaid, svg or pcap
  -o, --output FILE     Write to FILE instead of stdout ('-' is stdout). Without
                        --format, the format follows the file's extension
                        (.txt .json .mmd .mermaid .svg .pcap)
      --theme THEME     light (default) or dark, for --format svg
  -h, --help            Print this help

Examples:
  teardown simulate
  teardown simulate 'drop=4' --format json
  teardown simulate 'close=both' -o close.svg --theme dark
  teardown simulate 'data=3&drop=3' -o lost-data.pcap
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Mermaid,
    Svg,
    Pcap,
}

impl Format {
    fn parse(name: &str) -> Option<Format> {
        match name {
            "text" | "txt" => Some(Format::Text),
            "json" => Some(Format::Json),
            "mermaid" | "mmd" => Some(Format::Mermaid),
            "svg" => Some(Format::Svg),
            "pcap" => Some(Format::Pcap),
            _ => None,
        }
    }

    /// The format a file name asks for, by extension.
    fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::parse(&ext)
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help(&'static str),
    Version,
    Simulate(Simulate),
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Simulate {
    query: String,
    format: Option<Format>,
    output: Option<PathBuf>,
    theme: Option<Theme>,
}

/// A usage mistake: printed as one line, exit code 2.
#[derive(Debug, PartialEq, Eq)]
struct Usage(String);

fn usage(msg: impl Into<String>) -> Usage {
    Usage(msg.into())
}

fn parse_args(args: &[String]) -> Result<Command, Usage> {
    let Some((first, rest)) = args.split_first() else {
        return Ok(Command::Help(HELP));
    };
    match first.as_str() {
        "-h" | "--help" => Ok(Command::Help(HELP)),
        "-V" | "--version" => Ok(Command::Version),
        "help" => match rest.first().map(String::as_str) {
            None => Ok(Command::Help(HELP)),
            Some("simulate") => Ok(Command::Help(SIMULATE_HELP)),
            Some(other) => Err(usage(format!(
                "no help for `{other}`: the only command is `simulate`"
            ))),
        },
        "simulate" => parse_simulate(rest),
        other if other.starts_with('-') => Err(usage(format!(
            "unknown option `{other}` (try `teardown --help`)"
        ))),
        other => Err(usage(format!(
            "unknown command `{other}`: the only command is `simulate` (try `teardown --help`)"
        ))),
    }
}

fn parse_simulate(args: &[String]) -> Result<Command, Usage> {
    let mut sim = Simulate::default();
    let mut query: Option<String> = None;
    let mut args = args.iter();
    let mut only_positional = false;
    while let Some(arg) = args.next() {
        if only_positional || !arg.starts_with('-') {
            if let Some(q) = &query {
                return Err(usage(format!(
                    "one QUERY only, got `{q}` and `{arg}` (join keys with &, and quote the query)"
                )));
            }
            query = Some(arg.clone());
            continue;
        }
        // `--name=value` and `--name value` are both accepted.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| -> Result<String, Usage> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args
                    .next()
                    .cloned()
                    .ok_or_else(|| usage(format!("`{name}` needs a value: {what}"))),
            }
        };
        match name {
            "--" => only_positional = true,
            "-h" | "--help" => return Ok(Command::Help(SIMULATE_HELP)),
            "-f" | "--format" => {
                let v = value("text, json, mermaid, svg or pcap")?;
                let f = Format::parse(&v).ok_or_else(|| {
                    usage(format!(
                        "unknown format `{v}`: expected text, json, mermaid, svg or pcap"
                    ))
                })?;
                sim.format = Some(f);
            }
            "-o" | "--output" => {
                let v = value("a file name, or - for stdout")?;
                if v.is_empty() {
                    return Err(usage("`-o` needs a file name"));
                }
                sim.output = (v != "-").then(|| PathBuf::from(v));
            }
            "--theme" => {
                let v = value("light or dark")?;
                sim.theme = Some(match v.as_str() {
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => {
                        return Err(usage(format!(
                            "unknown theme `{v}`: expected light or dark"
                        )));
                    }
                });
            }
            _ => {
                return Err(usage(format!(
                    "unknown option `{name}` (try `teardown simulate --help`)"
                )));
            }
        }
    }
    sim.query = query.unwrap_or_default();
    if sim.theme.is_some() && sim.format() != Format::Svg {
        return Err(usage("`--theme` applies only to --format svg"));
    }
    Ok(Command::Simulate(sim))
}

impl Simulate {
    /// The format asked for, else the output file's extension, else text.
    fn format(&self) -> Format {
        self.format
            .or_else(|| self.output.as_deref().and_then(Format::of_path))
            .unwrap_or(Format::Text)
    }

    /// The query part of QUERY, which may also be a whole link.
    fn query(&self) -> &str {
        let q = self.query.trim();
        let q = match q.split_once('?') {
            Some((_, after)) => after,
            None => q,
        };
        // A fragment is never part of the scenario.
        q.split('#').next().unwrap_or("")
    }
}

fn main() -> ExitCode {
    // `std::env::args` would panic on an argument that is not UTF-8.
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let parsed = match args {
        Ok(args) => parse_args(&args),
        Err(bad) => Err(usage(format!(
            "arguments must be UTF-8 text, got {}",
            bad.to_string_lossy()
        ))),
    };
    match parsed {
        Err(Usage(msg)) => {
            eprintln!("teardown: {msg}");
            ExitCode::from(2)
        }
        Ok(Command::Help(text)) => finish(std::io::stdout().write_all(text.as_bytes())),
        Ok(Command::Version) => finish(writeln!(
            std::io::stdout(),
            "teardown {}",
            env!("CARGO_PKG_VERSION")
        )),
        Ok(Command::Simulate(sim)) => run(&sim),
    }
}

fn run(sim: &Simulate) -> ExitCode {
    let format = sim.format();
    if format == Format::Pcap && sim.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "teardown: a pcap is binary; write it to a file with -o FILE.pcap, or redirect stdout"
        );
        return ExitCode::from(2);
    }
    let (link, warnings) = Link::from_query(sim.query());
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let timeline = simulate(&link.scenario);
    let bytes = match format {
        Format::Text => {
            let query = link.scenario.to_query();
            let title = if query.is_empty() {
                "the classic close (all defaults)".to_string()
            } else {
                query
            };
            format!("scenario: {title}\n\n{}", export::text(&timeline)).into_bytes()
        }
        Format::Json => {
            let mut s = json::render(&link.scenario, &warnings, &timeline);
            s.push('\n');
            s.into_bytes()
        }
        Format::Mermaid => {
            export::mermaid_titled(&timeline, &export::export_title(&link.scenario.to_query()))
                .into_bytes()
        }
        Format::Svg => {
            let title = export::export_title(&link.scenario.to_query());
            export::svg_titled(&timeline, sim.theme.unwrap_or(Theme::Light), &title).into_bytes()
        }
        Format::Pcap => export::pcap(&timeline),
    };
    match &sim.output {
        Some(path) => match std::fs::write(path, &bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("teardown: cannot write {}: {e}", path.display());
                ExitCode::from(1)
            }
        },
        None => finish(std::io::stdout().lock().write_all(&bytes)),
    }
}

/// Ends after writing to stdout. A closed pipe (`| head`) is not an error
/// worth a message: the reader simply wanted no more.
fn finish(result: std::io::Result<()>) -> ExitCode {
    let result = result.and_then(|()| std::io::stdout().flush());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("teardown: cannot write to stdout: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, Usage> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn simulate_args(args: &[&str]) -> Simulate {
        match parse(args) {
            Ok(Command::Simulate(s)) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn flags_in_any_order_and_both_spellings() {
        let a = simulate_args(&["simulate", "drop=4", "--format", "json", "-o", "x"]);
        let b = simulate_args(&["simulate", "-o", "x", "--format=json", "drop=4"]);
        assert_eq!(a, b);
        assert_eq!(a.format(), Format::Json);
    }

    #[test]
    fn format_follows_the_output_extension_unless_given() {
        assert_eq!(
            simulate_args(&["simulate", "-o", "a.pcap"]).format(),
            Format::Pcap
        );
        assert_eq!(
            simulate_args(&["simulate", "-o", "a.svg", "-f", "text"]).format(),
            Format::Text
        );
        assert_eq!(
            simulate_args(&["simulate", "-o", "a.out"]).format(),
            Format::Text
        );
    }

    #[test]
    fn a_whole_link_is_accepted_as_query() {
        let s = simulate_args(&["simulate", "https://example.org/teardown/?drop=4&t=100#x"]);
        assert_eq!(s.query(), "drop=4&t=100");
    }

    #[test]
    fn usage_mistakes_are_errors() {
        for args in [
            &["simulate", "--fromat", "json"][..],
            &["simulate", "--format", "png"],
            &["simulate", "--format"],
            &["simulate", "a=1", "b=2"],
            &["simulate", "--theme", "dark"],
            &["simulate", "-f", "svg", "--theme", "blue"],
            &["simulte"],
            &["--frobnicate"],
            &["help", "nope"],
        ] {
            assert!(parse(args).is_err(), "{args:?} should be a usage error");
        }
    }

    #[test]
    fn double_dash_ends_options() {
        let s = simulate_args(&["simulate", "--", "-weird"]);
        assert_eq!(s.query, "-weird");
    }
}

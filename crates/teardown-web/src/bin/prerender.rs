//! Prints the page's first view — the default scenario at t = 0, in English, wide layout — as
//! HTML, rendered natively by Yew's `ServerRenderer`. The post-build hook
//! (scripts/post-build.mjs) writes it into `dist/index.html`, so the two hosts are on screen
//! before the WASM has even downloaded; `teardown_web::run` then renders over it. No hydration
//! markers: the page does not hydrate (see `teardown_web::run`).
//!
//! `prerender --text en|zh` prints a text pack instead (`teardown_web::text`): the texts the
//! page's build leaves out of the WASM, for the hook to write beside it.

use teardown_web::text::{Pack, dump};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => {
            let renderer = yew::ServerRenderer::<teardown_web::App>::new().hydratable(false);
            let html = futures::executor::block_on(renderer.render());
            print!("{html}");
        }
        ["--text", "en"] => print!("{}", dump(Pack::En)),
        ["--text", "zh"] => print!("{}", dump(Pack::Zh)),
        _ => {
            eprintln!("usage: prerender [--text en|zh]");
            std::process::exit(2);
        }
    }
}

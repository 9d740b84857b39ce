//! Prints the page's first view — the default scenario at t = 0, in English, wide layout — as
//! HTML, rendered natively by Yew's `ServerRenderer`. The post-build hook
//! (scripts/post-build.mjs) writes it into `dist/index.html`, so the two hosts are on screen
//! before the WASM has even downloaded; `teardown_web::run` then renders over it. No hydration
//! markers: the page does not hydrate (see `teardown_web::run`).

fn main() {
    let renderer = yew::ServerRenderer::<teardown_web::App>::new().hydratable(false);
    let html = futures::executor::block_on(renderer.render());
    print!("{html}");
}

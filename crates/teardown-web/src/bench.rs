//! A benchmark hook for `scripts/bench`: times the core's `simulate` inside the page's own
//! WASM, in the browser, so its speed can be compared with the native criterion run.
//! Trunk exposes the export as `window.wasmBindings.__teardown_bench_simulate`.
//! Nothing in the app calls it.

use teardown_core::{Scenario, simulate};
use wasm_bindgen::prelude::*;

/// Parses `query` once, then runs `simulate` `iterations` times (at least once) and returns
/// the mean time per run in milliseconds, measured with `performance.now()`.
/// Returns -1 if `performance` is unavailable.
#[wasm_bindgen]
pub fn __teardown_bench_simulate(query: &str, iterations: u32) -> f64 {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return -1.0;
    };
    let scenario = Scenario::from_query(query).0;
    let iterations = iterations.max(1);
    let start = performance.now();
    for _ in 0..iterations {
        std::hint::black_box(simulate(std::hint::black_box(&scenario)));
    }
    (performance.now() - start) / f64::from(iterations)
}

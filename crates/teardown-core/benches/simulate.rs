//! `cargo bench -p teardown-core`: what the page pays per scenario change.
//! Budgets (issue 2): default scenario ≤ 20 µs, the loss sweep ≤ 1 ms.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use teardown_core::{Scenario, simulate};

fn scenario(query: &str) -> Scenario {
    Scenario::from_query(query).0
}

fn benches(c: &mut Criterion) {
    let default = Scenario::default();
    c.bench_function("simulate/default", |b| {
        b.iter(|| simulate(black_box(&default)))
    });

    let busy = scenario("data=20&loss=30");
    c.bench_function("simulate/busy data=20 loss=30", |b| {
        b.iter(|| simulate(black_box(&busy)))
    });

    // "What if each segment were lost?": one simulation per segment of the
    // default close, as a view that previews every drop would run.
    let segments = simulate(&default).flights.len() as u32;
    c.bench_function("simulate/sweep each-segment loss", |b| {
        b.iter(|| {
            (1..=segments)
                .map(|n| {
                    let s = Scenario {
                        drop: vec![n],
                        ..default.clone()
                    };
                    simulate(black_box(&s)).events.len()
                })
                .sum::<usize>()
        })
    });

    c.bench_function("link/parse+write", |b| {
        b.iter(|| {
            scenario(black_box(
                "close=server&gap=40&msl=0.5&drop=2,5&loss=30&seed=42",
            ))
            .to_query()
        })
    });
}

criterion_group!(core, benches);
criterion_main!(core);

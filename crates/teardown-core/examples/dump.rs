fn main() {
    let q = std::env::args().nth(1).unwrap_or_default();
    let (s, w) = teardown_core::Scenario::from_query(&q);
    for w in w {
        eprintln!("warning: {w}");
    }
    let t = teardown_core::simulate(&s);
    for e in &t.events {
        match e.kind {
            teardown_core::EventKind::Send { segment } => println!(
                "{:>6} {:?} SEND #{} {}",
                e.t, segment.from, segment.n, segment
            ),
            teardown_core::EventKind::Deliver { segment } => println!(
                "{:>6} {:?} RECV #{} {}",
                e.t,
                segment.from.peer(),
                segment.n,
                segment
            ),
            k => println!("{:>6} {:?}", e.t, k),
        }
    }
    println!("end {:?} duration {}", t.end, t.duration);
}

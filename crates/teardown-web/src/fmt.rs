//! Number formatting shared by every view. Units ("ms", "s", "min") are the
//! same in both languages, as Chinese technical writing uses them too.

/// A duration for labels: `350 ms`, `1.1 s`, `4 s`, `60 s`, `2 min`, `2 min 30 s`. Seconds up
/// to two minutes, so that stacks' constants read as their sources write them (Linux's 60 s
/// TIME-WAIT).
pub fn duration(ms: f64) -> String {
    let ms = if ms.is_finite() { ms.max(0.0) } else { 0.0 };
    if ms < 1000.0 {
        format!("{} ms", ms.round() as u64)
    } else if ms < 119_950.0 {
        teardown_core::export::decimal_trim(ms / 1000.0, 1) + " s"
    } else {
        let total_s = (ms / 1000.0).round() as u64;
        let (m, s) = (total_s / 60, total_s % 60);
        if s == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {s} s")
        }
    }
}

/// The playback clock: always in seconds with millisecond precision, so the
/// digits do not jump between units while playing (`-0.100 s`, `1.100 s`).
pub fn clock(ms: f64) -> String {
    let ms = if ms.is_finite() { ms.round() } else { 0.0 };
    let sign = if ms < 0.0 { "−" } else { "" };
    let a = ms.abs() as u64;
    format!("{sign}{}.{:03} s", a / 1000, a % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0.0), "0 ms");
        assert_eq!(duration(350.4), "350 ms");
        assert_eq!(duration(1000.0), "1 s");
        assert_eq!(duration(1100.0), "1.1 s");
        assert_eq!(duration(4000.0), "4 s");
        assert_eq!(duration(120_000.0), "2 min");
        assert_eq!(duration(60_000.0), "60 s");
        assert_eq!(duration(90_000.0), "90 s");
        assert_eq!(duration(150_000.0), "2 min 30 s");
        assert_eq!(duration(f64::NAN), "0 ms");
        assert_eq!(duration(-5.0), "0 ms");
    }

    #[test]
    fn clock_keeps_its_width() {
        assert_eq!(clock(0.0), "0.000 s");
        assert_eq!(clock(1100.4), "1.100 s");
        assert_eq!(clock(-100.0), "−0.100 s");
    }
}

//! What the benchmarks read about their own process (Linux).

/// Resident memory now (`VmRSS`) in KiB, or 0 where /proc is not there.
pub fn resident_kb() -> u64 {
    status_kb("VmRSS:")
}

/// The most resident memory so far (`VmHWM`) in KiB, or 0 where /proc is not there.
pub fn peak_resident_kb() -> u64 {
    status_kb("VmHWM:")
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

//! Wall and CPU time per stage of a run, printed when `LEIDRAAD_TIMINGS` is
//! set: where the time of a build goes, without a profiler.

/// Wall and CPU time per stage, printed to stderr when `LEIDRAAD_TIMINGS`
/// is set.
#[derive(Debug, Default)]
pub struct Timings {
    last: Option<(std::time::Instant, f64)>,
    laps: Vec<(&'static str, std::time::Duration, f64, u64)>,
}

impl Timings {
    /// Records laps only when `LEIDRAAD_TIMINGS` is set.
    pub fn from_env() -> Self {
        Timings { last: std::env::var_os("LEIDRAAD_TIMINGS").map(|_| (std::time::Instant::now(), cpu_seconds())), laps: Vec::new() }
    }

    /// Ends the current stage.
    pub fn lap(&mut self, stage: &'static str) {
        if let Some((wall, cpu)) = &mut self.last {
            let now = cpu_seconds();
            self.laps.push((stage, wall.elapsed(), now - *cpu, peak_rss_kb()));
            *wall = std::time::Instant::now();
            *cpu = now;
        }
    }

    pub fn print(&self) {
        for (stage, d, cpu, rss) in &self.laps {
            eprintln!("{:>8.1} ms  {:>8.1} ms cpu  {:>6} MB peak  {stage}", d.as_secs_f64() * 1e3, cpu * 1e3, rss / 1024);
        }
    }
}

/// User and system CPU time of the whole process so far, in seconds (0
/// where `getrusage` does not exist).
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(u.ru_utime) + secs(u.ru_stime)
}

#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    0.0
}

/// The process's peak resident memory so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

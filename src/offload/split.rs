//! Sharing an experiment's trials out among workers and merging their
//! tallies back. A trial's seed depends only on the experiment's seed and the
//! trial's index, so any split gives the report one worker would.

use crate::engine::experiment::{ExperimentReport, ExperimentSpec, Tally};

/// At most this many workers, whatever the machine reports: each costs a
/// copy of the engine's memory and start-up.
pub const MAX_WORKERS: u32 = 16;

/// Contiguous ranges `(first, count)` covering `0..trials`, as even as can
/// be, one per worker that gets any trial (never an empty share).
pub fn shares(trials: u32, workers: u32) -> Vec<(u32, u32)> {
    let n = workers.clamp(1, MAX_WORKERS).min(trials.max(1));
    let (base, extra) = (trials / n, trials % n);
    let mut first = 0;
    (0..n)
        .map(|i| {
            let count = base + u32::from(i < extra);
            let share = (first, count);
            first += count;
            share
        })
        .filter(|&(_, count)| count > 0)
        .collect()
}

/// Merges the tallies of consecutive shares (any order in, trial order used).
pub fn merge(spec: &ExperimentSpec, mut tallies: Vec<Tally>) -> Result<ExperimentReport, String> {
    tallies.sort_by_key(|t| t.first);
    let mut parts = tallies.into_iter();
    let mut all = parts.next().unwrap_or_default();
    for part in parts {
        all.append(part)?;
    }
    if all.first != 0 || all.trials() != spec.trials {
        return Err(format!(
            "experiment: the workers returned trials {}..{} of 0..{}",
            all.first,
            all.first + all.trials(),
            spec.trials
        ));
    }
    Ok(all.report(spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_trial_once() {
        assert_eq!(shares(10, 3), vec![(0, 4), (4, 3), (7, 3)]);
        assert_eq!(shares(2, 8), vec![(0, 1), (1, 1)]);
        assert_eq!(shares(5, 0), vec![(0, 5)]);
        assert_eq!(shares(1000, 99).len(), MAX_WORKERS as usize);
        let total: u32 = shares(1_000_000, 7).iter().map(|s| s.1).sum();
        assert_eq!(total, 1_000_000);
    }
}

//! What a run of trials counted (`Tally`), merged across workers in trial
//! order, and the report it gives: counts, sums, the first examples and the
//! histograms. Kept apart from the trial loop in `experiment.rs`.

use super::{Bucket, ExperimentReport, ExperimentSpec, TrialRef, EXAMPLES};
use crate::engine::checker::{ByOutcome, Outcome};
use crate::engine::world::Stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Histogram buckets at most.
const BUCKETS: u64 = 20;

/// What a run of consecutive trials found: enough to merge the tallies of
/// several workers (in trial order) into the report one run of all the trials
/// gives, exactly (a trial's seed depends on its index, not on the split).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// The first trial counted here.
    pub first: u32,
    trials: u32,
    counts: ByOutcome<u32>,
    /// The first `EXAMPLES` trials of each outcome but consistent.
    examples: ByOutcome<Vec<TrialRef>>,
    deliveries: u64,
    redeliveries: u64,
    out_of_order: u64,
    /// Sum of the trials' quiescence times (exact: integers, far below 2^53).
    quiescence_sum: u64,
    /// How many trials had each redelivery count and each quiescence time:
    /// what the histograms need, far smaller than one entry per trial.
    #[serde(with = "pairs")]
    redeliveries_seen: BTreeMap<u64, u32>,
    #[serde(with = "pairs")]
    quiescence_seen: BTreeMap<u64, u32>,
}

/// A map of value -> count as `[value, count]` pairs. As a JSON object its
/// keys would be strings, which serde cannot read back as numbers once the
/// value is buffered, as it is inside the worker's tagged messages.
mod pairs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(map: &BTreeMap<u64, u32>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<u64, u32>, D::Error> {
        Ok(Vec::<(u64, u32)>::deserialize(d)?.into_iter().collect())
    }
}

impl Tally {
    /// An empty tally whose first trial will be `first`.
    pub(super) fn starting_at(first: u32) -> Self {
        Tally {
            first,
            ..Tally::default()
        }
    }

    /// How many trials it counts.
    pub fn trials(&self) -> u32 {
        self.trials
    }

    /// Adds the trials right after these ones. Another worker's tally must
    /// start where this one ends, or the examples would not be the first ones.
    pub fn append(&mut self, mut next: Tally) -> Result<(), String> {
        let expected = self.first + self.trials;
        if next.first != expected {
            return Err(format!(
                "tally: trials {}.. cannot follow trials {}..{expected}",
                next.first, self.first
            ));
        }
        self.trials += next.trials;
        for outcome in Outcome::ALL {
            self.counts[outcome] += next.counts[outcome];
            let room = EXAMPLES.saturating_sub(self.examples[outcome].len());
            let theirs = std::mem::take(&mut next.examples[outcome]);
            self.examples[outcome].extend(theirs.into_iter().take(room));
        }
        self.deliveries += next.deliveries;
        self.redeliveries += next.redeliveries;
        self.out_of_order += next.out_of_order;
        self.quiescence_sum += next.quiescence_sum;
        for (mine, theirs) in [
            (&mut self.redeliveries_seen, next.redeliveries_seen),
            (&mut self.quiescence_seen, next.quiescence_seen),
        ] {
            for (value, n) in theirs {
                *mine.entry(value).or_default() += n;
            }
        }
        Ok(())
    }

    pub(super) fn count(
        &mut self,
        trial: u32,
        seed: u64,
        outcome: Outcome,
        stats: Stats,
        now: u64,
    ) {
        self.trials += 1;
        self.counts[outcome] += 1;
        let examples = &mut self.examples[outcome];
        if outcome != Outcome::Consistent && examples.len() < EXAMPLES {
            examples.push(TrialRef { trial, seed });
        }
        self.deliveries += stats.deliveries;
        self.redeliveries += stats.redeliveries;
        self.out_of_order += stats.out_of_order;
        self.quiescence_sum += now;
        *self
            .redeliveries_seen
            .entry(stats.redeliveries)
            .or_default() += 1;
        *self.quiescence_seen.entry(now).or_default() += 1;
    }

    /// The report of `spec` over the trials counted so far.
    pub fn report(&self, spec: &ExperimentSpec) -> ExperimentReport {
        let mean = if self.trials == 0 {
            0.0
        } else {
            self.quiescence_sum as f64 / f64::from(self.trials)
        };
        ExperimentReport {
            strategy: spec.config.strategy,
            scheme: spec.config.scheme,
            updates: spec.updates,
            listeners: spec.config.listeners,
            trials: self.trials,
            outcomes: self.counts,
            deliveries: self.deliveries,
            redeliveries: self.redeliveries,
            out_of_order_applies: self.out_of_order,
            quiescence_ms_mean: mean,
            quiescence_ms_max: self
                .quiescence_seen
                .keys()
                .next_back()
                .copied()
                .unwrap_or(0),
            redeliveries_histogram: histogram(each(&self.redeliveries_seen)),
            quiescence_histogram: histogram(each(&self.quiescence_seen)),
            diverged_examples: self.examples.diverged.clone(),
            stalled_examples: self.examples.stalled.clone(),
            cut_off_examples: self.examples.cut_off.clone(),
        }
    }
}

/// Each value as often as it was seen, in order.
fn each(seen: &BTreeMap<u64, u32>) -> impl Iterator<Item = u64> + Clone + '_ {
    seen.iter()
        .flat_map(|(&value, &n)| std::iter::repeat_n(value, n as usize))
}

/// Up to 20 equal-width buckets from 0 to the maximum value.
fn histogram(values: impl Iterator<Item = u64> + Clone) -> Vec<Bucket> {
    let Some(max) = values.clone().max() else {
        return Vec::new();
    };
    let width = (max / BUCKETS + 1).max(1);
    let n = max / width + 1;
    let mut buckets: Vec<Bucket> = (0..n)
        .map(|i| Bucket {
            from: i * width,
            to: i * width + width - 1,
            trials: 0,
        })
        .collect();
    for v in values {
        buckets[(v / width) as usize].trials += 1;
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_covers_every_value() {
        let b = histogram([0u64, 5, 100].into_iter());
        assert_eq!(b.iter().map(|b| b.trials).sum::<u32>(), 3);
        assert_eq!(b[0].from, 0);
        assert!(b.last().unwrap().to >= 100);
        assert!(histogram(std::iter::empty()).is_empty());
    }
}

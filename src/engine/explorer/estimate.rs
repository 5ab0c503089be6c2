//! How big an exploration will be, before running it: distinct states from a
//! table measured with the engine itself (`occ-sim explore`, max_in_flight 1),
//! so a page can refuse politely instead of freezing.

use super::ExploreSpec;
use crate::engine::config::BrokerKind;

/// Distinct states for naive listeners, by listeners (rows, 1..=4) and
/// updates (columns, 1..=10); 0 where not measured (too big to be worth it).
/// Naive is the largest for every strategy and scheme measured (it never
/// refuses, so nothing merges), which makes these upper estimates for the rest.
const NAIVE_STATES: [[u64; 10]; 4] = [
    [15, 18, 21, 24, 27, 30, 33, 36, 39, 42],
    [
        35, 139, 388, 980, 2_069, 3_747, 6_146, 9_410, 13_695, 19_169,
    ],
    [63, 335, 1_988, 10_875, 66_548, 285_974, 0, 0, 0, 0],
    [99, 721, 4_084, 44_960, 441_581, 0, 0, 0, 0, 0],
];

/// An upper estimate of the distinct states `explore(spec)` visits. Beyond
/// the table, each further update multiplies by the last measured growth.
/// With two messages in flight per listener, the queue group behaves like
/// at most twice the listeners (measured: below that row), so that row is
/// used, extrapolated the same way past four.
pub fn estimate_states(spec: &ExploreSpec) -> u64 {
    // Under Kafka the burst's one ticket is one partition, owned by one
    // listener and read in offset order: one listener's row bounds it
    // (measured: 13 states for 3 updates, against the row's 21).
    let listeners = if spec.broker == BrokerKind::Kafka {
        1
    } else {
        usize::from(spec.listeners.max(1)) * usize::from(spec.max_in_flight.max(1))
    };
    let updates = (spec.updates.max(1) as usize).min(64);
    let row = |l: usize| -> Vec<f64> {
        let measured = &NAIVE_STATES[l.min(4) - 1];
        let mut v: Vec<f64> = measured
            .iter()
            .take_while(|&&s| s > 0)
            .map(|&s| s as f64)
            .collect();
        while v.len() < updates {
            let n = v.len();
            v.push(v[n - 1] * (v[n - 1] / v[n - 2]));
        }
        v
    };
    let mut states = row(listeners)[updates - 1];
    if listeners > 4 {
        // Past the table, each listener multiplies by row 4's ratio to row 3.
        let ratio = row(4)[updates - 1] / row(3)[updates - 1];
        states *= ratio.powi(listeners as i32 - 4);
    }
    if states >= u64::MAX as f64 {
        u64::MAX
    } else {
        states.ceil() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explorer::explore;
    use crate::engine::strategy::Strategy;
    use crate::engine::version::VersionScheme;

    #[test]
    fn the_table_matches_the_engine_and_bounds_other_strategies() {
        for (l, u) in [(1u8, 3u32), (2, 2), (2, 4), (3, 2), (4, 1)] {
            let naive = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, u, l);
            assert_eq!(explore(&naive).unwrap().states, estimate_states(&naive));
            for strategy in [Strategy::Occ, Strategy::PrevVersion] {
                let s = ExploreSpec::new(strategy, VersionScheme::Step100, u, l);
                assert!(explore(&s).unwrap().states <= estimate_states(&s));
            }
        }
    }

    #[test]
    fn grows_past_the_table_without_overflowing() {
        let mut s = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 10, 4);
        let big = estimate_states(&s);
        assert!(big > 441_581 * 10, "{big}");
        s.max_in_flight = 2;
        assert!(estimate_states(&s) > big);
        s.updates = u32::MAX;
        assert_eq!(estimate_states(&s), u64::MAX);
        let mut two = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 5, 2);
        two.max_in_flight = 2;
        // Measured 58,319 states: the estimate (4 listeners' row) bounds it.
        assert!(estimate_states(&two) >= 58_319);
    }

    #[cfg(feature = "kafka")]
    #[test]
    fn kafka_is_bounded_by_one_listeners_row_not_refused_as_huge() {
        for (l, u) in [(2u8, 3u32), (4, 4), (3, 6)] {
            let mut s = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, u, l);
            s.broker = BrokerKind::Kafka;
            let estimate = estimate_states(&s);
            assert!(estimate <= 33, "{estimate}");
            assert!(explore(&s).unwrap().states <= estimate);
        }
    }
}

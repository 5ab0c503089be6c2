#![cfg(not(target_arch = "wasm32"))]
use occ_playground::engine::explorer::*;
use occ_playground::engine::*;
#[test]
fn probe() {
    for s in Strategy::ALL {
        for n in 1..=3 {
            let t = std::time::Instant::now();
            let r = explore(&ExploreSpec::new(s, VersionScheme::Increment, n, 2)).unwrap();
            println!(
                "{s} n={n} states={} schedules={} c={} d={} st={} finals={:?} ce={:?} {:?}",
                r.states,
                r.schedules,
                r.consistent,
                r.diverged,
                r.stalled,
                r.final_states,
                r.counterexample.as_ref().map(|c| c.len()),
                t.elapsed()
            );
        }
    }
    for n in 4..=6 {
        let t = std::time::Instant::now();
        let r = explore(&ExploreSpec::new(
            Strategy::Occ,
            VersionScheme::Increment,
            n,
            2,
        ))
        .unwrap();
        println!(
            "occ n={n} states={} schedules={} sat={} {:?}",
            r.states,
            r.schedules,
            r.saturated,
            t.elapsed()
        );
    }
}

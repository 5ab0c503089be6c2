//! An experiment split across workers gives exactly the report of one run:
//! the worker tasks run natively here, their tallies merged as the page does.

use occ_playground::engine::experiment::{run_experiment, ExperimentReport, ExperimentSpec, Tally};
use occ_playground::engine::{Config, Strategy};
use occ_playground::offload::split::{merge, shares};
use occ_playground::offload::task::{Done, Job, Task};

fn tally_of(spec: &ExperimentSpec, first: u32, count: u32) -> Tally {
    let mut task = Task::new(Job::Experiment {
        spec: spec.clone(),
        first,
        count,
    })
    .unwrap();
    loop {
        // Odd slice sizes: slicing must not matter either.
        match task.work(7).unwrap() {
            Some(Done::Experiment { tally }) => return tally,
            Some(other) => panic!("not a tally: {other:?}"),
            None => {}
        }
    }
}

fn split_report(spec: &ExperimentSpec, workers: u32) -> Result<ExperimentReport, String> {
    let mut tallies: Vec<Tally> = shares(spec.trials, workers)
        .into_iter()
        .map(|(first, count)| tally_of(spec, first, count))
        .collect();
    // Workers finish in any order.
    tallies.reverse();
    merge(spec, tallies)
}

#[test]
fn any_split_gives_the_one_worker_report() {
    for strategy in [Strategy::Naive, Strategy::Occ, Strategy::NewestWins] {
        let config = Config::with_strategy(strategy);
        let spec = ExperimentSpec::new(config, 3, 41, 9);
        let one = run_experiment(&spec).unwrap();
        for workers in [1, 2, 3, 4, 7] {
            assert_eq!(
                split_report(&spec, workers).unwrap(),
                one,
                "{strategy:?} x{workers}"
            );
        }
    }
}

#[test]
fn a_missing_share_is_reported_not_merged() {
    let spec = ExperimentSpec::new(Config::default(), 2, 20, 1);
    let mut tallies: Vec<Tally> = shares(20, 4)
        .into_iter()
        .map(|(first, count)| tally_of(&spec, first, count))
        .collect();
    tallies.pop();
    let err = merge(&spec, tallies).unwrap_err();
    assert_eq!(
        err,
        "experiment: the workers returned trials 0..15 of 0..20"
    );
    let mut gap: Vec<Tally> = shares(20, 4)
        .into_iter()
        .map(|(first, count)| tally_of(&spec, first, count))
        .collect();
    gap.remove(1);
    assert!(merge(&spec, gap).unwrap_err().contains("cannot follow"));
}

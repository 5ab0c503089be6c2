//! The experiments and explorer jobs as playground state, natively: forms
//! validate, runs advance slice by slice, Cancel stops them, and a failing trial
//! or counterexample opens in the live view.

use occ_playground::engine::experiment::{trial_scenario, trial_steps, ExperimentSpec};
use occ_playground::engine::explorer::{
    counterexample_scenario, explore, schedule_start, ExploreSpec,
};
use occ_playground::engine::{Config, Strategy, VersionScheme};
use occ_playground::playground::batch::open_trial;
use occ_playground::playground::experiments::{Experiments, Phase};
use occ_playground::playground::explorer::{Explorer, Phase as XPhase};
use occ_playground::playground::{ExperimentMsg as E, ExploreMsg as X, Field, Msg, Playground};
use std::rc::Rc;

fn form(strategy: Option<Strategy>, scheme: Option<VersionScheme>, trials: u32) -> Experiments {
    Experiments::default()
        .update(E::SetStrategy(strategy))
        .update(E::SetScheme(scheme))
        .update(E::SetText(Field::Trials, trials.to_string()))
}

fn finish(mut e: Experiments) -> Experiments {
    let mut slices = 0;
    while e.running() {
        e = e.update(E::Work(7));
        slices += 1;
        assert!(slices < 100_000, "the batch did not finish");
    }
    e
}

#[test]
fn out_of_range_input_shows_a_message_and_runs_nothing() {
    let e = Experiments::default().update(E::SetText(Field::Trials, "0".into()));
    assert_eq!(
        e.form.trials.error.as_deref(),
        Some("Enter a whole number from 1 to 100000.")
    );
    let e = e.update(E::Run);
    assert!(!e.running());
    assert!(matches!(&e.phase, Phase::Refused(why) if why.contains("Nothing was run")));
    let e = e.update(E::SetText(Field::Trials, "200".into()));
    assert_eq!(e.form.trials.error, None);
}

#[test]
fn a_small_run_advances_in_slices_and_its_numbers_add_up() {
    let e = form(Some(Strategy::Naive), Some(VersionScheme::Increment), 40).update(E::Run);
    let first = e.next_slice().expect("running");
    let e = e.update(E::Work(5));
    assert_eq!(e.phase, Phase::Running { done: 5, total: 40 });
    assert_ne!(e.next_slice(), Some(first), "each slice asks for the next");
    let e = finish(e);
    assert_eq!(e.next_slice(), None);
    let Phase::Shown(o) = &e.phase else {
        panic!("{:?}", e.phase)
    };
    assert_eq!((o.sets.len(), o.matrix, o.cancelled), (1, false, None));
    let r = &o.sets[0].report;
    let o = &r.outcomes;
    assert_eq!(o.consistent + o.diverged + o.stalled, 40);
    assert!(o.diverged > 0, "naive diverges sometimes");
}

#[test]
fn all_strategies_by_all_schemes_fill_the_matrix() {
    let e = finish(form(None, None, 20).update(E::Run));
    let Phase::Shown(o) = &e.phase else {
        panic!("{:?}", e.phase)
    };
    assert!(o.matrix);
    assert_eq!(o.sets.len(), 15);
    assert!(o.sets.iter().all(|s| s.report.trials == 20));
    let find = |st: Strategy, sc: VersionScheme| {
        o.sets
            .iter()
            .find(|s| s.report.strategy == st && s.report.scheme == sc)
            .unwrap()
    };
    use Strategy::{Naive, Occ};
    use VersionScheme::{Increment, Step100};
    assert!(find(Naive, Increment).report.outcomes.diverged > 0);
    assert_eq!(find(Occ, Step100).report.outcomes.stalled, 20);
    assert_eq!(find(Occ, Increment).report.outcomes.consistent, 20);
}

#[test]
fn cancel_stops_a_run_and_keeps_what_it_ran() {
    let e = form(
        Some(Strategy::Naive),
        Some(VersionScheme::Increment),
        100_000,
    )
    .update(E::Run)
    .update(E::Work(30))
    .update(E::Cancel);
    assert!(!e.running());
    let Phase::Shown(o) = e.phase.clone() else {
        panic!("{:?}", e.phase)
    };
    assert_eq!(o.cancelled, Some((30, 100_000)));
    assert_eq!(o.sets[0].report.trials, 30);
    let late = e.update(E::Work(30));
    assert_eq!(
        late.phase,
        Phase::Shown(o),
        "a slice after Cancel changes nothing"
    );
}

#[test]
fn a_failing_trial_opens_in_the_live_view_and_the_results_stay() {
    let p = Rc::new(Playground::default());
    let mut p = p
        .reduce(Msg::Experiment(E::SetText(Field::Trials, "50".into())))
        .reduce(Msg::Experiment(E::Run));
    while p.experiments.running() {
        p = p.reduce(Msg::Experiment(E::Work(64)));
    }
    let Phase::Shown(o) = p.experiments.phase.clone() else {
        panic!("{:?}", p.experiments.phase)
    };
    let set = &o.sets[0];
    let trial = set.first_failure().expect("a failing naive trial");
    let p = p.reduce(open_trial(&set.spec, trial));
    let spec = ExperimentSpec::new(
        Config {
            strategy: Strategy::Naive,
            ..Config::default()
        },
        2,
        50,
        1,
    );
    let shared = p.shared();
    assert_eq!(shared.scenario, trial_scenario(&spec, trial));
    assert_eq!(shared.step, trial_steps(&spec, trial));
    assert_eq!(
        p.experiments.phase,
        Phase::Shown(o),
        "results survive the trip"
    );
}

#[test]
fn the_explorer_refuses_above_its_limit_and_validates() {
    let x = Explorer::default().update(X::SetText(Field::Listeners, "5".into()));
    assert_eq!(
        x.form.listeners.error.as_deref(),
        Some("Enter a whole number from 1 to 4.")
    );
    let x = x.update(X::Run);
    assert!(matches!(&x.phase, XPhase::Refused(w) if w.contains("Nothing was explored")));
    let x = x
        .update(X::SetText(Field::Listeners, "4".into()))
        .update(X::SetText(Field::Updates, "10".into()));
    assert!(x.form.estimate().0.contains("more than this page explores"));
    let x = x.update(X::Run);
    assert!(matches!(&x.phase, XPhase::Refused(w) if w.starts_with("Not run.")));
    assert!(!x.running());
}

#[test]
fn the_explorer_finds_the_naive_counterexample_and_it_opens() {
    let mut x = Explorer::default().update(X::SetStrategy(Strategy::Naive));
    assert!(x.form.estimate().0.contains("92 distinct states"));
    x = x.update(X::Run);
    while x.running() {
        x = x.update(X::Work(16));
    }
    let XPhase::Done(done) = &x.phase else {
        panic!("{:?}", x.phase)
    };
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let report = explore(&spec).unwrap();
    assert_eq!(done.1.counterexample, report.counterexample);
    let cancelled = Explorer::default()
        .update(X::SetText(Field::Updates, "6".into()))
        .update(X::Run)
        .update(X::Work(1))
        .update(X::Cancel);
    assert!(matches!(cancelled.phase, XPhase::Cancelled { states } if states > 0));
    let choices = report.counterexample.unwrap();
    let p = Rc::new(Playground::default()).reduce(Msg::Load(Box::new(
        occ_playground::share::SharedState {
            scenario: counterexample_scenario(&spec, &choices),
            step: schedule_start(&spec),
            lesson: None,
        },
    )));
    assert!(p.sim().scenario().schedule.is_some());
}

//! The experiments and explorer jobs as playground state, natively: forms
//! validate, a run sends its work orders and merges what the workers report
//! (here the workers' own `Task`s, run in the test), Cancel stops it, late
//! replies are dropped, and a failing trial or counterexample opens in the
//! live view.

use occ_playground::engine::experiment::{
    run_experiment, trial_scenario, trial_steps, ExperimentSpec,
};
use occ_playground::engine::explorer::{
    counterexample_scenario, explore, schedule_start, ExploreSpec,
};
use occ_playground::engine::{Config, Strategy, VersionScheme};
use occ_playground::offload::task::{Progress, Task};
use occ_playground::playground::batch::open_trial;
use occ_playground::playground::experiments::{Experiments, Phase};
use occ_playground::playground::explorer::{Explorer, Phase as XPhase};
use occ_playground::playground::provenance::From;
use occ_playground::playground::work::{Heard, JobEvent, WorkOrder};
use occ_playground::playground::{ExperimentMsg as E, ExploreMsg as X, Field, Msg, Playground};
use std::rc::Rc;

fn form(strategy: Option<Strategy>, scheme: Option<VersionScheme>, trials: u32) -> Experiments {
    Experiments::default()
        .update(E::SetStrategy(strategy))
        .update(E::SetScheme(scheme))
        .update(E::SetText(Field::Trials, trials.to_string()))
}

/// What the workers would say about every job of `order`, in the order a
/// pool may deliver it: each job's progress, then the jobs' ends last first.
fn worked(order: &WorkOrder) -> Vec<Heard> {
    let mut progress = Vec::new();
    let mut ends = Vec::new();
    for (job, work) in order.jobs.iter().enumerate() {
        let mut task = Task::new(work.clone()).expect("a valid job");
        let done = loop {
            match task.work(7) {
                Ok(Some(done)) => break Ok(done),
                Ok(None) => progress.push(Heard {
                    run: order.run,
                    job,
                    event: JobEvent::Progress(task.progress()),
                }),
                Err(e) => break Err(e),
            }
        };
        ends.push(Heard {
            run: order.run,
            job,
            event: JobEvent::Finished(done),
        });
    }
    ends.reverse();
    progress.into_iter().chain(ends).collect()
}

fn finish(mut e: Experiments) -> Experiments {
    let mut orders = 0;
    while let Some(order) = e.order() {
        for heard in worked(&order) {
            e = e.update(E::Heard(heard));
        }
        orders += 1;
        assert!(orders < 100, "the batch did not finish");
    }
    assert!(!e.running());
    e
}

fn explored(mut x: Explorer) -> Explorer {
    while let Some(order) = x.order() {
        for heard in worked(&order) {
            x = x.update(X::Heard(heard));
        }
    }
    x
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
fn a_small_run_goes_to_the_workers_and_its_numbers_add_up() {
    let e = form(Some(Strategy::Naive), Some(VersionScheme::Increment), 40).update(E::Run);
    let order = e.order().expect("running");
    assert_eq!(order.jobs.len(), 1, "one worker by default");
    let e = e.update(E::Heard(Heard {
        run: order.run,
        job: 0,
        event: JobEvent::Progress(Progress { done: 5, total: 40 }),
    }));
    assert_eq!(e.phase, Phase::Running { done: 5, total: 40 });
    let e = finish(e);
    assert_eq!(e.order(), None);
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
fn trials_split_among_workers_give_the_one_worker_report() {
    let mut e = form(Some(Strategy::Occ), Some(VersionScheme::Increment), 61);
    e.workers = 4;
    let e = e
        .update(E::SetText(Field::Updates, "5".into()))
        .update(E::Run);
    let order = e.order().expect("running");
    assert_eq!(order.jobs.len(), 4, "one job per worker");
    let e = finish(e);
    let Phase::Shown(o) = &e.phase else {
        panic!("{:?}", e.phase)
    };
    let spec = &o.sets[0].spec;
    assert_eq!(o.sets[0].report, run_experiment(spec).unwrap());
}

#[test]
fn cancel_stops_a_run_keeps_the_first_shares_and_drops_late_replies() {
    let mut e = form(Some(Strategy::Naive), Some(VersionScheme::Increment), 90);
    e.workers = 3;
    let e = e.update(E::Run);
    let order = e.order().expect("running");
    let heard = worked(&order);
    let first_share_done = heard
        .iter()
        .find(|h| h.job == 0 && matches!(h.event, JobEvent::Finished(_)))
        .unwrap()
        .clone();
    let e = e.update(E::Heard(first_share_done)).update(E::Cancel);
    assert!(!e.running());
    assert_eq!(e.order(), None, "the jobs are called off");
    let Phase::Shown(o) = e.phase.clone() else {
        panic!("{:?}", e.phase)
    };
    assert_eq!(o.cancelled, Some((30, 90)));
    assert_eq!(o.sets[0].report.trials, 30, "trials 0..30 finished");
    let mut late = e.clone();
    for h in heard {
        late = late.update(E::Heard(h));
    }
    assert_eq!(
        late.phase,
        Phase::Shown(o),
        "a reply after Cancel changes nothing"
    );
}

#[test]
fn a_failing_trial_opens_in_the_live_view_and_the_results_stay() {
    let p = Rc::new(Playground::default());
    let mut p = p
        .reduce(Msg::Experiment(E::SetText(Field::Trials, "50".into())))
        .reduce(Msg::Experiment(E::Run));
    while let Some(order) = p.experiments.order() {
        for heard in worked(&order) {
            p = p.reduce(Msg::Experiment(E::Heard(heard)));
        }
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
    assert!(x.form.estimate().0.contains("139 distinct states"));
    x = explored(x.update(X::Run));
    let XPhase::Done(done) = &x.phase else {
        panic!("{:?}", x.phase)
    };
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let report = explore(&spec).unwrap();
    assert_eq!(done.1.counterexample, report.counterexample);
    let running = Explorer::default()
        .update(X::SetText(Field::Updates, "6".into()))
        .update(X::Run);
    let heard = worked(&running.order().expect("running"));
    let cancelled = running.update(X::Heard(heard[0].clone())).update(X::Cancel);
    assert!(matches!(cancelled.phase, XPhase::Cancelled { states } if states > 0));
    let late = heard
        .into_iter()
        .fold(cancelled.clone(), |x, h| x.update(X::Heard(h)));
    assert_eq!(
        late.phase, cancelled.phase,
        "a reply after Cancel changes nothing"
    );
    let choices = report.counterexample.unwrap();
    let p = Rc::new(Playground::default()).reduce(Msg::Open {
        state: Box::new(occ_playground::share::SharedState {
            scenario: counterexample_scenario(&spec, &choices),
            step: schedule_start(&spec),
            lesson: None,
        }),
        from: From::Own,
    });
    assert!(p.sim().scenario().schedule.is_some());
    // Reset goes back to where its choices start, not before the saves.
    let start = p.sim().steps_taken();
    let p = p.reduce(Msg::Step).reduce(Msg::Step).reduce(Msg::Reset);
    assert_eq!(p.sim().steps_taken(), start);
    assert!(p.sim().scenario().schedule.is_some());
}

#[test]
fn an_opened_trial_is_named() {
    use occ_playground::engine::experiment::ExperimentSpec;
    use occ_playground::engine::{Config, Strategy};
    use occ_playground::playground::batch::trial_note;
    let spec = ExperimentSpec::new(Config::with_strategy(Strategy::Naive), 3, 200, 11);
    let note = trial_note(&spec, 37);
    assert!(
        note.starts_with("Trial 37 of the 200 (naive / increment, 2 listeners, 3 updates, seed "),
        "{note}"
    );
}

/// Issue 24: the strategy x scheme matrix runs per broker: the broker picked
/// over it goes into every experiment's config (its knobs at their defaults).
#[test]
fn the_matrix_runs_under_the_broker_picked_over_it() {
    use occ_playground::engine::config::BrokerKind;
    use occ_playground::playground::experiments::Experiments;
    use occ_playground::playground::ExperimentMsg;
    let e = Experiments::default()
        .update(ExperimentMsg::SetStrategy(None))
        .update(ExperimentMsg::SetScheme(None));
    let (_, specs) = e.form.specs();
    assert!(specs
        .unwrap()
        .iter()
        .all(|s| s.config.broker == BrokerKind::Stan));
    let js = e.update(ExperimentMsg::SetBroker(BrokerKind::JetStream));
    let (_, specs) = js.form.specs();
    let specs = specs.unwrap();
    assert_eq!(specs.len(), 15, "the whole matrix");
    assert!(specs
        .iter()
        .all(|s| s.config.broker == BrokerKind::JetStream));
    assert!(
        specs.iter().all(|s| s.config.validate().is_ok()),
        "each runs"
    );
}

/// Issues 24 and 28: the page's explorer explores under the broker and the
/// burst's ending picked in its form, and its report is the engine's for
/// the same spec (JetStream naive: 58 states, some schedules diverged;
/// a tombstone ends every stall a hard delete leaves under naive).
#[test]
fn the_page_explorer_takes_the_broker_and_a_delete() {
    use occ_playground::engine::config::{BrokerKind, Deletes};
    let x = Explorer::default()
        .update(X::SetStrategy(Strategy::Naive))
        .update(X::SetBroker(BrokerKind::JetStream));
    let spec = x.form.spec().unwrap();
    assert_eq!(spec.broker, BrokerKind::JetStream);
    let XPhase::Done(done) = &explored(x.update(X::Run)).phase else {
        panic!("JetStream exploration did not finish")
    };
    assert_eq!(done.1, explore(&spec).unwrap());
    assert_eq!(done.1.broker, BrokerKind::JetStream);
    assert!(done.1.outcomes[occ_playground::engine::Outcome::Diverged] > 0);

    let stalls = |d: Option<Deletes>| {
        let x = Explorer::default()
            .update(X::SetStrategy(Strategy::Naive))
            .update(X::SetText(Field::Updates, "1".into()))
            .update(X::SetDeletes(d));
        let XPhase::Done(done) = &explored(x.update(X::Run)).phase else {
            panic!("{d:?}: exploration did not finish")
        };
        assert_eq!(done.1.deletes, u32::from(d.is_some()));
        done.1.outcomes[occ_playground::engine::Outcome::Stalled]
    };
    assert_eq!(stalls(None), 0);
    assert!(stalls(Some(Deletes::Hard)) > 0);
    assert_eq!(stalls(Some(Deletes::Tombstone)), 0);
}

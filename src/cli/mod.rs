//! The CLI's commands. Every failure becomes `Err(message)`, printed as one
//! line on stderr with exit status 2; nothing here panics on bad input.

mod args;
mod conform;
mod help;
mod read;
mod run;

use args::{flagged, named, number, number_as, ConfigFlags, BROKERS, SCHEMES, STRATEGIES};
use lexopt::prelude::*;
use occ_playground::engine::config::{BrokerKind, Config, Deletes, MAX_ACK_PENDING};
use occ_playground::engine::experiment::{
    run_experiment, ExperimentSpec, TRIALS, UPDATES, UPDATE_GAP_MS,
};
use occ_playground::engine::explorer::{
    self, explore, replay_schedule, ExploreError, ExploreSpec, STATE_LIMIT,
};
use occ_playground::engine::scenario::setup_warnings;
use occ_playground::engine::workload::DELETES;
use occ_playground::engine::{Strategy, VersionScheme};
use serde_json::{json, Value};
use std::ffi::OsString;

pub fn main(args: Vec<OsString>) -> i32 {
    // `conform` has its own exit status (1: the model and the server disagree).
    if args.first().is_some_and(|a| a == "conform") {
        return conform::main(args[1..].to_vec());
    }
    match dispatch(args) {
        Ok(Some(v)) => {
            println!("{v}");
            0
        }
        Ok(None) => 0,
        Err(e) => {
            eprintln!("occ-sim: error: {e}");
            2
        }
    }
}

type Out = Result<Option<Value>, String>;

fn dispatch(args: Vec<OsString>) -> Out {
    let mut p = lexopt::Parser::from_args(args);
    match p.next().map_err(|e| e.to_string())? {
        Some(Value(cmd)) => match cmd.to_string_lossy().as_ref() {
            "experiment" => experiment(&mut p),
            "explore" => explore_cmd(&mut p),
            // `run` writes its own output while the run goes.
            "run" => run::run(&mut p).map(|()| None),
            other => Err(format!(
                "unknown command {other:?}; allowed: conform, experiment, explore, run"
            )),
        },
        Some(Long("help")) | Some(Short('h')) => {
            print!("{}", help::MAIN);
            Ok(None)
        }
        Some(arg) => Err(format!(
            "{}; expected a command: conform, experiment, explore, run",
            arg.unexpected()
        )),
        None => {
            Err("missing command; allowed: conform, experiment, explore, run (see --help)".into())
        }
    }
}

/// Prints a warning line on stderr and returns the warnings for the JSON.
pub(crate) fn warn(warnings: &[String]) -> Value {
    for w in warnings {
        eprintln!("occ-sim: warning: {w}");
    }
    json!(warnings)
}

fn experiment(p: &mut lexopt::Parser) -> Out {
    let mut spec = ExperimentSpec::new(Config::default(), 2, 200, 1);
    let mut flags = ConfigFlags::default();
    while let Some(arg) = flags.next_arg(p)? {
        match arg.to_arg() {
            Long("updates") => spec.updates = number_as(p, "updates", UPDATES)?,
            Long("trials") => spec.trials = number_as(p, "trials", TRIALS)?,
            Long("seed") => spec.seed = number(p, "seed", (0, u64::MAX))?,
            Long("gap") => spec.update_gap_ms = number(p, "gap", UPDATE_GAP_MS)?,
            Long("deletes") => spec.deletes = number_as(p, "deletes", DELETES)?,
            Long("help") | Short('h') => {
                print!("{}", help::experiment());
                return Ok(None);
            }
            other => {
                return Err(format!(
                    "{} (see occ-sim experiment --help)",
                    other.unexpected()
                ))
            }
        }
    }
    flags.apply(&mut spec.config)?;
    let report = run_experiment(&spec).map_err(|e| flagged(&e))?;
    let warnings: Vec<String> = setup_warnings(&spec.config, &spec.actions())
        .iter()
        .map(|w| w.to_string())
        .collect();
    let mut v = serde_json::to_value(report).map_err(|e| e.to_string())?;
    v["seed"] = json!(spec.seed);
    v["update_gap_ms"] = json!(spec.update_gap_ms);
    v["warnings"] = warn(&warnings);
    Ok(Some(v))
}

fn explore_cmd(p: &mut lexopt::Parser) -> Out {
    let mut spec = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, 2, 2);
    let mut with_trace = false;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("strategy") => spec.strategy = named(p, "strategy", Strategy::parse, STRATEGIES)?,
            Long("scheme") => spec.scheme = named(p, "scheme", VersionScheme::parse, SCHEMES)?,
            Long("updates") => spec.updates = number_as(p, "updates", explorer::UPDATES)?,
            Long("deletes") => spec.deletes = number_as(p, "deletes", DELETES)?,
            Long("on-delete") => {
                spec.on_delete = named(p, "on-delete", Deletes::parse, "hard, tombstone")?
            }
            Long("listeners") => spec.listeners = number_as(p, "listeners", explorer::LISTENERS)?,
            Long("in-flight") => {
                spec.max_in_flight = number_as(p, "in-flight", explorer::MAX_IN_FLIGHT)?
            }
            Long("state-limit") => spec.state_limit = number(p, "state-limit", STATE_LIMIT)?,
            Long("broker") => spec.broker = named(p, "broker", BrokerKind::parse, BROKERS)?,
            Long("max-ack-pending") => {
                spec.max_ack_pending = Some(number_as(p, "max-ack-pending", MAX_ACK_PENDING)?)
            }
            Long("trace") => with_trace = true,
            Long("help") | Short('h') => {
                print!("{}", help::explore());
                return Ok(None);
            }
            other => {
                return Err(format!(
                    "{} (see occ-sim explore --help)",
                    other.unexpected()
                ))
            }
        }
    }
    let report = explore(&spec).map_err(|e| explore_error(&e))?;
    let trace = match (&report.counterexample, with_trace) {
        (Some(choices), true) => {
            Some(replay_schedule(&spec, choices).map_err(|e| explore_error(&e))?)
        }
        _ => None,
    };
    let mut v = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    if let Some(t) = trace {
        v["counterexample_trace"] =
            serde_json::to_value(t.steps_json()).map_err(|e| e.to_string())?;
    }
    Ok(Some(v))
}

/// Explorer errors in terms of the flags (never the model's debug text).
fn explore_error(e: &ExploreError) -> String {
    match e {
        ExploreError::Invalid(c) => flagged(c),
        ExploreError::TooManyStates { limit } => format!(
            "--state-limit: more than {limit} distinct states; use fewer --updates or --listeners, or raise --state-limit (at most {})",
            STATE_LIMIT.1
        ),
        ExploreError::InvalidChoice { index, .. } => format!(
            "the counterexample's choice {index} cannot be replayed (a bug in the model; please report it)"
        ),
        other => other.to_string(),
    }
}

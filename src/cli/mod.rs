//! The CLI's commands. Every failure becomes `Err(message)`, printed as one
//! line on stderr with exit status 2; nothing here panics on bad input.

mod help;

use lexopt::prelude::*;
use occ_playground::engine::config::{Assignment, Config, MsRange};
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::explorer::{explore, replay_schedule, ExploreSpec};
use occ_playground::engine::{Scenario, Simulation, Strategy, VersionScheme};
use serde_json::{json, Value};
use std::ffi::OsString;

pub fn main(args: Vec<OsString>) -> i32 {
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
            "run" => run(&mut p),
            other => Err(format!(
                "unknown command {other:?}; allowed: experiment, explore, run"
            )),
        },
        Some(Long("help")) | Some(Short('h')) => {
            print!("{}", help::MAIN);
            Ok(None)
        }
        Some(arg) => Err(format!(
            "{}; expected a command: experiment, explore, run",
            arg.unexpected()
        )),
        None => Err("missing command; allowed: experiment, explore, run (see --help)".into()),
    }
}

fn text(p: &mut lexopt::Parser, flag: &str) -> Result<String, String> {
    let v = p.value().map_err(|_| format!("--{flag}: missing value"))?;
    v.into_string()
        .map_err(|_| format!("--{flag}: the value is not valid UTF-8"))
}

fn number<T: std::str::FromStr>(
    p: &mut lexopt::Parser,
    flag: &str,
    allowed: &str,
) -> Result<T, String> {
    let v = text(p, flag)?;
    v.parse()
        .map_err(|_| format!("--{flag}: {v:?} is not a number; allowed {allowed}"))
}

fn named<T>(
    p: &mut lexopt::Parser,
    flag: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T, String> {
    let v = text(p, flag)?;
    parse(&v).ok_or_else(|| format!("--{flag}: unknown value {v:?}; allowed {allowed}"))
}

const STRATEGIES: &str = "naive, occ, plugin-increment, newest-wins, prev-version";
const SCHEMES: &str = "increment, step100, timestamp";

/// Flags share names with config fields where they can; this maps a field
/// named in a validation error back to its flag.
fn flag_of(field: &str) -> &str {
    match field {
        "ack_wait_ms" => "--ack-wait",
        "max_deliver" => "--max-deliver",
        "max_in_flight" => "--in-flight",
        "delivery_ms" | "delivery_ms.min" => "--delivery-min",
        "delivery_ms.max" => "--delivery-max",
        "processing_ms" | "processing_ms.min" => "--processing-min",
        "processing_ms.max" => "--processing-max",
        "restart_ms" => "--restart",
        "max_transitions" => "--max-transitions",
        "heartbeat_fail_ms" => "--heartbeat-fail",
        "faults.lost_ack_permille" => "--lost-ack",
        "faults.crash_permille" => "--crash",
        "update_gap_ms" => "--gap",
        "state_limit" => "--state-limit",
        "updates" => "--updates",
        "trials" => "--trials",
        "listeners" => "--listeners",
        _ => field,
    }
}

fn experiment(p: &mut lexopt::Parser) -> Out {
    let mut spec = ExperimentSpec::new(Config::default(), 2, 200, 1);
    let c = &mut spec.config;
    let (mut dmin, mut dmax) = (c.delivery_ms.min, c.delivery_ms.max);
    let (mut pmin, mut pmax) = (c.processing_ms.min, c.processing_ms.max);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        let c = &mut spec.config;
        match arg {
            Long("strategy") => c.strategy = named(p, "strategy", Strategy::parse, STRATEGIES)?,
            Long("scheme") => c.scheme = named(p, "scheme", VersionScheme::parse, SCHEMES)?,
            Long("updates") => spec.updates = number(p, "updates", "1..=10000")?,
            Long("listeners") => c.listeners = number(p, "listeners", "1..=8")?,
            Long("trials") => spec.trials = number(p, "trials", "1..=1000000")?,
            Long("seed") => spec.seed = number(p, "seed", "0..=18446744073709551615")?,
            Long("gap") => spec.update_gap_ms = number(p, "gap", "0..=60000")?,
            Long("ack-wait") => c.ack_wait_ms = number(p, "ack-wait", "10..=600000")?,
            Long("max-deliver") => c.max_deliver = Some(number(p, "max-deliver", "1..=1000")?),
            Long("in-flight") => c.max_in_flight = number(p, "in-flight", "1..=16384")?,
            Long("max-transitions") => {
                c.max_transitions = number(p, "max-transitions", "1000..=100000000")?
            }
            Long("heartbeat-fail") => {
                c.heartbeat_fail_ms = number(p, "heartbeat-fail", "0..=3600000")?
            }
            Long("assign") => {
                c.assignment = named(p, "assign", Assignment::parse, "round-robin, random")?
            }
            Long("delivery-min") => dmin = number(p, "delivery-min", "0..=60000")?,
            Long("delivery-max") => dmax = number(p, "delivery-max", "0..=60000")?,
            Long("processing-min") => pmin = number(p, "processing-min", "0..=60000")?,
            Long("processing-max") => pmax = number(p, "processing-max", "0..=60000")?,
            Long("restart") => c.restart_ms = number(p, "restart", "0..=600000")?,
            Long("lost-ack") => c.faults.lost_ack_permille = number(p, "lost-ack", "0..=1000")?,
            Long("crash") => c.faults.crash_permille = number(p, "crash", "0..=1000")?,
            Long("help") | Short('h') => {
                print!("{}", help::EXPERIMENT);
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
    spec.config.delivery_ms = MsRange::new(dmin, dmax);
    spec.config.processing_ms = MsRange::new(pmin, pmax);
    let report =
        run_experiment(&spec).map_err(|e| format!("{}: {}", flag_of(&e.field), e.message))?;
    let mut v = serde_json::to_value(report).map_err(|e| e.to_string())?;
    v["seed"] = json!(spec.seed);
    v["update_gap_ms"] = json!(spec.update_gap_ms);
    Ok(Some(v))
}

fn explore_cmd(p: &mut lexopt::Parser) -> Out {
    let mut spec = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, 2, 2);
    let mut with_trace = false;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("strategy") => spec.strategy = named(p, "strategy", Strategy::parse, STRATEGIES)?,
            Long("scheme") => spec.scheme = named(p, "scheme", VersionScheme::parse, SCHEMES)?,
            Long("updates") => spec.updates = number(p, "updates", "1..=10")?,
            Long("listeners") => spec.listeners = number(p, "listeners", "1..=4")?,
            Long("in-flight") => spec.max_in_flight = number(p, "in-flight", "1..=2")?,
            Long("state-limit") => spec.state_limit = number(p, "state-limit", "1..=50000000")?,
            Long("trace") => with_trace = true,
            Long("help") | Short('h') => {
                print!("{}", help::EXPLORE);
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
    let report = explore(&spec).map_err(|e| match e {
        occ_playground::engine::explorer::ExploreError::Invalid(c) => {
            format!("{}: {}", flag_of(&c.field), c.message)
        }
        other => other.to_string(),
    })?;
    let trace = match (&report.counterexample, with_trace) {
        (Some(choices), true) => Some(replay_schedule(&spec, choices).map_err(|e| e.to_string())?),
        _ => None,
    };
    let mut v = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    if let Some(t) = trace {
        v["counterexample_trace"] = serde_json::to_value(t.steps).map_err(|e| e.to_string())?;
    }
    Ok(Some(v))
}

fn run(p: &mut lexopt::Parser) -> Out {
    let mut path = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Value(v) if path.is_none() => path = Some(v),
            Long("help") | Short('h') => {
                print!("{}", help::RUN);
                return Ok(None);
            }
            other => return Err(format!("{} (see occ-sim run --help)", other.unexpected())),
        }
    }
    let path = path.ok_or("run: missing SCENARIO.json (a scenario file path)")?;
    let shown = path.to_string_lossy().into_owned();
    let body = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {shown:?}: {e}"))?;
    let scenario: Scenario =
        serde_json::from_str(&body).map_err(|e| format!("{shown}: not a valid scenario: {e}"))?;
    let mut sim = Simulation::new(scenario).map_err(|e| format!("{shown}: {e}"))?;
    let outcome = sim.run();
    Ok(Some(json!({
        "outcome": outcome,
        "verdict": sim.verdict(),
        "steps": sim.steps_taken(),
        "time_ms": sim.now_ms(),
        "trace": sim.trace().steps,
    })))
}

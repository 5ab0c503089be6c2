//! One job a worker runs, in slices: an experiment's share of trials, an
//! exploration, or a scenario run to its end with its trace. A worker yields
//! between slices so a Cancel and the next job get through.

use crate::engine::experiment::{ExperimentRun, ExperimentSpec, Tally};
use crate::engine::explorer::{Exploration, ExploreReport, ExploreSpec};
use crate::engine::{Simulation, TraceMode};
use crate::import::{open_file, OpenedFile};
use serde::{Deserialize, Serialize};

// One per job, moved rarely: the specs (a whole Config each) are large and
// a Box would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Job {
    /// Trials `first..first + count` of `spec`.
    Experiment {
        spec: ExperimentSpec,
        first: u32,
        count: u32,
    },
    Explore {
        spec: ExploreSpec,
    },
    /// `runScenario`'s request as the caller sent it: the worker reads it,
    /// not the page's thread, and keeps the first `trace_limit` steps of
    /// the trace.
    Scenario {
        request: String,
        trace_limit: u64,
    },
    /// An imported file, read and checked here rather than on the page
    /// (`import::open_file`).
    Open {
        file: FileSource,
    },
}

/// Where an imported file's text is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileSource {
    Text(String),
    /// A `blob:` URL of the page's `File`: the worker fetches it itself
    /// (`worker.rs`), so the text of a 7.5 MB file never passes through the
    /// page's thread, and is never escaped into a message.
    Blob(String),
}

/// What a job reported: how far it got, or its end.
#[derive(Clone, Debug, PartialEq)]
pub enum JobEvent {
    Progress(Progress),
    Finished(Result<Done, String>),
}

/// Externally tagged (unlike `Job`): the page then reads a reply straight
/// from the JSON text, without serde's buffering of internally tagged enums.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Done {
    /// To merge with the other shares on the page.
    Experiment { tally: Tally },
    /// For the explorer panel, or `explore()` (which makes it JS-safe).
    Explore { report: Box<ExploreReport> },
    /// A scenario run as JS-safe JSON text (`api::present`), made in the
    /// worker: the page only parses it.
    Json { json: String },
    /// An imported file, ready to open (or refused: `FromWorker::Failed`
    /// with the notice).
    Opened { file: Box<OpenedFile> },
}

fn json<T: Serialize>(value: &T) -> Result<Done, String> {
    crate::api::present(value, &[])
        .map(|value| Done::Json {
            json: value.to_string(),
        })
        .map_err(|e| format!("result: {e}"))
}

/// Work done and work in all, in the job's own units (trials, states, steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

enum Running {
    Experiment(Box<ExperimentRun>),
    Explore(Box<Exploration>),
    Scenario(Box<Simulation>),
    /// Work done in `Task::new`, handed over by the first slice.
    Ready(Option<Done>),
}

pub struct Task(Running);

impl Task {
    /// Bad input becomes a message naming the field, as the sync API says it.
    pub fn new(job: Job) -> Result<Task, String> {
        Ok(Task(match job {
            Job::Experiment { spec, first, count } => Running::Experiment(Box::new(
                ExperimentRun::shard(spec, first, count).map_err(|e| format!("experiment: {e}"))?,
            )),
            Job::Explore { spec } => Running::Explore(Box::new(
                Exploration::new(&spec).map_err(|e| format!("explore: {e}"))?,
            )),
            Job::Scenario {
                request,
                trace_limit,
            } => {
                let scenario = crate::api::scenario_request(&request)?;
                let mut sim = Simulation::with_trace(scenario, TraceMode::Full)
                    .map_err(|e| format!("scenario: {e}"))?;
                sim.set_trace_limit(trace_limit);
                Running::Scenario(Box::new(sim))
            }
            Job::Open {
                file: FileSource::Text(text),
            } => Running::Ready(Some(Done::Opened {
                file: Box::new(open_file(&text)?),
            })),
            Job::Open {
                file: FileSource::Blob(_),
            } => return Err("Import failed: the worker was given a file it had not read.".into()),
        }))
    }

    /// About `units` of work; the result once the job is done.
    pub fn work(&mut self, units: u32) -> Result<Option<Done>, String> {
        match &mut self.0 {
            Running::Experiment(run) => {
                run.run_trials(units.max(1));
                Ok(run.is_done().then(|| Done::Experiment {
                    tally: run.tally().clone(),
                }))
            }
            Running::Explore(run) => {
                run.run(units.max(1)).map_err(|e| format!("explore: {e}"))?;
                Ok(run.report().map(|r| Done::Explore {
                    report: Box::new(r.clone()),
                }))
            }
            Running::Scenario(sim) => {
                for _ in 0..units.max(1) {
                    if !sim.step() {
                        return json(&crate::api::ScenarioRun {
                            outcome: sim.outcome(),
                            verdict: sim.verdict(),
                            steps: sim.steps_taken(),
                            trace: sim.trace(),
                            trace_not_kept: sim.trace().not_kept(),
                        })
                        .map(Some);
                    }
                }
                Ok(None)
            }
            Running::Ready(done) => Ok(done.take()),
        }
    }

    pub fn progress(&self) -> Progress {
        match &self.0 {
            Running::Experiment(run) => {
                let p = run.progress();
                Progress {
                    done: u64::from(p.done),
                    total: u64::from(p.total),
                }
            }
            Running::Explore(run) => {
                let p = run.progress();
                Progress {
                    done: p.expanded,
                    total: p.states.max(p.expanded),
                }
            }
            Running::Scenario(sim) => Progress {
                done: sim.steps_taken(),
                total: sim.scenario().config.max_transitions,
            },
            Running::Ready(done) => Progress {
                done: u64::from(done.is_none()),
                total: 1,
            },
        }
    }
}

/// How many units the next slice gets, from how long the last one took:
/// scaled toward `target_ms`, at most 4x up or down at a time (one slow
/// slice, a garbage collection say, must not shrink the work to nothing).
pub fn next_units(units: u32, elapsed_ms: f64, target_ms: f64) -> u32 {
    let units = units.max(1);
    let scaled = if elapsed_ms < target_ms / 40.0 {
        f64::from(units) * 4.0
    } else {
        f64::from(units) * target_ms / elapsed_ms
    };
    let lo = f64::from((units / 4).max(1));
    let hi = f64::from(units.saturating_mul(4));
    scaled.clamp(lo, hi).min(f64::from(1u32 << 24)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::experiment::run_experiment;
    use crate::engine::explorer::explore;
    use crate::engine::{Config, Strategy, VersionScheme};

    /// What the page gets back is what the worker sent, through the JSON
    /// codec and the tagged message (value counts included).
    #[test]
    fn a_tally_survives_the_worker_message() {
        let spec = ExperimentSpec::new(Config::default(), 3, 20, 7);
        let mut run = ExperimentRun::shard(spec, 0, 20).unwrap();
        run.run_trials(20);
        let tally = run.tally().clone();
        let sent = crate::offload::protocol::FromWorker::Done {
            id: 1,
            done: Done::Experiment { tally },
        };
        let text = serde_json::to_string(&sent).unwrap();
        let back: crate::offload::protocol::FromWorker = serde_json::from_str(&text).unwrap();
        assert_eq!(back, sent);
    }

    fn finish(job: Job) -> Done {
        let mut task = Task::new(job).unwrap();
        loop {
            if let Some(done) = task.work(3).unwrap() {
                return done;
            }
        }
    }

    #[test]
    fn an_experiment_share_is_the_engine_s_own_tally() {
        let config = Config {
            strategy: Strategy::Occ,
            ..Config::default()
        };
        let spec = ExperimentSpec::new(config, 2, 12, 5);
        let Done::Experiment { tally } = finish(Job::Experiment {
            spec: spec.clone(),
            first: 0,
            count: 12,
        }) else {
            panic!("not an experiment");
        };
        assert_eq!(tally.report(&spec), run_experiment(&spec).unwrap());
    }

    #[test]
    fn an_exploration_in_slices_matches_explore() {
        let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
        let Done::Explore { report } = finish(Job::Explore { spec: spec.clone() }) else {
            panic!("not an exploration");
        };
        assert_eq!(*report, explore(&spec).unwrap());
    }

    #[test]
    fn bad_input_names_the_field() {
        let mut spec = ExperimentSpec::new(Config::default(), 2, 1, 5);
        spec.trials = 0;
        let err = Task::new(Job::Experiment {
            spec,
            first: 0,
            count: 1,
        })
        .err()
        .unwrap();
        assert!(err.starts_with("experiment: trials"), "{err}");
    }

    fn scenario_job(trace_limit: u64) -> Job {
        let scenario = crate::engine::Scenario::lecture_race(Config::default(), 3);
        Job::Scenario {
            request: serde_json::to_string(&scenario).unwrap(),
            trace_limit,
        }
    }

    /// The worker reads the caller's text and sends back the first
    /// `trace_limit` steps; the run itself goes on to the same end.
    #[test]
    fn a_scenario_run_keeps_the_first_steps_and_counts_the_rest() {
        let value = |done| match done {
            Done::Json { json } => serde_json::from_str::<serde_json::Value>(&json).unwrap(),
            _ => panic!("not a scenario run"),
        };
        let whole = value(finish(scenario_job(1_000_000)));
        let cut = value(finish(scenario_job(5)));
        let steps = |v: &serde_json::Value| v["trace"]["steps"].as_array().unwrap().len() as u64;
        let whole_steps = steps(&whole);
        assert!(whole_steps > 5, "{whole_steps}");
        assert_eq!(whole["trace_not_kept"], 0);
        assert_eq!(steps(&cut), 5);
        assert_eq!(cut["trace_not_kept"].as_u64().unwrap(), whole_steps - 5);
        assert_eq!(
            (&cut["outcome"], &cut["steps"]),
            (&whole["outcome"], &whole["steps"])
        );
    }

    #[test]
    fn a_bad_scenario_request_is_refused_in_the_worker_naming_the_field() {
        let err = Task::new(Job::Scenario {
            request: r#"{"format":1,"seed":1,"config":{"scheme":"fibonacci"},"actions":[]}"#.into(),
            trace_limit: 10,
        })
        .err()
        .unwrap();
        assert!(
            err.starts_with("runScenario(), field config.scheme"),
            "{err}"
        );
    }

    /// The worker's reading of a file is the page's: the same state, capped
    /// at the same step with the same sentence, and the link the page would
    /// have written for it.
    #[test]
    fn an_imported_file_is_read_in_the_worker_as_the_page_would() {
        let scenario = crate::engine::Scenario::lecture_race(Config::default(), 3);
        let far = crate::share::SharedState {
            scenario,
            step: 10_000_000,
            lesson: None,
        };
        let Done::Opened { file } = finish(Job::Open {
            file: FileSource::Text(serde_json::to_string(&far).unwrap()),
        }) else {
            panic!("not an opened file");
        };
        let mut expected = crate::import::imported(&serde_json::to_string(&far).unwrap()).unwrap();
        let notice = expected.cap_step();
        assert!(notice
            .as_deref()
            .unwrap()
            .contains("asks for step 10000000"));
        assert_eq!((&file.state, &file.notice), (&expected, &notice));
        assert_eq!(file.fragment, crate::share::encode(&expected));
        assert_eq!(crate::share::decode(&file.fragment).unwrap(), expected);
    }

    #[test]
    fn a_file_that_cannot_be_imported_gets_the_page_s_notice() {
        let text = r#"{"format":1,"seed":1,"config":{"scheme":"fibonacci"},"actions":[]}"#;
        let err = Task::new(Job::Open {
            file: FileSource::Text(text.into()),
        })
        .err()
        .unwrap();
        assert_eq!(err, crate::import::imported(text).unwrap_err());
        assert!(err.contains("config.scheme"), "{err}");
    }

    #[test]
    fn slices_aim_at_the_target_without_swinging() {
        assert_eq!(next_units(100, 10.0, 20.0), 200);
        assert_eq!(next_units(100, 200.0, 20.0), 25);
        assert_eq!(next_units(100, 0.0, 20.0), 400);
        assert_eq!(next_units(0, 1000.0, 20.0), 1);
    }
}

//! The work behind the JS API's Promises (`app::js_api` reads the request
//! through `crate::api`): jobs in the engine workers, so the page never
//! blocks whatever the size. Options are optional: `workers` (default one per
//! core, at most 8; capped at 16), `onProgress(done, total)`, `signal` (an
//! AbortSignal: rejects with "cancelled" and stops the workers). Results are
//! made JS-safe by `api::present` (big counts as decimal strings).

use super::pool::{self, Event};
use super::split::{merge, shares, MAX_WORKERS};
use super::task::{Done, Job};
use crate::api::limits::API_TRACE_STEPS;
use crate::api::{present, EXPLORE_BIG};
use crate::engine::experiment::{ExperimentSpec, Tally};
use crate::engine::explorer::ExploreSpec;
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A JS-safe value (`api::present`) as a plain JS object.
fn output(value: Result<serde_json::Value, String>) -> Result<JsValue, String> {
    js_sys::JSON::parse(&value?.to_string()).map_err(|_| "result: not JSON".to_owned())
}

fn option(options: &JsValue, name: &str) -> Option<JsValue> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `options[name]`: a whole number in `range`, `default` when absent; `why`
/// ends the message for anything else.
fn whole_option(
    options: &JsValue,
    name: &str,
    range: std::ops::RangeInclusive<u64>,
    default: u64,
    why: &str,
) -> Result<u64, String> {
    let Some(v) = option(options, name) else {
        return Ok(default);
    };
    let (lo, hi) = (*range.start(), *range.end());
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (lo as f64..=hi as f64).contains(&n) => Ok(n as u64),
        _ => Err(format!(
            "options.{name}: expected a whole number in {lo}..={hi}{why}"
        )),
    }
}

fn workers_option(options: &JsValue) -> Result<u32, String> {
    let n = whole_option(
        options,
        "workers",
        1..=u64::from(MAX_WORKERS),
        u64::from(pool::default_workers()),
        "",
    )?;
    Ok(n as u32)
}

/// The promise's settle functions, used once; and the jobs to stop on abort.
struct Settle {
    resolve: Function,
    reject: Function,
    jobs: Vec<u64>,
    settled: bool,
}

type Shared = Rc<RefCell<Settle>>;

fn settle(s: &Shared, result: Result<JsValue, String>) {
    let mut s = s.borrow_mut();
    if std::mem::replace(&mut s.settled, true) {
        return;
    }
    let _ = match result {
        Ok(v) => s.resolve.call1(&JsValue::NULL, &v),
        Err(m) => s.reject.call1(&JsValue::NULL, &js_sys::Error::new(&m)),
    };
    for id in std::mem::take(&mut s.jobs) {
        pool::cancel(id);
    }
}

/// A promise whose settle functions `start` gets, with abort wired up.
fn promise(options: &JsValue, start: impl FnOnce(&Shared)) -> Promise {
    let mut shared = None;
    let promise = Promise::new(&mut |resolve, reject| {
        shared = Some(Rc::new(RefCell::new(Settle {
            resolve,
            reject,
            jobs: Vec::new(),
            settled: false,
        })));
    });
    let Some(shared) = shared else {
        return promise;
    };
    if let Some(signal) = option(options, "signal") {
        if Reflect::get(&signal, &"aborted".into()).is_ok_and(|a| a.is_truthy()) {
            settle(&shared, Err("cancelled".into()));
            return promise;
        }
        let on_abort = {
            let shared = shared.clone();
            Closure::once_into_js(move || settle(&shared, Err("cancelled".into())))
        };
        let add = Reflect::get(&signal, &"addEventListener".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(add) = add {
            let _ = add.call2(&signal, &"abort".into(), &on_abort);
        }
    }
    start(&shared);
    promise
}

fn progress_callback(options: &JsValue) -> Option<Function> {
    option(options, "onProgress").and_then(|f| f.dyn_into::<Function>().ok())
}

fn report_progress(cb: &Option<Function>, done: u64, total: u64) {
    if let Some(cb) = cb {
        let _ = cb.call2(
            &JsValue::NULL,
            &(done as f64).into(),
            &(total as f64).into(),
        );
    }
}

/// `runExperiment` in workers: trials shared out, tallies merged in trial
/// order, so the report is the one a single worker gives.
pub fn run_experiment(spec: ExperimentSpec, options: &JsValue) -> Result<Promise, String> {
    let parts = shares(spec.trials, workers_option(options)?);
    let options = options.clone();
    let on_progress = progress_callback(&options);
    Ok(promise(&options, move |shared| {
        let done_per_share = Rc::new(RefCell::new(vec![0u64; parts.len()]));
        let tallies: Rc<RefCell<Vec<Tally>>> = Rc::default();
        let (n, total) = (parts.len(), u64::from(spec.trials));
        for (i, (first, count)) in parts.into_iter().enumerate() {
            let job = Job::Experiment {
                spec: spec.clone(),
                first,
                count,
            };
            let (settle_on, spec) = (shared.clone(), spec.clone());
            let (progress, tallies) = (done_per_share.clone(), tallies.clone());
            let on_progress = on_progress.clone();
            let id = pool::run(job, move |event| match event {
                Event::Progress(p) => {
                    progress.borrow_mut()[i] = p.done;
                    report_progress(&on_progress, progress.borrow().iter().sum(), total);
                }
                Event::Finished(Ok(Done::Experiment { tally })) => {
                    progress.borrow_mut()[i] = u64::from(count);
                    tallies.borrow_mut().push(tally);
                    if tallies.borrow().len() == n {
                        report_progress(&on_progress, total, total);
                        let all = std::mem::take(&mut *tallies.borrow_mut());
                        let report = merge(&spec, all).and_then(|r| present(&r, &[]));
                        settle(&settle_on, output(report));
                    }
                }
                Event::Finished(Ok(_)) => settle(&settle_on, Err("experiment: wrong reply".into())),
                Event::Finished(Err(m)) => settle(&settle_on, Err(m)),
            });
            shared.borrow_mut().jobs.push(id);
        }
    }))
}

/// One job in one worker; its result as plain data.
fn single(job: Job, options: &JsValue) -> Promise {
    let on_progress = progress_callback(options);
    promise(options, move |shared| {
        let shared2 = shared.clone();
        let id = pool::run(job, move |event| match event {
            Event::Progress(p) => report_progress(&on_progress, p.done, p.total),
            Event::Finished(Ok(Done::Json { json })) => settle(
                &shared2,
                js_sys::JSON::parse(&json).map_err(|_| "result: not JSON".to_owned()),
            ),
            Event::Finished(Ok(Done::Explore { report })) => {
                settle(&shared2, output(present(&report, EXPLORE_BIG)))
            }
            Event::Finished(Ok(Done::Experiment { .. } | Done::Opened { .. })) => {
                settle(&shared2, Err("wrong reply".into()))
            }
            Event::Finished(Err(m)) => settle(&shared2, Err(m)),
        });
        shared.borrow_mut().jobs.push(id);
    })
}

/// `explore` in a worker.
pub fn explore(spec: ExploreSpec, options: &JsValue) -> Promise {
    single(Job::Explore { spec }, options)
}

/// `options.traceLimit`: how many trace steps `runScenario` sends back.
fn trace_limit_option(options: &JsValue) -> Result<u64, String> {
    whole_option(
        options,
        "traceLimit",
        0..=API_TRACE_STEPS,
        API_TRACE_STEPS,
        " (trace steps sent back; the run itself always goes to its end)",
    )
}

/// `runScenario` in a worker: to quiescence or a stop, with the first
/// `options.traceLimit` steps of its trace. `request` is the caller's JSON
/// text or share link, read in the worker.
pub fn run_scenario(request: String, options: &JsValue) -> Result<Promise, String> {
    let trace_limit = trace_limit_option(options)?;
    Ok(single(
        Job::Scenario {
            request,
            trace_limit,
        },
        options,
    ))
}

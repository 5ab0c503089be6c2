//! In-browser tests of the experiments and explorer panels: labelled controls,
//! validation shown next to the field, Cancel, and the charts of a finished
//! run with its failing trials as buttons. The runs themselves go to the
//! engine workers, which only a built page has (`occ-worker.js`): the
//! journeys through them are e2e (tests/e2e/experiments.test.mjs), the
//! numbers native (tests/playground_jobs.rs).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::Element;

mod web_support;

use occ_playground::app::experiment_results::{ExperimentResults, ResultsProps};
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::{Config, Strategy};
use occ_playground::playground::batch::{open_trial, trial_note, TrialSet};
use occ_playground::playground::experiments::Outcomes;
use occ_playground::playground::Msg;
use std::rc::Rc;
use web_support::{
    button, buttons, choose, click, mount_app, recorder, root, set_field, sleep, text,
};

wasm_bindgen_test_configure!(run_in_browser);

async fn page_on(tab: &str) -> Element {
    let r = mount_app().await;
    click(&r, tab).await;
    r
}

#[wasm_bindgen_test]
async fn experiments_controls_are_labelled_and_bad_input_runs_nothing() {
    let r = page_on("Experiments").await;
    for id in [
        "exp-strategy",
        "exp-scheme",
        "exp-trials",
        "exp-updates",
        "exp-listeners",
        "exp-seed",
    ] {
        let label = text(&r, &format!("label[for={id}]")).unwrap_or_default();
        assert!(!label.is_empty(), "label for {id}");
    }
    let strategies = r.query_selector_all("#exp-strategy option").unwrap();
    assert_eq!(strategies.length(), 6, "all + five strategies");
    assert!(button(&r, "Cancel").has_attribute("disabled"));
    set_field(&r, "exp-trials", "0").await;
    assert_eq!(
        text(&r, "#exp-trials-error").as_deref(),
        Some("Enter a whole number from 1 to 100000.")
    );
    click(&r, "Run").await;
    sleep(50).await;
    assert!(text(&r, ".refused").unwrap().contains("Nothing was run"));
    assert!(r.query_selector("progress").unwrap().is_none());
    set_field(&r, "exp-trials", "200").await;
    assert_eq!(text(&r, "#exp-trials-error"), None);
}

/// A finished naive run, as the panel shows it once the workers report.
fn naive_outcomes(trials: u32) -> Rc<Outcomes> {
    let config = Config::with_strategy(Strategy::Naive);
    let spec = ExperimentSpec::new(config, 2, trials, 1);
    let report = run_experiment(&spec).unwrap();
    Rc::new(Outcomes {
        sets: vec![TrialSet { spec, report }],
        matrix: false,
        cancelled: None,
    })
}

#[wasm_bindgen_test]
async fn a_finished_run_draws_its_charts_and_a_trial_opens_live() {
    let r = root();
    let (on_msg, seen) = recorder();
    let outcomes = naive_outcomes(40);
    let props = ResultsProps {
        outcomes: outcomes.clone(),
        on_msg,
    };
    yew::Renderer::<ExperimentResults>::with_root_and_props(r.clone(), props).render();
    yew::scheduler::flush().await;
    let chart = r.query_selector("svg.outcome-chart").unwrap().unwrap();
    assert_eq!(chart.get_attribute("role").as_deref(), Some("img"));
    assert!(chart
        .get_attribute("aria-label")
        .unwrap()
        .contains("diverged"));
    assert!(r
        .query_selector("svg.outcome-chart rect title")
        .unwrap()
        .is_some());
    click(&r, "Time to quiescence").await;
    let hist = r.query_selector("svg.histogram").unwrap().unwrap();
    assert!(hist
        .get_attribute("aria-label")
        .unwrap()
        .contains("quiescence"));
    let link = buttons(&r)
        .into_iter()
        .find(|b| b.text_content().unwrap().ends_with("(diverged)"))
        .expect("a diverged trial");
    link.click();
    yew::scheduler::flush().await;
    let set = &outcomes.sets[0];
    let trial = set.report.diverged_examples[0].trial;
    let seen = seen.borrow();
    assert_eq!(
        seen[seen.len().saturating_sub(2)..],
        [
            open_trial(&set.spec, trial),
            Msg::Notice(trial_note(&set.spec, trial))
        ],
        "the first diverged trial opens, and says which it is"
    );
}

#[wasm_bindgen_test]
async fn cancel_stops_a_run() {
    let r = page_on("Experiments").await;
    choose(&r, "exp-strategy", "naive").await;
    set_field(&r, "exp-updates", "50").await;
    set_field(&r, "exp-trials", "100000").await;
    click(&r, "Run").await;
    assert!(r.query_selector("progress").unwrap().is_some());
    sleep(100).await;
    click(&r, "Cancel").await;
    let status = text(&r, ".run-status").unwrap();
    assert!(status.starts_with("Cancelled after"), "{status}");
    assert!(r.query_selector("progress").unwrap().is_none());
    sleep(200).await;
    assert_eq!(
        text(&r, ".run-status").unwrap(),
        status,
        "no progress after cancel"
    );
}

#[wasm_bindgen_test]
async fn the_explorer_refuses_above_its_limit_and_estimates_within_it() {
    let r = page_on("Explorer").await;
    for id in ["xp-strategy", "xp-scheme", "xp-updates", "xp-listeners"] {
        assert!(
            text(&r, &format!("label[for={id}]")).is_some_and(|t| !t.is_empty()),
            "{id}"
        );
    }
    set_field(&r, "xp-listeners", "4").await;
    set_field(&r, "xp-updates", "10").await;
    assert!(text(&r, ".estimate")
        .unwrap()
        .contains("more than this page explores"));
    click(&r, "Explore").await;
    assert!(text(&r, ".refused").unwrap().starts_with("Not run."));
    set_field(&r, "xp-listeners", "2").await;
    set_field(&r, "xp-updates", "2").await;
    assert!(text(&r, ".estimate")
        .unwrap()
        .contains("at most about 139 distinct states"));
}

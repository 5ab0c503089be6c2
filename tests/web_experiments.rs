//! In-browser tests of the experiments and explorer panels on the whole page:
//! labelled controls, validation shown next to the field, a run that the slice
//! driver carries to the end, Cancel, and failing runs that open in the live
//! view. The numbers themselves are tested natively (tests/playground_jobs.rs).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod web_support;

use web_support::{button, buttons, choose, click, mount_app, set_field, sleep, text, until};

wasm_bindgen_test_configure!(run_in_browser);

async fn page_on(tab: &str) -> Element {
    let r = mount_app().await;
    click(&r, tab).await;
    r
}

async fn small_run(r: &Element, strategy: &str, scheme: &str, trials: u32) {
    choose(r, "exp-strategy", strategy).await;
    choose(r, "exp-scheme", scheme).await;
    for (id, v) in [
        ("exp-updates", "2"),
        ("exp-listeners", "2"),
        ("exp-seed", "1"),
    ] {
        set_field(r, id, v).await;
    }
    set_field(r, "exp-trials", &trials.to_string()).await;
    click(r, "Run").await;
    until("the run to finish", || {
        text(r, ".run-status").is_some_and(|t| t.starts_with("Finished"))
    })
    .await;
}

fn verdict(r: &Element) -> String {
    text(r, ".verdict-word").unwrap_or_default()
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

#[wasm_bindgen_test]
async fn a_run_completes_in_slices_with_charts_and_a_trial_opens_live() {
    let r = page_on("Experiments").await;
    small_run(&r, "naive", "increment", 40).await;
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
    assert_eq!(verdict(&r), "Diverged", "the trial opens at its end");
    click(&r, "Experiments").await;
    assert!(
        r.query_selector("svg.outcome-chart").unwrap().is_some(),
        "results stay"
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
async fn the_explorer_refuses_above_its_limit_and_opens_its_counterexample() {
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
    choose(&r, "xp-strategy", "naive").await;
    click(&r, "Explore").await;
    until("the counterexample", || {
        text(&r, ".counterexample").is_some()
    })
    .await;
    assert!(r.query_selector_all("ol.choices li").unwrap().length() > 0);
    let open = r.query_selector(".counterexample button").unwrap().unwrap();
    open.unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
    assert!(
        text(&r, ".schedule-hint").is_some(),
        "the live view replays the schedule"
    );
}

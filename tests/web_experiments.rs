//! In-browser tests of the experiments and explorer panels: labelled controls,
//! validation that runs nothing, a run that completes with numbers that add
//! up, cancel, and failing runs that open in the live view (Msg::Load).
#![cfg(target_arch = "wasm32")]

use occ_playground::app::experiments_panel::{ExperimentsPanel, ExperimentsPanelProps};
use occ_playground::app::explorer_panel::{ExplorerPanel, ExplorerPanelProps};
use occ_playground::app::msg::Msg;
use occ_playground::engine::experiment::{trial_scenario, trial_steps, ExperimentSpec};
use occ_playground::engine::explorer::{
    counterexample_scenario, explore, schedule_start, ExploreSpec,
};
use occ_playground::engine::{Config, Strategy, VersionScheme};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod web_support;

use web_support::{recorder, root};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    yew::scheduler::flush().await;
}

/// Waits (up to 20 s) until `cond` holds.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..1000 {
        if cond() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

fn buttons(root: &Element) -> Vec<HtmlElement> {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .collect()
}

fn button(root: &Element, text: &str) -> HtmlElement {
    buttons(root)
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

fn text(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

fn fire(el: &web_sys::EventTarget, event: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap())
        .unwrap();
}

async fn set_field(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into();
    input.set_value(value);
    fire(&input, "change");
    yew::scheduler::flush().await;
}

async fn choose(root: &Element, id: &str, value: &str) {
    let select: HtmlSelectElement = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value(value);
    fire(&select, "change");
    yew::scheduler::flush().await;
}

async fn experiments() -> (Element, Rc<RefCell<Vec<Msg>>>) {
    let (on_msg, seen) = recorder();
    let r = root();
    yew::Renderer::<ExperimentsPanel>::with_root_and_props(
        r.clone(),
        ExperimentsPanelProps { on_msg },
    )
    .render();
    yew::scheduler::flush().await;
    (r, seen)
}

/// A small naive run: fields set explicitly (the panel remembers the last run).
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
    button(r, "Run").click();
    yew::scheduler::flush().await;
    until("the run to finish", || {
        text(r, ".run-status").is_some_and(|t| t.starts_with("Finished"))
    })
    .await;
}

/// (consistent, diverged, stalled, trials) per row of the results table.
fn table_rows(r: &Element) -> Vec<[u32; 4]> {
    let rows = r.query_selector_all(".results-table tbody tr").unwrap();
    (0..rows.length())
        .map(|i| {
            let row: Element = rows.item(i).unwrap().unchecked_into();
            let cells = row.query_selector_all("td").unwrap();
            let n = |k: u32| -> u32 {
                cells
                    .item(k)
                    .unwrap()
                    .text_content()
                    .unwrap()
                    .replace(',', "")
                    .parse()
                    .unwrap()
            };
            [n(2), n(3), n(4), n(1)]
        })
        .collect()
}

#[wasm_bindgen_test]
async fn experiments_controls_are_labelled() {
    let (r, _) = experiments().await;
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
}

#[wasm_bindgen_test]
async fn out_of_range_input_shows_a_message_and_runs_nothing() {
    let (r, seen) = experiments().await;
    set_field(&r, "exp-trials", "0").await;
    assert_eq!(
        text(&r, "#exp-trials-error").as_deref(),
        Some("Enter a whole number from 1 to 100000.")
    );
    let before = text(&r, ".run-status");
    button(&r, "Run").click();
    sleep(50).await;
    assert!(text(&r, ".refused").unwrap().contains("Nothing was run"));
    assert!(r.query_selector("progress").unwrap().is_none());
    assert_eq!(text(&r, ".run-status"), None, "was {before:?}");
    assert!(seen.borrow().is_empty());
    set_field(&r, "exp-trials", "200").await;
    assert_eq!(text(&r, "#exp-trials-error"), None);
}

#[wasm_bindgen_test]
async fn a_small_run_completes_and_its_numbers_add_up() {
    let (r, _) = experiments().await;
    small_run(&r, "naive", "increment", 40).await;
    let rows = table_rows(&r);
    assert_eq!(rows.len(), 1);
    let [c, d, s, t] = rows[0];
    assert_eq!((c + d + s, t), (40, 40));
    assert!(d > 0, "naive diverges sometimes: {rows:?}");
    let chart = r.query_selector("svg.outcome-chart").unwrap().unwrap();
    assert_eq!(chart.get_attribute("role").as_deref(), Some("img"));
    let label = chart.get_attribute("aria-label").unwrap();
    assert!(label.contains(&format!("{d} diverged")), "{label}");
    assert!(r
        .query_selector("svg.outcome-chart rect title")
        .unwrap()
        .is_some());
    assert!(r.query_selector("svg.histogram").unwrap().is_some());
    button(&r, "Time to quiescence").click();
    yew::scheduler::flush().await;
    let hist = r.query_selector("svg.histogram").unwrap().unwrap();
    assert!(hist
        .get_attribute("aria-label")
        .unwrap()
        .contains("quiescence"));
}

#[wasm_bindgen_test]
async fn all_strategies_by_all_schemes_fill_the_matrix() {
    let (r, seen) = experiments().await;
    small_run(&r, "all", "all", 20).await;
    let rows = table_rows(&r);
    assert_eq!(rows.len(), 15);
    assert!(rows.iter().all(|[c, d, s, t]| c + d + s == *t && *t == 20));
    let cells = r.query_selector_all("table.matrix td").unwrap();
    assert_eq!(cells.length(), 15);
    let words: Vec<String> = (0..15)
        .map(|i| cells.item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(
        words.iter().all(|w| ["converges", "diverges", "stalls"]
            .iter()
            .any(|k| w.starts_with(k))),
        "{words:?}"
    );
    assert!(
        words[0].starts_with("diverges"),
        "naive with increment: {words:?}"
    );
    // occ with step100 stalls.
    assert!(words[4].starts_with("stalls"), "{words:?}");
    let cell = r.query_selector("table.matrix td button").unwrap().unwrap();
    cell.unchecked_into::<HtmlElement>().click();
    assert!(matches!(seen.borrow().last(), Some(Msg::Load(_))));
}

#[wasm_bindgen_test]
async fn cancel_stops_a_run() {
    let (r, _) = experiments().await;
    choose(&r, "exp-strategy", "naive").await;
    choose(&r, "exp-scheme", "increment").await;
    set_field(&r, "exp-updates", "50").await;
    set_field(&r, "exp-trials", "100000").await;
    button(&r, "Run").click();
    yew::scheduler::flush().await;
    assert!(r.query_selector("progress").unwrap().is_some());
    sleep(100).await;
    button(&r, "Cancel").click();
    yew::scheduler::flush().await;
    let status = text(&r, ".run-status").unwrap();
    assert!(status.starts_with("Cancelled after"), "{status}");
    assert!(r.query_selector("progress").unwrap().is_none());
    let rows = table_rows(&r);
    sleep(200).await;
    assert_eq!(
        text(&r, ".run-status").unwrap(),
        status,
        "no progress after cancel"
    );
    assert_eq!(table_rows(&r), rows);
    let [c, d, s, t] = rows[0];
    assert!(t > 0 && t < 100_000 && c + d + s == t, "{rows:?}");
}

#[wasm_bindgen_test]
async fn a_failing_trial_opens_in_the_live_view() {
    let (r, seen) = experiments().await;
    small_run(&r, "naive", "increment", 50).await;
    let link = buttons(&r)
        .into_iter()
        .find(|b| b.text_content().unwrap().ends_with("(diverged)"))
        .expect("a diverged trial");
    let label = link.text_content().unwrap();
    let trial: u32 = label.split(' ').nth(2).unwrap().parse().unwrap();
    link.click();
    let config = Config {
        strategy: Strategy::Naive,
        ..Config::default()
    };
    let spec = ExperimentSpec::new(config, 2, 50, 1);
    match seen.borrow().last() {
        Some(Msg::Load(state)) => {
            assert_eq!(state.scenario, trial_scenario(&spec, trial));
            assert_eq!(state.step, trial_steps(&spec, trial));
            assert_eq!(state.lesson, None);
        }
        other => panic!("expected Msg::Load, got {other:?}"),
    };
}

async fn explorer() -> (Element, Rc<RefCell<Vec<Msg>>>) {
    let (on_msg, seen) = recorder();
    let r = root();
    yew::Renderer::<ExplorerPanel>::with_root_and_props(r.clone(), ExplorerPanelProps { on_msg })
        .render();
    yew::scheduler::flush().await;
    (r, seen)
}

#[wasm_bindgen_test]
async fn the_explorer_refuses_above_its_limit_and_validates() {
    let (r, seen) = explorer().await;
    for id in ["xp-strategy", "xp-scheme", "xp-updates", "xp-listeners"] {
        assert!(
            text(&r, &format!("label[for={id}]")).is_some_and(|t| !t.is_empty()),
            "{id}"
        );
    }
    set_field(&r, "xp-listeners", "5").await;
    assert_eq!(
        text(&r, "#xp-listeners-error").as_deref(),
        Some("Enter a whole number from 1 to 4.")
    );
    button(&r, "Explore").click();
    yew::scheduler::flush().await;
    assert!(text(&r, ".refused")
        .unwrap()
        .contains("Nothing was explored"));

    set_field(&r, "xp-listeners", "4").await;
    set_field(&r, "xp-updates", "10").await;
    assert!(text(&r, ".estimate")
        .unwrap()
        .contains("more than this page explores"));
    button(&r, "Explore").click();
    sleep(50).await;
    let refused = text(&r, ".refused").unwrap();
    assert!(refused.starts_with("Not run."), "{refused}");
    assert!(r.query_selector("progress").unwrap().is_none());
    assert!(r.query_selector(".explore-results").unwrap().is_none());
    assert!(seen.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn the_explorer_shows_and_opens_the_naive_counterexample() {
    let (r, seen) = explorer().await;
    choose(&r, "xp-strategy", "naive").await;
    choose(&r, "xp-scheme", "increment").await;
    set_field(&r, "xp-updates", "2").await;
    set_field(&r, "xp-listeners", "2").await;
    assert!(text(&r, ".estimate")
        .unwrap()
        .contains("92 distinct states"));
    button(&r, "Explore").click();
    yew::scheduler::flush().await;
    until("the counterexample", || {
        text(&r, ".counterexample").is_some()
    })
    .await;
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let report = explore(&spec).unwrap();
    let choices = report.counterexample.unwrap();
    let steps = r.query_selector_all("ol.choices li").unwrap();
    assert_eq!(steps.length() as usize, choices.len());
    assert!(text(&r, ".explore-table").unwrap().contains("diverged"));
    button(&r, "Open in the live view").click();
    match seen.borrow().last() {
        Some(Msg::Load(state)) => {
            assert_eq!(state.scenario, counterexample_scenario(&spec, &choices));
            assert_eq!(state.step, schedule_start(&spec));
        }
        other => panic!("expected Msg::Load, got {other:?}"),
    };
}

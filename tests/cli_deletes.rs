#![cfg(not(target_arch = "wasm32"))]
//! `occ-sim` with deletes (issue 28): a scenario file with `delete-ticket`,
//! and the burst of `explore` / `experiment` ending in `--deletes N`.

mod cli_support;
use cli_support::{error_line, json, TempDir};

const LATE_DUPLICATE: &str = r#"{"format":1,"seed":3,"config":{"strategy":"occ"},"actions":[
    {"at_ms":0,"action":{"type":"create-ticket","title":"concert","price":5}},
    {"at_ms":100,"action":{"type":"lose-next-ack"}},
    {"at_ms":100,"action":{"type":"update-ticket","id":"CZQ","price":10}},
    {"at_ms":1000,"action":{"type":"delete-ticket","id":"CZQ"}}]}"#;

#[test]
fn run_replays_a_scenario_file_with_a_delete() {
    let dir = TempDir::new();
    let hard = dir.file("hard.json", LATE_DUPLICATE);
    let out = json(&["run", &hard]);
    assert_eq!(out["outcome"], "stalled", "{out}");
    let soft = dir.file(
        "soft.json",
        &LATE_DUPLICATE.replace(
            r#""strategy":"occ""#,
            r#""strategy":"occ","on_delete":"tombstone""#,
        ),
    );
    assert_eq!(json(&["run", &soft])["outcome"], "consistent");
    let bad = dir.file(
        "bad.json",
        &LATE_DUPLICATE.replace(
            r#"{"type":"delete-ticket","id":"CZQ"}"#,
            r#"{"type":"delete-ticket"}"#,
        ),
    );
    let line = error_line(&["run", &bad]);
    assert!(
        line.contains("actions[3].action") && line.contains("a delete-ticket action needs id"),
        "{line}"
    );
}

#[test]
fn explore_and_experiment_take_deletes() {
    let r = json(&["explore", "--updates", "1", "--deletes", "1"]);
    assert_eq!(r["consistent"], r["schedules"], "{r}");
    let r = json(&[
        "experiment",
        "--updates",
        "1",
        "--deletes",
        "1",
        "--trials",
        "20",
    ]);
    assert_eq!(r["trials"], 20, "{r}");
    assert_eq!(
        error_line(&["explore", "--deletes", "2"]),
        "occ-sim: error: --deletes: 2 is out of range 0..1"
    );
}

/// The explorer takes the listeners' deletes: under naive a hard delete
/// leaves schedules where a late event finds no row and loops forever; with
/// tombstones none does (any event for a tombstone is acked and skipped).
#[test]
fn explore_takes_on_delete_and_tombstones_end_every_stall() {
    let base = [
        "explore",
        "--strategy",
        "naive",
        "--updates",
        "1",
        "--deletes",
        "1",
    ];
    let hard = json(&base);
    assert!(hard["stalled"].as_u64().unwrap() > 0, "{hard}");
    let mut soft_args = base.to_vec();
    soft_args.extend(["--on-delete", "tombstone"]);
    let soft = json(&soft_args);
    assert_eq!(soft["stalled"], 0, "{soft}");
    assert_eq!(soft["on_delete"], "tombstone", "{soft}");
    assert_eq!(soft["deletes"], 1, "{soft}");
    assert!(
        hard.get("on_delete").is_none(),
        "hard is the default, left out: {hard}"
    );
    assert_eq!(
        error_line(&["explore", "--on-delete", "soft"]),
        "occ-sim: error: --on-delete: unknown value \"soft\"; allowed hard, tombstone"
    );
}

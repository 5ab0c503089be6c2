#![cfg(not(target_arch = "wasm32"))]
//! The occ-sim binary: one JSON object on stdout, or one line on stderr and
//! exit status 2.

mod cli_support;

use cli_support::{error_line, golden, json, occ_sim, TempDir};
use serde_json::Value;

/// Exit 2, nothing on stdout, one line on stderr containing `needle`.
fn fails(args: &[&str], needle: &str) {
    let err = error_line(args);
    assert!(err.contains(needle), "{args:?}: {err}");
}

#[test]
fn experiment_counts_add_up() {
    let v = json(&[
        "experiment",
        "--strategy",
        "naive",
        "--scheme",
        "increment",
        "--updates",
        "2",
        "--listeners",
        "2",
        "--trials",
        "100",
        "--seed",
        "7",
    ]);
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    assert_eq!(n("consistent") + n("diverged") + n("stalled"), 100);
    assert_eq!(n("trials"), 100);
    assert!(n("diverged") > 0);
    assert!(n("deliveries") >= 300);
    assert_eq!(v["strategy"], "naive");
    assert!(v["quiescence_ms_mean"].is_f64());
}

#[test]
fn experiment_accepts_every_documented_flag() {
    let v = json(&[
        "experiment",
        "--strategy",
        "occ",
        "--scheme",
        "step100",
        "--updates",
        "3",
        "--listeners",
        "3",
        "--trials",
        "5",
        "--seed",
        "1",
        "--gap",
        "2",
        "--ack-wait",
        "100",
        "--max-deliver",
        "3",
        "--in-flight",
        "2",
        "--assign",
        "random",
        "--delivery-min",
        "0",
        "--delivery-max",
        "5",
        "--processing-min",
        "1",
        "--processing-max",
        "2",
        "--restart",
        "50",
        "--lost-ack",
        "10",
        "--crash",
        "10",
    ]);
    assert_eq!(v["stalled"], 5, "occ stalls on step100: {v}");
}

#[test]
fn explore_reports_a_counterexample_for_naive_and_none_for_occ() {
    let v = json(&[
        "explore",
        "--strategy",
        "naive",
        "--scheme",
        "increment",
        "--updates",
        "2",
        "--listeners",
        "2",
        "--trace",
    ]);
    assert!(v["counterexample"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    assert_eq!(v["counterexample_outcome"], "diverged");
    assert!(v["counterexample_trace"].as_array().is_some());
    let v = json(&["explore", "--strategy", "occ", "--updates", "3"]);
    assert!(v["counterexample"].is_null());
    assert_eq!(v["diverged"], 0);
    assert_eq!(v["stalled"], 0);
    assert!(v["schedules"].as_u64().unwrap() > 0);
    // Every broker under its own rules: JetStream's MaxAckPending 1 keeps
    // naive in order; Kafka's burst is one partition, one schedule.
    let js = ["--broker", "jetstream", "--max-ack-pending", "1"];
    let v = json(
        &[
            &["explore", "--strategy", "naive", "--listeners", "3"],
            &js[..],
        ]
        .concat(),
    );
    assert_eq!(
        (v["diverged"].as_u64(), v["schedules"].as_u64()),
        (Some(0), Some(1))
    );
    let v = json(&[
        "explore",
        "--strategy",
        "naive",
        "--broker",
        "kafka",
        "--trace",
    ]);
    assert_eq!(
        (v["diverged"].as_u64(), v["schedules"].as_u64()),
        (Some(0), Some(1))
    );
}

#[test]
fn run_replays_a_scenario_file_exactly() {
    let path = golden("lecture_naive.scenario.json");
    let v = json(&["run", &path]);
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(golden("lecture_naive.json")).unwrap())
            .unwrap();
    assert_eq!(v["outcome"], "diverged");
    assert_eq!(v["trace"], want["trace"]);
    assert_eq!(v["verdict"], want["verdict"]);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    fails(&[], "missing command");
    fails(
        &["frobnicate"],
        "allowed: conform, experiment, explore, run",
    );
    fails(
        &["experiment", "--strategy", "optimistic"],
        "naive, occ, plugin-increment",
    );
    fails(
        &["experiment", "--scheme", "plus-one"],
        "increment, step100, timestamp",
    );
    fails(&["experiment", "--updates", "many"], "--updates");
    fails(&["experiment", "--updates"], "--updates: missing value");
    fails(
        &["experiment", "--listeners", "9"],
        "--listeners: 9 is out of range 1..8",
    );
    fails(&["experiment", "--trials", "0"], "--trials");
    fails(
        &["experiment", "--ack-wait", "1"],
        "--ack-wait: 1 is out of range 10..600000",
    );
    fails(&["experiment", "--assign", "sticky"], "round-robin, random");
    fails(&["experiment", "--bogus"], "--bogus");
    fails(
        &["explore", "--updates", "11"],
        "--updates: 11 is out of range 1..10",
    );
    fails(
        &["explore", "--listeners", "5"],
        "--listeners: 5 is out of range 1..4",
    );
    fails(
        &["explore", "--updates", "6", "--state-limit", "10"],
        "--state-limit: more than 10 distinct states",
    );
    fails(&["run"], "missing SCENARIO.json");
    fails(&["run", "/definitely/not/here.json"], "cannot read");
}

#[test]
fn malformed_and_invalid_scenarios_exit_2() {
    let dir = TempDir::new();
    fails(
        &["run", &dir.file("junk.json", "{not json")],
        "junk.json: the file is not valid JSON: key must be a string at line 1 column 2",
    );
    fails(
        &["run", &dir.file("v2.json", r#"{"format":2,"seed":1}"#)],
        "format: 2 is not supported",
    );
    fails(
        &[
            "run",
            &dir.file(
                "cfg.json",
                r#"{"format":1,"seed":1,"config":{"listeners":0}}"#,
            ),
        ],
        "config.listeners: 0 is out of range 1..8",
    );
    fails(
        &[
            "run",
            &dir.file(
                "typo.json",
                r#"{"format":1,"seed":1,"config":{"strategy":"best"}}"#,
            ),
        ],
        "typo.json: config.strategy: unknown value \"best\"; allowed \"naive\"",
    );
}

#[test]
fn help_documents_every_flag() {
    let out = occ_sim(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("experiment") && text.contains("explore") && text.contains("run"));
    let out = occ_sim(&["experiment", "--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--strategy",
        "--scheme",
        "--updates",
        "--listeners",
        "--trials",
        "--seed",
        "--gap",
        "--ack-wait",
        "--max-deliver",
        "--in-flight",
        "--assign",
        "--delivery-min",
        "--delivery-max",
        "--processing-min",
        "--processing-max",
        "--restart",
        "--lost-ack",
        "--crash",
    ] {
        assert!(text.contains(flag), "experiment --help lacks {flag}");
    }
    let text = String::from_utf8(occ_sim(&["explore", "--help"]).stdout).unwrap();
    for flag in [
        "--strategy",
        "--scheme",
        "--updates",
        "--listeners",
        "--in-flight",
        "--state-limit",
        "--trace",
    ] {
        assert!(text.contains(flag), "explore --help lacks {flag}");
    }
    assert!(occ_sim(&["run", "--help"]).status.success());
}

#[test]
fn run_takes_the_kafka_broker_and_its_flags() {
    let path = golden("kafka_rebalance_replay.scenario.json");
    let v = json(&["run", &path]);
    assert_eq!(v["outcome"], "stalled");
    let v = json(&["run", &path, "--strategy", "newest-wins"]);
    assert_eq!(v["outcome"], "consistent");
    let v = json(&["run", &path, "--on-refuse", "skip-and-commit"]);
    assert_eq!(
        v["outcome"], "consistent",
        "the refused replay was a duplicate"
    );
    let lecture = golden("lecture_occ.scenario.json");
    let v = json(&[
        "run",
        &lecture,
        "--broker",
        "kafka",
        "--partitions",
        "1",
        "--idempotence",
        "off",
        "--producer-max-in-flight",
        "5",
        "--session-timeout-ms",
        "6000",
        "--produce-retry",
        "0",
    ]);
    assert_eq!(v["outcome"], "consistent");
    let written = v["trace"].as_array().unwrap().iter();
    assert!(written
        .filter(|s| s["kind"] == "publish")
        .all(|s| s["note"].as_str().unwrap().contains("tickets-0")));
    fails(
        &["run", &lecture, "--partitions", "2"],
        "broker: kafka.partitions is Kafka's",
    );
    fails(
        &["run", &lecture, "--broker", "kafka", "--on-refuse", "nack"],
        "--on-refuse: unknown value \"nack\"; allowed retry-in-place, skip-and-commit",
    );
    fails(
        &[
            "run",
            &lecture,
            "--broker",
            "kafka",
            "--producer-max-in-flight",
            "6",
        ],
        "less than or equal to 5",
    );
    fails(
        &["explore", "--broker", "kafka", "--max-ack-pending", "1"],
        "--max-ack-pending: is JetStream's",
    );
}

#![cfg(not(target_arch = "wasm32"))]
//! Issue 25: `occ-sim conform`'s own behaviour without a server: its flags,
//! the comparison and its table, and its exit codes (0 agree, 1 disagree,
//! 2 bad input), with the server's side given as a recorded report
//! (`--server-report`). The live suite runs in `make conform`.

mod cli_support;

use cli_support::{error_line, occ_sim, TempDir};
use serde_json::{json, Value};
use std::path::PathBuf;

fn suite_file(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conform")
        .join(format!("{name}.json"));
    p.to_str().unwrap().to_owned()
}

const RACE: &str = "09_naive_race_diverges";

/// Runs conform on one suite scenario against `report`; (exit, JSON, stderr).
fn against(report: &Value) -> (i32, Value, String) {
    let dir = TempDir::new();
    let path = dir.file("report.json", &report.to_string());
    let out = occ_sim(&[
        "conform",
        "--scenario",
        &suite_file(RACE),
        "--server-report",
        &path,
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), v, err)
}

/// What the model predicts for the race (taken from a run whose "server"
/// did nothing, which disagrees).
fn model_side() -> Value {
    let nothing = json!({ RACE: { "deliveries": [], "refused": [], "duplicates": [], "rows": [], "verdict": "consistent" } });
    let (code, v, err) = against(&nothing);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("agree: NO (deliveries)"), "{err}");
    assert_eq!(v["disagreed"], 1);
    v["scenarios"][0]["model"].clone()
}

#[test]
fn a_server_that_did_what_the_model_says_agrees_with_exit_0() {
    let model = model_side();
    assert_eq!(model["verdict"], "diverged", "{model}");
    let (code, v, err) = against(&json!({ RACE: model }));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(RACE) && err.contains("agree: yes"), "{err}");
    assert!(err.contains("conform: 1 agreed, 0 disagreed"), "{err}");
    assert_eq!(v["agreed"], 1);
    assert_eq!(v["scenarios"][0]["agree"], true);
    assert_eq!(v["scenarios"][0]["differs"], Value::Null);
}

#[test]
fn one_delivery_to_the_other_listener_is_a_disagreement_with_exit_1() {
    let mut server = model_side();
    let first = &mut server["deliveries"][0]["listener"];
    *first = json!(if *first == "A" { "B" } else { "A" });
    let (code, v, err) = against(&json!({ RACE: server }));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("agree: NO (deliveries)"), "{err}");
    assert_eq!(v["scenarios"][0]["differs"], "deliveries");
    // The rows and verdict are compared too.
    let mut server = model_side();
    server["verdict"] = json!("consistent");
    let (code, v, _) = against(&json!({ RACE: server }));
    assert_eq!(
        (code, v["scenarios"][0]["differs"].clone()),
        (1, json!("verdict"))
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = TempDir::new();
    let stan = dir.file(
        "stan.json",
        r#"{"format":1,"config":{"strategy":"occ"},"seed":1,"actions":[]}"#,
    );
    let report = dir.file("r.json", "{}");
    let bad = dir.file("bad.json", r#"{"x":{"deliveries":3}}"#);
    let race = suite_file(RACE);
    let cases: [(&[&str], &str); 7] = [
        (&["conform"], "missing --server URL"),
        (&["conform", "--bogus"], "--bogus"),
        (
            &[
                "conform",
                "--server",
                "nats://x",
                "--server-report",
                &report,
            ],
            "give one, not both",
        ),
        (
            &["conform", "--scenario", &stan, "--server-report", &report],
            "config.broker: conform checks the JetStream model",
        ),
        (
            &["conform", "--scenario", &race, "--server-report", &report],
            "no entry for scenario \"09_naive_race_diverges\"",
        ),
        (
            &["conform", "--scenario", &race, "--server-report", &bad],
            "--server-report: x.deliveries",
        ),
        (
            &[
                "conform",
                "--suite",
                "/nonexistent-dir",
                "--server-report",
                &report,
            ],
            "--suite: cannot read",
        ),
    ];
    for (args, needle) in cases {
        let line = error_line(args);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

/// A server that cannot be reached (or a build without the feature) is
/// bad input too: exit 2, never a panic.
#[test]
fn an_unreachable_server_exits_2() {
    let out = occ_sim(&[
        "conform",
        "--scenario",
        &suite_file(RACE),
        "--server",
        "nats://127.0.0.1:1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot connect") || err.contains("without the conform feature"),
        "{err}"
    );
}

//! The postMessage parser and the JS API's native half.
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::api;
use occ_playground::host_message::{parse, HostCommand};
use occ_playground::share::SharedState;
use serde_json::json;

fn exported() -> serde_json::Value {
    let scenario: serde_json::Value =
        serde_json::from_str(include_str!("golden/lecture_occ.scenario.json")).unwrap();
    json!({ "scenario": scenario, "step": 7, "lesson": "occ" })
}

fn load(message: serde_json::Value) -> Result<SharedState, String> {
    match parse(&message.to_string()).expect("ours") {
        Ok(HostCommand::Load(state)) => Ok(*state),
        Ok(other) => panic!("not a load: {other:?}"),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn load_takes_an_exported_file_with_lesson_and_step() {
    let file = exported();
    let state =
        load(json!({ "type": "occ-playground", "command": "load", "scenario": file, "step": 0 }))
            .unwrap();
    assert_eq!((state.step, state.lesson.as_deref()), (0, Some("occ")));
    let state =
        load(json!({ "type": "occ-playground", "command": "load", "scenario": file })).unwrap();
    assert_eq!(state.step, 7, "without the envelope's step, the file's");
    let bare = file["scenario"].clone();
    let state =
        load(json!({ "type": "occ-playground", "command": "load", "scenario": bare, "step": 2 }))
            .unwrap();
    assert_eq!(state.step, 2);
    let mut trace = file.clone();
    trace["trace"] = json!({ "steps": [] });
    assert!(
        load(json!({ "type": "occ-playground", "command": "load", "scenario": trace })).is_ok()
    );
}

#[test]
fn refusals_name_the_host_message_and_the_field() {
    let mut file = exported();
    file["scenario"]["config"]["strategy"] = "nonsense".into();
    let e =
        load(json!({ "type": "occ-playground", "command": "load", "scenario": file })).unwrap_err();
    assert!(
        e.starts_with("the host page's message, field scenario.scenario.config.strategy: unknown value \"nonsense\""),
        "{e}"
    );
    let e = load(json!({ "type": "occ-playground", "command": "load" })).unwrap_err();
    assert!(e.contains("field scenario: missing"), "{e}");
    let e = load(
        json!({ "type": "occ-playground", "command": "load", "scenario": exported(), "step": -1 }),
    )
    .unwrap_err();
    assert!(
        e.contains("field step: -1 is out of range 0..18446744073709551615"),
        "{e}"
    );
    let e = parse(r#"{"type":"occ-playground","command":"fly"}"#)
        .unwrap()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown command \"fly\", expected one of load"),
        "{e}"
    );
    let e = parse(r#"{"type":"occ-playground","command":"play","speed":2}"#)
        .unwrap()
        .unwrap_err();
    assert!(e.to_string().contains("field speed: unknown field"), "{e}");
    assert_eq!(
        parse(r#"{"type":"occ-playground","command":"step-back"}"#),
        Some(Ok(HostCommand::StepBack))
    );
}

#[test]
fn other_messages_are_not_ours() {
    for m in [
        "",
        "null",
        "[1]",
        "{}",
        r#"{"type":"resize","height":3}"#,
        r#"{"type":7}"#,
        "{\"type\"",
    ] {
        assert!(parse(m).is_none(), "{m}");
    }
    let deep = format!(
        "{{\"type\":\"occ-playground\",\"x\":{}{}}}",
        "[".repeat(500),
        "]".repeat(500)
    );
    assert!(parse(&deep)
        .unwrap()
        .unwrap_err()
        .to_string()
        .contains("nested"));
}

#[test]
fn explore_with_many_updates_returns_counts_as_decimal_strings() {
    // Schedule counts grow factorially (occ with 6 updates: 4.3 x 10^10 with
    // main's explorer): strings always, so a caller sees one type.
    let report =
        api::explore(r#"{"strategy":"occ","scheme":"increment","updates":6,"listeners":2}"#)
            .unwrap();
    let schedules = report["schedules"].as_str().expect("a string");
    assert_eq!(
        Some(schedules),
        report["schedules_exact"].as_str(),
        "the exact count, as decimal digits"
    );
    assert!(schedules.parse::<u64>().unwrap() > u64::from(u32::MAX));
    assert!(report["consistent"].is_string() && report["stalled"].is_string());
    assert!(report["states"].is_u64(), "small counts stay numbers");
    // Also for a tiny exploration: one type whatever the value.
    let small = api::explore(r#"{"strategy":"naive","scheme":"increment","updates":2}"#).unwrap();
    assert!(small["diverged"].as_str().unwrap().parse::<u64>().unwrap() > 0);
}

#[test]
fn every_integer_that_reaches_js_is_exact() {
    fn check(v: &serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                assert!(
                    n.as_f64().unwrap().abs() <= api::MAX_SAFE_INTEGER as f64 || n.is_f64(),
                    "{n}"
                )
            }
            serde_json::Value::Array(a) => a.iter().for_each(check),
            serde_json::Value::Object(o) => o.values().for_each(check),
            _ => {}
        }
    }
    let exp = api::run_experiment(
        r#"{"config":{"strategy":"naive"},"updates":2,"trials":50,"seed":"18446744073709551615"}"#,
    )
    .unwrap();
    check(&exp);
    assert_eq!(exp["trials"], 50);
    let run = api::run_scenario(include_str!("golden/lecture_occ.scenario.json")).unwrap();
    check(&run);
    assert_eq!(run["outcome"], "consistent");
    let present = api::present(&json!({ "n": u64::MAX, "m": 3, "seed": 4 }), &["seed"]).unwrap();
    assert_eq!(
        present,
        json!({ "n": u64::MAX.to_string(), "m": 3, "seed": "4" })
    );
}

#[test]
fn bad_js_api_values_name_the_field() {
    let e = api::run_experiment(
        r#"{"config":{"strategy":"nonsense"},"updates":2,"trials":5,"seed":1}"#,
    )
    .unwrap_err();
    assert!(
        e.starts_with(
            "runExperiment(), field config.strategy: unknown value \"nonsense\"; allowed \"naive\""
        ),
        "{e}"
    );
    let e = api::run_experiment(r#"{"updates":2,"seed":1}"#).unwrap_err();
    assert_eq!(e, "runExperiment(): missing field \"trials\"");
    let e = api::run_experiment(r#"{"updates":2,"trials":0,"seed":1}"#).unwrap_err();
    assert!(e.contains("trials"), "{e}");
    let e = api::run_experiment(r#""hello""#).unwrap_err();
    assert_eq!(
        e,
        "runExperiment(): the experiment must be an object, not a string"
    );
    let e = api::explore(r#"{"strategy":"occ","scheme":"increment","updates":-3}"#).unwrap_err();
    assert!(
        e.starts_with("explore(), field updates: -3 is out of range"),
        "{e}"
    );
    let e = api::run_scenario("").unwrap_err();
    assert!(e.starts_with("runScenario() needs an argument"), "{e}");
    let e =
        api::run_scenario(r#"{"format":1,"seed":1,"config":{"scheme":"fibonacci"}}"#).unwrap_err();
    assert!(
        e.starts_with("runScenario(), field config.scheme: unknown value \"fibonacci\""),
        "{e}"
    );
}

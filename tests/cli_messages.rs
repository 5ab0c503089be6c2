#![cfg(not(target_arch = "wasm32"))]
//! The CLI's words for people: ranges as `a..b` from config.rs, flags named,
//! no Rust debug text, warnings on stderr and in the JSON, and `run`'s
//! streamed trace with its cap.

mod cli_support;

use cli_support::{error_line, golden, occ_sim, ok, TempDir};

/// Exit 2, nothing on stdout, exactly `want` as the one line on stderr.
fn says(args: &[&str], want: &str) {
    assert_eq!(
        error_line(args),
        format!("occ-sim: error: {want}"),
        "{args:?}"
    );
}

#[test]
fn numbers_out_of_range_say_so_with_the_range_from_config() {
    says(
        &["experiment", "--listeners", "300"],
        "--listeners: 300 is out of range 1..8",
    );
    says(
        &["experiment", "--listeners", "-1"],
        "--listeners: -1 is out of range 1..8",
    );
    says(
        &["experiment", "--listeners", "99999999999999999999999"],
        "--listeners: 99999999999999999999999 is out of range 1..8",
    );
    says(
        &["experiment", "--listeners", "two"],
        "--listeners: \"two\" is not a number; allowed 1..8",
    );
    says(
        &["experiment", "--in-flight", "16385"],
        "--in-flight: 16385 is out of range 1..16384",
    );
    says(
        &["experiment", "--delivery-min", "30", "--delivery-max", "20"],
        "--delivery-min: min 30 is above max 20; need min <= max",
    );
    says(
        &[
            "run",
            &golden("lecture_occ.scenario.json"),
            "--listeners",
            "9",
        ],
        "--listeners: 9 is out of range 1..8",
    );
}

#[test]
fn explores_limit_error_names_the_flag() {
    says(
        &["explore", "--updates", "6", "--state-limit", "10"],
        "--state-limit: more than 10 distinct states; use fewer --updates or --listeners, or raise --state-limit (at most 50000000)",
    );
}

#[test]
fn help_ranges_are_the_configs() {
    let text = String::from_utf8(occ_sim(&["experiment", "--help"]).stdout).unwrap();
    assert!(!text.contains("..="), "{text}");
    for k in occ_playground::engine::knobs::KNOBS {
        let want = format!("{}..{}", k.range.0, k.range.1);
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("--{} ", k.flag)))
            .unwrap_or_else(|| panic!("no --{} in experiment --help", k.flag));
        assert!(line.contains(&want), "{line} lacks {want}");
    }
    let run = String::from_utf8(occ_sim(&["run", "--help"]).stdout).unwrap();
    assert!(
        run.contains("--trace-limit") && run.contains("--listeners"),
        "{run}"
    );
}

#[test]
fn at_ms_of_u64_max_is_refused() {
    let dir = TempDir::new();
    let body = format!(
        r#"{{"format":1,"seed":1,"actions":[{{"at_ms":{},"action":{{"type":"create-ticket","title":"t","price":1}}}}]}}"#,
        u64::MAX
    );
    let path = dir.file("late.json", &body);
    says(
        &["run", &path],
        &format!("{path}: actions[0].at_ms: 18446744073709551615 is out of range 0..31536000000"),
    );
}

#[test]
fn no_debug_text_or_rust_ranges_reach_a_person() {
    let dir = TempDir::new();
    // Routing a message that is already in flight is ignored with a reason.
    let body = r#"{"format":1,"seed":1,"actions":[
        {"at_ms":0,"action":{"type":"create-ticket","title":"t","price":1}},
        {"at_ms":0,"action":{"type":"route","channel":"ticket:created","seq":1,"member":"B"}}]}"#;
    let (v, _) = ok(&["run", &dir.file("route.json", body)]);
    let text = v["trace"].to_string();
    assert!(text.contains("(it is in flight to A)"), "{text}");
    let body = r#"{"format":1,"seed":1,"actions":[
        {"at_ms":0,"action":{"type":"crash-listener","member":"H"}}]}"#;
    let path = dir.file("crash.json", body);
    says(
        &["run", &path],
        &format!("{path}: actions[0].member: no listener H; allowed A..B"),
    );
    for name in [
        "lecture_naive",
        "two_editors",
        "occ_lost_ack",
        "update_before_create",
    ] {
        let (v, _) = ok(&["run", &golden(&format!("{name}.scenario.json"))]);
        let text = v.to_string();
        for bad in ["..=", "MemberId", "InFlight", "{ member"] {
            assert!(!text.contains(bad), "{name}: {bad} in {text}");
        }
    }
}

#[test]
fn a_duplicate_create_is_a_duplicate_key_not_a_version_error() {
    let dir = TempDir::new();
    // Processing outlasts the ack wait, so the create is redelivered to B
    // while A still works on it: both insert, the second finds the row.
    let body = r#"{"format":1,"seed":1,"config":{"ack_wait_ms":10,
        "processing_ms":{"min":40,"max":40},"delivery_ms":{"min":1,"max":1}},
        "actions":[{"at_ms":0,"action":{"type":"create-ticket","title":"t","price":1}}]}"#;
    let (v, _) = ok(&["run", &dir.file("dup.json", body)]);
    let steps = v["trace"].as_array().unwrap();
    let dup = steps
        .iter()
        .find(|s| s["kind"] == "duplicate-key")
        .unwrap_or_else(|| panic!("no duplicate-key step in {v}"));
    assert!(
        dup["note"].as_str().unwrap().starts_with("duplicate key"),
        "{dup}"
    );
    assert!(!steps.iter().any(|s| s["kind"] == "version-error"), "{v}");
}

#[test]
fn run_streams_its_trace_and_caps_it_with_a_warning() {
    let path = golden("lecture_occ.scenario.json");
    let (full, err) = ok(&["run", &path]);
    assert!(err.is_empty(), "{err}");
    assert_eq!(full["trace_not_kept"], 0);
    let n = full["trace"].as_array().unwrap().len() as u64;
    let (cut, err) = ok(&["run", &path, "--trace-limit", "5"]);
    assert_eq!(cut["trace"].as_array().unwrap().len(), 5);
    assert_eq!(cut["trace_not_kept"], n - 5);
    assert!(
        err.contains("occ-sim: warning: the trace keeps the first 5 steps"),
        "{err}"
    );
    assert!(err.contains("--trace-limit"), "{err}");
    assert_eq!(
        cut["outcome"], full["outcome"],
        "the run itself is unchanged"
    );
    assert_eq!(cut["steps"], full["steps"]);
    says(
        &["run", &path, "--trace-limit", "100000001"],
        "--trace-limit: 100000001 is out of range 0..100000000",
    );
}

#[test]
fn run_takes_the_experiment_config_flags() {
    let path = golden("lecture_naive.scenario.json");
    let (v, _) = ok(&["run", &path]);
    assert_eq!(v["outcome"], "diverged");
    let (v, _) = ok(&["run", &path, "--strategy", "occ"]);
    assert_eq!(v["outcome"], "consistent");
}

#[test]
fn timestamps_within_a_millisecond_warn() {
    let args = |gap: &'static str| {
        [
            "experiment",
            "--scheme",
            "timestamp",
            "--gap",
            gap,
            "--trials",
            "3",
        ]
    };
    let (v, err) = ok(&args("0"));
    assert!(
        err.starts_with("occ-sim: warning: timestamp versions: 2 save(s)"),
        "{err}"
    );
    assert_eq!(v["warnings"].as_array().unwrap().len(), 1);
    let (v, err) = ok(&args("1"));
    assert!(err.is_empty(), "{err}");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
}

/// A bare scenario with `config` and `actions` spliced in as written.
fn scenario(seed: &str, config: &str, actions: &str) -> String {
    format!(r#"{{"format":1,"seed":{seed},"config":{config},"actions":[{actions}]}}"#)
}

fn create(price: &str, at_ms: &str) -> String {
    format!(
        r#"{{"at_ms":{at_ms},"action":{{"type":"create-ticket","title":"t","price":{price}}}}}"#
    )
}

#[test]
fn every_malformed_file_names_its_field_what_is_wrong_and_the_range() {
    let dir = TempDir::new();
    let listeners = |v: &str| scenario("1", &format!(r#"{{"listeners":{v}}}"#), "");
    let cases = [
        (listeners(r#""2""#), r#"config.listeners: "2" is a string, not a number; allowed 1..8"#),
        (listeners("-5"), "config.listeners: -5 is out of range 1..8"),
        (listeners(r#""NaN""#), r#"config.listeners: "NaN" is a string, not a number; allowed 1..8"#),
        (
            listeners("NaN"),
            "config.listeners: NaN is not valid JSON (JSON numbers have no NaN or Infinity); allowed a whole number 1..8",
        ),
        (listeners("300"), "config.listeners: 300 is out of range 1..8"),
        (
            scenario("null", "{}", ""),
            "seed: null is not a number; allowed 0..18446744073709551615",
        ),
        (
            scenario("18446744073709551616", "{}", ""),
            "seed: 18446744073709551616 is out of range 0..18446744073709551615",
        ),
        (
            scenario("1", "{}", &create("1", "1.5")),
            "actions[0].at_ms: 1.5 is not a whole number; allowed 0..31536000000",
        ),
        (
            scenario("1", "{}", &create("9.99", "0")),
            "actions[0].action.price: 9.99 is not a whole number; allowed 0..1000000000",
        ),
        (
            scenario("1", "[1, 2]", ""),
            "config: an array, where an object of named fields belongs",
        ),
        (
            scenario("1", r#"{"strategy":"best"}"#, ""),
            r#"config.strategy: unknown value "best"; allowed "naive", "occ", "plugin-increment", "newest-wins", "prev-version""#,
        ),
        (
            scenario("1", r#"{"scheme":"semver"}"#, ""),
            r#"config.scheme: unknown value "semver"; allowed "increment", "step100", "timestamp""#,
        ),
        (
            scenario("1", r#"{"assignment":"sticky"}"#, ""),
            r#"config.assignment: unknown value "sticky"; allowed "round-robin" or "random""#,
        ),
        (
            scenario("1", "{}", r#"{"at_ms":0,"action":{"type":"explode"}}"#),
            r#"actions[0].action.type: unknown value "explode"; allowed "create-ticket", "update-ticket", "delete-ticket", "two-editors", "crash-listener", "lose-next-ack", "delay-spike", "shuffle", "route", "arrive", "retry-publish""#,
        ),
    ];
    for (i, (body, want)) in cases.iter().enumerate() {
        let path = dir.file(&format!("bad{i}.json"), body);
        says(&["run", &path], &format!("{path}: {want}"));
    }
}

#[test]
fn a_file_over_the_pages_cap_is_refused_unread() {
    let dir = TempDir::new();
    let path = dir.sparse_file("huge.json", 200 << 20);
    says(
        &["run", &path],
        &format!("{path}: the file is 200.0 MB (209715200 bytes); a scenario or trace may be at most 8.0 MB"),
    );
}

#[test]
fn run_reads_every_format_the_page_exports() {
    let dir = TempDir::new();
    let bare = golden("lecture_occ.scenario.json");
    let (want, _) = ok(&["run", &bare]);
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&bare).unwrap()).unwrap();
    // The page's "Export scenario", and the CLI's own output.
    let exported = serde_json::json!({ "scenario": scenario, "step": 4, "lesson": "occ" });
    let path = dir.file("exported.json", &exported.to_string());
    assert_eq!(ok(&["run", &path]).0, want);
    let (v, _) = ok(&["run", &golden("lecture_occ.json")]);
    assert_eq!(v, want);
    // A field inside an export is named by its whole path.
    let mut bad = exported;
    bad["scenario"]["config"]["listeners"] = 0.into();
    let path = dir.file("bad.json", &bad.to_string());
    says(
        &["run", &path],
        &format!("{path}: scenario.config.listeners: 0 is out of range 1..8"),
    );
}

#[test]
fn an_ack_wait_a_real_client_cannot_ask_for_warns() {
    let path = golden("lecture_occ.scenario.json");
    let (v, err) = ok(&["run", &path, "--ack-wait", "500"]);
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].as_str().unwrap();
    assert!(
        w.starts_with("ack wait 500 ms: a real client cannot ask for it. stan.js sends ackWait / 1000 = 0.5 s"),
        "{w}"
    );
    assert!(
        w.contains("nats-streaming-server refuses an ack wait under 1 s"),
        "{w}"
    );
    assert_eq!(err, format!("occ-sim: warning: {w}\n"));
    let (v, _) = ok(&["run", &path, "--ack-wait", "2500"]);
    let w = v["warnings"][0].as_str().unwrap();
    assert!(w.contains("stan.js sends ackWait / 1000 = 2.5 s"), "{w}");
    assert!(w.ends_with("a real broker runs 2000 ms or 3000 ms."), "{w}");
    // Whole seconds pass; experiments warn the same way.
    let (v, err) = ok(&["run", &path, "--ack-wait", "2000"]);
    assert_eq!(
        (v["warnings"].as_array().unwrap().len(), err.as_str()),
        (0, "")
    );
    let (v, err) = ok(&["experiment", "--trials", "2", "--ack-wait", "750"]);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("ack wait 750 ms"),
        "{v}"
    );
    assert!(
        err.starts_with("occ-sim: warning: ack wait 750 ms"),
        "{err}"
    );
}

#[test]
fn an_action_that_cannot_apply_is_a_warning_not_only_a_trace_step() {
    let dir = TempDir::new();
    // The create is sent to A at once: routing it afterwards cannot apply.
    let route =
        r#"{"at_ms":0,"action":{"type":"route","channel":"ticket:created","seq":1,"member":"B"}}"#;
    let body = scenario("1", "{}", &format!("{},{route}", create("1", "0")));
    let (v, err) = ok(&["run", &dir.file("route.json", &body)]);
    let want = "actions[1] (route at 0 ms) could not apply, so the run went on without it: \
                seq: ticket:created #1 is not waiting in the broker (it is in flight to A)";
    assert_eq!(v["warnings"], serde_json::json!([want]));
    assert_eq!(err, format!("occ-sim: warning: {want}\n"));
    assert!(v["trace"].to_string().contains("(it is in flight to A)"));
}

#[test]
fn a_schedule_choice_not_enabled_at_its_step_exits_2_naming_it() {
    let dir = TempDir::new();
    let updates = r#"{"at_ms":30,"action":{"type":"update-ticket","id":"CZQ","price":10}},
        {"at_ms":31,"action":{"type":"update-ticket","id":"CZQ","price":15}}"#;
    // Message 2 (ticket:updated #2) handed over while #1 still waits.
    let body = format!(
        r#"{{"format":1,"seed":1,"actions":[{},{updates}],"schedule":[
        {{"choice":"deliver","message":0,"member":"A"}},
        {{"choice":"deliver","message":2,"member":"B"}}]}}"#,
        create("5", "0")
    );
    let path = dir.file("skip.json", &body);
    says(
        &["run", &path],
        &format!(
            "{path}: schedule[1]: \"deliver ticket:updated #2 (price 15, version 2) to B\" is not possible at this step: \
             ticket:updated #2 is not the head of ticket:updated: #1 is still queued before it, \
             and the server sends a channel in sequence order"
        ),
    );
}

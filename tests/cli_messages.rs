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

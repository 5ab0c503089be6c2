//! One import path: every exported format from every source, and errors that
//! say which source and which field, in plain words.
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::engine::{Action, Config, Scenario, TicketId};
use occ_playground::import::{self, Problem, Source};
use occ_playground::share::{self, SharedState};

fn state() -> SharedState {
    let scenario = Scenario::new(Config::default(), 7)
        .at(0, Action::create_ticket("concert", 5))
        .at(30, Action::update_price(TicketId(0), 10));
    SharedState {
        scenario,
        step: 3,
        lesson: Some("occ".into()),
    }
}

fn err(source: Source, text: &str) -> String {
    import::from_text(source, text).unwrap_err().to_string()
}

#[test]
fn every_exported_format_opens_from_a_file() {
    let s = state();
    // "Export scenario": pretty JSON with step and lesson.
    let exported = serde_json::to_string_pretty(&s).unwrap();
    assert_eq!(import::from_text(Source::File, &exported).unwrap(), s);
    // "Export trace": the scenario, its step and the trace (no lesson).
    let trace = serde_json::json!({ "scenario": s.scenario, "step": 3, "trace": { "steps": [] } });
    let got = import::from_text(Source::File, &trace.to_string()).unwrap();
    assert_eq!(
        (got.scenario, got.step, got.lesson),
        (s.scenario.clone(), 3, None)
    );
    // The CLI's `run` output and a bare scenario (the golden files).
    let cli = include_str!("golden/lecture_occ.json");
    let bare = include_str!("golden/lecture_occ.scenario.json");
    let from_cli = import::from_text(Source::File, cli).unwrap();
    assert_eq!(
        import::from_text(Source::File, bare).unwrap().scenario,
        from_cli.scenario
    );
    // A share link alone, or a whole URL, in a file or as a link; a BOM is fine.
    let link = share::encode(&s);
    assert_eq!(import::from_text(Source::File, &link).unwrap(), s);
    let url = format!("https://course.test/p/?embed#{link}\n");
    assert_eq!(import::from_text(Source::File, &url).unwrap(), s);
    assert_eq!(
        import::from_text(Source::Link, &format!("#{link}")).unwrap(),
        s
    );
    let bom = format!("\u{FEFF}{exported}");
    assert_eq!(import::from_bytes(Source::File, bom.as_bytes()).unwrap(), s);
}

#[test]
fn a_file_that_is_not_a_scenario_is_named_for_what_it_is() {
    let text = err(Source::File, "Dear students,\nplease read chapter 4.\n");
    assert!(
        text.starts_with("the file is plain text (\"Dear students,"),
        "{text}"
    );
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    let e = import::from_bytes(Source::File, png).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file is a PNG image, not a scenario or trace"
    );
    // The same PNG read as text by the browser (invalid bytes become U+FFFD).
    let lossy = String::from_utf8_lossy(png);
    assert_eq!(
        err(Source::File, &lossy),
        "the file is a PNG image, not a scenario or trace"
    );
    assert!(err(Source::File, "\0\x01\x02").contains("binary data"));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = err(Source::File, &deep);
    assert!(text.contains("nested more than 32 levels"), "{text}");
    let big = format!("{{\"scenario\": \"{}\"}}", "x".repeat(20 << 20));
    let text = err(Source::File, &big);
    assert!(text.starts_with("the file is 20.0 MB ("), "{text}");
    assert!(text.contains("at most 8.0 MB"), "{text}");
    assert_eq!(err(Source::File, "  \n"), "the file is empty");
    let text = err(Source::File, "[1, 2]");
    assert!(
        text.contains("not a scenario or trace") && text.contains("found an array"),
        "{text}"
    );
    let text = err(Source::File, "{\"title\": 1, \"price\": 2}");
    assert!(text.contains("found an object with price, title"), "{text}");
    let text = err(Source::File, "{\"format\": 1, \"seed\": 1");
    assert!(
        text.starts_with("the file is not valid JSON: EOF"),
        "{text}"
    );
}

#[test]
fn errors_name_the_source_and_the_field_path() {
    let mut doc = serde_json::to_value(state()).unwrap();
    doc["scenario"]["config"]["strategy"] = "nonsense".into();
    let text = err(Source::File, &doc.to_string());
    assert!(
        text.starts_with("the file, field scenario.config.strategy: unknown value \"nonsense\"; allowed \"naive\""),
        "{text}"
    );
    doc["scenario"]["config"]["strategy"] = "occ".into();
    doc["scenario"]["actions"][1]["at_ms"] = "soon".into();
    let text = err(Source::File, &doc.to_string());
    assert!(
        text.ends_with("field scenario.actions[1].at_ms: \"soon\" is a string, not a number; allowed 0..31536000000"),
        "{text}"
    );
    doc["scenario"]["actions"][1]["at_ms"] = 30.into();
    doc["scenario"]["config"]["listeners"] = 99.into();
    let text = err(Source::File, &doc.to_string());
    assert_eq!(
        text,
        "the file, field scenario.config.listeners: 99 is out of range 1..8"
    );
    doc["scenario"]["config"]["listeners"] = 2.into();
    doc["lessn"] = "typo".into();
    let text = err(Source::File, &doc.to_string());
    assert!(
        text.contains("field lessn: unknown field \"lessn\""),
        "{text}"
    );
    let bare = "{\"format\": 1}";
    assert_eq!(err(Source::File, bare), "the file: missing field \"seed\"");
}

#[test]
fn link_errors_say_link_and_file_errors_say_file() {
    let link = share::encode(&state());
    // Cut at a multiple of 4 base64 characters: valid base64, truncated deflate.
    let cut = 3 + (link.len() - 3) / 2 / 4 * 4;
    let truncated = &link[..cut];
    assert_eq!(
        err(Source::Link, truncated),
        "the link is corrupt or truncated (it does not decompress)"
    );
    let text = err(Source::File, truncated);
    assert!(
        text.starts_with("the file holds a share link, but the link is corrupt"),
        "{text}"
    );
    let text = err(Source::Link, "v9.abc");
    assert!(text.contains("format \"v9\""), "{text}");
    let e = import::from_text(Source::Link, "hello").unwrap_err();
    assert!(matches!(e.problem, Problem::Link(_)));
    // A link whose scenario is bad names the field inside it.
    let mut s = state();
    s.scenario.config.listeners = 99;
    let text = err(Source::Link, &share::encode(&s));
    assert!(
        text.starts_with("the link, field scenario.config.listeners"),
        "{text}"
    );
    for source in [Source::HostMessage, Source::JsApi("runScenario")] {
        assert!(err(source, "[]").starts_with(&source.to_string()));
    }
}

#[test]
fn a_bad_value_is_quoted_as_written_with_the_fields_range() {
    let bare = |field: &str| format!(r#"{{"format":1,"seed":1,"config":{{{field}}}}}"#);
    let cases = [
        (bare(r#""listeners":300"#), "field config.listeners: 300 is out of range 1..8"),
        (bare(r#""listeners":-5"#), "field config.listeners: -5 is out of range 1..8"),
        (
            bare(r#""listeners":NaN"#),
            "field config.listeners: NaN is not valid JSON (JSON numbers have no NaN or Infinity); allowed a whole number 1..8",
        ),
        (
            bare(r#""ack_wait_ms":1e3"#),
            "field config.ack_wait_ms: 1e3 is not written in digits; allowed 10..600000",
        ),
        (
            r#"{"format":1,"seed":18446744073709551616}"#.to_string(),
            "field seed: 18446744073709551616 is out of range 0..18446744073709551615",
        ),
        (
            r#"{"format":1,"seed":1,"config":[1, 2]}"#.to_string(),
            "field config: an array, where an object of named fields belongs",
        ),
        (
            r#"{"format":1,"seed":1,"actions":[{"at_ms":0,"action":{"type":"create-ticket","title":"t","price":2.5}}]}"#.to_string(),
            "field actions[0].action.price: 2.5 is not a whole number; allowed 0..1000000000",
        ),
    ];
    for (json, want) in cases {
        assert_eq!(
            err(Source::File, &json),
            format!("the file, {want}"),
            "{json}"
        );
    }
    // The JS API's requests come parsed: no text to quote, serde's value instead.
    let value = serde_json::json!({"format": 1, "seed": 1, "config": {"listeners": "2"}});
    let e = import::parse_value::<Scenario>(Source::JsApi("runScenario"), value).unwrap_err();
    assert_eq!(
        e.to_string(),
        "runScenario(), field config.listeners: \"2\" is a string, not a number; allowed 1..8"
    );
}

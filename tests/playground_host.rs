//! The postMessage API, natively: only the documented shape is a command, and
//! a bad one is refused in words.

use occ_playground::playground::host;
use occ_playground::playground::lessons::LESSONS;
use occ_playground::playground::provenance::From;
use occ_playground::playground::Msg;
use serde_json::json;

/// The host message as the browser half hands it over: JSON text.
fn command(value: serde_json::Value) -> Option<Result<Msg, String>> {
    host::command(&value.to_string())
}

#[test]
fn host_commands_of_the_documented_shape_only() {
    let cmd = |c: &str| command(json!({"type": "occ-playground", "command": c}));
    assert_eq!(cmd("play"), Some(Ok(Msg::Play)));
    assert_eq!(cmd("pause"), Some(Ok(Msg::Pause)));
    assert_eq!(cmd("step"), Some(Ok(Msg::Step)));
    assert_eq!(cmd("step-back"), Some(Ok(Msg::StepBack)));
    assert_eq!(cmd("reset"), Some(Ok(Msg::Reset)));
    assert_eq!(
        command(json!({"type": "other", "command": "play"})),
        None,
        "not ours"
    );
    assert_eq!(command(json!("play")), None);
    assert!(
        matches!(command(json!({"type": "occ-playground", "command": "play", "x": 1})), Some(Err(m)) if m.contains("field x: unknown field")),
        "unknown fields are refused by name"
    );
    assert!(matches!(cmd("eval"), Some(Err(m)) if m.contains("expected one of load")));
    assert!(matches!(cmd("load"), Some(Err(m)) if m.contains("scenario")));
}

#[test]
fn load_opens_a_scenario_and_refuses_a_bad_one_naming_the_field() {
    let scenario = serde_json::to_value(LESSONS[0].scenario()).unwrap();
    let load =
        json!({"type": "occ-playground", "command": "load", "scenario": scenario, "step": 3});
    match command(load) {
        Some(Ok(Msg::Open { state, from })) => {
            assert_eq!((state.step, state.scenario), (3, LESSONS[0].scenario()));
            assert_eq!(from, From::HostPage, "not saved until changed");
        }
        other => panic!("{other:?}"),
    }
    let bad = json!({"type": "occ-playground", "command": "load",
        "scenario": {"format": 1, "seed": 1, "config": {"listeners": 40}}});
    assert!(matches!(command(bad), Some(Err(m)) if m.contains("listeners")));
}

#[test]
fn only_the_embedding_parent_commands_and_a_pinned_origin_narrows_it() {
    use occ_playground::embed_options::{parse, HostPin};
    let any = parse("?embed").host_pin().0;
    assert!(host::accepts(&any, true, "https://anywhere.example"));
    // An opener, a sibling frame or the playground's own window: not the parent.
    assert!(!host::accepts(&any, false, "https://anywhere.example"));
    assert_eq!(host::report_target(&any), Some("*"));

    let pinned = parse("?embed&host=https://course.example").host_pin().0;
    assert!(host::accepts(&pinned, true, "https://course.example"));
    assert!(!host::accepts(&pinned, true, "https://course.example.evil"));
    assert!(!host::accepts(&pinned, true, "http://course.example"));
    assert!(!host::accepts(&pinned, false, "https://course.example"));
    assert_eq!(host::report_target(&pinned), Some("https://course.example"));

    // A host= that is no origin trusts no one and reports to no one.
    let typo = parse("?embed&host=course.example").host_pin().0;
    assert_eq!(typo, HostPin::Nobody);
    assert!(!host::accepts(&typo, true, "https://course.example"));
    assert_eq!(host::report_target(&typo), None);
}

#[test]
fn ignored_messages_are_counted_in_one_notice() {
    use occ_playground::embed_options::HostPin;
    let text = |m: Msg| match m {
        Msg::Notice(t) => t,
        other => panic!("not a notice: {other:?}"),
    };
    assert_eq!(
        text(host::ignored(1, &HostPin::Any)),
        "1 message for the playground from a window other than the page embedding it was ignored; nothing was changed."
    );
    let pinned = HostPin::Origin("https://course.example".into());
    assert_eq!(
        text(host::ignored(3, &pinned)),
        "3 messages for the playground from a window other than the page embedding it at https://course.example were ignored; nothing was changed."
    );
}

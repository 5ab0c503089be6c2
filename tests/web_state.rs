//! In-browser tests of the page's reducer: messages become engine commands, and
//! the verdict and tables shown follow the engine's checker.
#![cfg(target_arch = "wasm32")]

use occ_playground::app::msg::Msg;
use occ_playground::app::state::{default_scenario, Playground};
use occ_playground::app::view::{Sync, VerdictKind};
use occ_playground::app::{host, lessons, project};
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn lecture() -> Rc<Playground> {
    let s = Rc::new(Playground::new(default_scenario()));
    s.reduce(Msg::Lesson(0))
}

fn run_to_end(mut s: Rc<Playground>) -> Rc<Playground> {
    for _ in 0..10_000 {
        if s.sim().finished() {
            return s;
        }
        s = s.reduce(Msg::Step);
    }
    panic!("the run did not finish");
}

#[wasm_bindgen_test]
fn naive_diverges_then_occ_converges_on_the_same_story() {
    let s = run_to_end(lecture());
    let v = project::verdict(&s.sim());
    assert_eq!(v.kind, VerdictKind::Diverged);
    assert_eq!(
        v.reason,
        "Orders has price 10 for ticket CZQ; Tickets has 15"
    );
    assert_eq!(project::replica(&s.sim())[0].sync, Sync::Diverged);

    let s = run_to_end(s.reduce(Msg::SetStrategy("occ".into())));
    assert_eq!(project::verdict(&s.sim()).kind, VerdictKind::Consistent);
    let row = &project::replica(&s.sim())[0];
    assert_eq!((row.price.as_str(), row.sync), ("15", Sync::InSync));
    assert!(project::timeline(&s.sim())
        .iter()
        .any(|r| r.kind == "redeliver"));
}

#[wasm_bindgen_test]
fn step_back_then_forward_is_the_same_state() {
    let mut s = lecture();
    for _ in 0..7 {
        s = s.reduce(Msg::Step);
    }
    let snapshot = |s: &Playground| {
        let sim = s.sim();
        (
            sim.steps_taken(),
            sim.now_ms(),
            project::tickets(&sim),
            project::replica(&sim),
            project::messages(&sim),
            project::verdict(&sim),
        )
    };
    let before = snapshot(&s);
    let s = s.reduce(Msg::StepBack);
    assert_eq!(s.sim().steps_taken(), 6);
    let s = s.reduce(Msg::Step);
    assert_eq!(snapshot(&s), before);
}

#[wasm_bindgen_test]
fn actions_apply_and_bad_ones_leave_a_notice() {
    let s = Rc::new(Playground::new(default_scenario()));
    assert_eq!(
        project::tickets(&s.sim()).len(),
        1,
        "the page opens with ticket CZQ"
    );
    let s = s.reduce(Msg::Create {
        title: "opera".into(),
        price: 30,
    });
    assert_eq!(project::tickets(&s.sim()).len(), 2);
    let s = s.reduce(Msg::Update {
        id: "NOPE".into(),
        title: None,
        price: Some(1),
    });
    assert!(
        s.notice.as_deref().unwrap_or("").contains("NOPE"),
        "{:?}",
        s.notice
    );
    let s = s.reduce(Msg::Crash("Z".into()));
    assert!(s.notice.is_some());
    let s = s.reduce(Msg::Burst(200));
    assert!(s.playing, "the burst plays");
    assert_eq!(s.sim().tickets()[0].version.to_string(), "200");
}

fn outcome_of(lesson: usize, change: Option<Msg>) -> (VerdictKind, Vec<String>) {
    let mut s = Rc::new(Playground::new(default_scenario())).reduce(Msg::Lesson(lesson));
    assert_eq!(s.lesson, Some(lesson));
    if let Some(m) = change {
        s = s.reduce(m);
        assert_eq!(
            s.lesson,
            Some(lesson),
            "a strategy switch stays in the lesson"
        );
    }
    let s = run_to_end(s);
    let kinds = project::timeline(&s.sim())
        .into_iter()
        .map(|r| format!("{} {}", r.kind, r.detail))
        .collect();
    let kind = project::verdict(&s.sim()).kind;
    (kind, kinds)
}

#[wasm_bindgen_test]
fn every_lesson_tells_its_story() {
    assert_eq!(lessons::LESSONS.len(), 8);
    let has = |steps: &[String], needle: &str| steps.iter().any(|s| s.contains(needle));
    let (v, _) = outcome_of(0, None);
    assert_eq!(v, VerdictKind::Diverged, "the problem");
    let (v, _) = outcome_of(1, None);
    assert_eq!(v, VerdictKind::Consistent, "normal updates");
    let (v, steps) = outcome_of(2, None);
    assert_eq!(v, VerdictKind::Consistent, "insertions");
    assert!(has(&steps, "update before its create"), "{steps:?}");
    assert!(has(&steps, "redeliver"));
    let (v, steps) = outcome_of(3, None);
    assert_eq!(v, VerdictKind::Consistent, "occ");
    assert!(has(&steps, "redeliver"));
    let (_, steps) = outcome_of(4, None);
    assert!(has(&steps, "version-error"), "two editors: {steps:?}");
    assert_eq!(
        outcome_of(5, None).0,
        VerdictKind::Consistent,
        "option 1 in lock step"
    );
    assert_eq!(
        outcome_of(5, Some(Msg::SetScheme("step100".into()))).0,
        VerdictKind::Stalled,
        "option 1, mystery source"
    );
    assert_eq!(
        outcome_of(6, None).0,
        VerdictKind::Stalled,
        "mystery source stalls occ"
    );
    assert_eq!(
        outcome_of(6, Some(Msg::SetStrategy("prev-version".into()))).0,
        VerdictKind::Consistent
    );
    assert_eq!(
        outcome_of(6, Some(Msg::SetStrategy("newest-wins".into()))).0,
        VerdictKind::Consistent
    );
    assert_eq!(
        outcome_of(7, None).0,
        VerdictKind::Stalled,
        "a duplicate poisons occ"
    );
    assert_eq!(
        outcome_of(7, Some(Msg::SetStrategy("newest-wins".into()))).0,
        VerdictKind::Consistent
    );
}

fn js(json: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn host_commands_of_the_documented_shape_only() {
    assert_eq!(
        host::command(js(r#"{"type":"occ-playground","command":"play"}"#)),
        Some(Ok(Msg::Play))
    );
    assert_eq!(
        host::command(js(r#"{"type":"occ-playground","command":"step-back"}"#)),
        Some(Ok(Msg::StepBack))
    );
    assert_eq!(
        host::command(js(r#"{"type":"other","command":"play"}"#)),
        None,
        "not ours"
    );
    assert_eq!(host::command(js(r#""play""#)), None);
    assert!(
        matches!(host::command(js(r#"{"type":"occ-playground","command":"play","x":1}"#)), Some(Err(m)) if m.contains("field x: unknown field")),
        "unknown fields are refused by name"
    );
    assert!(
        matches!(host::command(js(r#"{"type":"occ-playground","command":"eval"}"#)), Some(Err(m)) if m.contains("expected one of load"))
    );
    assert!(matches!(
        host::command(js(r#"{"type":"occ-playground","command":"load"}"#)),
        Some(Err(_))
    ));
    let scenario = serde_json::to_string(&lessons::LESSONS[0].scenario()).unwrap();
    let load =
        format!(r#"{{"type":"occ-playground","command":"load","scenario":{scenario},"step":3}}"#);
    match host::command(js(&load)) {
        Some(Ok(Msg::Load(state))) => assert_eq!(
            (state.step, state.scenario),
            (3, lessons::LESSONS[0].scenario())
        ),
        other => panic!("{other:?}"),
    }
    let bad = r#"{"type":"occ-playground","command":"load","scenario":{"format":1,"seed":1,"config":{"listeners":40}}}"#;
    assert!(matches!(host::command(js(bad)), Some(Err(m)) if m.contains("listeners")));
}

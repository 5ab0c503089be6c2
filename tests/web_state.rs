//! In-browser tests of the page's reducer: messages become engine commands, and
//! the verdict and tables shown follow the engine's checker.
#![cfg(target_arch = "wasm32")]

use occ_playground::app::msg::Msg;
use occ_playground::app::state::{default_scenario, Playground};
use occ_playground::app::view::{Sync, VerdictKind};
use occ_playground::app::{presets, project};
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn lecture() -> Rc<Playground> {
    let s = Rc::new(Playground::new(default_scenario()));
    s.reduce(Msg::Preset("lecture".into()))
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
        .1
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

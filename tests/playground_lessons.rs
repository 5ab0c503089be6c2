//! Every lesson tells its story: played to the end, natively, each ends the way
//! its text says, and its "try this" change ends the way it promises.

use occ_playground::engine::{Strategy, VersionScheme};
use occ_playground::playground::lessons::LESSONS;
use occ_playground::playground::view::VerdictKind;
use occ_playground::playground::{project, Msg, Playground};
use std::rc::Rc;

fn run_to_end(mut s: Rc<Playground>) -> Rc<Playground> {
    for _ in 0..10_000 {
        if s.sim().finished() {
            return s;
        }
        s = s.reduce(Msg::Step);
    }
    panic!("the run did not finish");
}

fn outcome_of(lesson: usize, change: Option<Msg>) -> (VerdictKind, Vec<String>) {
    let mut s = Rc::new(Playground::default()).reduce(Msg::Lesson(lesson));
    assert_eq!(s.lesson, Some(lesson));
    if let Some(m) = change {
        s = s.reduce(m);
        assert_eq!(
            s.lesson,
            Some(lesson),
            "a setting change stays in the lesson"
        );
    }
    let s = run_to_end(s);
    let steps = project::timeline(&s.sim())
        .into_iter()
        .map(|r| format!("{} {}", r.kind, r.detail))
        .collect();
    let kind = project::verdict(&s.sim()).kind;
    (kind, steps)
}

#[test]
fn every_lesson_tells_its_story() {
    use VerdictKind::*;
    assert_eq!(LESSONS.len(), 8);
    let has = |steps: &[String], needle: &str| steps.iter().any(|s| s.contains(needle));
    assert_eq!(outcome_of(0, None).0, Diverged, "the problem");
    assert_eq!(outcome_of(1, None).0, Consistent, "normal updates");
    let (v, steps) = outcome_of(2, None);
    assert_eq!(v, Consistent, "insertions");
    assert!(has(&steps, "update before its create"), "{steps:?}");
    assert!(has(&steps, "redeliver"));
    let (v, steps) = outcome_of(3, None);
    assert_eq!(v, Consistent, "occ");
    assert!(has(&steps, "redeliver"));
    let (_, steps) = outcome_of(4, None);
    assert!(has(&steps, "version-error"), "two editors: {steps:?}");
    assert_eq!(outcome_of(5, None).0, Consistent, "option 1 in lock step");
    let step100 = Some(Msg::SetScheme(VersionScheme::Step100));
    assert_eq!(
        outcome_of(5, step100).0,
        Stalled,
        "option 1, mystery source"
    );
    assert_eq!(outcome_of(6, None).0, Stalled, "mystery source stalls occ");
    for fix in [Strategy::PrevVersion, Strategy::NewestWins] {
        assert_eq!(
            outcome_of(6, Some(Msg::SetStrategy(fix))).0,
            Consistent,
            "{fix}"
        );
    }
    assert_eq!(outcome_of(7, None).0, Stalled, "a duplicate poisons occ");
    let fix = Some(Msg::SetStrategy(Strategy::NewestWins));
    assert_eq!(outcome_of(7, fix).0, Consistent);
}

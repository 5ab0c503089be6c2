//! Checks a lesson's claims (`claims`) against the engine, by playing the
//! lesson as a student would: through the reducer.

use super::claims::{update, Change, Claim, On};
use super::lessons::Lesson;
use super::msg::Msg;
use super::state::{Playground, BURST_UPDATES};
use crate::engine::{Outcome, Simulation, StepKind, TraceStep, Verdict, Version};
use std::rc::Rc;

/// Played to the end: finished, or going round a poison loop that never
/// ends (the live view keeps it going; its verdict is final).
fn finished(mut p: Rc<Playground>) -> Result<Rc<Playground>, String> {
    for _ in 0..1_000_000 {
        let over = {
            let sim = p.sim();
            sim.finished() || sim.looping()
        };
        if over {
            return Ok(p);
        }
        p = p.reduce(Msg::Step);
    }
    Err("the run did not finish".into())
}

fn outcome(sim: &Simulation) -> Option<Outcome> {
    match sim.verdict() {
        Verdict::Consistent(_) => Some(Outcome::Consistent),
        Verdict::Diverged(_) => Some(Outcome::Diverged),
        Verdict::Stalled(_) => Some(Outcome::Stalled),
        Verdict::Lagging(_) | Verdict::CutOff(_) => None,
    }
}

fn is(s: &TraceStep, on: On) -> bool {
    s.kind == on.kind
        && s.channel == Some(on.channel)
        && s.event_version == Some(Version(on.version))
}

fn first_index(steps: &[TraceStep], on: On) -> Option<usize> {
    steps.iter().position(|s| is(s, on))
}

/// Lesson `index` opened as a student opens it, not yet played.
pub fn opened(index: usize) -> Rc<Playground> {
    Rc::new(Playground::default()).reduce(Msg::Lesson(index))
}

/// Checks `claim` on the run `start` (as opened, before Play): Ok, or what
/// happened instead.
pub fn check(start: &Rc<Playground>, claim: Claim) -> Result<(), String> {
    let run = finished(start.clone())?;
    let sim = run.sim();
    let steps = &sim.trace().steps;
    let expect = |want: Outcome, got: Option<Outcome>| match got {
        Some(got) if got == want => Ok(()),
        got => Err(format!("ends {got:?}, not {want}")),
    };
    match claim {
        Claim::Gets { member, version } => {
            let first = steps
                .iter()
                .find(|s| is(s, update(StepKind::Deliver, version)));
            match first.and_then(|s| s.member) {
                Some(m) if m == member => Ok(()),
                got => Err(format!("v{version} first goes to {got:?}, not {member}")),
            }
        }
        Claim::Before(first, second) => {
            match (first_index(steps, first), first_index(steps, second)) {
                (Some(a), Some(b)) if a < b => Ok(()),
                (a, b) => Err(format!("not in this order (steps {a:?}, {b:?})")),
            }
        }
        Claim::Ends(want) => expect(want, outcome(&sim)),
        Claim::Shows(kind) => match steps.iter().any(|s| s.kind == kind) {
            true => Ok(()),
            false => Err(format!("no {kind:?} step")),
        },
        Claim::Says(words) => {
            let titles = sim.world().titles();
            match steps.iter().any(|s| s.note.text(titles).contains(words)) {
                true => Ok(()),
                false => Err(format!("no step says {words:?}")),
            }
        }
        Claim::Then(change, want) => {
            drop(sim);
            let msg = match change {
                Change::Strategy(s) => Msg::SetStrategy(s),
                Change::Scheme(s) => Msg::SetScheme(s),
                Change::OnDelete(d) => Msg::SetOnDelete(d),
            };
            let changed = finished(start.clone().reduce(msg))?;
            let got = outcome(&changed.sim());
            expect(want, got)
        }
        Claim::Burst(want) => {
            drop(sim);
            let burst = finished(run.reduce(Msg::Burst(BURST_UPDATES)))?;
            let got = outcome(&burst.sim());
            expect(want, got)
        }
    }
}

/// Every claim of `lesson` that does not hold on `start`, in words.
pub fn broken(start: &Rc<Playground>, lesson: &Lesson) -> Vec<String> {
    lesson
        .claims
        .iter()
        .filter_map(|&c| {
            check(start, c)
                .err()
                .map(|e| format!("{}: {c:?}: {e}", lesson.id))
        })
        .collect()
}

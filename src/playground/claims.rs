//! What a lesson claims, as data, and the check of each claim against the
//! engine. A lesson's text says what the student will see; its claims say the
//! same thing in a form a test can run, so a new seed or a change in the
//! physics breaks a test instead of the story.

use super::lessons::Lesson;
use super::msg::Msg;
use super::state::{Playground, BURST_UPDATES};
use crate::engine::{
    Channel, MemberId, Outcome, Simulation, StepKind, Strategy, TraceStep, Verdict, Version,
    VersionScheme,
};
use std::rc::Rc;

/// A setting the "try this" asks the student to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Strategy(Strategy),
    Scheme(VersionScheme),
}

/// A step of one message, by what it carries: "the write of ticket:updated v2".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct On {
    pub kind: StepKind,
    pub channel: Channel,
    pub version: u64,
}

/// A step of the update carrying `version`.
pub const fn update(kind: StepKind, version: u64) -> On {
    On {
        kind,
        channel: Channel::TicketUpdated,
        version,
    }
}

/// A step of the ticket's create (version 0).
pub const fn created(kind: StepKind) -> On {
    On {
        kind,
        channel: Channel::TicketCreated,
        version: 0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The first delivery of the update carrying `version` goes to `member`.
    Gets { member: MemberId, version: u64 },
    /// The first step `.0` happens before the first step `.1`.
    Before(On, On),
    /// Played to the end, the run ends so.
    Ends(Outcome),
    /// Some step of this kind happens on the way.
    Shows(StepKind),
    /// The same story under a changed setting ends so.
    Then(Change, Outcome),
    /// Burst after the run is over, played to the end, ends so.
    Burst(Outcome),
}

fn finished(mut p: Rc<Playground>) -> Result<Rc<Playground>, String> {
    for _ in 0..1_000_000 {
        if p.sim().finished() {
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
        Claim::Then(change, want) => {
            drop(sim);
            let msg = match change {
                Change::Strategy(s) => Msg::SetStrategy(s),
                Change::Scheme(s) => Msg::SetScheme(s),
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

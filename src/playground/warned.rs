//! The engine's warnings (`engine::Warning`) as the page's notice: a
//! setting a real client cannot have, when it is set or a run opens with it;
//! a scripted action the run could not apply, when the run gets there (Play
//! pauses on it, or the notice would go with the next tick). The CLI prints
//! the same list as its `warnings`.
//!
//! Only the full page says them (the `jobs` feature): the first-visit module
//! is at its size budget, and its runs (lessons, the default run, live
//! actions checked before they are recorded) refuse nothing; there an ack
//! wait under a second goes unsaid until the full page takes over.

#[cfg(feature = "jobs")]
use crate::engine::{scenario::setup_warnings, Warning};
use crate::engine::{Scenario, Simulation};

/// The setup warnings of `now` not already said under `before`, in words.
#[cfg(feature = "jobs")]
pub(super) fn setup_notice(before: Option<&Scenario>, now: &Scenario) -> Option<String> {
    let old = before.map_or_else(Vec::new, |s| setup_warnings(&s.config, &s.actions));
    let new = setup_warnings(&now.config, &now.actions);
    join(new.iter().filter(|w| !old.contains(w)))
}

/// Everything a run just opened should say: its setup's warnings and the
/// actions refused on the way to its step.
#[cfg(feature = "jobs")]
pub(super) fn opening_notice(sim: &Simulation) -> Option<String> {
    join(sim.warnings().iter())
}

#[cfg(feature = "jobs")]
fn join<'a>(warnings: impl Iterator<Item = &'a Warning>) -> Option<String> {
    let text: Vec<String> = warnings
        .map(|w| {
            let w = w.to_string();
            let stop = if w.ends_with('.') { "" } else { "." };
            format!("Warning: {w}{stop}")
        })
        .collect();
    (!text.is_empty()).then(|| text.join(" "))
}

/// `a` then `b`, either possibly absent.
pub(super) fn and(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

/// The actions `sim` refused after the first `said` of them, in words, and
/// how many it has refused in all.
#[cfg(feature = "jobs")]
pub(super) fn refused_notice(sim: &Simulation, said: usize) -> Option<(usize, String)> {
    let all = sim.refusals();
    let new = all.get(said..).filter(|new| !new.is_empty())?;
    Some((all.len(), join(new.iter())?))
}

#[cfg(not(feature = "jobs"))]
pub(super) fn setup_notice(_: Option<&Scenario>, _: &Scenario) -> Option<String> {
    None
}

#[cfg(not(feature = "jobs"))]
pub(super) fn opening_notice(_: &Simulation) -> Option<String> {
    None
}

#[cfg(not(feature = "jobs"))]
pub(super) fn refused_notice(_: &Simulation, _: usize) -> Option<(usize, String)> {
    None
}

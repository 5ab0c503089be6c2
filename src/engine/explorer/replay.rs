//! Schedules back into runs: replaying choices on a world (with a trace),
//! describing them in words, and turning one into a `Scenario` the live view
//! steps through (see `Scenario::schedule`).

use super::{ExploreError, ExploreSpec};
use crate::engine::broker::MessageStatus;
use crate::engine::checker::{self, Outcome};
use crate::engine::config::BrokerKind;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::scenario::Scenario;
use crate::engine::trace::{Trace, TraceMode};
use crate::engine::world::{Choice, World};

/// Replays a schedule through the same world transitions, with a full trace
/// (one transition per choice, after the owner's saves).
pub fn replay_schedule(spec: &ExploreSpec, choices: &[Choice]) -> Result<Trace, ExploreError> {
    Ok(replay_world(spec, choices)?.trace().clone())
}

/// Like `replay_schedule`, returning the final world (for its verdict).
pub fn replay_world(spec: &ExploreSpec, choices: &[Choice]) -> Result<World, ExploreError> {
    spec.validate().map_err(ExploreError::Invalid)?;
    let mut world = spec.world(TraceMode::Full);
    let first = world.step + 1;
    for (index, &choice) in choices.iter().enumerate() {
        world.step = first + index as u64;
        if !world.choose(choice) {
            return Err(ExploreError::InvalidChoice { index, choice });
        }
    }
    Ok(world)
}

/// The outcome of a replayed schedule's final world, if no choice is left.
pub fn final_outcome(world: &World) -> Option<Outcome> {
    world.settled().then(|| checker::final_outcome(world, None))
}

/// A schedule as a scenario for the live view: the owner's saves as scripted
/// actions, then `choices` one per step. Its seed is unused (0).
pub fn counterexample_scenario(spec: &ExploreSpec, choices: &[Choice]) -> Scenario {
    Scenario {
        actions: spec.burst().actions(),
        schedule: Some(choices.to_vec()),
        ..Scenario::new(spec.config(), 0)
    }
}

/// The live view's step at which a schedule starts: after the owner's saves
/// (the create, the updates and any delete ending the burst).
pub fn schedule_start(spec: &ExploreSpec) -> u64 {
    spec.burst().actions().len() as u64
}

/// A choice in words, in the state just before it is applied.
pub fn choice_words(world: &World, choice: Choice) -> String {
    world.choice_words(choice)
}

/// What a listener's step led to, read off the world after it.
fn result(world: &World, member: MemberId, message: MessageId) -> &'static str {
    let holding = world
        .listeners()
        .get(member.index())
        .and_then(|l| l.hand.iter().find(|d| d.msg == message))
        .map(|d| d.stage);
    let acked = world
        .broker()
        .messages()
        .get(message.0 as usize)
        .is_some_and(|m| m.status == MessageStatus::Acked);
    match (holding, acked, world.broker_kind()) {
        (Some(_), _, _) => "",
        (None, true, BrokerKind::Kafka) => ": done, its offset committed",
        (None, true, _) => ": done, acked",
        (None, false, BrokerKind::Kafka) => {
            ": not applied, no commit (the partition pauses for the retry's backoff)"
        }
        (None, false, BrokerKind::JetStream) => {
            ": not applied, no ack (queued for redelivery when the ack wait runs out)"
        }
        (None, false, BrokerKind::Stan) => {
            ": not applied, no ack (it comes back after the ack wait)"
        }
    }
}

/// Every choice of a schedule in words (replaying it to know each state).
pub fn describe_schedule(
    spec: &ExploreSpec,
    choices: &[Choice],
) -> Result<Vec<String>, ExploreError> {
    spec.validate().map_err(ExploreError::Invalid)?;
    let mut world = spec.world(TraceMode::Off);
    let mut words = Vec::with_capacity(choices.len());
    for (index, &choice) in choices.iter().enumerate() {
        let said = choice_words(&world, choice);
        if !world.choose(choice) {
            return Err(ExploreError::InvalidChoice { index, choice });
        }
        words.push(match choice {
            Choice::Advance { member, message } => {
                format!("{said}{}", result(&world, member, message))
            }
            _ => said,
        });
    }
    Ok(words)
}

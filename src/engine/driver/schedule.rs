//! Replaying an explorer schedule on the live engine: the scripted actions
//! (the owner's saves) first, then one choice per step through the very same
//! `World` transitions the explorer applies. No agenda, no PRNG: the choice
//! says which message goes to whom and which listener moves, so Step, Step
//! back and share links behave as for a timed run.

use super::Engine;
use crate::engine::action::ScriptedAction;
use crate::engine::checker::{self, Outcome, Stop};
#[cfg(feature = "kafka")]
use crate::engine::config::BrokerKind;
use crate::engine::note::Note;
use crate::engine::trace::StepKind;
use crate::engine::world::Choice;

impl Engine {
    /// True when every action and choice has been applied (or the run stopped).
    pub fn finished_scheduled(&self, actions: &[ScriptedAction], schedule: &[Choice]) -> bool {
        self.stop.is_some()
            || (self.next_action >= actions.len() && self.next_choice >= schedule.len())
    }

    /// One transition of a scheduled run; false when nothing is left.
    pub fn step_scheduled(&mut self, actions: &[ScriptedAction], schedule: &[Choice]) -> bool {
        if self.finished_scheduled(actions, schedule) {
            return false;
        }
        if self.hit_transition_cap() {
            return false;
        }
        self.world.step = self.steps;
        if let Some(a) = actions.get(self.next_action) {
            self.now = self.now.max(a.at_ms);
            self.world.now = self.now;
            self.next_action += 1;
            if let Err(e) = self.apply(&a.action) {
                self.refused(actions, e);
            }
            // The explorer's Kafka world starts with every produce request
            // answered (`ExploreSpec::world`): so does its replay, in the
            // step of the last save, so the schedule starts where it does.
            #[cfg(feature = "kafka")]
            if self.next_action == actions.len() && self.world.broker_kind() == BrokerKind::Kafka {
                self.world.kafka_settle();
            }
        } else {
            let index = self.next_choice;
            let choice = schedule[index];
            self.next_choice += 1;
            if !self.world.choose(choice) {
                // A hand-made schedule, or one made for another configuration:
                // `Simulation::new` refuses it (a dry run up to here, which
                // says why), so a run never goes on to a verdict it did not
                // reach. Without that check (see there), the replay ends here.
                self.next_choice = schedule.len();
                self.bad_choice.get_or_insert(index);
                self.world.note(
                    StepKind::Ignored,
                    None,
                    Note::Said(
                        format!(
                            "the schedule's next choice ({}) is not possible here; the replay ends",
                            self.world.choice_words(choice)
                        )
                        .into(),
                    ),
                );
            }
        }
        self.steps += 1;
        // A schedule that ends with refused messages nobody can take again
        // is stalled: report it as the timed engine reports a livelock.
        if self.finished_scheduled(actions, schedule)
            && self.world.settled()
            && checker::final_outcome(&self.world, None) == Outcome::Stalled
        {
            self.stop = Some(Stop::Livelock);
        }
        true
    }
}

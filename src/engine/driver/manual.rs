//! "You are the network" on the timed driver (`Config::manual_network`): a
//! delivery just sent is held on the wire (no read on the agenda) with its
//! ack wait armed from the send, until `Action::Arrive` lets it arrive now.
//! While the run waits on the student alone (`World::waits_for_network`,
//! nothing scripted left) no time passes: `step` takes nothing and
//! `next_time` is `None`, so Play stops, yet the run is not finished (its
//! verdict stays live). Whenever anything else is going on, time runs and a
//! delivery held past its ack wait is sent again. The rules live in
//! `world/wire.rs`; this file only touches the agenda.

use super::Engine;
use crate::engine::action::{ActionError, ScriptedAction};
use crate::engine::agenda::Wake;
use crate::engine::broker::Channel;
use crate::engine::ids::{MemberId, MessageId};

impl Engine {
    /// Under a manual network, holds delivery `id` of `msg`, just sent to
    /// `member`, on the wire, with its processing time and its ack wait
    /// armed (when the student lets it arrive is unknown). False, doing
    /// nothing, otherwise. (Its wire time was drawn all the same, so the
    /// seeded stream is the one an automatic network would use.)
    pub(super) fn hold(
        &mut self,
        msg: MessageId,
        member: MemberId,
        id: u32,
        processing_ms: u64,
    ) -> bool {
        if !self.config.manual_network {
            return false;
        }
        self.world.hold(member, id, processing_ms);
        let number = self.world.broker.message(msg).deliveries;
        self.arm(msg, number);
        true
    }

    /// The run waits for the student to let a message arrive (see the module
    /// comment): no transition until then.
    pub(super) fn waiting_for_network(&self, actions: &[ScriptedAction]) -> bool {
        self.config.manual_network
            && self.next_action >= actions.len()
            && self.world.waits_for_network()
    }

    /// Something is still held on the wire: the run is not over, whatever
    /// the agenda says (an old copy may still arrive).
    pub(super) fn holding(&self) -> bool {
        self.config.manual_network && self.world.holds_any()
    }

    /// `Action::Arrive`: the held copy of `channel` #`seq` to `member`
    /// arrives now, and is read as any arrival is.
    pub(super) fn arrive(
        &mut self,
        channel: Channel,
        seq: u64,
        member: MemberId,
    ) -> Result<(), ActionError> {
        let id = self.world.arrival(channel, seq, member)?;
        if self.world.arrive(member, id).is_some() {
            self.agenda.push(
                self.now,
                Wake::Read {
                    member,
                    delivery: id,
                },
            );
        }
        Ok(())
    }
}

//! The user's actions on a timed run: validation against the current state,
//! and the faults and network tricks that need the agenda or the PRNG.

use super::Engine;
use crate::engine::action::{Action, ActionError};
use crate::engine::agenda::Wake;
use crate::engine::ids::MemberId;
use crate::engine::listener::Stage;
use crate::engine::note::Note;
use crate::engine::trace::StepKind;

impl Engine {
    /// Checks an action against the current state without applying it.
    pub fn check(&self, action: &Action) -> Result<(), ActionError> {
        let w = &self.world;
        action.validate(w.tickets().tickets().len() as u32, self.config.listeners)?;
        let deleted = |id| match w.tickets().get(id) {
            Some(t) if t.deleted => Err(ActionError::TicketDeleted {
                id,
                version: t.version,
            }),
            _ => Ok(()),
        };
        match action {
            Action::UpdateTicket { id, .. }
            | Action::DeleteTicket { id }
            | Action::TwoEditors { id, .. } => deleted(*id),
            Action::CrashListener { member } if !w.listeners()[member.index()].up => {
                Err(ActionError::MemberDown { member: *member })
            }
            Action::Arrive {
                channel,
                seq,
                member,
            } => w.arrival(*channel, *seq, *member).map(|_| ()),
            Action::Route { .. } if !w.broker_kind().is_stan() => Err(ActionError::OtherBroker {
                needs: "NATS Streaming: under JetStream the pull at the head of the waiting queue gets the next message",
            }),
            Action::Route { channel, seq, .. } => {
                let m = w
                    .broker()
                    .find(*channel, *seq)
                    .ok_or(ActionError::UnknownMessage {
                        channel: *channel,
                        seq: *seq,
                    })?;
                if m.is_queued() {
                    Ok(())
                } else {
                    Err(ActionError::NotQueued {
                        channel: *channel,
                        seq: *seq,
                        status: m.status,
                    })
                }
            }
            _ => Ok(()),
        }
    }

    /// What only a live action is refused for (a recorded one still
    /// replays as it did): a Shuffle with nothing queued and nothing on the
    /// wire would change nothing.
    pub fn check_live(&self, action: &Action) -> Result<(), ActionError> {
        let on_wire = self
            .world
            .listeners()
            .iter()
            .flat_map(|l| &l.hand)
            .any(|d| d.stage == Stage::Read);
        match action {
            Action::Shuffle if !on_wire && self.world.broker().queue().is_empty() => {
                Err(ActionError::NothingToShuffle)
            }
            _ => Ok(()),
        }
    }

    pub(super) fn apply(&mut self, action: &Action) -> Result<(), ActionError> {
        self.check(action)?;
        let w = &mut self.world;
        match action {
            Action::CreateTicket { title, price } => {
                w.create_ticket(title, *price);
            }
            Action::UpdateTicket { id, title, price } => {
                w.update_ticket(*id, title.as_deref(), *price)?;
            }
            Action::DeleteTicket { id } => w.delete_ticket(*id)?,
            Action::TwoEditors {
                id,
                first_price,
                second_price,
            } => w.two_editors(*id, *first_price, *second_price)?,
            Action::CrashListener { member } => self.crash(*member),
            Action::LoseNextAck => {
                self.lose_next_ack = true;
                w.note(StepKind::Fault, None, Note::AckWillBeLost);
            }
            Action::DelaySpike {
                extra_ms,
                duration_ms,
            } => {
                self.spike_extra = *extra_ms;
                self.spike_until = self.now.saturating_add(*duration_ms);
                w.note(
                    StepKind::DelaySpike,
                    None,
                    Note::DelaySpike {
                        extra_ms: *extra_ms,
                        duration_ms: *duration_ms,
                    },
                );
            }
            Action::Shuffle => self.shuffle(),
            Action::Route {
                channel,
                seq,
                member,
            } => {
                // `check` found it queued; were that ever not so, the
                // refusal is said (a warning), never skipped in silence.
                let (channel, seq) = (*channel, *seq);
                let id = w
                    .find_message(channel, seq)
                    .ok_or(ActionError::UnknownMessage { channel, seq })?;
                if !w.route(id, *member) {
                    let status = w.broker().message(id).status;
                    return Err(ActionError::NotQueued {
                        channel,
                        seq,
                        status,
                    });
                }
            }
            Action::Arrive {
                channel,
                seq,
                member,
            } => self.arrive(*channel, *seq, *member)?,
            Action::RetryPublish { msg_id } => w.retry_publish(*msg_id)?,
        }
        Ok(())
    }

    pub(super) fn crash(&mut self, member: MemberId) {
        let mut lost = std::mem::take(&mut self.lost);
        lost.clear();
        if self.world.crash(member, &mut lost) {
            for &(msg, number) in &lost {
                self.arm(msg, number);
            }
            let at = self.now.saturating_add(self.config.restart_ms);
            self.agenda.push(at, Wake::Restart { member });
            // Only a crashed member's heartbeats are wake-ups: a healthy
            // one's pings change nothing and keep no run going. JetStream
            // has none: its pull request just went away.
            if !self.world.broker_kind().is_stan() {
                self.lost = lost;
                return;
            }
            let crashed_at = self.now;
            let at = self.world.first_miss_at(member);
            self.agenda
                .push(at, Wake::HeartbeatMissed { member, crashed_at });
        }
        self.lost = lost;
    }

    /// Re-draws the wire time of every delivery still on the wire (each
    /// member's arrivals stay in the order sent, whatever the channel: one
    /// connection per client), then permutes how the queue interleaves the
    /// channels.
    fn shuffle(&mut self) {
        let mut moved = 0u32;
        for i in 0..self.world.listeners.len() {
            let member = MemberId(i as u8);
            let mut last = self.now;
            for k in 0..self.world.listeners[i].hand.len() {
                let d = &self.world.listeners[i].hand[k];
                // Held on the wire: it arrives when the student says.
                if d.stage != Stage::Read || d.held() {
                    continue;
                }
                let due = self.now.saturating_add(self.latency()).max(last);
                last = due;
                self.world.listeners[i].arrival = due;
                let d = &mut self.world.listeners[i].hand[k];
                d.due_at = due;
                let (id, msg, number, total) =
                    (d.id, d.msg, d.number, due.saturating_add(d.processing_ms));
                self.agenda.push(
                    due,
                    Wake::Read {
                        member,
                        delivery: id,
                    },
                );
                let sent = self.world.broker.message(msg).delivered_at;
                if total > sent.saturating_add(self.config.ack_wait_ms) {
                    self.arm(msg, number);
                }
                moved += 1;
            }
        }
        self.world.shuffle_queue(&mut self.rng);
        let queued = self.world.broker().queue().len();
        self.world.note(
            StepKind::Shuffle,
            None,
            Note::Shuffled {
                moved,
                queued: queued as u32,
            },
        );
    }
}

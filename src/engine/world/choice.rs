//! Choices: the World transitions a scheduler may pick next (which queued
//! message goes to which member, which listener takes its next step, which
//! refused message comes back). The explorer enumerates them; a timed
//! `Simulation` replays a schedule of them; both apply them here.

use super::brokers::by_model;
use super::World;
use crate::engine::broker::Expiry;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::listener::Stage;
use crate::engine::message::{Channel, MessageStatus};
use serde::{Deserialize, Serialize};

/// One scheduling decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "kebab-case")]
pub enum Choice {
    Deliver {
        message: MessageId,
        member: MemberId,
    },
    /// The member's delivery of `message` takes its next stage (read or write).
    Advance {
        member: MemberId,
        message: MessageId,
    },
    /// A refused message's ack wait runs out and the server sends it at once
    /// to `member`, one of those with the fewest unacked on its channel.
    /// Enabled only once the replica changed since the refusal: before that
    /// it would only be refused again. (`member` absent, in schedules saved
    /// before it existed: the server's own pick.) Under JetStream (no
    /// `member`) it joins the redelivery queue, and a `Deliver` sends it;
    /// under Kafka the retry's backoff ends and `member` resumes the
    /// record's partition.
    Redeliver {
        message: MessageId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        member: Option<MemberId>,
    },
}

impl Choice {
    /// The choice in words without a world to look messages up in (message
    /// numbers count from 1 in publish order).
    pub fn words(self) -> String {
        match self {
            Choice::Deliver { message, member } => {
                format!("deliver message {} to {member}", message.0 + 1)
            }
            Choice::Advance { member, message } => {
                format!("{member} takes its next step on message {}", message.0 + 1)
            }
            Choice::Redeliver { message, member } => match member {
                Some(m) => format!("redeliver message {} to {m}", message.0 + 1),
                None => format!("redeliver message {}", message.0 + 1),
            },
        }
    }
}

impl World {
    pub(super) fn held(&self, msg: MessageId) -> bool {
        self.listeners
            .iter()
            .any(|l| l.hand.iter().any(|d| d.msg == msg))
    }

    /// Every choice enabled now, in a fixed order: the same broker rules as
    /// the timed driver (a channel's head only, members with room, each
    /// member's reads in the order sent on its one connection, redelivery to
    /// the fewest unacked), every timing.
    pub fn choices(&self, out: &mut Vec<Choice>) {
        out.clear();
        by_model!(self,
            stan => self.stan_choices(out),
            jetstream => self.js_choices(out),
            kafka => self.kafka_choices(out),
        )
    }

    /// NATS Streaming's choices (JetStream's and Kafka's: `explore_js.rs`,
    /// `explore_kafka.rs`).
    fn stan_choices(&self, out: &mut Vec<Choice>) {
        let changes = self.replica.changes();
        for channel in Channel::ALL {
            if let Some(head) = self.broker.head(channel) {
                for l in &self.listeners {
                    if l.up && self.has_room(l.member, channel) {
                        out.push(Choice::Deliver {
                            message: head,
                            member: l.member,
                        });
                    }
                }
            }
        }
        self.advance_choices(out);
        for m in self.broker.messages() {
            let refused = matches!(m.status, MessageStatus::InFlight { .. }) && !self.held(m.id);
            if refused && m.refused_at != Some(changes) {
                for member in self.redelivery_targets(m.channel) {
                    out.push(Choice::Redeliver {
                        message: m.id,
                        member: Some(member),
                    });
                }
            }
        }
    }

    /// Each listener's next step, whatever the broker: one connection per
    /// client, so only its earliest unread delivery, whatever the channel,
    /// may be read next; any delivery read may be written.
    pub(super) fn advance_choices(&self, out: &mut Vec<Choice>) {
        for l in &self.listeners {
            let first = l.first_unread().map(|f| f.id);
            for d in &l.hand {
                let next = d.stage == Stage::Write || first == Some(d.id);
                if next {
                    out.push(Choice::Advance {
                        member: l.member,
                        message: d.msg,
                    });
                }
            }
        }
    }

    /// Who `findBestQueueSub` may pick for a redelivery on `channel`: the
    /// members with the fewest unacked among those below their limit (any
    /// live member if all are at it). The server breaks ties by its list's
    /// rotation, which the explorer leaves open.
    fn redelivery_targets(&self, channel: Channel) -> Vec<MemberId> {
        let live: Vec<MemberId> = self
            .listeners
            .iter()
            .map(|l| l.member)
            .filter(|&m| !self.broker.closed(m))
            .collect();
        let below: Vec<MemberId> = live
            .iter()
            .copied()
            .filter(|&m| self.broker.pending(channel, m) < self.max_in_flight)
            .collect();
        let pool = if below.is_empty() { live } else { below };
        let least = pool.iter().map(|&m| self.broker.pending(channel, m)).min();
        pool.into_iter()
            .filter(|&m| Some(self.broker.pending(channel, m)) == least)
            .collect()
    }

    /// Whether no choice is left (the run has settled).
    pub fn settled(&self) -> bool {
        let mut enabled = Vec::new();
        self.choices(&mut enabled);
        enabled.is_empty()
    }

    /// Applies `choice` if it is enabled; false otherwise (nothing changes).
    pub fn choose(&mut self, choice: Choice) -> bool {
        let mut enabled = Vec::new();
        self.choices(&mut enabled);
        if !enabled.contains(&choice) {
            return false;
        }
        self.choose_enabled(choice);
        true
    }

    /// Applies a choice known to be enabled.
    pub(crate) fn choose_enabled(&mut self, choice: Choice) {
        by_model!(self,
            stan => self.stan_choose(choice),
            jetstream => self.js_choose(choice),
            kafka => self.kafka_choose(choice),
        )
    }

    /// The member's delivery of `message` takes its next stage.
    pub(super) fn advance(&mut self, member: MemberId, message: MessageId) {
        let l = &self.listeners[member.index()];
        if let Some(d) = l.hand.iter().find(|d| d.msg == message).copied() {
            match d.stage {
                Stage::Read => {
                    self.read(member, d.id);
                }
                Stage::Write => {
                    self.write(member, d.id, false);
                }
            }
        }
    }

    fn stan_choose(&mut self, choice: Choice) {
        match choice {
            Choice::Deliver { message, member } => {
                self.deliver(message, member);
            }
            Choice::Advance { member, message } => self.advance(member, message),
            Choice::Redeliver { message, member } => {
                let number = self.broker.message(message).deliveries;
                match member {
                    None => {
                        self.expire(message, number);
                    }
                    Some(to) => {
                        if self.broker.expire(message, number, self.max_deliver) == Expiry::Due {
                            self.redeliver_to(message, number, Some(to));
                        }
                    }
                }
            }
        }
    }

    /// "deliver ticket:updated #2 (price 15, version 2) to B", and so on: a
    /// choice in words, in the state just before it is applied.
    pub fn choice_words(&self, choice: Choice) -> String {
        let about = |id: MessageId| {
            self.broker.messages().get(id.index()).map_or_else(
                || format!("message {}", id.0),
                |m| {
                    format!(
                        "{} #{} (price {}, version {})",
                        m.channel, m.seq, m.event.price, m.event.version
                    )
                },
            )
        };
        match choice {
            Choice::Deliver { message, member } => {
                format!("deliver {} to {member}", about(message))
            }
            Choice::Advance { member, message } => {
                let stage = self
                    .listeners
                    .get(member.index())
                    .and_then(|l| l.hand.iter().find(|d| d.msg == message))
                    .map(|d| d.stage);
                let verb = match stage {
                    Some(Stage::Read) => "reads the row for",
                    Some(Stage::Write) => "writes",
                    None => "handles",
                };
                format!("{member} {verb} {}", about(message))
            }
            Choice::Redeliver { message, member } => by_model!(self,
                stan => match member {
                    Some(m) => format!(
                        "the ack wait of {} runs out: redelivered to {m}",
                        about(message)
                    ),
                    None => format!("the ack wait of {} runs out: redelivered", about(message)),
                },
                jetstream => format!(
                    "the ack wait of {} runs out: queued for redelivery, before newer messages",
                    about(message)
                ),
                kafka => format!(
                    "the backoff after {} was refused ends: {} resumes its partition",
                    about(message),
                    member.map_or_else(|| "its owner".to_owned(), |m| m.to_string())
                ),
            ),
        }
    }
}

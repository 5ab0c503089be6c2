//! The explorer's choices under Kafka (`Choice`, `World::choices`): within
//! a partition the order is fixed (one owner polls it one record at a time,
//! in offset order), so what is left open is how the partitions' consumers
//! interleave.
//!
//! - `Deliver`: a listener with nothing in hand polls the record at the
//!   position of its next partition in turn (`Kafka::poll`; one choice per
//!   listener that can poll, the record being the consumer's, not a choice).
//! - `Advance`: its read or write, as under NATS Streaming. The commit that
//!   follows a handled record is applied with it: with no crash in the
//!   explorer nothing can fall between them, and no other consumer reads
//!   another's offsets, so a separate commit step would only multiply the
//!   interleavings without adding an outcome.
//! - `Redeliver` (the owner as member): a refused record's retry in place
//!   ends its backoff and the owner resumes the partition (polled again by a
//!   later `Deliver`). As NATS Streaming's ack wait: only once the replica
//!   changed since the refusal (before that it would only be refused again).
//!
//! The producer's requests are all answered before the first choice
//! (`kafka_settle`): the explorer's owner publishes everything up front, and
//! with no produce fault the records land in the order sent.

use super::{Choice, World};
use crate::engine::agenda::KafkaWake;
use crate::engine::ids::{MemberId, MessageId};

impl World {
    /// The message of the record at `member`'s position in `partition`.
    fn kafka_at(&self, member: MemberId, partition: u32) -> Option<MessageId> {
        let km = self.kafka();
        let offset = km.k.consumer(member).position(partition)?;
        km.ids
            .get(partition as usize)?
            .get(offset as usize)
            .copied()
    }

    /// Every choice enabled now under Kafka, in a fixed order.
    pub(super) fn kafka_choices(&self, out: &mut Vec<Choice>) {
        let k = &self.kafka().k;
        for l in &self.listeners {
            if !l.up || !l.hand.is_empty() {
                continue;
            }
            let next = k.next_poll(l.member);
            if let Some(message) = next.and_then(|p| self.kafka_at(l.member, p)) {
                out.push(Choice::Deliver {
                    message,
                    member: l.member,
                });
            }
        }
        self.advance_choices(out);
        let changes = self.replica.changes();
        for c in &k.consumers {
            for &p in c.partitions() {
                if !c.up || !c.paused(p) {
                    continue;
                }
                let Some(message) = self.kafka_at(c.member, p) else {
                    continue;
                };
                if self.broker.message(message).refused_at != Some(changes) {
                    out.push(Choice::Redeliver {
                        message,
                        member: Some(c.member),
                    });
                }
            }
        }
    }

    /// Applies an enabled choice, then what it queued at once (see above).
    pub(super) fn kafka_choose(&mut self, choice: Choice) {
        match choice {
            Choice::Deliver { message, member } => {
                if self.kafka_mut().k.poll(member).is_some() {
                    self.deliver(message, member);
                }
            }
            Choice::Advance { member, message } => self.advance(member, message),
            Choice::Redeliver { message, member } => {
                let Some(member) = member else {
                    return;
                };
                if let Some((partition, _)) = self.kafka_record(message) {
                    self.kafka_resume(member, partition);
                }
            }
        }
        self.kafka_settle();
    }

    /// Answers every produce request in flight and makes every commit
    /// queued, at once; a retry's resume stays for a `Redeliver` choice.
    pub(crate) fn kafka_settle(&mut self) {
        let mut timers = Vec::new();
        loop {
            self.take_kafka_timers(&mut timers);
            if timers.is_empty() {
                break;
            }
            for (_, wake) in timers.drain(..) {
                match wake {
                    KafkaWake::Produce => {
                        self.kafka_produce(false);
                    }
                    KafkaWake::Commit { member } => {
                        self.kafka_commit(member);
                    }
                    KafkaWake::Resume { .. } | KafkaWake::SessionExpired { .. } => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{BrokerKind, Config};
    use crate::engine::ids::TicketId;
    use crate::engine::strategy::Strategy;
    use crate::engine::trace::TraceMode;
    use crate::engine::version::VersionScheme;

    fn resumes(w: &World) -> Vec<Choice> {
        let mut enabled = Vec::new();
        w.choices(&mut enabled);
        enabled.retain(|c| matches!(c, Choice::Redeliver { .. }));
        enabled
    }

    /// Takes the first enabled choice that is not a resume until none is
    /// left; false if nothing was enabled.
    fn drain(w: &mut World) -> bool {
        let mut any = false;
        loop {
            let mut enabled = Vec::new();
            w.choices(&mut enabled);
            let Some(&c) = enabled
                .iter()
                .find(|c| !matches!(c, Choice::Redeliver { .. }))
            else {
                return any;
            };
            w.choose_enabled(c);
            any = true;
        }
    }

    /// A refused record's partition resumes only once the replica changed
    /// since the refusal: here the other ticket's create, on another
    /// partition, is written after the refusal.
    #[test]
    fn a_retry_in_place_resumes_once_the_replica_changed() {
        let config = Config {
            broker: BrokerKind::Kafka,
            strategy: Strategy::Occ,
            scheme: VersionScheme::Step100,
            listeners: 2,
            ..Config::default()
        };
        let mut w = World::new(&config, TraceMode::Off);
        let first = w.create_ticket("concert", 5);
        // Step100: the update is at 200 and names no 199, so occ refuses it.
        w.update_ticket(first, None, Some(10)).unwrap();
        w.kafka_settle();
        assert!(drain(&mut w));
        assert!(resumes(&w).is_empty(), "refused, nothing changed since");
        // Find a second ticket on another partition (murmur2 of its id).
        let home = w.kafka_record(MessageId(0)).unwrap().0;
        let other = loop {
            let id = w.create_ticket("show", 7);
            w.kafka_settle();
            let msg = MessageId(w.broker.messages().len() as u32 - 1);
            if w.kafka_record(msg).unwrap().0 != home {
                break id;
            }
        };
        assert_ne!(other, TicketId(0));
        assert!(drain(&mut w));
        let resume = resumes(&w);
        assert_eq!(
            resume,
            [Choice::Redeliver {
                message: MessageId(1),
                member: w.kafka().k.group.owner(home),
            }]
        );
        w.choose_enabled(resume[0]);
        // Polled again, refused again (the row still is not at 199).
        assert!(drain(&mut w));
        assert!(resumes(&w).is_empty());
    }
}

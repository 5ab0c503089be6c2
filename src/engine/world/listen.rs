//! The Orders listeners' side: a delivery arrives, is read, then written, then
//! acked or not. Reads and writes are separate transitions so the
//! read-modify-write race between two listeners can happen.

use super::World;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::listener::{Delivery, Handling, LastDecision, Stage};
use crate::engine::message::UnackedWrite;
use crate::engine::note::Note;
use crate::engine::strategy::ReadNote;
use crate::engine::strategy::{Condition, Decision, OnConflict};
use crate::engine::trace::{StepKind, TraceStep};

/// What an ack that the server takes records: the step's kind and how the
/// listener handled the message.
type Acked = (StepKind, Handling);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadResult {
    /// The strategy will write; the delivery moves to its write stage.
    Proceed,
    /// Acked without writing.
    Skipped,
    /// No ack: the broker redelivers delivery `number` of `msg` after the ack wait.
    Refused { msg: MessageId, number: u32 },
    /// No such delivery in that hand (a stale wake-up).
    Gone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteResult {
    Acked,
    Refused {
        msg: MessageId,
        number: u32,
    },
    /// Written, but the ack never reached the broker.
    AckLost {
        msg: MessageId,
        number: u32,
    },
    Gone,
}

impl World {
    /// The broker sends `msg` to `member`; returns the new delivery's id in
    /// its hand, or `None` if the member is down: the server has not closed
    /// it (and picked it: no missed heartbeat yet, or no other member could
    /// take it), so the message counts as unacked there and is lost until
    /// its ack wait runs out.
    pub fn deliver(&mut self, msg: MessageId, member: MemberId) -> Option<u32> {
        let number = self.broker.hand_over(msg, member, self.now);
        self.stats.deliveries += 1;
        if number > 1 {
            self.stats.redeliveries += 1;
        }
        if !self.listeners[member.index()].up {
            if self.tracing() {
                let mut s = self.step_about(StepKind::Deliver, Some(msg), Some(member));
                s.note = Note::SentToDown {
                    member,
                    avoided: self.broker.failed_hb(member),
                };
                self.record(s);
            }
            self.debug_check();
            return None;
        }
        let id = self.next_delivery_id();
        self.listeners[member.index()].hand.push(Delivery {
            id,
            msg,
            number,
            stage: Stage::Read,
            snapshot: None,
            delivered_at: self.now,
            due_at: self.now,
            processing_ms: 0,
        });
        if self.tracing() {
            let s = self.step_about(StepKind::Deliver, Some(msg), Some(member));
            self.record(s);
        }
        self.sent_to(member);
        self.debug_check();
        Some(id)
    }

    fn decided(&mut self, member: MemberId, msg: MessageId, number: u32, handling: Handling) {
        let ticket = self.broker.message(msg).event.ticket;
        self.listeners[member.index()].last = Some(LastDecision {
            msg,
            number,
            ticket,
            handling,
        });
    }

    /// A step about copy `number` of `msg`: the copy this listener holds,
    /// not the broker's latest (a slow copy may be handled after the
    /// message was sent again).
    fn step_about_copy(
        &self,
        kind: StepKind,
        msg: MessageId,
        number: u32,
        member: MemberId,
    ) -> TraceStep {
        let mut s = self.step_about(kind, Some(msg), Some(member));
        s.delivery = Some(number);
        s.redelivered = number > 1;
        s
    }

    fn trace_decision(&mut self, kind: StepKind, msg: MessageId, number: u32, member: MemberId) {
        if self.tracing() {
            let mut s = self.step_about_copy(kind, msg, number, member);
            if let Some(last) = self.listeners[member.index()].last {
                let (ticket, handling) = (last.ticket, last.handling);
                s.note = Note::Handled { ticket, handling };
                // Kafka has no ack: its "ack" (and "ack and skip") step hands
                // the record over to the commit, a step of its own.
                #[cfg(feature = "kafka")]
                if matches!(kind, StepKind::Ack | StepKind::Skip)
                    && self.broker_kind() == crate::engine::config::BrokerKind::Kafka
                {
                    let note = crate::engine::kafka::KafkaNote::Handled { ticket, handling };
                    s.note = Note::Kafka(note);
                }
            }
            self.record(s);
        }
    }

    /// The listener acks copy `number` of `msg` after handling it as
    /// `handling` (`wrote`: it applied a write). The server takes the ack
    /// only from the member it last sent the message to (`processAckMsg`
    /// looks the sequence up in that subscription's pending list); from
    /// anyone else it changes nothing, and the trace says so.
    fn ack(&mut self, member: MemberId, msg: MessageId, number: u32, done: Acked) {
        let (kind, handling) = done;
        if self.ack_counts(msg, member) {
            self.decided(member, msg, number, handling);
            self.trace_decision(kind, msg, number, member);
            return;
        }
        let now = self.broker.message(msg).status;
        let wrote = matches!(handling, Handling::Applied { .. });
        let m = self.broker.message_mut(msg);
        if wrote && m.is_outstanding() && m.unacked_write.is_none() {
            m.unacked_write = Some(UnackedWrite {
                member,
                number,
                now,
            });
        }
        self.decided(
            member,
            msg,
            number,
            Handling::AckIgnored { wrote, number, now },
        );
        if self.tracing() {
            let mut s = self.step_about_copy(StepKind::AckIgnored, msg, number, member);
            s.note = Note::AckIgnored {
                member,
                number,
                now,
            };
            self.record(s);
        }
    }

    /// The listener reads the replica row and decides.
    pub fn read(&mut self, member: MemberId, delivery: u32) -> ReadResult {
        let r = self.read_row(member, delivery);
        self.hand_changed();
        self.debug_check();
        r
    }

    fn read_row(&mut self, member: MemberId, delivery: u32) -> ReadResult {
        let hand = &self.listeners[member.index()];
        let Some(d) = hand.delivery(delivery) else {
            return ReadResult::Gone;
        };
        let (msg, number) = (d.msg, d.number);
        let event = self.broker.message(msg).event;
        let row = self.replica.row(event.ticket);
        let decision = self.strategy.decide(row, &event);
        if self.tracing() {
            let mut s = self.step_about_copy(StepKind::Read, msg, number, member);
            s.row_version_before = row.map(|r| r.version);
            s.note = Note::Read {
                ticket: event.ticket,
                read: ReadNote::from(&decision),
            };
            self.record(s);
        }
        match decision {
            Decision::Apply(_) => {
                if let Some(d) = self.listeners[member.index()].delivery_mut(delivery) {
                    d.stage = Stage::Write;
                    d.snapshot = row;
                }
                ReadResult::Proceed
            }
            Decision::Skip(skip) => {
                self.listeners[member.index()].take(delivery);
                self.ack(
                    member,
                    msg,
                    number,
                    (StepKind::Skip, Handling::Skipped(skip)),
                );
                ReadResult::Skipped
            }
            Decision::Refuse(refusal) => {
                self.listeners[member.index()].take(delivery);
                self.broker.refused(msg, self.replica.changes());
                self.decided(member, msg, number, Handling::Refused(refusal));
                self.trace_decision(StepKind::NoAck, msg, number, member);
                self.no_ack(msg, member);
                ReadResult::Refused { msg, number }
            }
        }
    }

    /// A write whose condition failed counts toward a livelock only if a
    /// fresh read would refuse it too: a copy read before a delete that
    /// then meets the tombstone is acked and skipped on redelivery, so it is
    /// not stuck. (Without deletes a lost condition always re-reads as a
    /// refusal: the row only moved on.)
    fn refused_at_write(
        &mut self,
        msg: crate::engine::ids::MessageId,
        current: Option<crate::engine::replica::Row>,
        event: &crate::engine::tickets::Event,
    ) {
        if matches!(self.strategy.decide(current, event), Decision::Refuse(_)) {
            self.broker.refused(msg, self.replica.changes());
        }
    }

    /// The listener's write: naive's overwrite, or everyone else's atomic
    /// find-and-update whose condition is re-checked against the row now.
    pub fn write(&mut self, member: MemberId, delivery: u32, lose_ack: bool) -> WriteResult {
        let r = self.write_row(member, delivery, lose_ack);
        self.hand_changed();
        self.debug_check();
        r
    }

    fn write_row(&mut self, member: MemberId, delivery: u32, lose_ack: bool) -> WriteResult {
        let Some(d) = self.listeners[member.index()].take(delivery) else {
            return WriteResult::Gone;
        };
        let (msg, number) = (d.msg, d.number);
        let event = self.broker.message(msg).event;
        let current = self.replica.row(event.ticket);
        let refused = WriteResult::Refused { msg, number };
        let Decision::Apply(plan) = self.strategy.decide(d.snapshot, &event) else {
            // A write stage always follows an Apply decision on this very
            // snapshot; this is only a guard against misuse.
            self.broker.refused(msg, self.replica.changes());
            return refused;
        };
        if plan.condition.holds(current) {
            let out_of_order = self.replica.put(event.ticket, plan.row, event.version);
            self.stats.applied += 1;
            self.stats.out_of_order += u64::from(out_of_order);
            if self.tracing() {
                let mut s = self.step_about_copy(StepKind::Write, msg, number, member);
                s.row_version_before = current.map(|r| r.version);
                s.row_version_after = Some(plan.row.version);
                s.out_of_order = out_of_order;
                if out_of_order {
                    s.note = Note::OutOfOrder;
                }
                self.record(s);
            }
            if lose_ack {
                super::brokers::by_model!(self,
                    stan => {},
                    jetstream => {},
                    kafka => self.kafka_commit_lost(member),
                );
                self.stats.acks_lost += 1;
                self.decided(member, msg, number, Handling::AppliedAckLost);
                self.trace_decision(StepKind::AckLost, msg, number, member);
                return WriteResult::AckLost { msg, number };
            }
            let applied = Handling::Applied { out_of_order };
            self.ack(member, msg, number, (StepKind::Ack, applied));
            return WriteResult::Acked;
        }
        let found = current.map(|r| r.version);
        match plan.on_conflict {
            // An insert that finds the row: a duplicate key (two deliveries
            // of one create raced), not a version error.
            OnConflict::NoAck if plan.condition == Condition::Absent => {
                self.refused_at_write(msg, current, &event);
                self.decided(member, msg, number, Handling::DuplicateKey { found });
                self.trace_decision(StepKind::DuplicateKey, msg, number, member);
                self.trace_decision(StepKind::NoAck, msg, number, member);
                self.no_ack(msg, member);
                refused
            }
            OnConflict::NoAck => {
                self.stats.version_errors += 1;
                self.refused_at_write(msg, current, &event);
                let read = d.snapshot.map(|r| r.version);
                self.decided(member, msg, number, Handling::Conflict { read, found });
                self.trace_decision(StepKind::VersionError, msg, number, member);
                self.trace_decision(StepKind::NoAck, msg, number, member);
                self.no_ack(msg, member);
                refused
            }
            OnConflict::AckSkip => {
                let superseded = Handling::Superseded { found };
                self.ack(member, msg, number, (StepKind::Skip, superseded));
                WriteResult::Acked
            }
        }
    }
}

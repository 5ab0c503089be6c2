//! Kafka's rules over the World (the rules themselves are `engine::kafka`,
//! each citing the Kafka document or client class it follows): the Tickets
//! service's saves go through the producer and reach the shared log when
//! the broker writes them; each Orders listener is a consumer of group
//! `orders-service` that polls one record at a time from the partitions it
//! owns, handles it with the World's own read and write, and commits the
//! offset past it as a step of its own. No ack wait and no per-message
//! redelivery: a record comes again only when its partition is resumed
//! after a retry in place, or after a rebalance from the committed offset
//! (delivery 2 of the same message, design.html "Message Delivery
//! Semantics": at-least-once).
//!
//! The World is time-free: what must happen later (the broker's answer to
//! a produce request, a commit, a retry's backoff, a session expiry) is
//! queued in `KafkaModel::timers` and put on the agenda by the driver
//! (`agenda::KafkaWake`).

use super::Model;
use super::World;
use crate::engine::agenda::KafkaWake;
use crate::engine::config::Config;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::kafka::{
    Commit, Handled, Kafka, KafkaNote, KafkaSettings, ProduceFault, Produced, Record, Refused,
};
use crate::engine::note::Note;
use crate::engine::tickets::Event;
use crate::engine::trace::StepKind;

#[derive(Clone, Debug)]
pub(crate) struct KafkaModel {
    pub k: Kafka,
    /// Per partition, per offset: the shared log's message for that record.
    pub ids: Vec<Vec<MessageId>>,
    /// Wake-ups the driver is to put on the agenda, with the time each is
    /// due (a produce request's is now: the driver adds the wire time).
    pub timers: Vec<(u64, KafkaWake)>,
    listeners: u8,
}

impl KafkaModel {
    pub(crate) fn new(config: &Config) -> KafkaModel {
        let listeners = config.listeners.max(1);
        // `Config::validate` checked the settings; a World made by hand
        // from bad ones gets Kafka's defaults rather than a panic.
        let k = Kafka::new(config.kafka, listeners, 0)
            .or_else(|_| Kafka::new(KafkaSettings::default(), listeners, 0))
            .unwrap_or_else(|e| unreachable!("default Kafka settings: {e}"));
        KafkaModel {
            ids: vec![Vec::new(); k.topic.partitions() as usize],
            k,
            timers: Vec::new(),
            listeners,
        }
    }

    pub(crate) fn clear(&mut self) {
        let mut timers = std::mem::take(&mut self.timers);
        timers.clear();
        let settings = self.k.settings;
        *self = KafkaModel {
            timers,
            ..KafkaModel::new(&Config {
                listeners: self.listeners,
                kafka: settings,
                ..Config::default()
            })
        };
    }

    fn message(&self, r: Record) -> MessageId {
        self.ids[r.partition as usize][r.offset as usize]
    }
}

impl World {
    pub(crate) fn kafka(&self) -> &KafkaModel {
        match &self.model {
            Model::Kafka(k) => k,
            _ => unreachable!("a Kafka rule on another broker's world"),
        }
    }

    pub(super) fn kafka_mut(&mut self) -> &mut KafkaModel {
        match &mut self.model {
            Model::Kafka(k) => k,
            _ => unreachable!("a Kafka rule on another broker's world"),
        }
    }

    /// The wake-ups queued since the driver last asked, into `out`.
    pub(crate) fn take_kafka_timers(&mut self, out: &mut Vec<(u64, KafkaWake)>) {
        if let Model::Kafka(k) = &mut self.model {
            out.append(&mut k.timers);
        }
    }

    fn kafka_note(
        &mut self,
        kind: StepKind,
        msg: Option<MessageId>,
        member: Option<MemberId>,
        note: KafkaNote,
    ) {
        if self.tracing() {
            let mut s = self.step_about(kind, msg, member);
            s.note = Note::Kafka(note);
            self.record(s);
        }
    }

    /// Tickets saved `event`: `producer.send` keyed by the ticket id (its
    /// partition is murmur2's), and the sender drains what it can.
    pub(super) fn kafka_send(&mut self, event: Event) {
        self.kafka_mut().k.send(event);
        if self.tracing() {
            self.trace_save(event);
        }
        self.kafka_dispatch();
    }

    /// The sender drains each partition's head batch into a request while
    /// the connection has room; each request's answer is a wake-up.
    fn kafka_dispatch(&mut self) {
        let now = self.now;
        let km = self.kafka_mut();
        loop {
            let next = km.k.producer.sendable().next();
            let Some(p) = next else {
                break;
            };
            if !km.k.producer.dispatch(p) {
                break;
            }
            km.timers.push((now, KafkaWake::Produce));
        }
    }

    /// The broker answers the oldest request in flight. `fail`: a retriable
    /// error before the log, taken on a request's first attempt only (a
    /// retry goes through, so a run settles). A written record joins the
    /// shared log. False if nothing was in flight.
    pub(crate) fn kafka_produce(&mut self, fail: bool) -> bool {
        let km = self.kafka_mut();
        let Some(first) = km.k.producer.in_flight().front().map(|b| b.attempts == 1) else {
            return false;
        };
        let fault = if fail && first {
            ProduceFault::NotWritten
        } else {
            ProduceFault::None
        };
        let Some(produced) = km.k.producer.arrive(&mut km.k.topic, fault) else {
            return false;
        };
        match produced {
            Produced::Written(r) | Produced::WrittenRetrying(r) => {
                let msg = self.broker.publish(r.event);
                self.kafka_mut().ids[r.partition as usize].push(msg);
                let (partition, offset) = (r.partition, r.offset);
                let note = match produced {
                    Produced::Written(_) => KafkaNote::Written { partition, offset },
                    _ => KafkaNote::WrittenRetrying { partition, offset },
                };
                self.kafka_note(StepKind::Publish, Some(msg), None, note);
            }
            Produced::Retrying {
                batch,
                out_of_order,
            } => {
                let partition = batch.partition;
                self.kafka_produce_step(
                    batch.event,
                    KafkaNote::Retrying {
                        partition,
                        out_of_order,
                    },
                );
            }
            Produced::Duplicate(batch) => {
                let partition = batch.partition;
                self.kafka_produce_step(batch.event, KafkaNote::Duplicate { partition });
            }
        }
        self.kafka_dispatch();
        self.debug_check();
        true
    }

    fn kafka_produce_step(&mut self, event: Event, note: KafkaNote) {
        if self.tracing() {
            let mut s = self.step_about(StepKind::Produce, None, None);
            s.ticket = Some(event.ticket);
            s.event_version = Some(event.version);
            s.note = Note::Kafka(note);
            self.record(s);
        }
    }

    /// Each listener in member order: the record at the position of its
    /// next partition in turn, if it may poll (up, between two records, the
    /// group stable, a partition unpaused with a record left).
    pub(super) fn kafka_next_send(&mut self) -> Option<(MessageId, MemberId)> {
        for i in 0..self.listeners.len() {
            let l = &self.listeners[i];
            if !l.up || !l.hand.is_empty() {
                continue;
            }
            let member = l.member;
            let km = self.kafka_mut();
            if km.k.next_poll(member).is_none() {
                continue;
            }
            if let Some(r) = km.k.poll(member) {
                return Some((km.message(r), member));
            }
        }
        None
    }

    /// The listener is done with `msg` (written or skipped): the commit is
    /// its next step. The ack step says "handled"; how shows in its note.
    pub(super) fn kafka_handled(&mut self, _msg: MessageId, member: MemberId) -> bool {
        let now = self.now;
        let km = self.kafka_mut();
        let held = km.k.handled(member, Handled::Applied);
        if held {
            km.timers.push((now, KafkaWake::Commit { member }));
        }
        held
    }

    /// The listener refused `msg`: no nack in Kafka, so it retries in place
    /// (the partition paused for the backoff) or skips and commits (the
    /// update lost), per `kafka.on_refuse`.
    pub(super) fn kafka_refused(&mut self, msg: MessageId, member: MemberId) {
        let (now, changes) = (self.now, self.replica.changes());
        let km = self.kafka_mut();
        match km.k.refused(member, changes) {
            Refused::RetryInPlace {
                partition,
                offset,
                backoff_ms,
            } => {
                let at = now.saturating_add(backoff_ms);
                km.timers
                    .push((at, KafkaWake::Resume { member, partition }));
                let note = KafkaNote::RetryInPlace {
                    partition,
                    offset,
                    backoff_ms,
                };
                self.kafka_note(StepKind::Commit, Some(msg), Some(member), note);
                self.kafka_try_rebalance();
            }
            Refused::SkipAndCommit => km.timers.push((now, KafkaWake::Commit { member })),
        }
    }

    /// The lost-ack fault under Kafka: the commit request is lost and the
    /// consumer moves on (the offset stays behind until a later commit of
    /// that partition covers it, or a rebalance replays from it).
    pub(super) fn kafka_commit_lost(&mut self, member: MemberId) {
        if let Some(c) = self.kafka_mut().k.consumers.get_mut(member.index()) {
            c.hand = None;
        }
        self.kafka_try_rebalance();
    }

    /// `commitSync` of the record `member` handled; a commit covers every
    /// record before it in the partition, so those messages settle too.
    /// False if nothing was waiting to be committed (a stale wake-up).
    pub(crate) fn kafka_commit(&mut self, member: MemberId) -> bool {
        match self.kafka_mut().k.commit(member) {
            Commit::Committed { record, handled } => {
                let km = self.kafka();
                let msg = km.message(record);
                let upto = km.ids[record.partition as usize][..=record.offset as usize].to_vec();
                for id in upto.into_iter().rev() {
                    if !self.broker.ack_pending(id) && id != msg {
                        break;
                    }
                }
                let (partition, offset) = (record.partition, record.offset);
                let note = match handled {
                    Handled::RefusedSkipped => KafkaNote::SkippedRefused { partition, offset },
                    _ => KafkaNote::Committed {
                        partition,
                        next: offset + 1,
                    },
                };
                self.kafka_note(StepKind::Commit, Some(msg), Some(member), note);
            }
            Commit::Failed { record, error } => {
                let msg = self.kafka().message(record);
                let partition = record.partition;
                let note = KafkaNote::CommitFailed { partition, error };
                self.kafka_note(StepKind::Commit, Some(msg), Some(member), note);
            }
            Commit::Nothing => return false,
        }
        self.kafka_try_rebalance();
        self.debug_check();
        true
    }

    /// A retry's backoff is over: `resume(partition)`. False if a rebalance
    /// or a crash came first (the partition is no longer paused there).
    pub(crate) fn kafka_resume(&mut self, member: MemberId, partition: u32) -> bool {
        if !self.kafka_mut().k.resume(member, partition) {
            return false;
        }
        self.kafka_note(
            StepKind::Resume,
            None,
            Some(member),
            KafkaNote::Resumed { partition },
        );
        true
    }

    /// A listener crashed (`heartbeat.rs` took its hand): its consumer is
    /// gone, and the coordinator notices when its session runs out.
    pub(super) fn kafka_crashed(&mut self, member: MemberId, lost: u32) {
        let now = self.now;
        let km = self.kafka_mut();
        // A record handled but not committed is gone from the World's hand
        // already: it is still the consumer's.
        let lost = lost.max(u32::from(km.k.consumer(member).hand.is_some()));
        let at = km.k.crash(member, now);
        if let Some(at) = at {
            km.timers.push((at, KafkaWake::SessionExpired { member }));
        }
        let expires_in_ms = at.map_or(0, |t| t.saturating_sub(now));
        let note = KafkaNote::Crashed {
            member,
            lost,
            expires_in_ms,
        };
        self.kafka_note(StepKind::Crash, None, Some(member), note);
    }

    /// The coordinator removes crashed `member`: a rebalance starts. False
    /// if its session was gone already (a stale wake-up).
    pub(crate) fn kafka_session_expired(&mut self, member: MemberId) -> bool {
        let now = self.now;
        let km = self.kafka_mut();
        if !km.k.expire(member, now) {
            return false;
        }
        let timeout_ms = km.k.settings.session_timeout_ms;
        let note = KafkaNote::SessionExpired { member, timeout_ms };
        self.kafka_note(StepKind::Rebalance, None, Some(member), note);
        self.kafka_try_rebalance();
        self.debug_check();
        true
    }

    /// Back from a crash: a new member of the group (it joins now if its old
    /// session has expired, else once it does).
    pub(super) fn kafka_restarted(&mut self, member: MemberId) {
        let now = self.now;
        let l = &mut self.listeners[member.index()];
        l.up = true;
        l.arrival = now;
        l.connected_at = now;
        self.kafka_mut().k.restart(member, now);
        self.note(StepKind::Restart, Some(member), Note::Restarted { member });
        self.kafka_try_rebalance();
    }

    /// After a commit, refusal, expiry or restart: the group's next
    /// generation if every member is ready for it.
    fn kafka_try_rebalance(&mut self) {
        let now = self.now;
        let km = self.kafka_mut();
        if !km.k.rebalance_ready() {
            return;
        }
        let Some(moves) = km.k.rebalance(now) else {
            return;
        };
        let generation = km.k.group.generation();
        let note = KafkaNote::Rebalanced {
            generation,
            moves: moves.into(),
        };
        self.kafka_note(StepKind::Rebalance, None, None, note);
    }

    /// Whether a Kafka wake-up will change anything when it comes.
    pub(crate) fn kafka_wake_live(&self, wake: KafkaWake) -> bool {
        let k = &self.kafka().k;
        match wake {
            KafkaWake::Produce => !k.producer.in_flight().is_empty(),
            KafkaWake::Commit { member } => {
                let c = k.consumer(member);
                c.up && c
                    .hand
                    .is_some_and(|h| matches!(h.stage, crate::engine::kafka::Stage::Commit(_)))
            }
            KafkaWake::Resume { member, partition } => {
                let c = k.consumer(member);
                c.up && c.paused(partition)
            }
            KafkaWake::SessionExpired { member } => k.session_pending(member),
        }
    }
}

/// One partition of topic `tickets` as a reader outside the model sees it
/// (the stage and its tests): read-only, copied out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionState {
    /// The listener the group's current generation assigned it to.
    pub owner: Option<MemberId>,
    /// The group is forming its next generation: no one owns anything
    /// yet (`GroupState::PreparingRebalance`).
    pub rebalancing: bool,
    /// The offset the next owner resumes from (`None`: nothing committed).
    pub committed: Option<u64>,
    /// The log end offset: one past the last record written.
    pub end: u64,
}

impl World {
    /// Topic `tickets`' partitions in order; `None` under another broker.
    /// Two tiny read-only accessors for the stage (`stage::kafka`).
    pub fn kafka_partitions(&self) -> Option<Vec<PartitionState>> {
        let Model::Kafka(km) = &self.model else {
            return None;
        };
        let k = &km.k;
        let rebalancing = k.group.state() != crate::engine::kafka::GroupState::Stable;
        Some(
            (0..k.topic.partitions())
                .map(|p| PartitionState {
                    owner: k.group.owner(p),
                    rebalancing,
                    committed: k.group.committed(p),
                    end: k.topic.end_offset(p),
                })
                .collect(),
        )
    }

    /// The record `msg` is in topic `tickets`: (partition, offset).
    pub fn kafka_record(&self, msg: MessageId) -> Option<(u32, u64)> {
        let Model::Kafka(km) = &self.model else {
            return None;
        };
        km.ids.iter().enumerate().find_map(|(p, ids)| {
            let offset = ids.iter().position(|id| *id == msg)?;
            Some((p as u32, offset as u64))
        })
    }
}

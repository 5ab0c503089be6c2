//! The Orders listener's loop as a Kafka consumer: poll one record, read
//! the row, write it, commit. Separate transitions, so listeners on
//! different partitions interleave (and a crash can fall between the write
//! and the commit).
//!
//! Rules:
//! - Manual commit after the handler (`enable.auto.commit=false`, then
//!   `commitSync` of `offset + 1`), as a careful listener does: the
//!   default auto-commit (ConsumerConfig `enable.auto.commit` true) commits
//!   on a timer whatever the handler did. This is "read the messages,
//!   process the messages, and finally save its position", at-least-once
//!   (design.html, "Message Delivery Semantics").
//! - No per-message nack: the group keeps one offset per partition
//!   (design.html, "Consumer Position"), so a refused record is retried in
//!   place (seek back, pause for the backoff: nothing behind it in the
//!   partition moves) or committed past (the update is lost), per
//!   `OnRefuse`. Which strategies refuse is `Strategy::decide`'s business:
//!   occ, plugin-increment and prev-version refuse a version that does not
//!   follow (a duplicate included); newest-wins skips what is not newer;
//!   naive never refuses.

use super::consumer::{Handled, Stage};
use super::group::CommitError;
use super::log::Record;
use super::settings::OnRefuse;
use super::Kafka;
use crate::engine::ids::MemberId;
use crate::engine::replica::Replica;
use crate::engine::strategy::{Decision, OnConflict, Refusal, Skip, Strategy};

/// What the listener did with a record its strategy refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refused {
    /// Seeked back to `offset` and paused `partition`: resume it after
    /// `backoff_ms` (`Kafka::resume`). No commit.
    RetryInPlace {
        partition: u32,
        offset: u64,
        backoff_ms: u64,
    },
    /// Moves on to the commit: the update is lost.
    SkipAndCommit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Read {
    /// The strategy will write; the record moves to its write stage.
    Proceed,
    /// Skipped (not newer): commit next.
    Skipped(Skip),
    Refused {
        refusal: Refusal,
        then: Refused,
    },
    /// No record in that hand waiting to be read.
    Nothing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Write {
    /// Written; `out_of_order`: an older source version than one already
    /// applied to that row.
    Written {
        out_of_order: bool,
    },
    /// The write's condition failed and the strategy counts that as a
    /// skip (someone newer got there first): commit next.
    ConflictSkipped,
    /// The write's condition failed with a version error.
    ConflictRefused(Refused),
    Nothing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Commit {
    Committed {
        record: Record,
        handled: Handled,
    },
    /// The coordinator refused the commit; the record will be processed
    /// again by whoever owns the partition next.
    Failed {
        record: Record,
        error: CommitError,
    },
    Nothing,
}

impl Kafka {
    /// The partition `member`'s next poll fetches from, if any: none while
    /// the group rebalances (a consumer rejoins inside `poll` and gets no
    /// records until the new generation), while its hand is full, or when
    /// every owned partition is paused or read to its end.
    pub fn next_poll(&self, member: MemberId) -> Option<u32> {
        if self.group.state() != super::GroupState::Stable || !self.group.is_member(member) {
            return None;
        }
        let c = self.consumers.get(member.index())?;
        c.next_partition(|p| self.topic.end_offset(p))
    }

    /// `poll()`: the record at the position of the next partition in turn
    /// goes into `member`'s hand.
    pub fn poll(&mut self, member: MemberId) -> Option<Record> {
        let p = self.next_poll(member)?;
        let c = &mut self.consumers[member.index()];
        let record = self.topic.record(p, c.position(p)?)?;
        c.take(record);
        Some(record)
    }

    /// The handler reads the row and decides.
    pub fn read(&mut self, member: MemberId, strategy: Strategy, replica: &Replica) -> Read {
        let Some(hand) = self.held(member, |s| matches!(s, Stage::Read)) else {
            return Read::Nothing;
        };
        let event = hand.record.event;
        match strategy.decide(replica.row(event.ticket), &event) {
            Decision::Apply(plan) => {
                self.set_stage(member, Stage::Write(plan));
                Read::Proceed
            }
            Decision::Skip(skip) => {
                self.set_stage(member, Stage::Commit(Handled::Skipped));
                Read::Skipped(skip)
            }
            Decision::Refuse(refusal) => Read::Refused {
                refusal,
                then: self.refused(member, replica.changes()),
            },
        }
    }

    /// The handler's find-and-update: the plan's condition is checked
    /// against the row as it is now.
    pub fn write(&mut self, member: MemberId, replica: &mut Replica) -> Write {
        let Some(hand) = self.held(member, |s| matches!(s, Stage::Write(_))) else {
            return Write::Nothing;
        };
        let Stage::Write(plan) = hand.stage else {
            return Write::Nothing;
        };
        let event = hand.record.event;
        if plan.condition.holds(replica.row(event.ticket)) {
            let out_of_order = replica.put(event.ticket, plan.row, event.version);
            self.set_stage(member, Stage::Commit(Handled::Applied));
            return Write::Written { out_of_order };
        }
        match plan.on_conflict {
            OnConflict::AckSkip => {
                self.set_stage(member, Stage::Commit(Handled::Skipped));
                Write::ConflictSkipped
            }
            OnConflict::NoAck => Write::ConflictRefused(self.refused(member, replica.changes())),
        }
    }

    /// `commitSync({partition: offset + 1})`; the hand is empty afterwards
    /// whatever the coordinator says.
    pub fn commit(&mut self, member: MemberId) -> Commit {
        let Some(hand) = self.held(member, |s| matches!(s, Stage::Commit(_))) else {
            return Commit::Nothing;
        };
        let Stage::Commit(handled) = hand.stage else {
            return Commit::Nothing;
        };
        let c = &mut self.consumers[member.index()];
        c.hand = None;
        let r = hand.record;
        match self
            .group
            .commit(member, c.generation, r.partition, r.offset + 1)
        {
            Ok(()) => Commit::Committed { record: r, handled },
            Err(error) => Commit::Failed { record: r, error },
        }
    }

    /// The backoff of a retry in place is over: `resume(partition)`. False
    /// if the partition is no longer paused there (a rebalance came first).
    pub fn resume(&mut self, member: MemberId, partition: u32) -> bool {
        self.consumers
            .get_mut(member.index())
            .is_some_and(|c| c.up && c.resume(partition))
    }

    /// The handler refused the record in `member`'s hand (the replica had
    /// seen `replica_changes` changes): what `OnRefuse` does with it. For a
    /// driver whose own listener code decides (the World), this is the
    /// broker-side half of `read`/`write`.
    pub fn refused(&mut self, member: MemberId, replica_changes: u64) -> Refused {
        let c = &mut self.consumers[member.index()];
        let Some(hand) = c.hand.filter(|_| c.up) else {
            return Refused::SkipAndCommit;
        };
        match self.settings.on_refuse {
            OnRefuse::RetryInPlace { backoff_ms } => {
                let r = hand.record;
                c.hand = None;
                c.seek_and_pause(r.partition, r.offset);
                self.blocked[r.partition as usize] = Some(replica_changes);
                Refused::RetryInPlace {
                    partition: r.partition,
                    offset: r.offset,
                    backoff_ms,
                }
            }
            OnRefuse::SkipAndCommit => {
                c.hand = Some(super::InHand {
                    stage: Stage::Commit(Handled::RefusedSkipped),
                    ..hand
                });
                Refused::SkipAndCommit
            }
        }
    }

    /// The handler is done with `member`'s record without the model reading
    /// the replica (the World's listener decided): commit next.
    pub fn handled(&mut self, member: MemberId, handled: Handled) -> bool {
        let held = self.held(member, |_| true).is_some();
        if held {
            self.set_stage(member, Stage::Commit(handled));
        }
        held
    }

    /// Nothing can ever change again: no record in hand, no rebalance or
    /// expiry pending, the producer idle, and every partition with records
    /// left is owned by a live listener and blocked on a record refused
    /// since the replica last changed (`changes`): a refusal is a pure
    /// function of the row, so retrying it is refused again.
    pub fn livelocked(&self, changes: u64) -> bool {
        if !self.producer.idle()
            || self.group.state() != super::GroupState::Stable
            || !self.dead_sessions.is_empty()
            || self.consumers.iter().any(|c| c.hand.is_some())
        {
            return false;
        }
        let mut any = false;
        for p in 0..self.topic.partitions() {
            let Some(c) = self.group.owner(p).map(|m| &self.consumers[m.index()]) else {
                return false;
            };
            let left = c
                .position(p)
                .is_some_and(|pos| pos < self.topic.end_offset(p));
            if left {
                if !c.up || self.blocked[p as usize] != Some(changes) {
                    return false;
                }
                any = true;
            }
        }
        any
    }

    fn held(&self, member: MemberId, at: impl Fn(&Stage) -> bool) -> Option<super::InHand> {
        let c = self.consumers.get(member.index())?;
        c.hand.filter(|h| c.up && at(&h.stage))
    }

    fn set_stage(&mut self, member: MemberId, stage: Stage) {
        if let Some(h) = &mut self.consumers[member.index()].hand {
            h.stage = stage;
        }
    }
}

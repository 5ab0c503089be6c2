//! Consumer group `orders-service` as the group coordinator keeps it: its
//! members, generation, the owner of each partition and each partition's
//! committed offset.
//!
//! Rules:
//! - Each partition is "consumed by exactly one consumer within each
//!   subscribing consumer group at any given time", and the group's state
//!   about a partition "is just a single integer, the offset of the next
//!   message to consume" (design.html, "Consumer Position"). Owners come
//!   from `assignor::range_assign`.
//! - A member that stops heartbeating is removed `session.timeout.ms` after
//!   its last heartbeat, which starts a rebalance (group-coordinator
//!   `GroupMetadataManager.rescheduleClassicGroupMemberHeartbeat`: each
//!   heartbeat pushes the member's expiry to now + its session timeout; the
//!   client's heartbeat thread sends one every `heartbeat.interval.ms`).
//! - An offset commit is accepted from a current member at the current
//!   generation, also while a rebalance is being prepared; an older
//!   generation gets ILLEGAL_GENERATION and an unknown member
//!   UNKNOWN_MEMBER_ID (`classic/ClassicGroup.validateOffsetCommit`).
//! - A rebalance completes only when every remaining member has rejoined,
//!   and a consumer rejoins from inside `poll()`, i.e. between two records:
//!   `Kafka::rebalance_ready` waits for every live listener's record.

use super::assignor::range_assign;
use crate::engine::ids::MemberId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupState {
    Stable,
    /// A member left or joined; the next generation is being formed.
    PreparingRebalance,
}

/// Why the coordinator refused an offset commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommitError {
    /// The member was removed (its session expired).
    UnknownMember,
    /// The member committed with an older generation than the group's.
    IllegalGeneration { sent: u32, current: u32 },
}

/// A partition that changed hands in a rebalance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Move {
    pub partition: u32,
    pub from: Option<MemberId>,
    pub to: Option<MemberId>,
    /// Where the new owner starts: the committed offset.
    pub resume_at: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    generation: u32,
    state: GroupState,
    /// Members in the group (sorted by id), and when each (re)joined: the
    /// heartbeat thread's clock starts there.
    members: Vec<(MemberId, u64)>,
    owners: Vec<Option<MemberId>>,
    committed: Vec<Option<u64>>,
}

impl Group {
    /// A fresh group: `listeners` members join at `now`, generation 1.
    pub fn new(listeners: u8, partitions: u32, now: u64) -> Group {
        let members: Vec<(MemberId, u64)> = (0..listeners).map(|i| (MemberId(i), now)).collect();
        let ids: Vec<MemberId> = members.iter().map(|m| m.0).collect();
        Group {
            generation: 1,
            state: GroupState::Stable,
            owners: range_assign(&ids, partitions),
            members,
            committed: vec![None; partitions as usize],
        }
    }

    pub fn generation(&self) -> u32 {
        self.generation
    }

    pub fn state(&self) -> GroupState {
        self.state
    }

    pub fn is_member(&self, member: MemberId) -> bool {
        self.members.iter().any(|m| m.0 == member)
    }

    pub fn owner(&self, partition: u32) -> Option<MemberId> {
        self.owners.get(partition as usize).copied().flatten()
    }

    pub fn owned_by(&self, member: MemberId) -> impl Iterator<Item = u32> + '_ {
        (0..self.owners.len() as u32).filter(move |&p| self.owner(p) == Some(member))
    }

    /// The offset of the next record to process, `None` before any commit.
    pub fn committed(&self, partition: u32) -> Option<u64> {
        self.committed.get(partition as usize).copied().flatten()
    }

    /// When the coordinator removes `member` if it stopped heartbeating at
    /// `stopped_at`: its last heartbeat (on the `interval` grid from its
    /// join) plus the session timeout. `None` if not a member.
    pub fn expires_at(
        &self,
        member: MemberId,
        stopped_at: u64,
        interval_ms: u64,
        session_timeout_ms: u64,
    ) -> Option<u64> {
        let joined = self.members.iter().find(|m| m.0 == member)?.1;
        let since = stopped_at.saturating_sub(joined);
        let last = joined + since - since % interval_ms.max(1);
        Some(last + session_timeout_ms)
    }

    /// The session of `member` expired: it leaves and a rebalance starts.
    /// Returns false if it was not a member (already removed).
    pub fn expire(&mut self, member: MemberId) -> bool {
        let before = self.members.len();
        self.members.retain(|m| m.0 != member);
        let left = self.members.len() < before;
        if left {
            self.state = GroupState::PreparingRebalance;
        }
        left
    }

    /// A (restarted) listener asks to join: a rebalance starts. Returns
    /// false if it is still a member (a restart before the expiry: the
    /// coordinator never noticed; it resumes with its old generation).
    pub fn join(&mut self, member: MemberId, now: u64) -> bool {
        if self.is_member(member) {
            return false;
        }
        self.members.push((member, now));
        self.members.sort_unstable();
        self.state = GroupState::PreparingRebalance;
        true
    }

    /// The next generation: every member has rejoined at `now`, the range
    /// assignor runs over them, and the group is stable again. Returns the
    /// partitions whose owner changed.
    pub fn complete_rebalance(&mut self, now: u64) -> Vec<Move> {
        let ids: Vec<MemberId> = self.members.iter().map(|m| m.0).collect();
        let owners = range_assign(&ids, self.owners.len() as u32);
        let moves = (0..owners.len())
            .filter(|&p| owners[p] != self.owners[p])
            .map(|p| Move {
                partition: p as u32,
                from: self.owners[p],
                to: owners[p],
                resume_at: self.committed[p],
            })
            .collect();
        self.owners = owners;
        for m in &mut self.members {
            m.1 = now;
        }
        self.generation += 1;
        self.state = GroupState::Stable;
        moves
    }

    /// `commitSync({partition: next})` from `member` at `generation`.
    pub fn commit(
        &mut self,
        member: MemberId,
        generation: u32,
        partition: u32,
        next: u64,
    ) -> Result<(), CommitError> {
        if !self.is_member(member) {
            return Err(CommitError::UnknownMember);
        }
        if generation != self.generation {
            return Err(CommitError::IllegalGeneration {
                sent: generation,
                current: self.generation,
            });
        }
        self.committed[partition as usize] = Some(next);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: MemberId = MemberId(0);
    const B: MemberId = MemberId(1);
    const C: MemberId = MemberId(2);

    #[test]
    fn a_fresh_group_of_three_owns_one_partition_each() {
        let g = Group::new(3, 3, 0);
        assert_eq!(g.generation(), 1);
        assert_eq!([0, 1, 2].map(|p| g.owner(p)), [Some(A), Some(B), Some(C)]);
        assert_eq!(g.owned_by(B).collect::<Vec<_>>(), [1]);
        assert_eq!(g.committed(0), None);
    }

    /// Default timings: heartbeats at 0, 3 s, 6 s, 9 s; a crash at 10 s is
    /// noticed 45 s after the 9 s heartbeat, at 54 s.
    #[test]
    fn a_crash_is_noticed_a_session_timeout_after_the_last_heartbeat() {
        let g = Group::new(3, 3, 0);
        assert_eq!(g.expires_at(B, 10_000, 3_000, 45_000), Some(54_000));
        assert_eq!(g.expires_at(B, 9_000, 3_000, 45_000), Some(54_000));
        assert_eq!(g.expires_at(B, 8_999, 3_000, 45_000), Some(51_000));
        // Joined at 1 s: heartbeats at 1, 4, 7, 10 s.
        let mut g = Group::new(3, 3, 1_000);
        assert_eq!(g.expires_at(B, 9_999, 3_000, 45_000), Some(52_000));
        g.expire(B);
        assert_eq!(g.expires_at(B, 10_000, 3_000, 45_000), None);
    }

    #[test]
    fn an_expired_member_s_partitions_move_at_the_next_generation() {
        let mut g = Group::new(3, 3, 0);
        assert!(g.commit(B, 1, 1, 4).is_ok());
        assert!(g.expire(B));
        assert!(!g.expire(B));
        assert_eq!(g.state(), GroupState::PreparingRebalance);
        // Until the rebalance completes, nobody else owns B's partition.
        assert_eq!(g.owner(1), Some(B));
        let moves = g.complete_rebalance(60_000);
        assert_eq!(g.generation(), 2);
        assert_eq!(g.state(), GroupState::Stable);
        // A, C left: "AAC". Only partition 1 changes hands, from its
        // committed offset.
        assert_eq!(
            moves,
            [Move {
                partition: 1,
                from: Some(B),
                to: Some(A),
                resume_at: Some(4)
            }]
        );
        assert_eq!([0, 1, 2].map(|p| g.owner(p)), [Some(A), Some(A), Some(C)]);
    }

    #[test]
    fn commits_need_a_current_member_and_generation() {
        let mut g = Group::new(2, 3, 0);
        assert_eq!(g.commit(A, 1, 0, 1), Ok(()));
        assert!(g.expire(B));
        // Still generation 1 while preparing: the survivors' commits land.
        assert_eq!(g.commit(A, 1, 0, 2), Ok(()));
        assert_eq!(g.commit(B, 1, 2, 1), Err(CommitError::UnknownMember));
        g.complete_rebalance(50_000);
        assert_eq!(
            g.commit(A, 1, 0, 3),
            Err(CommitError::IllegalGeneration {
                sent: 1,
                current: 2
            })
        );
        assert_eq!(g.committed(0), Some(2));
        assert_eq!(g.commit(A, 2, 2, 1), Ok(()));
    }

    #[test]
    fn a_restarted_listener_rejoins_and_takes_its_range_back() {
        let mut g = Group::new(3, 3, 0);
        g.expire(C);
        g.complete_rebalance(50_000);
        assert_eq!([0, 1, 2].map(|p| g.owner(p)), [Some(A), Some(A), Some(B)]);
        assert!(g.join(C, 70_000));
        assert!(!g.join(C, 70_000));
        g.complete_rebalance(70_000);
        assert_eq!(g.generation(), 3);
        assert_eq!([0, 1, 2].map(|p| g.owner(p)), [Some(A), Some(B), Some(C)]);
    }
}

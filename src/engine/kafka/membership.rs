//! Listeners leaving and joining: a crash, the coordinator noticing it a
//! session timeout later, the eager rebalance, and the new owners resuming
//! from the committed offsets.
//!
//! Rules:
//! - A crashed consumer sends no more heartbeats and is removed at
//!   `Group::expires_at` (session timeout after its last heartbeat); until
//!   then its partitions stay assigned to it and nobody processes them.
//! - A restarted listener is a new member (a new `member.id`: client id
//!   plus a fresh UUID, `ClassicGroup.generateMemberId`): it joins, which
//!   starts a rebalance, but the rebalance waits for every listed member
//!   to rejoin, so it cannot complete before the old session expires.
//! - EAGER: each member revokes everything and takes its new range at the
//!   committed offsets (`ConsumerCoordinator.onJoinPrepare`, then the
//!   committed-offset fetch for the new assignment); with nothing committed,
//!   `auto.offset.reset`. The records after the committed offset, processed
//!   or not, are delivered again: at-least-once, "the first few messages it
//!   receives will already have been processed" (design.html, "Message
//!   Delivery Semantics").

use super::group::{GroupState, Move};
use super::settings::OffsetReset;
use super::Kafka;
use crate::engine::ids::MemberId;

impl Kafka {
    /// `member`'s process dies at `now`: whatever it held is dropped (what
    /// it wrote stays written). Returns when the coordinator will notice
    /// (`expire` is due then), or `None` if it was not in the group.
    pub fn crash(&mut self, member: MemberId, now: u64) -> Option<u64> {
        let c = self.consumers.get_mut(member.index())?;
        if !c.up {
            return None;
        }
        c.crash();
        if !self.group.is_member(member) || self.dead_sessions.contains(&member) {
            return None;
        }
        self.dead_sessions.push(member);
        let s = &self.settings;
        self.group
            .expires_at(member, now, s.heartbeat_interval_ms, s.session_timeout_ms)
    }

    /// The session of a crashed `member` expired at `now`: the coordinator
    /// removes it and a rebalance starts. If the listener has restarted
    /// meanwhile, its new member joins at once. False if there was no dead
    /// session to expire (a stale timer).
    pub fn expire(&mut self, member: MemberId, now: u64) -> bool {
        let Some(i) = self.dead_sessions.iter().position(|&m| m == member) else {
            return false;
        };
        self.dead_sessions.swap_remove(i);
        self.group.expire(member);
        if self.consumers[member.index()].up {
            self.group.join(member, now);
        }
        true
    }

    /// Whether crashed `member`'s session is still listed (its expiry is
    /// still to come).
    pub fn session_pending(&self, member: MemberId) -> bool {
        self.dead_sessions.contains(&member)
    }

    /// The listener restarts at `now` and asks to join. True if it joined
    /// now; false if it waits for its old session to expire (or was up).
    pub fn restart(&mut self, member: MemberId, now: u64) -> bool {
        let Some(c) = self.consumers.get_mut(member.index()) else {
            return false;
        };
        if c.up {
            return false;
        }
        c.up = true;
        if self.dead_sessions.contains(&member) {
            return false;
        }
        self.group.join(member, now)
    }

    /// A rebalance can complete: one is under way, no dead member is still
    /// listed, and every live listener is between two records (it rejoins
    /// from its next `poll`).
    pub fn rebalance_ready(&self) -> bool {
        self.group.state() == GroupState::PreparingRebalance
            && self.dead_sessions.is_empty()
            && self.consumers.iter().all(|c| !c.up || c.hand.is_none())
    }

    /// The next generation at `now`: new ranges, each owner at the
    /// committed offset (or `auto.offset.reset`). `None` if not ready.
    pub fn rebalance(&mut self, now: u64) -> Option<Vec<Move>> {
        if !self.rebalance_ready() {
            return None;
        }
        let moves = self.group.complete_rebalance(now);
        let generation = self.group.generation();
        for c in &mut self.consumers {
            if !c.up || !self.group.is_member(c.member) {
                continue;
            }
            let (group, topic, reset) = (&self.group, &self.topic, self.settings.offset_reset);
            let start = |p: u32| {
                group.committed(p).unwrap_or(match reset {
                    OffsetReset::Earliest => 0,
                    OffsetReset::Latest => topic.end_offset(p),
                })
            };
            c.assign(generation, group.owned_by(c.member).map(|p| (p, start(p))));
        }
        Some(moves)
    }
}

//! A listener crashing, the server noticing through its heartbeats, and the
//! listener reconnecting. nats-streaming-server `server/server.go` (v0.10.0):
//! `checkClientHealth` (a miss sets `hasFailedHB` on the client's
//! subscriptions at once; one miss over the fail count closes the client),
//! `closeClient` -> `subStore.Remove` (the unacked messages go to the other
//! members, or stay with a durable group left empty: its shadow), and
//! `connectCB` -> `processConnect` (a client reconnecting under its old
//! client ID, which the course gives as its pod's name, replaces the old
//! connection: the server closes that first) -> `processSub` (the first
//! member to join an empty durable group takes over the shadow) ->
//! `performDurableRedelivery` (its messages are sent again at once).

use super::World;
use crate::engine::broker::Channel;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::note::Note;
use crate::engine::trace::StepKind;

/// What a first missed heartbeat did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missed {
    /// The member is back, closed or already failed: nothing.
    Stale,
    /// The server avoids the member from now on; it closes it at `close_at`
    /// unless the member is back first.
    Avoided { close_at: u64 },
    /// No miss tolerated (`hb_fail_count` 0): closed at once.
    Closed,
}

impl World {
    /// The listener dies: everything in its hand is lost (never acked).
    /// Appends the lost (message, delivery number) pairs to `lost`. The
    /// server does not know yet: it keeps sending until a heartbeat to it
    /// goes unanswered (`first_miss_at`).
    pub fn crash(&mut self, member: MemberId, lost: &mut Vec<(MessageId, u32)>) -> bool {
        let l = &mut self.listeners[member.index()];
        if !l.up {
            return false;
        }
        l.up = false;
        l.crashed_at = self.now;
        let start = lost.len();
        lost.extend(l.hand.drain(..).map(|d| (d.msg, d.number)));
        let n = lost.len() - start;
        super::brokers::by_model!(self, stan => {}, jetstream => {
            self.js_crashed(member, n as u32);
            self.debug_check();
            return true;
        }, kafka => {
            self.kafka_crashed(member, n as u32);
            self.debug_check();
            return true;
        });
        let missed_in_ms = self.first_miss_at(member).saturating_sub(self.now);
        self.note(
            StepKind::Crash,
            Some(member),
            Note::Crashed {
                member,
                lost: n as u32,
                missed_in_ms,
            },
        );
        self.debug_check();
        true
    }

    /// When the server counts `member`'s first missed heartbeat since its
    /// latest crash (pings every interval from its connect).
    pub fn first_miss_at(&self, member: MemberId) -> u64 {
        let l = &self.listeners[member.index()];
        self.heartbeats.first_miss(l.connected_at, l.crashed_at)
    }

    /// Whether a heartbeat wake-up for the crash at `crashed_at` still
    /// finds the member down and its connection open.
    pub(crate) fn heartbeat_pending(&self, member: MemberId, crashed_at: u64) -> bool {
        let l = &self.listeners[member.index()];
        !l.up && l.crashed_at == crashed_at && !self.broker.closed(member)
    }

    /// The first heartbeat since the crash at `crashed_at` went unanswered:
    /// `findBestQueueSub` now passes the member over while another can take
    /// the message. The rest of the misses up to the close change nothing,
    /// so they are not transitions: the close is one wake-up, at `close_at`.
    pub fn heartbeat_missed(
        &mut self,
        member: MemberId,
        crashed_at: u64,
        moved: &mut Vec<(MessageId, u32)>,
    ) -> Missed {
        if !self.heartbeat_pending(member, crashed_at) || self.broker.failed_hb(member) {
            return Missed::Stale;
        }
        let hb = self.heartbeats;
        if hb.fail_count == 0 {
            self.heartbeats_failed(member, crashed_at, moved);
            return Missed::Closed;
        }
        self.broker.set_failed_hb(member, true);
        self.note(
            StepKind::Crash,
            Some(member),
            Note::HeartbeatMissed {
                member,
                allowed: hb.fail_count,
            },
        );
        self.debug_check();
        Missed::Avoided {
            close_at: self.now.saturating_add(hb.close_after_first_miss()),
        }
    }

    /// Heartbeat `fail_count + 1` in a row went unanswered: if the member
    /// is still down, the server closes it (`closeClient`). Appends the
    /// moved (message, delivery number) pairs to `moved`, for the driver to
    /// keep their ack waits armed (each keeps its expiry: redelivered at
    /// once if that has passed, `performAckExpirationRedelivery`); false if
    /// stale.
    pub fn heartbeats_failed(
        &mut self,
        member: MemberId,
        crashed_at: u64,
        moved: &mut Vec<(MessageId, u32)>,
    ) -> bool {
        if !self.heartbeat_pending(member, crashed_at) {
            return false;
        }
        let start = moved.len();
        let kept = self.broker.remove_member(member, moved);
        let note = Note::ServerClosed {
            member,
            moved: (moved.len() - start) as u32,
            kept,
            missed: self.heartbeats.fail_count + 1,
        };
        self.note(StepKind::Crash, Some(member), note);
        self.debug_check();
        true
    }

    /// A restarted listener reconnects under its old client ID: if the
    /// server has not closed the old connection yet, it does now (the old
    /// one does not answer the server's check, `isDuplicateConnect`; the
    /// model leaves out that check's 500 ms).
    pub(super) fn replace_old_connection(
        &mut self,
        member: MemberId,
        moved: &mut Vec<(MessageId, u32)>,
    ) {
        if self.broker.closed(member) {
            return;
        }
        let start = moved.len();
        let kept = self.broker.remove_member(member, moved);
        let note = Note::Replaced {
            member,
            moved: (moved.len() - start) as u32,
            kept,
        };
        self.note(StepKind::Restart, Some(member), note);
    }

    /// The listener's new connection subscribes: a new member at the back
    /// of the group's list, its heartbeats counted from now. If no member
    /// was open, it takes over the shadow and is sent its messages again at
    /// once, in sequence order, past max in flight. Returns those sends.
    pub(super) fn rejoin(&mut self, member: MemberId) -> Vec<(MessageId, Option<u32>)> {
        self.listeners[member.index()].connected_at = self.now;
        let shadow: Vec<MessageId> = if self.broker.group_empty() {
            Channel::ALL
                .into_iter()
                .flat_map(|c| self.broker.shadow(c))
                .collect()
        } else {
            Vec::new()
        };
        self.broker.rejoin(member);
        self.note(StepKind::Restart, Some(member), Note::Restarted { member });
        if !shadow.is_empty() {
            let count = shadow.len() as u32;
            self.note(
                StepKind::Restart,
                Some(member),
                Note::ShadowResent { member, count },
            );
        }
        let sent = shadow
            .into_iter()
            .map(|msg| (msg, self.deliver(msg, member)))
            .collect();
        self.debug_check();
        sent
    }
}

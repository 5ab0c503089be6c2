//! Where one message is on its journey at a virtual time, read from engine
//! state only: broker status, the delivery in a listener's hand (its start
//! and due times give the progress), the ack wait, and what the latest
//! transition did to it.

use crate::engine::{
    Channel, Message, MessageId, MessageStatus, Simulation, Stage, StepKind, TicketId,
};

/// A place tokens gather; `Overflow` counts what is not drawn there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Lane(Channel),
    /// Kafka: a partition's lane (`stage::kafka`).
    #[cfg(feature = "kafka")]
    Partition(u32),
    Member(usize),
    AckWait,
    Dead,
    Orders,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Waiting in its channel for a member (first delivery or redelivery).
    Queued,
    /// On the wire from the broker to a member.
    Wire,
    /// Read done at the member; processing until its write.
    Processing,
    /// Delivered but not acked (refused, crashed, ack lost): the broker waits
    /// out the ack wait, then redelivers.
    AckWait,
    /// Written and acked in the latest step: it lands on the Orders row.
    Landed,
    /// Acked without a write in the latest step (newest-wins' skip).
    Skipped,
    DeadLettered,
}

impl Phase {
    pub fn word(self) -> &'static str {
        match self {
            Phase::Queued => "queued",
            Phase::Wire => "wire",
            Phase::Processing => "processing",
            Phase::AckWait => "ack-wait",
            Phase::Landed => "landed",
            Phase::Skipped => "skipped",
            Phase::DeadLettered => "dead",
        }
    }
}

/// A message's place on the stage at one virtual time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Whereabouts {
    pub phase: Phase,
    pub member: Option<usize>,
    /// How far along the current leg (wire or processing), 0..=1.
    pub progress: f32,
    /// Time left of the ack wait (`AckWait` only).
    pub countdown_ms: Option<u64>,
    /// On the wire and held there, with no arrival time (a manual network:
    /// the delivery arrives when the student says so).
    pub held: bool,
}

/// What the transitions not drawn before did (those from the frame's `since`
/// on: one tick may take several), as the stage shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recent {
    pub written: Vec<TicketId>,
    pub refused: Vec<MessageId>,
    /// Acked in the latest transition, and whether it wrote first.
    pub done: Vec<(MessageId, bool)>,
    pub published: Vec<MessageId>,
}

impl Recent {
    /// Reads the steps of transitions `since..` (the tail of the trace); at
    /// least the latest one, so a frame always shows what just happened.
    pub fn of(sim: &Simulation, since: u64) -> Recent {
        let mut r = Recent::default();
        let Some(last) = sim.steps_taken().checked_sub(1) else {
            return r;
        };
        let since = since.min(last);
        let steps = &sim.trace().steps;
        let tail = steps.iter().rev().take_while(|s| s.step >= since);
        let mut wrote: Vec<MessageId> = Vec::new();
        for s in tail.collect::<Vec<_>>().into_iter().rev() {
            let msg = s.channel.zip(s.seq).and_then(|(c, q)| find(sim, c, q));
            match (s.kind, msg) {
                (StepKind::Write, Some(m)) => {
                    wrote.push(m);
                    r.written.extend(s.ticket);
                }
                (StepKind::NoAck | StepKind::VersionError | StepKind::AckLost, Some(m)) => {
                    r.refused.push(m)
                }
                (StepKind::Ack | StepKind::Skip, Some(m)) => r.done.push((m, wrote.contains(&m))),
                (StepKind::Publish, Some(m)) => r.published.push(m),
                _ => {}
            }
        }
        r
    }
}

fn find(sim: &Simulation, channel: Channel, seq: u64) -> Option<MessageId> {
    sim.messages()
        .iter()
        .rev()
        .find(|m| m.channel == channel && m.seq == seq)
        .map(|m| m.id)
}

/// The due time of a delivery held on the wire until it is let arrive
/// (the engine's manual network): no arrival time at all.
const HELD: u64 = u64::MAX;

/// Progress of a leg from `start` to `due` at time `at`; a leg with no
/// duration (an explorer schedule has no clock) shows half way.
fn progress(start: u64, due: u64, at: u64) -> f32 {
    if due <= start {
        return if at > due { 1.0 } else { 0.5 };
    }
    (at.saturating_sub(start) as f32 / (due - start) as f32).clamp(0.0, 1.0)
}

/// Where `m` is at virtual time `at` (not before the run's current time);
/// `None` for a message acked before the transitions `recent` covers (off stage).
pub fn locate(sim: &Simulation, m: &Message, at: u64, recent: &Recent) -> Option<Whereabouts> {
    let at = at.max(sim.now_ms());
    let still = |phase, member| Whereabouts {
        phase,
        member,
        progress: 1.0,
        countdown_ms: None,
        held: false,
    };
    match m.status {
        MessageStatus::Pending | MessageStatus::Redelivered { .. } => {
            Some(still(Phase::Queued, None))
        }
        MessageStatus::DeadLettered => Some(still(Phase::DeadLettered, None)),
        MessageStatus::Acked => {
            let (_, wrote) = recent.done.iter().find(|(id, _)| *id == m.id)?;
            let member = sim
                .members()
                .iter()
                .position(|l| l.last.is_some_and(|d| d.msg == m.id));
            Some(still(
                if *wrote {
                    Phase::Landed
                } else {
                    Phase::Skipped
                },
                member,
            ))
        }
        MessageStatus::InFlight { member } => {
            let i = member.index();
            let held = sim
                .members()
                .get(i)
                .and_then(|l| l.hand.iter().find(|d| d.msg == m.id));
            Some(match held {
                Some(d) if d.stage == Stage::Read => Whereabouts {
                    phase: Phase::Wire,
                    member: Some(i),
                    progress: progress(d.delivered_at, d.due_at, at),
                    countdown_ms: None,
                    held: d.due_at == HELD,
                },
                Some(d) => Whereabouts {
                    phase: Phase::Processing,
                    member: Some(i),
                    progress: progress(d.due_at.saturating_sub(d.processing_ms), d.due_at, at),
                    countdown_ms: None,
                    held: false,
                },
                None => {
                    let ack_wait = sim.scenario().config.ack_wait_ms;
                    let expires = m.delivered_at.saturating_add(ack_wait);
                    Whereabouts {
                        phase: Phase::AckWait,
                        member: Some(i),
                        progress: progress(m.delivered_at, expires, at),
                        countdown_ms: Some(expires.saturating_sub(at)),
                        held: false,
                    }
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_runs_from_start_to_due_and_clamps() {
        assert_eq!(progress(10, 20, 10), 0.0);
        assert_eq!(progress(10, 20, 15), 0.5);
        assert_eq!(progress(10, 20, 99), 1.0);
        assert_eq!(progress(10, 10, 10), 0.5, "a timeless leg shows half way");
    }
}

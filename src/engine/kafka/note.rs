//! What a Kafka step says, as ids and numbers; the sentence is made when
//! shown (like `engine::note`). A partition is written `tickets-2`, as
//! Kafka's tools write a topic partition.

use super::group::{CommitError, Move};
use super::settings::{GROUP, TOPIC};
use crate::engine::ids::{MemberId, TicketId};
use crate::engine::listener::Handling;
use crate::engine::strategy::Skip;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KafkaNote {
    /// The producer's request landed: the record is at `offset`.
    Written {
        partition: u32,
        offset: u64,
    },
    /// A request failed before the log and goes back to the queue;
    /// `out_of_order`: the broker refused a sequence gap (idempotence).
    Retrying {
        partition: u32,
        out_of_order: bool,
    },
    /// Written, but the response was lost: the producer will send it again.
    WrittenRetrying {
        partition: u32,
        offset: u64,
    },
    /// An idempotent retry of a record already in the log.
    Duplicate {
        partition: u32,
    },
    /// `poll` handed out the record at `offset`.
    Polled {
        partition: u32,
        offset: u64,
    },
    Committed {
        partition: u32,
        next: u64,
    },
    CommitFailed {
        partition: u32,
        error: CommitError,
    },
    /// A refusal retried in place: seek back, pause for the backoff.
    RetryInPlace {
        partition: u32,
        offset: u64,
        backoff_ms: u64,
    },
    /// A refusal committed past: the update is lost.
    SkippedRefused {
        partition: u32,
        offset: u64,
    },
    Resumed {
        partition: u32,
    },
    /// The listener is done with a record (written or skipped): Kafka has
    /// no per-message ack, so where NATS says "acked" this says handled,
    /// the commit of its offset being the next step.
    Handled {
        ticket: TicketId,
        handling: Handling,
    },
    /// A listener's process died; `lost`: the record in its hand (what it
    /// wrote stays written, its offset uncommitted). The coordinator
    /// notices `expires_in_ms` from now.
    Crashed {
        member: MemberId,
        lost: u32,
        expires_in_ms: u64,
    },
    /// The coordinator removed a member whose heartbeats stopped.
    SessionExpired {
        member: MemberId,
        timeout_ms: u64,
    },
    /// A new generation; the partitions that changed hands.
    Rebalanced {
        generation: u32,
        moves: Box<[Move]>,
    },
}

struct Partition(u32);

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{TOPIC}-{}", self.0)
    }
}

impl fmt::Display for KafkaNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use KafkaNote::*;
        match self {
            Written { partition, offset } => {
                write!(f, "written to {} at offset {offset}", Partition(*partition))
            }
            Retrying {
                partition,
                out_of_order: false,
            } => write!(
                f,
                "send to {} failed: the producer retries it",
                Partition(*partition)
            ),
            Retrying {
                partition,
                out_of_order: true,
            } => write!(
                f,
                "{} refused the batch (OUT_OF_ORDER_SEQUENCE_NUMBER: an earlier one \
                 is missing); the producer resends in sequence order",
                Partition(*partition)
            ),
            WrittenRetrying { partition, offset } => write!(
                f,
                "written to {} at offset {offset}, but the response was lost: \
                 the producer sends it again",
                Partition(*partition)
            ),
            Duplicate { partition } => write!(
                f,
                "{} already has this sequence: acked as a duplicate, not written again",
                Partition(*partition)
            ),
            Polled { partition, offset } => {
                write!(f, "polled {} offset {offset}", Partition(*partition))
            }
            Committed { partition, next } => write!(
                f,
                "committed {} at {next}: {GROUP} resumes there",
                Partition(*partition)
            ),
            CommitFailed { partition, error } => {
                write!(f, "commit of {} refused: ", Partition(*partition))?;
                match error {
                    CommitError::UnknownMember => f.write_str("UNKNOWN_MEMBER_ID"),
                    CommitError::IllegalGeneration { sent, current } => write!(
                        f,
                        "ILLEGAL_GENERATION (sent {sent}, the group is at {current})"
                    ),
                }
            }
            RetryInPlace {
                partition,
                offset,
                backoff_ms,
            } => write!(
                f,
                "no commit: seek back to offset {offset} and pause {} for {backoff_ms} ms; \
                 nothing behind it in the partition moves",
                Partition(*partition)
            ),
            SkippedRefused { partition, offset } => write!(
                f,
                "committed past refused offset {offset} of {}: unless the row already had \
                 this update, it is lost",
                Partition(*partition)
            ),
            Resumed { partition } => write!(f, "resumed {}", Partition(*partition)),
            Handled { ticket, handling } => handled(f, *ticket, *handling),
            Crashed {
                member,
                lost,
                expires_in_ms,
            } => write!(
                f,
                "listener {member} crashed with {lost} record(s) in hand, not committed; \
                 its partitions wait: the coordinator removes it when its session runs out, \
                 {expires_in_ms} ms from now"
            ),
            SessionExpired { member, timeout_ms } => write!(
                f,
                "no heartbeat from {member} for {timeout_ms} ms: the coordinator removes it \
                 and {GROUP} rebalances"
            ),
            Rebalanced { generation, moves } => {
                write!(f, "generation {generation}")?;
                if moves.is_empty() {
                    return f.write_str(": every partition stays with its owner");
                }
                for (i, m) in moves.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    write!(f, "{} ", Partition(m.partition))?;
                    match (m.from, m.to) {
                        (Some(a), Some(b)) => write!(f, "from {a} to {b}")?,
                        (None, Some(b)) => write!(f, "to {b}")?,
                        (Some(a), None) => write!(f, "from {a} to nobody")?,
                        (None, None) => f.write_str("unowned")?,
                    }
                    if m.to.is_some() {
                        match m.resume_at {
                            Some(o) => write!(f, " at committed offset {o}")?,
                            None => f.write_str(" from the start (nothing committed)")?,
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

/// A handled record in words: what the handler did, then the commit to come.
fn handled(f: &mut fmt::Formatter<'_>, t: TicketId, handling: Handling) -> fmt::Result {
    let next = "its offset is committed next (Kafka has no per-message ack)";
    match handling {
        Handling::Applied { out_of_order } => {
            let how = if out_of_order { " out of order" } else { "" };
            write!(f, "applied to {t}{how}, handled: {next}")
        }
        Handling::Skipped(Skip::NotNewer { row, event }) => write!(
            f,
            "skipped: row {t} is at version {row}, event version {event} is not newer; {next}"
        ),
        Handling::Superseded { found } => {
            let found = found.map_or_else(|| "missing".to_owned(), |v| v.to_string());
            write!(f, "skipped: {t} moved to version {found} meanwhile; {next}")
        }
        other => f.write_str(&other.describe(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_as_sentences() {
        let moves = vec![
            Move {
                partition: 1,
                from: Some(MemberId(1)),
                to: Some(MemberId(0)),
                resume_at: None,
            },
            Move {
                partition: 2,
                from: Some(MemberId(2)),
                to: Some(MemberId(1)),
                resume_at: Some(1),
            },
        ];
        let n = KafkaNote::Rebalanced {
            generation: 2,
            moves: moves.into(),
        };
        assert_eq!(
            n.to_string(),
            "generation 2: tickets-1 from B to A from the start (nothing committed); \
             tickets-2 from C to B at committed offset 1"
        );
        let n = KafkaNote::RetryInPlace {
            partition: 2,
            offset: 1,
            backoff_ms: 1_000,
        };
        assert!(n
            .to_string()
            .starts_with("no commit: seek back to offset 1 and pause tickets-2"));
        let n = KafkaNote::CommitFailed {
            partition: 0,
            error: CommitError::IllegalGeneration {
                sent: 1,
                current: 2,
            },
        };
        assert_eq!(
            n.to_string(),
            "commit of tickets-0 refused: ILLEGAL_GENERATION (sent 1, the group is at 2)"
        );
        let n = KafkaNote::SessionExpired {
            member: MemberId(2),
            timeout_ms: 45_000,
        };
        assert!(n.to_string().contains("no heartbeat from C for 45000 ms"));
    }
}

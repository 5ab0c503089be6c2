//! What a trace step says, stored as ids and numbers; the sentence is made
//! only when a person looks (the timeline, an export, the CLI). A run of two
//! million transitions then keeps a few dozen bytes per step, not a string.

use super::action::ActionError;
use super::ids::{MemberId, TicketId, TitleId};
use super::jetstream::JsNote;
#[cfg(feature = "kafka")]
use super::kafka::KafkaNote;
#[cfg(not(feature = "kafka"))]
use super::kafka::NoKafkaNote as KafkaNote;
use super::listener::{ignored_because, Handling};
use super::message::MessageStatus;
use super::strategy::ReadNote;
use super::tickets::Titles;
use super::version::Version;
use std::fmt;

/// The note of one trace step. `None` says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Note {
    #[default]
    None,
    /// Tickets saved a record. `clock_tie`: a timestamp save in the same
    /// millisecond as the one before, so the clock could only add 1.
    Saved {
        ticket: TicketId,
        title: TitleId,
        price: u64,
        version: Version,
        clock_tie: bool,
    },
    /// Tickets destroyed the record (a save that bumps the version).
    Deleted {
        ticket: TicketId,
        version: Version,
    },
    /// Tickets' save from a stale copy matched nothing.
    StaleSave {
        ticket: TicketId,
        expected: Version,
        found: Version,
    },
    Published {
        price: u64,
        version: Version,
        prev: Option<Version>,
    },
    /// What a listener decided on reading the row.
    Read {
        ticket: TicketId,
        read: ReadNote,
    },
    /// How a listener handled the message (ack, no ack, skip, conflict).
    Handled {
        ticket: TicketId,
        handling: Handling,
    },
    OutOfOrder,
    /// The ack wait of delivery `number` ran out: sent again at once to
    /// `to` (the member with the fewest unacked), or queued when nobody is up.
    Expired {
        number: u32,
        to: Option<MemberId>,
    },
    DeadLettered {
        number: u32,
    },
    /// The server keeps sending to a crashed member until a heartbeat to it
    /// goes unanswered, `missed_in_ms` later.
    Crashed {
        member: MemberId,
        lost: u32,
        missed_in_ms: u64,
    },
    /// The server's first heartbeat to a crashed member got no reply: it
    /// avoids the member now, and closes it at miss `allowed + 1`.
    HeartbeatMissed {
        member: MemberId,
        allowed: u32,
    },
    /// The member missed `missed` heartbeats in a row: the server closed it
    /// and moved its unacked messages to the others (`moved`), or, with no
    /// member left, the group kept them (`kept`) for the next to join.
    ServerClosed {
        member: MemberId,
        moved: u32,
        kept: u32,
        missed: u32,
    },
    /// A restarted member reconnected under its old client ID: the server
    /// closed the old connection first (moved / kept as for `ServerClosed`).
    Replaced {
        member: MemberId,
        moved: u32,
        kept: u32,
    },
    /// The first member to join an empty durable group was sent again the
    /// `count` unacked messages the group kept.
    ShadowResent {
        member: MemberId,
        count: u32,
    },
    Restarted {
        member: MemberId,
    },
    /// Sent to a member that is down but not yet closed: lost in transit.
    /// `avoided`: it had missed a heartbeat, but no other member could take
    /// the message (`findBestQueueSub` falls back to its list's first).
    SentToDown {
        member: MemberId,
        avoided: bool,
    },
    Routed {
        member: MemberId,
    },
    /// Under a manual network the student let delivery `number` (1 the
    /// first, 2 the first redelivery...) held on the wire arrive at `member`.
    Arrived {
        member: MemberId,
        number: u32,
    },
    AckWillBeLost,
    /// `member` acked copy `number`, and the server ignored it: the message
    /// was `now` (`processAckMsg` takes an ack only from the member it last
    /// sent the message to).
    AckIgnored {
        member: MemberId,
        number: u32,
        now: MessageStatus,
    },
    DelaySpike {
        extra_ms: u64,
        duration_ms: u64,
    },
    Shuffled {
        moved: u32,
        queued: u32,
    },
    TransitionCap,
    Livelock,
    /// A scripted action that could not apply (rare: kept whole).
    Refused(Box<ActionError>),
    /// A rare one-off sentence made at the time (a broken schedule).
    Said(Box<str>),
    /// A JetStream step (`engine::jetstream`).
    Js(JsNote),
    /// A Kafka step (`engine::kafka`); an empty enum without the `kafka`
    /// feature, so the first-visit module keeps none of its sentences.
    Kafka(KafkaNote),
}

impl Note {
    pub fn is_none(&self) -> bool {
        matches!(self, Note::None)
    }

    /// The sentence a person reads (empty for `None`).
    pub fn text(&self, titles: &Titles) -> String {
        self.display(titles).to_string()
    }

    /// The sentence, written straight into a formatter or writer (no
    /// intermediate string: the CLI streams millions of these).
    pub fn display<'a>(&'a self, titles: &'a Titles) -> NoteText<'a> {
        NoteText(self, titles)
    }
}

pub struct NoteText<'a>(&'a Note, &'a Titles);

impl fmt::Display for NoteText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let titles = self.1;
        match self.0 {
            Note::None => Ok(()),
            Note::Saved {
                ticket,
                title,
                price,
                version,
                clock_tie,
            } => {
                write!(
                    f,
                    "Tickets saved {ticket} ({}, price {price}) at version {version}",
                    titles.get(*title)
                )?;
                if *clock_tie {
                    f.write_str(
                        "; same millisecond as the save before, so the timestamp could only add 1",
                    )?;
                }
                Ok(())
            }
            Note::Deleted { ticket, version } => {
                write!(f, "Tickets deleted {ticket} at version {version}")
            }
            Note::StaleSave {
                ticket,
                expected,
                found,
            } => write!(
                f,
                "Tickets: save of {ticket} from a copy at version {expected} failed; the record is at version {found}"
            ),
            Note::Published {
                price,
                version,
                prev: Some(prev),
            } => write!(f, "price {price}, version {version} (previous {prev})"),
            Note::Published {
                price,
                version,
                prev: None,
            } => write!(f, "price {price}, version {version}"),
            Note::Read { ticket, read } => f.write_str(&read.text(*ticket)),
            Note::Handled { ticket, handling } => f.write_str(&handling.describe(*ticket)),
            Note::Js(n) => write!(f, "{n}"),
            Note::Kafka(n) => write!(f, "{n}"),
            Note::OutOfOrder => f.write_str("applied out of order: a newer version was applied before"),
            Note::Expired {
                number,
                to: Some(m),
            } => write!(
                f,
                "not acked within the ack wait (delivery {number}): sent again at once to {m}, the member with the fewest unacked"
            ),
            Note::Expired { number, to: None } => write!(
                f,
                "not acked within the ack wait (delivery {number}): no member to send it to, queued again"
            ),
            Note::DeadLettered { number } => write!(f, "dead-lettered after {number} deliveries"),
            Note::Crashed {
                member,
                lost,
                missed_in_ms,
            } => write!(
                f,
                "listener {member} crashed; {lost} delivery(ies) in hand lost; the server does not know yet and keeps sending to {member} until a heartbeat to it goes unanswered, {missed_in_ms} ms from now"
            ),
            Note::HeartbeatMissed { member, allowed } => write!(
                f,
                "the server's heartbeat to {member} got no reply (miss 1; at miss {} it closes {member}): it stops choosing {member} while another member can take a message",
                allowed + 1
            ),
            Note::ServerClosed {
                member,
                moved,
                kept,
                missed,
            } => {
                write!(f, "{member} missed {missed} heartbeats in a row: the server closes {member}; ")?;
                unacked_words(f, *moved, *kept)
            }
            Note::Replaced { member, moved, kept } => {
                write!(f, "listener {member} reconnects under its old client ID; the old connection does not answer, so the server closes it first; ")?;
                unacked_words(f, *moved, *kept)
            }
            Note::ShadowResent { member, count } => write!(
                f,
                "{member} joins orders-service, which had no member: the {count} unacked message(s) the group kept are sent again to {member} at once"
            ),
            Note::Restarted { member } => write!(f, "listener {member} is back"),
            Note::SentToDown {
                member,
                avoided: false,
            } => write!(
                f,
                "{member} is down but has missed no heartbeat yet: the server sends it anyway, and this delivery is lost"
            ),
            Note::SentToDown {
                member,
                avoided: true,
            } => write!(
                f,
                "{member} is down and missed a heartbeat, but no other member can take this message now, so the server sends it to {member}, first in its list; this delivery is lost"
            ),
            Note::Routed { member } => {
                write!(f, "you are the network: this message goes to {member} next")
            }
            Note::Arrived { member, number } => write!(
                f,
                "you are the network: delivery {number} reaches {member} now, the other messages on the wire wait"
            ),
            Note::AckWillBeLost => f.write_str("the next ack will be lost"),
            Note::AckIgnored {
                member,
                number,
                now,
            } => write!(
                f,
                "{member}'s ack of copy {number} is ignored: {}; the server takes an ack only from the member it last sent the message to",
                ignored_because(*now)
            ),
            Note::DelaySpike {
                extra_ms,
                duration_ms,
            } => write!(
                f,
                "deliveries take {extra_ms} ms longer for {duration_ms} ms"
            ),
            Note::Shuffled { moved, queued } => write!(
                f,
                "re-drew {moved} wire time(s); permuted {queued} queued message(s)"
            ),
            Note::TransitionCap => f.write_str("transition cap reached"),
            Note::Livelock => f.write_str(
                "every outstanding message was refused since the replica last changed",
            ),
            Note::Refused(e) => write!(f, "{e}"),
            Note::Said(s) => f.write_str(s),
        }
    }
}

/// What became of a closed member's unacked messages.
fn unacked_words(f: &mut fmt::Formatter<'_>, moved: u32, kept: u32) -> fmt::Result {
    if kept == 0 {
        write!(f, "{moved} unacked message(s) move to the other members")
    } else {
        write!(f, "no member of orders-service is left, so the group keeps its {kept} unacked message(s), sending nothing until a member joins")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::strategy::Refusal;

    #[test]
    fn a_note_is_small_and_its_text_is_made_on_demand() {
        // Ids and numbers only: a handful of words, not a heap string.
        assert!(
            std::mem::size_of::<Note>() <= 48,
            "{}",
            std::mem::size_of::<Note>()
        );
        let mut titles = Titles::default();
        let title = titles.intern("concert");
        let n = Note::Saved {
            ticket: TicketId(0),
            title,
            price: 5,
            version: Version(0),
            clock_tie: false,
        };
        assert_eq!(
            n.text(&titles),
            "Tickets saved CZQ (concert, price 5) at version 0"
        );
        let n = Note::Read {
            ticket: TicketId(0),
            read: ReadNote::Refuse(Refusal::NotAtVersion {
                want: Version(1),
                found: Version(0),
            }),
        };
        assert_eq!(
            n.text(&titles),
            "no ack: no row CZQ at version 1 (row is at 0)"
        );
        assert_eq!(Note::None.text(&titles), "");
    }
}

//! What a trace step says, stored as ids and numbers; the sentence is made
//! only when a person looks (the timeline, an export, the CLI). A run of two
//! million transitions then keeps a few dozen bytes per step, not a string.

use super::action::ActionError;
use super::ids::{MemberId, TicketId, TitleId};
use super::listener::Handling;
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
    /// The server keeps sending to a crashed member for `window_ms`, until
    /// its heartbeats fail.
    Crashed {
        member: MemberId,
        lost: u32,
        window_ms: u64,
    },
    /// The member's heartbeats failed: the server closed it and moved its
    /// unacked messages to the others.
    ServerClosed {
        member: MemberId,
        moved: u32,
    },
    Restarted {
        member: MemberId,
    },
    /// Sent to a member that is down but not yet closed: lost in transit.
    SentToDown {
        member: MemberId,
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
                window_ms,
            } => write!(
                f,
                "listener {member} crashed; {lost} delivery(ies) in hand lost; the server keeps sending to {member} until its heartbeats fail ({window_ms} ms)"
            ),
            Note::ServerClosed { member, moved } => write!(
                f,
                "the server closes {member}: its heartbeats failed; {moved} unacked message(s) move to the other members"
            ),
            Note::Restarted { member } => write!(f, "listener {member} is back"),
            Note::SentToDown { member } => write!(
                f,
                "{member} is down but its heartbeats have not failed yet: the server sends it anyway, and this delivery is lost"
            ),
            Note::Routed { member } => {
                write!(f, "you are the network: this message goes to {member} next")
            }
            Note::Arrived { member, number } => write!(
                f,
                "you are the network: delivery {number} reaches {member} now, the other messages on the wire wait"
            ),
            Note::AckWillBeLost => f.write_str("the next ack will be lost"),
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

//! What a trace step says, stored as ids and numbers; the sentence is made
//! only when a person looks (the timeline, an export, the CLI). A run of two
//! million transitions then keeps a few dozen bytes per step, not a string.

use super::action::ActionError;
use super::ids::{MemberId, TicketId, TitleId};
use super::listener::Handling;
use super::strategy::{Decision, Refusal, Skip};
use super::tickets::Titles;
use super::version::Version;

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
    /// The ack wait of delivery `number` ran out: queued again.
    Expired {
        number: u32,
    },
    DeadLettered {
        number: u32,
    },
    Crashed {
        member: MemberId,
        lost: u32,
    },
    Restarted {
        member: MemberId,
    },
    Routed {
        member: MemberId,
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

/// A listener's decision at read time, without the plan's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadNote {
    Apply(Version),
    Skip(Skip),
    Refuse(Refusal),
}

impl From<&Decision> for ReadNote {
    fn from(d: &Decision) -> Self {
        match d {
            Decision::Apply(plan) => ReadNote::Apply(plan.row.version),
            Decision::Skip(s) => ReadNote::Skip(*s),
            Decision::Refuse(r) => ReadNote::Refuse(*r),
        }
    }
}

impl ReadNote {
    pub fn text(self, ticket: TicketId) -> String {
        match self {
            ReadNote::Apply(v) => format!("apply: write {ticket} at version {v}"),
            ReadNote::Skip(skip) => skip_text(skip, ticket),
            ReadNote::Refuse(r) => format!("no ack: {}", r.describe(ticket)),
        }
    }
}

pub(crate) fn skip_text(skip: Skip, ticket: TicketId) -> String {
    let Skip::NotNewer { row, event } = skip;
    format!("ack and skip: row {ticket} is at version {row}, event version {event} is not newer")
}

impl Note {
    pub fn is_none(&self) -> bool {
        matches!(self, Note::None)
    }

    /// The sentence a person reads (empty for `None`).
    pub fn text(&self, titles: &Titles) -> String {
        match self {
            Note::None => String::new(),
            Note::Saved {
                ticket,
                title,
                price,
                version,
                clock_tie,
            } => {
                let mut s = format!(
                    "Tickets saved {ticket} ({}, price {price}) at version {version}",
                    titles.get(*title)
                );
                if *clock_tie {
                    s.push_str(
                        "; same millisecond as the save before, so the timestamp could only add 1",
                    );
                }
                s
            }
            Note::StaleSave {
                ticket,
                expected,
                found,
            } => format!(
                "Tickets: save of {ticket} from a copy at version {expected} failed; the record is at version {found}"
            ),
            Note::Published {
                price,
                version,
                prev: Some(prev),
            } => format!("price {price}, version {version} (previous {prev})"),
            Note::Published {
                price,
                version,
                prev: None,
            } => format!("price {price}, version {version}"),
            Note::Read { ticket, read } => read.text(*ticket),
            Note::Handled { ticket, handling } => handling.describe(*ticket),
            Note::OutOfOrder => "applied out of order: a newer version was applied before".into(),
            Note::Expired { number } => {
                format!("not acked within the ack wait (delivery {number}): queued again")
            }
            Note::DeadLettered { number } => format!("dead-lettered after {number} deliveries"),
            Note::Crashed { member, lost } => {
                format!("listener {member} crashed; {lost} delivery(ies) in hand lost")
            }
            Note::Restarted { member } => format!("listener {member} is back"),
            Note::Routed { member } => {
                format!("you are the network: this message goes to {member} next")
            }
            Note::AckWillBeLost => "the next ack will be lost".into(),
            Note::DelaySpike {
                extra_ms,
                duration_ms,
            } => format!("deliveries take {extra_ms} ms longer for {duration_ms} ms"),
            Note::Shuffled { moved, queued } => {
                format!("re-drew {moved} wire time(s); permuted {queued} queued message(s)")
            }
            Note::TransitionCap => "transition cap reached".into(),
            Note::Livelock => {
                "every outstanding message was refused since the replica last changed".into()
            }
            Note::Refused(e) => e.to_string(),
            Note::Said(s) => s.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

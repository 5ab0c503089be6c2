//! An Orders listener instance: a member of the queue group, with the
//! deliveries it holds and what it last decided.

use super::ids::{MemberId, MessageId, TicketId};
use super::message::MessageStatus;
use super::replica::Row;
use super::strategy::{Refusal, Skip};
use super::version::Version;
use serde::{Deserialize, Serialize};

/// What a delivery in hand does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// On the wire; on arrival the listener reads the replica row.
    Read,
    /// Read done (the row it saw is in `snapshot`); next it writes and acks.
    Write,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Unique within a world, so stale agenda entries can be told apart.
    pub id: u32,
    pub msg: MessageId,
    /// 1 for the first delivery, 2 for the first redelivery, ...
    pub number: u32,
    pub stage: Stage,
    pub snapshot: Option<Row>,
    pub delivered_at: u64,
    /// When the current stage happens (timed driver only).
    pub due_at: u64,
    pub processing_ms: u64,
}

/// The `due_at` of a delivery held on the wire under a manual network
/// (`Config::manual_network`): it has no arrival time until the student
/// lets it arrive (`Action::Arrive`).
pub const HELD: u64 = u64::MAX;

impl Delivery {
    /// On the wire and held there until the student lets it arrive.
    pub fn held(&self) -> bool {
        self.stage == Stage::Read && self.due_at == HELD
    }
}

/// How a listener handled a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handling {
    Applied {
        out_of_order: bool,
    },
    /// Applied, but the ack never reached the broker.
    AppliedAckLost,
    Skipped(Skip),
    /// Refused at read: no ack.
    Refused(Refusal),
    /// An insert found the row already there (two deliveries of a create
    /// racing): a duplicate key, not a version error. No ack.
    DuplicateKey {
        found: Option<Version>,
    },
    /// The write's condition failed: the row changed since the read.
    Conflict {
        read: Option<Version>,
        found: Option<Version>,
    },
    /// The write lost to a newer one (newest-wins): acked and skipped.
    Superseded {
        found: Option<Version>,
    },
    /// Handled from copy `number` (`wrote`: its write was applied) and
    /// acked, but the server ignored the ack: it takes one only from the
    /// member it last sent the message to (`processAckMsg` looks the
    /// sequence up in that subscription's pending list), and the message
    /// was `now` by then (in flight to another member after the ack wait ran
    /// out, acked through another copy, queued again).
    AckIgnored {
        wrote: bool,
        number: u32,
        now: MessageStatus,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastDecision {
    pub msg: MessageId,
    /// Which copy of the message was handled (1 the first delivery, ...).
    pub number: u32,
    pub ticket: TicketId,
    pub handling: Handling,
}

impl LastDecision {
    pub fn acked(&self) -> bool {
        matches!(
            self.handling,
            Handling::Applied { .. } | Handling::Skipped(_) | Handling::Superseded { .. }
        )
    }

    pub fn reason(&self) -> String {
        self.handling.describe(self.ticket)
    }
}

impl Handling {
    /// One sentence about how `ticket`'s message was handled.
    pub fn describe(self, t: TicketId) -> String {
        let v = |v: Option<Version>| v.map_or_else(|| "missing".to_owned(), |v| v.to_string());
        match self {
            Handling::Applied {
                out_of_order: false,
            } => format!("applied to {t}, acked"),
            Handling::Applied { out_of_order: true } => {
                format!("applied to {t} out of order, acked")
            }
            Handling::AppliedAckLost => format!("applied to {t}; the ack was lost"),
            Handling::Skipped(skip) => skip.describe(t),
            Handling::Refused(r) => format!("no ack: {}", r.describe(t)),
            Handling::DuplicateKey { found } => format!(
                "duplicate key: row {t} was inserted meanwhile (at version {}); no ack",
                v(found)
            ),
            Handling::Conflict { read, found } => format!(
                "version error: {t} was at {} when read, at {} when saved; no ack",
                v(read),
                v(found)
            ),
            Handling::Superseded { found } => {
                format!("ack and skip: {t} moved to version {} meanwhile", v(found))
            }
            Handling::AckIgnored { wrote, number, now } => format!(
                "{} from copy {number}, but the ack was ignored: {}",
                if wrote {
                    format!("applied to {t}")
                } else {
                    format!("skipped {t} without writing")
                },
                ignored_because(now)
            ),
        }
    }
}

/// Why the server ignored an ack, from where the message is now.
pub fn ignored_because(now: MessageStatus) -> String {
    match now {
        MessageStatus::InFlight { member } => format!("{member} holds the message now"),
        MessageStatus::Acked => "another copy was acked already".into(),
        MessageStatus::Pending | MessageStatus::Redelivered { .. } => {
            "the message is queued to be sent again".into()
        }
        MessageStatus::DeadLettered => "the message was dead-lettered".into(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listener {
    pub member: MemberId,
    pub up: bool,
    pub hand: Vec<Delivery>,
    pub last: Option<LastDecision>,
    /// When it last crashed (to tell a stale heartbeat timer apart).
    pub crashed_at: u64,
    /// When its client last connected (0, or its restart): the server's
    /// heartbeat pings go out every interval from then.
    pub connected_at: u64,
    /// When its latest delivery arrives (timed driver). The server writes
    /// all of a client's messages, whatever the channel, over its one NATS
    /// connection, and stan.js reads every subscription from it: a later
    /// message never overtakes an earlier one to the same listener.
    pub arrival: u64,
}

impl Listener {
    pub fn new(member: MemberId, max_in_flight: u32) -> Self {
        Listener {
            member,
            up: true,
            hand: Vec::with_capacity(max_in_flight.min(4) as usize),
            last: None,
            crashed_at: 0,
            connected_at: 0,
            arrival: 0,
        }
    }

    /// The delivery this listener reads next: the earliest sent of those
    /// still on the wire, whatever its channel (one connection per client,
    /// read in the order sent).
    pub fn first_unread(&self) -> Option<&Delivery> {
        self.hand.iter().find(|d| d.stage == Stage::Read)
    }

    pub fn delivery(&self, id: u32) -> Option<&Delivery> {
        self.hand.iter().find(|d| d.id == id)
    }

    pub(crate) fn delivery_mut(&mut self, id: u32) -> Option<&mut Delivery> {
        self.hand.iter_mut().find(|d| d.id == id)
    }

    pub(crate) fn take(&mut self, id: u32) -> Option<Delivery> {
        let pos = self.hand.iter().position(|d| d.id == id)?;
        Some(self.hand.remove(pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_the_wire(id: u32, msg: u32) -> Delivery {
        Delivery {
            id,
            msg: MessageId(msg),
            number: 1,
            stage: Stage::Read,
            snapshot: None,
            delivered_at: 0,
            due_at: 3,
            processing_ms: 2,
        }
    }

    #[test]
    fn the_first_unread_delivery_is_the_earliest_sent_on_any_channel() {
        // A create (message 0) then an update (message 1) sent to A: one
        // connection, so the create is read first whatever the channels.
        let mut l = Listener::new(MemberId(0), 1);
        l.hand.push(on_the_wire(7, 0));
        l.hand.push(on_the_wire(8, 1));
        assert_eq!(l.first_unread().map(|d| d.id), Some(7));
        l.hand[0].stage = Stage::Write;
        assert_eq!(l.first_unread().map(|d| d.id), Some(8));
        assert_eq!(l.take(7).map(|d| d.id), Some(7));
        assert_eq!(l.take(8).map(|d| d.id), Some(8));
        assert!(l.first_unread().is_none());
    }

    #[test]
    fn reasons_name_the_versions() {
        let d = LastDecision {
            msg: MessageId(1),
            number: 1,
            ticket: TicketId(0),
            handling: Handling::Conflict {
                read: Some(Version(0)),
                found: Some(Version(1)),
            },
        };
        assert!(!d.acked());
        assert_eq!(
            d.reason(),
            "version error: CZQ was at 0 when read, at 1 when saved; no ack"
        );
    }

    #[test]
    fn an_ignored_ack_names_its_copy_and_who_holds_the_message() {
        let d = LastDecision {
            msg: MessageId(0),
            number: 1,
            ticket: TicketId(0),
            handling: Handling::AckIgnored {
                wrote: true,
                number: 1,
                now: MessageStatus::InFlight {
                    member: MemberId(1),
                },
            },
        };
        assert!(!d.acked());
        assert_eq!(
            d.reason(),
            "applied to CZQ from copy 1, but the ack was ignored: B holds the message now"
        );
    }
}

//! A message on a NATS Streaming channel, and where it is as the broker sees
//! it.

use super::ids::{MemberId, MessageId};
use super::tickets::{Event, EventKind};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    #[serde(rename = "ticket:created")]
    TicketCreated,
    #[serde(rename = "ticket:updated")]
    TicketUpdated,
    #[serde(rename = "ticket:deleted")]
    TicketDeleted,
}

impl Channel {
    pub const ALL: [Channel; 3] = [
        Channel::TicketCreated,
        Channel::TicketUpdated,
        Channel::TicketDeleted,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Channel::TicketCreated => "ticket:created",
            Channel::TicketUpdated => "ticket:updated",
            Channel::TicketDeleted => "ticket:deleted",
        }
    }

    pub fn parse(name: &str) -> Option<Channel> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn of(kind: EventKind) -> Channel {
        match kind {
            EventKind::Created => Channel::TicketCreated,
            EventKind::Updated => Channel::TicketUpdated,
            EventKind::Deleted => Channel::TicketDeleted,
        }
    }

    pub(crate) fn slot(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a message is, as the broker sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum MessageStatus {
    /// Published, waiting in the queue for its first delivery.
    Pending,
    /// Delivered to `member` and not acked yet (the broker cannot tell a
    /// listener still working from one that refused, crashed or lost its ack).
    InFlight {
        member: MemberId,
    },
    Acked,
    /// The ack wait ran out after `deliveries` deliveries: queued again.
    Redelivered {
        deliveries: u32,
    },
    DeadLettered,
}

/// How a person reads a status: "in flight to A", never the enum's debug form.
impl fmt::Display for MessageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageStatus::Pending => f.write_str("waiting for its first delivery"),
            MessageStatus::InFlight { member } => write!(f, "in flight to {member}"),
            MessageStatus::Acked => f.write_str("acked"),
            MessageStatus::Redelivered { deliveries } => {
                write!(f, "queued again after {deliveries} deliveries")
            }
            MessageStatus::DeadLettered => f.write_str("dead-lettered"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: MessageId,
    pub channel: Channel,
    pub seq: u64,
    pub event: Event,
    pub status: MessageStatus,
    pub deliveries: u32,
    /// Virtual time of the latest delivery (the ack wait counts from it).
    pub delivered_at: u64,
    /// Replica change count at this message's latest refusal.
    pub(crate) refused_at: Option<u64>,
    /// The delivery whose ack-wait timer is on the agenda (0: none).
    pub(crate) timer_for: u32,
    /// "You are the network": the member this queued message must go to.
    pub route: Option<MemberId>,
    /// The first copy whose write was applied but whose ack the server
    /// ignored while the message was still outstanding: where a create's
    /// stall starts (every later copy meets the row it inserted).
    pub unacked_write: Option<UnackedWrite>,
}

/// A write applied from copy `number` by `member`, whose ack the server
/// ignored because the message was `now` by then (`processAckMsg` takes an
/// ack only from the member it last sent the message to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnackedWrite {
    pub member: MemberId,
    pub number: u32,
    pub now: MessageStatus,
}

impl Message {
    pub fn is_queued(&self) -> bool {
        matches!(
            self.status,
            MessageStatus::Pending | MessageStatus::Redelivered { .. }
        )
    }

    pub fn is_outstanding(&self) -> bool {
        !matches!(
            self.status,
            MessageStatus::Acked | MessageStatus::DeadLettered
        )
    }
}

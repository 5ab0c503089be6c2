//! What a person (or a script) can do to the world, and why it may refuse.

use super::broker::{Channel, MessageStatus};
use super::config::{check_range, range_text, ConfigError};
use super::ids::{MemberId, TicketId};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const PRICE: (u64, u64) = (0, 1_000_000_000);
pub const TITLE_CHARS: (usize, usize) = (1, 60);
pub const SPIKE_EXTRA_MS: (u64, u64) = (1, 60_000);
pub const SPIKE_DURATION_MS: (u64, u64) = (1, 600_000);

/// Written internally tagged by `type`; read field by field (its
/// `Deserialize` is in `action_fields.rs`), so a bad field is named by its path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Action {
    CreateTicket {
        title: String,
        price: u64,
    },
    UpdateTicket {
        id: TicketId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        price: Option<u64>,
    },
    /// Tickets destroys the record: the version is bumped like a save's and
    /// `ticket:deleted` published; the record leaves Tickets' table.
    DeleteTicket {
        id: TicketId,
    },
    /// Two editors load the same version; the first save wins, the second
    /// fails with a version error.
    TwoEditors {
        id: TicketId,
        first_price: u64,
        second_price: u64,
    },
    CrashListener {
        member: MemberId,
    },
    LoseNextAck,
    DelaySpike {
        extra_ms: u64,
        duration_ms: u64,
    },
    /// Re-draw the wire latencies of deliveries on the wire and permute the
    /// broker's queue (from the seeded stream, so replay is exact).
    Shuffle,
    /// "You are the network": this queued message goes to this member next.
    Route {
        channel: Channel,
        seq: u64,
        member: MemberId,
    },
    /// "You are the network" under `Config::manual_network`: the copy of
    /// this message held on the wire to `member` arrives now (the broker
    /// picked the member; the student picks the order of arrival).
    Arrive {
        channel: Channel,
        seq: u64,
        member: MemberId,
    },
    /// Tickets did not hear the ack of its latest publish and sends it
    /// again: with its `Nats-Msg-Id` (JetStream deduplicates it within the
    /// stream's duplicate window) or without one (stored twice).
    RetryPublish {
        msg_id: bool,
    },
}

/// An action at a virtual time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedAction {
    pub at_ms: u64,
    pub action: Action,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    Invalid(ConfigError),
    UnknownTicket {
        id: TicketId,
        tickets: u32,
    },
    /// The ticket was deleted (at `version`): nothing can save it again.
    TicketDeleted {
        id: TicketId,
        version: crate::engine::version::Version,
    },
    UnknownMember {
        member: MemberId,
        listeners: u8,
    },
    MemberDown {
        member: MemberId,
    },
    UnknownMessage {
        channel: Channel,
        seq: u64,
    },
    NotQueued {
        channel: Channel,
        seq: u64,
        status: MessageStatus,
    },
    /// No copy of the message is held on the wire to that member.
    NotOnTheWire {
        channel: Channel,
        seq: u64,
        member: MemberId,
        status: MessageStatus,
    },
    /// One connection per client delivers in the order sent: `first_channel`
    /// #`first`, sent earlier to the same member (on either channel), must
    /// arrive before.
    BehindOnTheWire {
        channel: Channel,
        seq: u64,
        member: MemberId,
        first_channel: Channel,
        first: u64,
    },
    /// The run hit its transition cap; nothing more can happen.
    Finished,
    /// A live Shuffle with no message queued or on the wire.
    NothingToShuffle,
    /// A retried publish before any publish.
    NothingPublished,
    /// An action only one broker has (its name).
    OtherBroker {
        needs: &'static str,
    },
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Invalid(e) => write!(f, "{e}"),
            ActionError::UnknownTicket { id, tickets } => write!(
                f,
                "id: no ticket {id}; {tickets} ticket(s) exist{}",
                if *tickets > 0 {
                    " (the first is CZQ)"
                } else {
                    ""
                }
            ),
            ActionError::TicketDeleted { id, version } => write!(
                f,
                "id: ticket {id} was deleted at version {version}; Tickets has no such record any more"
            ),
            ActionError::UnknownMember { member, listeners } => write!(
                f,
                "member: no listener {member}; allowed {}",
                range_text(('A', MemberId(listeners.saturating_sub(1)).name()))
            ),
            ActionError::MemberDown { member } => {
                write!(f, "member: listener {member} is already down")
            }
            ActionError::UnknownMessage { channel, seq } => {
                write!(f, "seq: no message {channel} #{seq}")
            }
            ActionError::NotQueued {
                channel,
                seq,
                status,
            } => write!(
                f,
                "seq: {channel} #{seq} is not waiting in the broker (it is {status})"
            ),
            ActionError::NotOnTheWire {
                channel,
                seq,
                member,
                status,
            } => write!(
                f,
                "seq: no copy of {channel} #{seq} is on the wire to {member} (it is {status})"
            ),
            ActionError::BehindOnTheWire {
                channel,
                seq,
                member,
                first_channel,
                first,
            } => write!(
                f,
                "seq: {channel} #{seq} cannot arrive at {member} before {first_channel} #{first}, sent to {member} earlier on the same connection"
            ),
            ActionError::Finished => write!(f, "the run is over (transition cap reached)"),
            ActionError::NothingToShuffle => f.write_str(
                "Nothing to shuffle yet: no message is queued at the broker or on its way to a listener. Play or Step until Tickets publishes, then Shuffle.",
            ),
            ActionError::NothingPublished => {
                f.write_str("nothing to retry: Tickets has published nothing yet")
            }
            ActionError::OtherBroker { needs } => write!(f, "this needs {needs}"),
        }
    }
}

impl std::error::Error for ActionError {}

impl From<ConfigError> for ActionError {
    fn from(e: ConfigError) -> Self {
        ActionError::Invalid(e)
    }
}

fn check_title(field: &str, title: &str) -> Result<(), ConfigError> {
    let n = title.chars().count();
    if n < TITLE_CHARS.0 || n > TITLE_CHARS.1 {
        return Err(ConfigError::new(
            field,
            format!(
                "title has {n} characters; allowed {}",
                range_text(TITLE_CHARS)
            ),
        ));
    }
    Ok(())
}

impl Action {
    /// A new ticket with this title and price.
    pub fn create_ticket(title: impl Into<String>, price: u64) -> Action {
        Action::CreateTicket {
            title: title.into(),
            price,
        }
    }

    /// A save of ticket `id` that changes its price and keeps its title.
    pub fn update_price(id: TicketId, price: u64) -> Action {
        Action::UpdateTicket {
            id,
            title: None,
            price: Some(price),
        }
    }

    /// Checks what can be checked without running: ranges, and that ids name
    /// a ticket created earlier (`tickets` of them) and a configured member.
    pub fn validate(&self, tickets: u32, listeners: u8) -> Result<(), ActionError> {
        let ticket = |id: TicketId| {
            if id.0 >= tickets {
                return Err(ActionError::UnknownTicket { id, tickets });
            }
            Ok(())
        };
        match self {
            Action::CreateTicket { title, price } => {
                check_title("title", title)?;
                check_range("price", *price, PRICE)?;
            }
            Action::UpdateTicket { id, title, price } => {
                ticket(*id)?;
                if let Some(t) = title {
                    check_title("title", t)?;
                }
                if let Some(p) = price {
                    check_range("price", *p, PRICE)?;
                }
            }
            Action::DeleteTicket { id } => ticket(*id)?,
            Action::TwoEditors {
                id,
                first_price,
                second_price,
            } => {
                ticket(*id)?;
                check_range("first_price", *first_price, PRICE)?;
                check_range("second_price", *second_price, PRICE)?;
            }
            Action::CrashListener { member }
            | Action::Route { member, .. }
            | Action::Arrive { member, .. } => {
                if member.0 >= listeners {
                    return Err(ActionError::UnknownMember {
                        member: *member,
                        listeners,
                    });
                }
                if let Action::Route { seq: 0, .. } | Action::Arrive { seq: 0, .. } = self {
                    return Err(ConfigError::new(
                        "seq",
                        "0 is not a message; messages are numbered from 1",
                    )
                    .into());
                }
            }
            Action::DelaySpike {
                extra_ms,
                duration_ms,
            } => {
                check_range("extra_ms", *extra_ms, SPIKE_EXTRA_MS)?;
                check_range("duration_ms", *duration_ms, SPIKE_DURATION_MS)?;
            }
            Action::LoseNextAck | Action::Shuffle | Action::RetryPublish { .. } => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_shape_is_tagged_and_readable() {
        let a = ScriptedAction {
            at_ms: 5,
            action: Action::update_price(TicketId(0), 10),
        };
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"at_ms":5,"action":{"type":"update-ticket","id":"CZQ","price":10}}"#
        );
        assert_eq!(serde_json::from_str::<ScriptedAction>(&json).unwrap(), a);
        let arrive = Action::Arrive {
            channel: Channel::TicketUpdated,
            seq: 2,
            member: MemberId(1),
        };
        let json = serde_json::to_string(&arrive).unwrap();
        assert_eq!(
            json,
            r#"{"type":"arrive","channel":"ticket:updated","seq":2,"member":"B"}"#
        );
        assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), arrive);
        let delete = Action::DeleteTicket { id: TicketId(0) };
        let json = serde_json::to_string(&delete).unwrap();
        assert_eq!(json, r#"{"type":"delete-ticket","id":"CZQ"}"#);
        assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), delete);
        assert_eq!(
            serde_json::to_string(&Action::create_ticket("concert", 5)).unwrap(),
            r#"{"type":"create-ticket","title":"concert","price":5}"#
        );
    }

    #[test]
    fn validation_names_fields() {
        let a = Action::UpdateTicket {
            id: TicketId(1),
            title: None,
            price: None,
        };
        assert!(a
            .validate(1, 2)
            .unwrap_err()
            .to_string()
            .starts_with("id: no ticket"));
        let a = Action::CrashListener {
            member: MemberId(2),
        };
        assert_eq!(
            a.validate(0, 2).unwrap_err().to_string(),
            "member: no listener C; allowed A..B"
        );
        let a = Action::create_ticket("", 5);
        assert!(a
            .validate(0, 2)
            .unwrap_err()
            .to_string()
            .contains("allowed 1..60"));
    }
}

//! Why a choice of an explorer schedule is not enabled now, in words: a
//! schedule that skips a channel's head or reads a message nobody holds is
//! refused with the broker rule it breaks, not replayed to a wrong verdict.

use super::{Choice, World};
use crate::engine::ids::MessageId;
use crate::engine::listener::Stage;
use crate::engine::message::{Message, MessageStatus};

impl World {
    /// Why `choice` is not among `choices()` now (meaningful only then).
    pub fn why_not(&self, choice: Choice) -> String {
        let (message, member) = match choice {
            Choice::Deliver { message, member } | Choice::Advance { member, message } => {
                (message, Some(member))
            }
            Choice::Redeliver { message, member } => (message, member),
        };
        let Some(m) = self.broker.messages().get(message.index()) else {
            return format!(
                "there is no message {} yet ({} published so far)",
                message.0 + 1,
                self.broker.messages().len()
            );
        };
        if let Some(member) = member.filter(|m| m.index() >= self.listeners.len()) {
            return format!(
                "there is no listener {member} ({} configured)",
                self.listeners.len()
            );
        }
        let about = format!("{} #{}", m.channel, m.seq);
        match choice {
            Choice::Deliver { member, .. } => {
                let head = self.broker.head(m.channel);
                if !m.is_queued() {
                    format!("{about} is not waiting in the broker (it is {})", m.status)
                } else if head != Some(message) {
                    let ahead = head.map_or(0, |h| self.broker.message(h).seq);
                    format!(
                        "{about} is not the head of {}: #{ahead} is still queued before it, and the server sends a channel in sequence order",
                        m.channel
                    )
                } else if !self.listeners[member.index()].up {
                    format!("{member} is down")
                } else {
                    format!(
                        "{member} has no room: it is closed, or holds max in flight ({}) unacked on {}",
                        self.max_in_flight, m.channel
                    )
                }
            }
            Choice::Advance { member, .. } => {
                let held = self.listeners[member.index()]
                    .hand
                    .iter()
                    .find(|d| d.msg == message);
                match held {
                    None => format!("{member} holds no delivery of {about}"),
                    Some(d) if d.stage == Stage::Read => format!(
                        "{member} has a delivery sent before {about} still to read, and one connection delivers in the order sent"
                    ),
                    Some(_) => format!("{member} cannot take its next step on {about}"),
                }
            }
            Choice::Redeliver { member, .. } => self.why_no_redelivery(m, member, &about),
        }
    }

    fn why_no_redelivery(
        &self,
        m: &Message,
        member: Option<crate::engine::ids::MemberId>,
        about: &str,
    ) -> String {
        let held = |id: MessageId| {
            self.listeners
                .iter()
                .any(|l| l.hand.iter().any(|d| d.msg == id))
        };
        if !matches!(m.status, MessageStatus::InFlight { .. }) {
            format!(
                "{about} is not waiting out an ack wait (it is {})",
                m.status
            )
        } else if held(m.id) {
            format!("{about} is still with its listener, so its ack wait has not run out")
        } else if m.refused_at == Some(self.replica.changes()) {
            format!(
                "{about} was refused and the replica has not changed since, so it would only be refused again"
            )
        } else {
            match member {
                Some(to) => format!(
                    "the server redelivers to a member with the fewest unacked, and {to} is not one"
                ),
                None => "no member can take its redelivery now".into(),
            }
        }
    }
}

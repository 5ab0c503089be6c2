//! An action read field by field. serde's internally tagged enums buffer the
//! object before picking the variant, and so lose the path of a bad field: a
//! price of 1.5 was blamed on `actions[0].action`. Here an action is read as
//! one flat struct of every field (each field's path tracked, so the error
//! says `actions[0].action.price`), then checked against its type. Written
//! as before: only reading goes through here.

use super::action::Action;
use super::ids::{MemberId, TicketId};
use super::message::Channel;
use serde::{Deserialize, Deserializer};

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    CreateTicket,
    UpdateTicket,
    DeleteTicket,
    TwoEditors,
    CrashListener,
    LoseNextAck,
    DelaySpike,
    Shuffle,
    Route,
    Arrive,
    RetryPublish,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::CreateTicket => "create-ticket",
            Kind::UpdateTicket => "update-ticket",
            Kind::DeleteTicket => "delete-ticket",
            Kind::TwoEditors => "two-editors",
            Kind::CrashListener => "crash-listener",
            Kind::LoseNextAck => "lose-next-ack",
            Kind::DelaySpike => "delay-spike",
            Kind::Shuffle => "shuffle",
            Kind::Route => "route",
            Kind::Arrive => "arrive",
            Kind::RetryPublish => "retry-publish",
        }
    }

    /// The fields an action of this type has (besides `type`).
    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::CreateTicket => &["title", "price"],
            Kind::UpdateTicket => &["id", "title", "price"],
            Kind::DeleteTicket => &["id"],
            Kind::TwoEditors => &["id", "first_price", "second_price"],
            Kind::CrashListener => &["member"],
            Kind::LoseNextAck | Kind::Shuffle => &[],
            Kind::DelaySpike => &["extra_ms", "duration_ms"],
            Kind::Route | Kind::Arrive => &["channel", "seq", "member"],
            Kind::RetryPublish => &["msg_id"],
        }
    }
}

impl Action {
    /// The action's `type` as written ("route").
    pub fn type_name(&self) -> &'static str {
        let kind = match self {
            Action::CreateTicket { .. } => Kind::CreateTicket,
            Action::UpdateTicket { .. } => Kind::UpdateTicket,
            Action::DeleteTicket { .. } => Kind::DeleteTicket,
            Action::TwoEditors { .. } => Kind::TwoEditors,
            Action::CrashListener { .. } => Kind::CrashListener,
            Action::LoseNextAck => Kind::LoseNextAck,
            Action::DelaySpike { .. } => Kind::DelaySpike,
            Action::Shuffle => Kind::Shuffle,
            Action::Route { .. } => Kind::Route,
            Action::Arrive { .. } => Kind::Arrive,
            Action::RetryPublish { .. } => Kind::RetryPublish,
        };
        kind.name()
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let fields = ActionFields::deserialize(d)?;
        Action::try_from(fields).map_err(serde::de::Error::custom)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionFields {
    #[serde(rename = "type")]
    kind: Kind,
    title: Option<String>,
    price: Option<u64>,
    id: Option<TicketId>,
    first_price: Option<u64>,
    second_price: Option<u64>,
    member: Option<MemberId>,
    extra_ms: Option<u64>,
    duration_ms: Option<u64>,
    channel: Option<Channel>,
    seq: Option<u64>,
    msg_id: Option<bool>,
}

/// A field this type of action needs.
fn need<T>(value: Option<T>, field: &str, kind: Kind) -> Result<T, String> {
    value.ok_or_else(|| {
        format!(
            "missing field \"{field}\": a {} action needs {}",
            kind.name(),
            kind.fields().join(", ")
        )
    })
}

impl TryFrom<ActionFields> for Action {
    type Error = String;

    fn try_from(f: ActionFields) -> Result<Action, String> {
        let kind = f.kind;
        let given = [
            ("title", f.title.is_some()),
            ("price", f.price.is_some()),
            ("id", f.id.is_some()),
            ("first_price", f.first_price.is_some()),
            ("second_price", f.second_price.is_some()),
            ("member", f.member.is_some()),
            ("extra_ms", f.extra_ms.is_some()),
            ("duration_ms", f.duration_ms.is_some()),
            ("channel", f.channel.is_some()),
            ("seq", f.seq.is_some()),
            ("msg_id", f.msg_id.is_some()),
        ];
        if let Some((field, _)) = given
            .iter()
            .find(|(field, on)| *on && !kind.fields().contains(field))
        {
            let has = match kind.fields() {
                [] => "no other fields".to_string(),
                fields => fields.join(", "),
            };
            return Err(format!(
                "field \"{field}\" is not one of a {} action's; it has {has}",
                kind.name()
            ));
        }
        Ok(match kind {
            Kind::CreateTicket => Action::CreateTicket {
                title: need(f.title, "title", kind)?,
                price: need(f.price, "price", kind)?,
            },
            Kind::UpdateTicket => Action::UpdateTicket {
                id: need(f.id, "id", kind)?,
                title: f.title,
                price: f.price,
            },
            Kind::DeleteTicket => Action::DeleteTicket {
                id: need(f.id, "id", kind)?,
            },
            Kind::TwoEditors => Action::TwoEditors {
                id: need(f.id, "id", kind)?,
                first_price: need(f.first_price, "first_price", kind)?,
                second_price: need(f.second_price, "second_price", kind)?,
            },
            Kind::CrashListener => Action::CrashListener {
                member: need(f.member, "member", kind)?,
            },
            Kind::LoseNextAck => Action::LoseNextAck,
            Kind::DelaySpike => Action::DelaySpike {
                extra_ms: need(f.extra_ms, "extra_ms", kind)?,
                duration_ms: need(f.duration_ms, "duration_ms", kind)?,
            },
            Kind::Shuffle => Action::Shuffle,
            Kind::RetryPublish => Action::RetryPublish {
                msg_id: need(f.msg_id, "msg_id", kind)?,
            },
            Kind::Route | Kind::Arrive => {
                let channel = need(f.channel, "channel", kind)?;
                let seq = need(f.seq, "seq", kind)?;
                let member = need(f.member, "member", kind)?;
                match kind {
                    Kind::Route => Action::Route {
                        channel,
                        seq,
                        member,
                    },
                    _ => Action::Arrive {
                        channel,
                        seq,
                        member,
                    },
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Action, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut de).map_err(|e| format!("{}: {}", e.path(), e))
    }

    #[test]
    fn a_bad_field_is_named_by_its_path() {
        let e = read(r#"{"type":"create-ticket","title":"t","price":1.5}"#).unwrap_err();
        assert!(e.starts_with("price: "), "{e}");
        let e = read(r#"{"type":"crash-listener"}"#).unwrap_err();
        assert!(
            e.contains("missing field \"member\": a crash-listener action needs member"),
            "{e}"
        );
        let e = read(r#"{"type":"shuffle","seq":1}"#).unwrap_err();
        assert!(
            e.contains("field \"seq\" is not one of a shuffle action's; it has no other fields"),
            "{e}"
        );
    }

    #[test]
    fn every_action_reads_back_as_written() {
        let all = [
            Action::create_ticket("concert", 5),
            Action::update_price(TicketId(0), 10),
            Action::UpdateTicket {
                id: TicketId(1),
                title: Some("gig".into()),
                price: None,
            },
            Action::TwoEditors {
                id: TicketId(0),
                first_price: 1,
                second_price: 2,
            },
            Action::CrashListener {
                member: MemberId(1),
            },
            Action::LoseNextAck,
            Action::DelaySpike {
                extra_ms: 5,
                duration_ms: 9,
            },
            Action::Shuffle,
            Action::Route {
                channel: Channel::TicketUpdated,
                seq: 2,
                member: MemberId(0),
            },
            Action::Arrive {
                channel: Channel::TicketCreated,
                seq: 1,
                member: MemberId(1),
            },
        ];
        for a in all {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(read(&json).unwrap(), a, "{json}");
            assert!(json.contains(&format!("\"type\":\"{}\"", a.type_name())));
        }
    }
}

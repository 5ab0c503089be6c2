//! Choices the Experiments and Explorer forms share: the broker to run
//! under, and how the owner's burst ends (its last update, or a delete, hard
//! or tombstone). Each form wraps the pick in its own message.

use super::select_field::{options, SelectField};
use crate::engine::config::{BrokerKind, Deletes};
use crate::playground::options::broker_text;
use crate::playground::Msg;
use yew::prelude::*;

/// A labelled Broker select; a value the page never offered is a notice.
pub fn broker_field(
    id: &'static str,
    value: BrokerKind,
    on_msg: &Callback<Msg>,
    wrap: fn(BrokerKind) -> Msg,
) -> Html {
    html! {
        <SelectField id={id} label="Broker" value={value.name()}
            options={options(BrokerKind::ALL.iter().map(|b| (b.name().to_string(), broker_text(*b))))}
            on_change={on_msg.reform(move |v: String| BrokerKind::parse(&v).map_or_else(
                || Msg::Notice(format!("There is no broker \"{v}\".")),
                wrap))} />
    }
}

/// "The burst ends": with its last update (`None`), or in a delete that the
/// listeners apply as a hard delete or keep as a tombstone.
pub fn burst_end_field(
    id: &'static str,
    value: Option<Deletes>,
    on_msg: &Callback<Msg>,
    wrap: fn(Option<Deletes>) -> Msg,
) -> Html {
    html! {
        <SelectField id={id} label="The burst ends" value={value.map_or("updates", Deletes::name)}
            options={options([("updates", "with its last update"), ("hard", "in a delete (hard)"), ("tombstone", "in a delete (tombstone)")]
                .into_iter().map(|(v, t)| (v.to_string(), t)))}
            on_change={on_msg.reform(move |v: String| wrap(Deletes::parse(&v)))} />
    }
}

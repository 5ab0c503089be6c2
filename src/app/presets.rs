//! Ready-made scenarios from the lecture, one click each.

use super::msg::Msg;
use crate::engine::{Action, Config, Scenario, Strategy, TicketId, VersionScheme};
use yew::prelude::*;

/// The lecture's story: price 5, then 10, then 15 without waiting. With this seed
/// listener B, holding the 15, finishes before A applies the 10 (a test checks it).
pub const LECTURE_SEED: u64 = 7;

pub const PRESETS: [(&str, &str); 4] = [
    ("lecture", "Price 10 then 15"),
    ("mystery", "Mystery source (+100)"),
    ("two-editors", "Two editors"),
    ("lost-ack", "Duplicate from a lost ack"),
];

/// The named preset, keeping the strategy the user picked where that is the point.
pub fn scenario(name: &str, current: &Scenario) -> Option<Scenario> {
    let strategy = current.config.strategy;
    let mut config = Config {
        strategy,
        ..Config::default()
    };
    let czq = TicketId(0);
    let create = Action::CreateTicket {
        title: "concert".into(),
        price: 5,
    };
    let update = |price| Action::UpdateTicket {
        id: czq,
        title: None,
        price: Some(price),
    };
    let actions = match name {
        "lecture" => vec![(0, create), (100, update(10)), (100, update(15))],
        "mystery" => {
            config.scheme = VersionScheme::Step100;
            if strategy == Strategy::Naive {
                config.strategy = Strategy::Occ;
            }
            vec![(0, create), (100, update(10)), (100, update(15))]
        }
        "two-editors" => vec![
            (0, create),
            (
                100,
                Action::TwoEditors {
                    id: czq,
                    first_price: 10,
                    second_price: 15,
                },
            ),
        ],
        "lost-ack" => vec![(0, create), (100, Action::LoseNextAck), (100, update(10))],
        _ => return None,
    };
    Some(
        actions
            .into_iter()
            .fold(Scenario::new(config, LECTURE_SEED), |s, (at, a)| {
                s.at(at, a)
            }),
    )
}

#[derive(Properties, PartialEq)]
pub struct PresetBarProps {
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn PresetBar(p: &PresetBarProps) -> Html {
    html! {
        <nav class="presets" aria-label="Scenarios from the lecture">
            <span class="presets-label">{ "Try a scenario:" }</span>
            for (id, name) in PRESETS {
                <button onclick={p.on_msg.reform(move |_| Msg::Preset(id.to_string()))}>{ name }</button>
            }
        </nav>
    }
}

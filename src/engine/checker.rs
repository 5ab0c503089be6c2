//! The verdict on a run: does the Orders replica match the Tickets service?

use super::broker::MessageStatus;
use super::ids::TicketId;
use super::world::World;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a finished run ended: exactly one of three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every replica row equals its source row, nothing pending.
    Consistent,
    /// Quiescent, but some row differs from the source.
    Diverged,
    /// Some message can never be applied: dead-lettered or livelocked.
    Stalled,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Consistent => "consistent",
            Outcome::Diverged => "diverged",
            Outcome::Stalled => "stalled",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a run stopped before quiescence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stop {
    Livelock,
    TransitionCap,
}

/// The live verdict, with a sentence a student can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", content = "reason", rename_all = "kebab-case")]
pub enum Verdict {
    Consistent(String),
    /// Still running and not (yet) matching; may converge.
    Lagging(String),
    Diverged(String),
    Stalled(String),
}

impl Verdict {
    pub fn reason(&self) -> &str {
        match self {
            Verdict::Consistent(r)
            | Verdict::Lagging(r)
            | Verdict::Diverged(r)
            | Verdict::Stalled(r) => r,
        }
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Verdict::Consistent(_) => Some(Outcome::Consistent),
            Verdict::Diverged(_) => Some(Outcome::Diverged),
            Verdict::Stalled(_) => Some(Outcome::Stalled),
            Verdict::Lagging(_) => None,
        }
    }
}

/// The first replica row that differs from its source row, if any.
pub fn first_mismatch(world: &World) -> Option<TicketId> {
    world
        .tickets()
        .tickets()
        .iter()
        .find_map(|t| (world.replica().row(t.id) != Some(t.row())).then_some(t.id))
}

/// The outcome of a finished run (allocation-free: experiments call it).
pub fn outcome(world: &World, stop: Option<Stop>) -> Outcome {
    if stop.is_some() || world.broker().dead_lettered() > 0 {
        Outcome::Stalled
    } else if world.broker().outstanding() == 0 && first_mismatch(world).is_none() {
        Outcome::Consistent
    } else {
        Outcome::Diverged
    }
}

/// "Orders has price 10 for ticket CZQ; Tickets has 15".
pub fn describe_mismatch(world: &World, id: TicketId) -> String {
    let Some(source) = world.tickets().get(id) else {
        return format!("ticket {id} does not exist");
    };
    let titles = world.titles();
    match world.replica().row(id) {
        None => format!(
            "Orders has no row for ticket {id}; Tickets has price {} at version {}",
            source.price, source.version
        ),
        Some(r) if r.price != source.price => format!(
            "Orders has price {} for ticket {id}; Tickets has {}",
            r.price, source.price
        ),
        Some(r) if r.title != source.title => format!(
            "Orders has title {:?} for ticket {id}; Tickets has {:?}",
            titles.get(r.title),
            titles.get(source.title)
        ),
        Some(r) => format!(
            "Orders has version {} for ticket {id}; Tickets has {}",
            r.version, source.version
        ),
    }
}

fn stuck_message(world: &World) -> String {
    let b = world.broker();
    let Some(m) = b
        .messages()
        .iter()
        .find(|m| m.is_outstanding() || m.status == MessageStatus::DeadLettered)
    else {
        return String::new();
    };
    let what = format!(
        "{} #{} ({} version {})",
        m.channel, m.seq, m.event.ticket, m.event.version
    );
    let last = world
        .listeners()
        .iter()
        .filter_map(|l| l.last)
        .find(|d| d.msg == m.id)
        .map(|d| format!(": {}", d.reason()))
        .unwrap_or_default();
    format!("{what}{last}")
}

/// The verdict now; `finished` means the run is quiescent or stopped.
pub fn verdict(world: &World, finished: bool, stop: Option<Stop>) -> Verdict {
    let b = world.broker();
    if let Some(m) = b
        .messages()
        .iter()
        .find(|m| m.status == MessageStatus::DeadLettered)
    {
        return Verdict::Stalled(format!(
            "{} #{} for ticket {} was dead-lettered after {} deliveries; it will never be applied",
            m.channel, m.seq, m.event.ticket, m.deliveries
        ));
    }
    match stop {
        Some(Stop::Livelock) => {
            return Verdict::Stalled(format!(
                "livelock: every outstanding message was refused since the replica last changed, so each redelivery is refused again; first stuck: {}",
                stuck_message(world)
            ))
        }
        Some(Stop::TransitionCap) => {
            return Verdict::Stalled("gave up: the run hit its transition cap".to_owned())
        }
        None => {}
    }
    let mismatch = first_mismatch(world).map(|id| describe_mismatch(world, id));
    let outstanding = b.outstanding();
    match (mismatch, outstanding, finished) {
        (None, 0, _) => Verdict::Consistent(format!(
            "every Orders row matches Tickets ({} ticket(s)); nothing pending",
            world.tickets().tickets().len()
        )),
        (Some(m), _, true) => Verdict::Diverged(m),
        (None, n, _) => Verdict::Lagging(format!(
            "{n} message(s) outstanding; Orders matches Tickets so far"
        )),
        (Some(m), n, false) => Verdict::Lagging(format!("{n} message(s) outstanding; {m}")),
    }
}

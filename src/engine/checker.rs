//! The verdict on a run: does the Orders replica match the Tickets service?

use super::broker::MessageStatus;
use super::ids::TicketId;
use super::strategy::Strategy;
use super::tickets::Ticket;
use super::world::World;
use serde::{Deserialize, Serialize};

pub use super::outcome::{ByOutcome, Outcome};

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
    /// The transition cap ended the run before it settled.
    CutOff(String),
}

impl Verdict {
    pub fn reason(&self) -> &str {
        match self {
            Verdict::Consistent(r)
            | Verdict::Lagging(r)
            | Verdict::Diverged(r)
            | Verdict::Stalled(r)
            | Verdict::CutOff(r) => r,
        }
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Verdict::Consistent(_) => Some(Outcome::Consistent),
            Verdict::Diverged(_) => Some(Outcome::Diverged),
            Verdict::Stalled(_) => Some(Outcome::Stalled),
            Verdict::CutOff(_) => Some(Outcome::CutOff),
            Verdict::Lagging(_) => None,
        }
    }
}

/// Whether `ticket`'s Orders row matches it: the one rule for "in sync",
/// used by the verdict and by every view of the replica (the Orders table,
/// the stage), so they cannot disagree. A missing row never matches. Under
/// Option #1 (plugin-increment) the replica owns its own version counter,
/// so only the data (title, price) must match; otherwise the whole row does.
pub fn row_matches(world: &World, ticket: &Ticket) -> bool {
    match world.replica().row(ticket.id) {
        None => false,
        Some(r) if world.strategy() == Strategy::PluginIncrement => {
            r.title == ticket.title && r.price == ticket.price
        }
        Some(r) => r == ticket.row(),
    }
}

/// The first replica row that differs from its source row, if any.
pub fn first_mismatch(world: &World) -> Option<TicketId> {
    world
        .tickets()
        .tickets()
        .iter()
        .find(|t| !row_matches(world, t))
        .map(|t| t.id)
}

/// How far a run has got when its outcome is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunEnd {
    /// Something can still happen.
    Running,
    /// Nothing is left to happen (timed: quiescent; explorer: no choice left).
    Settled,
    /// The driver stopped it.
    Stopped(Stop),
}

impl RunEnd {
    pub fn of(stop: Option<Stop>, finished: bool) -> RunEnd {
        match (stop, finished) {
            (Some(s), _) => RunEnd::Stopped(s),
            (None, true) => RunEnd::Settled,
            (None, false) => RunEnd::Running,
        }
    }
}

/// The one place a run's outcome is decided (timed runs, experiments, the
/// explorer's final states and the live verdict all ask here). `None`: still
/// running, nothing final yet. Allocation-free: experiments call it per trial.
pub fn decide(world: &World, end: RunEnd) -> Option<Outcome> {
    if end == RunEnd::Stopped(Stop::TransitionCap) {
        return Some(Outcome::CutOff);
    }
    // A dead-lettered message is never applied, whatever happens next.
    if world.broker().dead_lettered() > 0 || end == RunEnd::Stopped(Stop::Livelock) {
        return Some(Outcome::Stalled);
    }
    let in_sync = || world.broker().outstanding() == 0 && first_mismatch(world).is_none();
    if end == RunEnd::Running {
        // Live: in sync with nothing pending reads as consistent (a later
        // action may change it); anything else is not decided yet.
        return in_sync().then_some(Outcome::Consistent);
    }
    Some(if world.broker().outstanding() > 0 {
        // Settled with a message never acked: nothing can take it any more.
        Outcome::Stalled
    } else if first_mismatch(world).is_some() {
        Outcome::Diverged
    } else {
        Outcome::Consistent
    })
}

/// The outcome of a run that ended (settled or stopped).
pub fn final_outcome(world: &World, stop: Option<Stop>) -> Outcome {
    decide(world, RunEnd::of(stop, true)).unwrap_or(Outcome::Consistent)
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

/// The verdict now, with its sentence; `finished` means the run is
/// quiescent or stopped. The outcome comes from `decide`.
pub fn verdict(world: &World, finished: bool, stop: Option<Stop>) -> Verdict {
    let b = world.broker();
    let mismatch = || first_mismatch(world).map(|id| describe_mismatch(world, id));
    match decide(world, RunEnd::of(stop, finished)) {
        Some(Outcome::CutOff) => Verdict::CutOff(format!(
            "cut off: the run did not settle within {} transitions (raise max_transitions or use fewer updates)",
            world.max_transitions
        )),
        Some(Outcome::Stalled) => {
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
            Verdict::Stalled(format!(
                "livelock: every outstanding message was refused since the replica last changed, so each redelivery is refused again; first stuck: {}",
                stuck_message(world)
            ))
        }
        Some(Outcome::Diverged) => Verdict::Diverged(mismatch().unwrap_or_default()),
        Some(Outcome::Consistent) => Verdict::Consistent(format!(
            "every Orders row matches Tickets ({} ticket(s)); nothing pending",
            world.tickets().tickets().len()
        )),
        None => {
            let n = b.outstanding();
            Verdict::Lagging(match mismatch() {
                None => format!("{n} message(s) outstanding; Orders matches Tickets so far"),
                Some(m) => format!("{n} message(s) outstanding; {m}"),
            })
        }
    }
}

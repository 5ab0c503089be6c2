//! The verdict on a run: does the Orders replica match the Tickets service?

use super::broker::{Message, MessageStatus};
use super::ids::TicketId;
use super::strategy::{Decision, Refusal, Strategy};
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

/// What a timed run does once it is livelocked: nothing scripted is left and
/// every outstanding message was refused since the replica last changed, so
/// each redelivery is refused again and nothing can change any more.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnLivelock {
    /// Stop the run as stalled: runs that need a final outcome (the CLI,
    /// experiments, the API, the explorer's replays).
    #[default]
    Stop,
    /// Keep redelivering: the live view shows the poison loop going round
    /// (redeliveries counting up, time running) while the verdict already
    /// says it never ends (`RunEnd::Looping`).
    Loop,
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
    let row = world.replica().row(ticket.id);
    if ticket.deleted {
        // Deleted: no row, or its tombstone; a live row is a ticket that
        // should not exist any more.
        return row.is_none_or(|r| r.deleted);
    }
    match row {
        None => false,
        Some(r) if r.deleted => false,
        Some(r) if world.strategy() == Strategy::PluginIncrement => {
            r.title == ticket.title && r.price == ticket.price
        }
        Some(r) => r == ticket.row(),
    }
}

/// How a replica row compares with its source row right now, as the Orders
/// table and the stage show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowSync {
    InSync,
    /// Differs, but a message that may fix it is still outstanding.
    Lagging,
    /// Differs, and the run has said it stays so.
    Diverged,
    /// Differs, and the message that would fix it is never acked: the run
    /// is stalled (a poison loop, a dead letter).
    Stuck,
}

/// `row_matches`, and for a row that differs what the run's `verdict` says
/// of it: the one classification the table and the stage both show.
pub fn row_sync(world: &World, verdict: &Verdict, ticket: &Ticket) -> RowSync {
    match verdict {
        _ if row_matches(world, ticket) => RowSync::InSync,
        Verdict::Diverged(_) => RowSync::Diverged,
        Verdict::Stalled(_) => RowSync::Stuck,
        _ => RowSync::Lagging,
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
    /// Still going, but round a poison loop for ever (`OnLivelock::Loop`):
    /// nothing scripted is left and every redelivery is refused again.
    Looping,
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
    if world.broker().dead_lettered() > 0
        || matches!(end, RunEnd::Stopped(Stop::Livelock) | RunEnd::Looping)
    {
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
    if source.deleted {
        return format!(
            "Orders still has ticket {id}, which Tickets deleted at version {}",
            source.version
        );
    }
    match world.replica().row(id) {
        Some(r) if r.deleted => format!(
            "Orders deleted ticket {id} at version {}; Tickets has price {} at version {}",
            r.version, source.price, source.version
        ),
        None => format!(
            "Orders has no row for ticket {id}; Tickets has price {} at version {}",
            source.price, source.version
        ),
        Some(r) if r.price != source.price => format!(
            "Orders has price {} for ticket {id}; Tickets has {}",
            r.price, source.price
        ),
        Some(r) if r.title != source.title => format!(
            "Orders has title \"{}\" for ticket {id}; Tickets has \"{}\"",
            titles.get(r.title),
            titles.get(source.title)
        ),
        Some(r) => format!(
            "Orders has version {} for ticket {id}; Tickets has {}",
            r.version, source.version
        ),
    }
}

/// Why `strategy` refuses a message, in words, given the row it reads:
/// "occ finds no row at version 1 (the row is at 2)".
fn refusal_words(strategy: Strategy, ticket: TicketId, refusal: Refusal) -> String {
    match refusal {
        Refusal::RowMissing => format!("{strategy} finds no row {ticket}"),
        Refusal::NotAtVersion { want, found } => {
            format!("{strategy} finds no row at version {want} (the row is at {found})")
        }
        Refusal::DuplicateKey { found } => {
            format!("{strategy} finds row {ticket} already there (at version {found})")
        }
        Refusal::NoPredecessor => {
            format!("the event names no previous version, so {strategy} has no row to match")
        }
    }
}

/// The message a livelocked run is stuck on, and why it is never acked, in
/// words: "ticket:updated v2 for CZQ is redelivered forever (3 deliveries so
/// far): occ finds no row at version 1 (the row is at 2) and never acks it".
/// The reason is the strategy's decision on the row as it is now: in a
/// livelock the replica no longer changes, so every redelivery meets it.
/// `stopped`: the run stopped there ("would be redelivered forever").
pub fn never_acked(world: &World, stopped: bool) -> String {
    let b = world.broker();
    let stuck = || b.messages().iter().filter(|m| m.is_outstanding());
    let Some(m) = stuck().next() else {
        return String::new();
    };
    let others = stuck().count() - 1;
    // Kafka has no per-message redelivery: the listener seeks back and
    // polls the same offset again, and the partition waits behind it.
    let kafka = world.broker_kind() == crate::engine::config::BrokerKind::Kafka;
    let fate = match (world.max_deliver, stopped, kafka) {
        (_, false, true) => "is polled again forever, its partition blocked behind it".into(),
        (_, true, true) => "would be polled again forever, its partition blocked behind it".into(),
        (Some(n), _, _) => {
            format!("is refused at every delivery until it is dead-lettered after {n}")
        }
        (None, false, _) => "is redelivered forever".into(),
        (None, true, _) => "would be redelivered forever".into(),
    };
    let more = match others {
        0 => String::new(),
        1 => "; 1 more message is stuck too".into(),
        n => format!("; {n} more messages are stuck too"),
    };
    format!(
        "{} {fate} ({} so far): {}{more}",
        what(m),
        deliveries(m.deliveries),
        why_refused(world, m)
    )
}

fn deliveries(n: u32) -> String {
    match n {
        1 => "1 delivery".into(),
        n => format!("{n} deliveries"),
    }
}

/// "ticket:updated v2 for CZQ".
fn what(m: &Message) -> String {
    format!("{} v{} for {}", m.channel, m.event.version, m.event.ticket)
}

fn why_refused(world: &World, m: &Message) -> String {
    let strategy = world.strategy();
    let ticket = m.event.ticket;
    let why = match strategy.decide(world.replica().row(ticket), &m.event) {
        Decision::Refuse(r) => format!("{} and never acks it", refusal_words(strategy, ticket, r)),
        // Not refused at read (a write that keeps failing): say what the
        // listener last said about it, and of which copy.
        _ => {
            let last = world
                .listeners()
                .iter()
                .find_map(|l| l.last.filter(|d| d.msg == m.id).map(|d| (l.member, d)))
                .map(|(member, d)| format!("{member}, copy {}: {}", d.number, d.reason()))
                .unwrap_or_else(|| "each delivery is refused".into());
            format!("{strategy} never acks it ({last})")
        }
    };
    match applied_unacked(m) {
        Some(first) => format!("{first}; every later copy is refused: {why}"),
        None => why,
    }
}

/// The copy that was handled but never counted, when there is one: "A
/// applied it from copy 1, but the server ignored that ack (B held the
/// message by then)". A create stalls there: its row is in, so every later
/// copy meets a duplicate key.
fn applied_unacked(m: &Message) -> Option<String> {
    let w = m.unacked_write?;
    let by_then = match w.now {
        MessageStatus::InFlight { member } => format!("{member} held the message by then"),
        _ => "it was queued to be sent again by then".into(),
    };
    Some(format!(
        "{} applied it from copy {}, but the server ignored that ack ({by_then})",
        w.member, w.number
    ))
}

/// The verdict now, with its sentence, for a run at `end`. The outcome comes
/// from `decide`.
pub fn verdict(world: &World, end: RunEnd) -> Verdict {
    let b = world.broker();
    let mismatch = || first_mismatch(world).map(|id| describe_mismatch(world, id));
    match decide(world, end) {
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
                let first = applied_unacked(m).map_or_else(String::new, |f| format!(" ({f})"));
                return Verdict::Stalled(format!(
                    "{} #{} for ticket {} was dead-lettered after {} deliveries{first}; it will never be applied",
                    m.channel, m.seq, m.event.ticket, m.deliveries
                ));
            }
            Verdict::Stalled(match end {
                RunEnd::Looping => format!(
                    "a poison loop that never ends: {}. Nothing will change the row, so every redelivery is refused again",
                    never_acked(world, false)
                ),
                RunEnd::Stopped(_) => format!(
                    "livelock: {}. Nothing will change the row, so the run stops here",
                    never_acked(world, true)
                ),
                // Settled with a message nobody can take again.
                _ => match b.messages().iter().find(|m| m.is_outstanding()) {
                    Some(m) => format!(
                        "{} is never acked: nothing is left that could deliver it again ({} so far){}",
                        what(m),
                        deliveries(m.deliveries),
                        applied_unacked(m).map_or_else(String::new, |f| format!("; {f}"))
                    ),
                    None => String::new(),
                },
            })
        }
        Some(Outcome::Diverged) => Verdict::Diverged(mismatch().unwrap_or_default()),
        Some(Outcome::Consistent) => Verdict::Consistent(format!(
            "every Orders row matches Tickets ({} ticket(s)); nothing pending",
            world.tickets().live().count()
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

//! The stage: an animated diagram of the system, computed natively from engine
//! state and virtual time. The Yew component only draws a `Frame`.
//!
//! The animation is a view of the trace, never the other way round: a frame is
//! a pure function of (simulation at its current step, a virtual time not
//! before it, the orientation). Tokens on the wire or in processing sit where
//! their progress puts them (delivery and due times of the delivery in hand),
//! so two frames of a playing run differ; the component adds a short CSS
//! transition keyed by message id to smooth the jumps between steps.

mod history;
pub mod layout;
mod place;
mod tokens;

pub use history::{history, HistoryLine};
pub use layout::{Layout, Orientation, Point, Rect};
pub use place::Phase;
pub use tokens::{short_version, Overflow, Place, Token};

use crate::engine::checker;
use crate::engine::listener::Handling;
use crate::engine::{Channel, Simulation, Verdict};

/// How an Orders row compares with its Tickets row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    InSync,
    /// Differs, but something outstanding may still fix it.
    Lagging,
    /// Differs, and the run has said it stays so.
    Diverged,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DbRow {
    pub ticket: String,
    pub price: String,
    pub version: String,
    pub mark: Mark,
    /// Written in the latest transition: the row flashes.
    pub flash: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChannelView {
    pub name: &'static str,
    /// The channel's latest sequence number (0: nothing published yet).
    pub seq: u64,
    pub area: Rect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberView {
    pub name: String,
    pub up: bool,
    /// The last decision in a word or two: "applied", "no ack", ...
    pub last: &'static str,
    pub area: Rect,
}

/// Everything the component draws for one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub layout: Layout,
    pub time_ms: u64,
    pub step: u64,
    pub channels: Vec<ChannelView>,
    pub members: Vec<MemberView>,
    /// Rows beyond `layout::DB_ROWS` are counted in `more_tickets`.
    pub tickets: Vec<DbRow>,
    pub orders: Vec<DbRow>,
    pub more_tickets: usize,
    pub tokens: Vec<Token>,
    pub overflow: Vec<Overflow>,
    /// Messages acked so far (off stage).
    pub acked: usize,
}

/// The stage at virtual time `at_ms` (clamped to the run's current time).
/// Transitions from `since` on are new to the viewer (a play tick may take
/// several): their writes flash and their refusals bounce. Pass
/// `sim.steps_taken() - 1` for the latest transition only.
pub fn frame(sim: &Simulation, at_ms: u64, since: u64, orientation: Orientation) -> Frame {
    let layout = Layout::new(orientation, sim.members().len());
    let at = at_ms.max(sim.now_ms());
    let recent = place::Recent::of(sim, since);
    let (tokens, overflow) = tokens::tokens(sim, &layout, at, &recent);
    let written = recent.written;
    let diverged = matches!(sim.verdict(), Verdict::Diverged(_));
    let shown = &sim.tickets()[..sim.tickets().len().min(layout::DB_ROWS)];
    let tickets = shown
        .iter()
        .map(|t| DbRow {
            ticket: t.id.to_string(),
            price: format!("${}", t.price),
            version: short_version(t.version.0),
            mark: Mark::InSync,
            flash: false,
        })
        .collect();
    let orders = shown
        .iter()
        .map(|t| {
            let row = sim.replica().row(t.id);
            // The checker's rule, so the stage says what the verdict says.
            let mark = if checker::row_matches(sim.world(), t) {
                Mark::InSync
            } else if diverged {
                Mark::Diverged
            } else {
                Mark::Lagging
            };
            DbRow {
                ticket: t.id.to_string(),
                price: row.map_or_else(|| "—".into(), |r| format!("${}", r.price)),
                version: row.map_or_else(|| "—".into(), |r| short_version(r.version.0)),
                mark,
                flash: written.contains(&t.id),
            }
        })
        .collect();
    let channels = [Channel::TicketCreated, Channel::TicketUpdated]
        .into_iter()
        .map(|c| ChannelView {
            name: c.name(),
            seq: sim
                .messages()
                .iter()
                .filter(|m| m.channel == c)
                .map(|m| m.seq)
                .max()
                .unwrap_or(0),
            area: layout.lane(c),
        })
        .collect();
    let members = sim
        .members()
        .iter()
        .zip(&layout.members)
        .map(|(l, area)| MemberView {
            name: l.member.to_string(),
            up: l.up,
            last: l.last.map_or("idle", |d| decision_word(d.handling)),
            area: *area,
        })
        .collect();
    Frame {
        time_ms: at,
        step: sim.steps_taken(),
        channels,
        members,
        tickets,
        orders,
        more_tickets: sim.tickets().len().saturating_sub(layout::DB_ROWS),
        tokens,
        overflow,
        acked: sim
            .messages()
            .iter()
            .filter(|m| m.status == crate::engine::MessageStatus::Acked)
            .count(),
        layout,
    }
}

fn decision_word(h: Handling) -> &'static str {
    match h {
        Handling::Applied {
            out_of_order: false,
        } => "applied",
        Handling::Applied { out_of_order: true } => "out of order",
        Handling::AppliedAckLost => "ack lost",
        Handling::Skipped(_) | Handling::Superseded { .. } => "skipped",
        Handling::Refused(_) => "no ack",
        Handling::DuplicateKey { .. } => "duplicate",
        Handling::Conflict { .. } => "version error",
    }
}

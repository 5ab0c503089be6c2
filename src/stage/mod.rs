//! The stage: an animated diagram of the system, computed natively from engine
//! state and virtual time. The Yew component only draws a `Frame`.
//!
//! The animation is a view of the trace, never the other way round: a frame is
//! a pure function of (simulation at its current step, a virtual time not
//! before it, the orientation). A token on the wire sits where its progress
//! puts it (delivery and due times of the delivery in hand) on its way from
//! its lane, along the queue group's bus, into the box of the listener that
//! got it; so two frames of a playing run differ. It stays in that box while
//! the listener processes it, then lands in Orders' landing strip. Every
//! token has a slot of its own, clear of the text (`text`), and each
//! listener's status says what it is doing with which version. The component
//! adds a short CSS transition keyed by message id to smooth the jumps
//! between frames, except for a move that would pass through a box its
//! message does not pass (`glides`): that one is drawn anew.

mod broker;
mod geometry;
mod history;
#[cfg(feature = "kafka")]
mod kafka;
pub mod layout;
mod place;
pub mod text;
mod tokens;

pub use broker::BrokerView;
pub use history::{history, HistoryLine};
#[cfg(feature = "kafka")]
pub use kafka::PartitionLane;
pub use layout::{Db, Layout, Orientation, Point, Rect, Text};
pub use place::{Phase, Place};
pub use text::{Label, Spot};
pub use tokens::{countdown_text, glides, short_version, token_width, Overflow, Token};

use crate::engine::checker;
use crate::engine::listener::Handling;
use crate::engine::{Channel, Listener, Simulation, Stage};

/// How an Orders row compares with its Tickets row (the checker's).
pub use crate::engine::checker::RowSync as Mark;

#[derive(Clone, Debug, PartialEq)]
pub struct DbRow {
    pub ticket: String,
    pub price: String,
    pub version: String,
    pub mark: Mark,
    /// Written in the latest transition: the row flashes.
    pub flash: bool,
    /// Deleted (a Tickets record destroyed, or an Orders tombstone, or an
    /// Orders row a hard delete removed): drawn struck through.
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChannelView {
    pub channel: Channel,
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
    /// What it is doing now, with which version, as its box says:
    /// "getting v1" (on the wire to it), "reading v1" (arrived, read now),
    /// "writing v2" (row read, its write next), "idle", "crashed".
    pub status: String,
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
    /// What the broker's and the group's boxes say (per broker).
    pub broker: BrokerView,
    /// Kafka: topic tickets' partition lanes drawn, and how many more
    /// partitions there are (`stage::kafka`).
    #[cfg(feature = "kafka")]
    pub partitions: Vec<PartitionLane>,
    #[cfg(feature = "kafka")]
    pub more_partitions: usize,
}

/// The stage at virtual time `at_ms` (clamped to the run's current time).
/// Transitions from `since` on are new to the viewer (a play tick may take
/// several): their writes flash and their refusals bounce. Pass
/// `sim.steps_taken() - 1` for the latest transition only.
pub fn frame(sim: &Simulation, at_ms: u64, since: u64, orientation: Orientation) -> Frame {
    #[cfg_attr(not(feature = "kafka"), allow(unused_mut))]
    let mut layout = Layout::new(orientation, sim.members().len());
    #[cfg(feature = "kafka")]
    let (partitions, more_partitions) = kafka::lanes(sim, &mut layout).unwrap_or_default();
    let at = at_ms.max(sim.now_ms());
    let recent = place::Recent::of(sim, since);
    let (tokens, overflow) = tokens::tokens(sim, &layout, at, &recent);
    let written = recent.written;
    let verdict = sim.verdict();
    let shown = &sim.tickets()[..sim.tickets().len().min(layout::DB_ROWS)];
    let tickets = shown
        .iter()
        .map(|t| DbRow {
            ticket: t.id.to_string(),
            price: format!("${}", t.price),
            version: short_version(t.version.0),
            mark: Mark::InSync,
            flash: false,
            deleted: t.deleted,
        })
        .collect();
    let orders = shown
        .iter()
        .map(|t| {
            let row = sim.replica().row(t.id);
            // The checker's rule, so the stage says what the verdict says.
            let mark = checker::row_sync(sim.world(), &verdict, t);
            DbRow {
                ticket: t.id.to_string(),
                price: row.map_or_else(|| "—".into(), |r| format!("${}", r.price)),
                version: row.map_or_else(|| "—".into(), |r| short_version(r.version.0)),
                mark,
                flash: written.contains(&t.id),
                // A live row of a deleted ticket is the resurrection: not
                // struck, its mark says it should not be there.
                deleted: row.map_or(t.deleted, |r| r.deleted),
            }
        })
        .collect();
    let broker = BrokerView::of(sim);
    // Kafka's partitions take the channels' place.
    #[cfg(feature = "kafka")]
    let kafka = !layout.partitions.is_empty();
    #[cfg(not(feature = "kafka"))]
    let kafka = false;
    // `ticket:deleted` shares the updated lane (`Layout::lane`).
    let channels = [Channel::TicketCreated, Channel::TicketUpdated]
        .into_iter()
        .filter(|_| !kafka)
        .map(|c| ChannelView {
            channel: c,
            name: broker.lane_name(c),
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
            status: status(sim, l, at),
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
        broker,
        #[cfg(feature = "kafka")]
        partitions,
        #[cfg(feature = "kafka")]
        more_partitions,
        layout,
    }
}

impl Frame {
    /// Every text the frame draws and where (`Layout::spot`): the one list
    /// both the view (`src/app/stage/parts.rs`) and `labels` read.
    pub fn texts(&self) -> Vec<(Text, String)> {
        let b = &self.broker;
        let l = &self.layout;
        // The longer wording where its lane has room for it.
        let fits = |t: Text, text: &str, room: Rect| l.spot(t).rect(text).right() <= room.right();
        let wait = b.wait.iter().find(|w| fits(Text::WaitTitle, w, l.ack_wait));
        let mut out: Vec<(Text, String)> = vec![
            (Text::TicketsTitle, "Tickets service".into()),
            (Text::TicketsNote, "saves, then publishes".into()),
            (Text::BrokerTitle, b.title.into()),
            (Text::Acked, self.acked_text()),
            (Text::WaitTitle, wait.unwrap_or(&b.wait[1]).clone()),
            (Text::DeadTitle, "dead letters".into()),
            (Text::GroupTitle, "orders-service".into()),
        ];
        // Kafka has neither (`stage::kafka`): its lanes are empty.
        #[cfg(feature = "kafka")]
        if l.ack_wait.w == 0.0 {
            out.retain(|(t, _)| !matches!(t, Text::WaitTitle | Text::DeadTitle));
        }
        #[cfg(feature = "kafka")]
        for lane in &self.partitions {
            let t = Text::PartitionTitle(lane.partition);
            let titles = lane.titles();
            let title = titles.iter().find(|s| fits(t, s, lane.area));
            out.push((t, title.unwrap_or(&titles[2]).clone()));
        }
        // Across, the note has a line of its own and the pulls its right
        // end; Down, the group's head is one line, split by the bus: the
        // pulls take the note's place right of it.
        let pulls = b.pulls_text(|text| l.pulls_fit(text));
        let down = l.orientation == Orientation::Down;
        if !(down && pulls.is_some()) {
            out.push((Text::GroupNote, b.group_note.into()));
        }
        if let Some(p) = pulls {
            out.push((Text::Pulls, p));
        }
        for c in &self.channels {
            out.push((
                Text::ChannelTitle(c.channel),
                b.lane_title(c.channel, c.seq),
            ));
        }
        for (i, m) in self.members.iter().enumerate() {
            out.push((Text::MemberTitle(i), format!("Listener {}", m.name)));
            out.push((Text::MemberStatus(i), m.status.clone()));
        }
        for (db, rows, title) in [
            (Db::Tickets, &self.tickets, "Tickets DB"),
            (Db::Orders, &self.orders, "Orders DB"),
        ] {
            out.push((Text::DbTitle(db), title.into()));
            for (i, r) in rows.iter().enumerate() {
                out.push((
                    Text::Cell(db, i),
                    format!("{} {} {}", r.ticket, r.price, r.version),
                ));
                if db == Db::Orders && r.mark != Mark::InSync {
                    out.push((Text::Mark(i), mark_word(r.mark).into()));
                }
            }
            if self.more_tickets > 0 {
                out.push((Text::More(db), format!("+{} more", self.more_tickets)));
            }
            if rows.is_empty() {
                out.push((Text::Empty(db), "no rows yet".into()));
            }
        }
        out
    }

    /// The broker's count at the top right: messages acked (Kafka:
    /// committed), or the partitions not drawn.
    fn acked_text(&self) -> String {
        #[cfg(feature = "kafka")]
        if self.more_partitions > 0 {
            return format!("+{} partitions", self.more_partitions);
        }
        #[cfg(feature = "kafka")]
        if !self.layout.partitions.is_empty() {
            return format!("{} committed", self.acked);
        }
        format!("{} acked", self.acked)
    }

    /// Every text label the frame draws, with the room it takes.
    pub fn labels(&self) -> Vec<Label> {
        self.texts()
            .into_iter()
            .map(|(t, text)| Label::new(text, self.layout.spot(t)))
            .collect()
    }
}

/// What listener `l` is doing at `at`, from the deliveries in its hand:
/// the most advanced one (a write next, then a read due, then one still on
/// the wire), with its version.
fn status(sim: &Simulation, l: &Listener, at: u64) -> String {
    if !l.up {
        return "crashed".into();
    }
    let version =
        |d: &crate::engine::Delivery| short_version(sim.messages()[d.msg.index()].event.version.0);
    let first = |verb: &str, pick: &dyn Fn(&crate::engine::Delivery) -> bool| {
        l.hand
            .iter()
            .filter(|d| pick(d))
            .min_by_key(|d| d.due_at)
            .map(|d| format!("{verb} {}", version(d)))
    };
    first("writing", &|d| d.stage == Stage::Write)
        .or_else(|| first("reading", &|d| d.stage == Stage::Read && d.due_at <= at))
        .or_else(|| first("getting", &|_| true))
        .unwrap_or_else(|| "idle".into())
}

/// How an Orders row's mark reads.
pub fn mark_word(m: Mark) -> &'static str {
    match m {
        Mark::InSync => "in sync",
        Mark::Lagging => "lagging",
        Mark::Diverged => "diverged",
        Mark::Stuck => "stuck",
    }
}

fn decision_word(h: Handling) -> &'static str {
    match h {
        Handling::Applied {
            out_of_order: false,
        } => "applied",
        Handling::Applied { out_of_order: true } => "out of order",
        Handling::AppliedAckLost => "ack lost",
        Handling::AckIgnored { .. } => "ack ignored",
        Handling::Skipped(_) | Handling::Superseded { .. } => "skipped",
        Handling::Refused(_) => "no ack",
        Handling::DuplicateKey { .. } => "duplicate",
        Handling::Conflict { .. } => "version error",
    }
}

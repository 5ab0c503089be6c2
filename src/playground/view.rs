//! Plain view data the components render. `project.rs` makes these from engine
//! state; components never see the engine, which keeps them easy to test. Ids a
//! component sends back in a message are kept typed.

use crate::engine::{Channel, MemberId, Strategy, TicketId, VersionScheme};

/// One actor's column in the timeline (Tickets, the broker, each listener, Orders DB).
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub name: String,
}

/// One engine step drawn as an arrow (or a dot when `from == to`) between lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRow {
    /// Transition index in the engine's trace (0-based).
    pub step: u64,
    pub time_ms: u64,
    /// Indices into the lane list.
    pub from: usize,
    pub to: usize,
    /// Short text on the arrow, e.g. "deliver ticket:updated #3 v2".
    pub label: String,
    /// Everything else worth knowing, shown on hover or focus.
    pub detail: String,
    /// The kind of step, used for colour: "publish", "deliver", "ack", "no-ack", ...
    pub kind: String,
    /// An update applied out of order, or an error: drawn in the warning colour.
    pub flagged: bool,
}

/// A row of the Tickets database (the owner's, the source of truth).
#[derive(Clone, Debug, PartialEq)]
pub struct TicketRow {
    pub ticket: TicketId,
    pub id: String,
    pub title: String,
    pub price: String,
    pub version: String,
}

/// How a replica row compares with its source row right now (the checker's).
pub use crate::engine::checker::RowSync as Sync;

/// A row of the Orders database (the replica).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaRow {
    pub id: String,
    pub title: String,
    pub price: String,
    pub version: String,
    pub sync: Sync,
}

/// A message on a channel of the broker.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageRow {
    pub channel: Channel,
    pub seq: u64,
    pub payload: String,
    pub version: String,
    /// In words: "in flight", "delivered to A", "acked", "redelivered x2", ...
    pub status: String,
    /// CSS modifier for the status: "pending", "inflight", "acked", "redelivered", "dead".
    pub status_kind: &'static str,
    /// Waiting at the broker: the user may route it to a member ("you are the network").
    pub routable: bool,
}

/// "You are the network": whether deliveries wait on the wire for the
/// student, and which do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkView {
    /// `Config::manual_network`: every delivery waits on the wire until the
    /// student lets it arrive.
    pub manual: bool,
    /// The deliveries held on the wire: per member (one connection each),
    /// in the order sent.
    pub wire: Vec<WireRow>,
    /// Nothing happens until the student lets one arrive (time stands still).
    pub waiting: bool,
}

/// A delivery held on the wire (manual network).
#[derive(Clone, Debug, PartialEq)]
pub struct WireRow {
    pub channel: Channel,
    pub seq: u64,
    pub version: String,
    pub payload: String,
    /// The member the broker sent it to.
    pub member: MemberId,
    /// 1 for the first delivery, 2 for the first redelivery, ...
    pub delivery: u32,
    /// First on its member's connection (either channel): it may arrive
    /// next. The others wait behind it, since a connection delivers in order.
    pub next: bool,
    /// Virtual ms until the broker's ack wait for this copy runs out and it
    /// sends the message again; `None` when a newer copy was sent since or
    /// the message was acked (this copy is a duplicate).
    pub ack_wait_left_ms: Option<u64>,
}

/// One listener of the queue group.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberView {
    pub member: MemberId,
    pub name: String,
    pub up: bool,
    /// What it holds, one line per delivery: "ticket:updated #3 v2, step: write".
    pub in_hand: Vec<String>,
    /// Its last decision and why: "applied v2", "no ack: no row at version 1".
    pub last_decision: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictKind {
    /// Nothing has happened yet: the run is at its start, with its saves to
    /// come (not an outcome: "consistent" over no tickets would mislead).
    Ready,
    Consistent,
    Lagging,
    Diverged,
    Stalled,
    CutOff,
}

impl VerdictKind {
    pub fn word(self) -> &'static str {
        match self {
            Self::Ready => "Ready",
            Self::Consistent => "Consistent",
            Self::Lagging => "Lagging",
            Self::Diverged => "Diverged",
            Self::Stalled => "Stalled",
            Self::CutOff => "Cut off",
        }
    }

    /// The glossary entry that explains this verdict.
    pub fn class_term(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Consistent => "consistent",
            Self::Lagging => "lagging",
            Self::Diverged => "diverged",
            Self::Stalled | Self::CutOff => "stalled",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Consistent => "ok",
            Self::Lagging => "lagging",
            Self::Diverged => "bad",
            Self::Stalled => "stalled",
            Self::CutOff => "stalled",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct VerdictView {
    pub kind: VerdictKind,
    pub reason: String,
}

/// What the controls show: the run's configuration and the player's state.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlsView {
    pub strategy: Strategy,
    pub scheme: VersionScheme,
    pub on_delete: crate::engine::config::Deletes,
    pub broker: crate::engine::config::BrokerKind,
    /// JetStream's knobs, shown only while it is the broker.
    pub jetstream: crate::engine::config::JetStreamSettings,
    /// Kafka's knobs and its producer fault, shown only while it is the
    /// broker (full page only, `app::broker_knobs`).
    #[cfg(feature = "jobs")]
    pub kafka: crate::engine::config::KafkaSettings,
    #[cfg(feature = "jobs")]
    pub produce_retry_permille: u16,
    pub listeners: u64,
    pub ack_wait_ms: u64,
    pub delivery_ms: (u64, u64),
    pub processing_ms: (u64, u64),
    pub seed: u64,
    pub members: Vec<MemberId>,
    pub playing: bool,
    pub speed: u32,
    pub step: u64,
    pub now_ms: u64,
    pub finished: bool,
}

/// Makes row `i` from the run's trace; `None` if it cannot now.
pub type MakeRow = std::rc::Rc<dyn Fn(usize) -> Option<TimelineRow>>;

/// The timeline's rows: each row's step, an append-only log shared with the
/// page, how many of them this render shows, and how to make a row. A row is
/// made only when it is shown: the list is virtualized, so a render asks for
/// the few in view, and opening a run at step 20,000 makes no 20,000 labels
/// (that was a third of the page's work opening the largest import). A tick
/// appends only its new steps and comparing props is O(1), so a trace of
/// 100,000 steps costs a tick no more than a trace of ten.
#[derive(Clone, Default)]
pub struct TimelineRows {
    steps: std::rc::Rc<std::cell::RefCell<Vec<u64>>>,
    make: Option<MakeRow>,
    len: usize,
}

impl std::fmt::Debug for TimelineRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimelineRows")
            .field("len", &self.len)
            .finish()
    }
}

impl PartialEq for TimelineRows {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.steps, &other.steps) && self.len == other.len
    }
}

impl From<Vec<TimelineRow>> for TimelineRows {
    fn from(rows: Vec<TimelineRow>) -> Self {
        let steps = rows.iter().map(|r| r.step).collect::<Vec<_>>();
        Self {
            len: rows.len(),
            steps: std::rc::Rc::new(std::cell::RefCell::new(steps)),
            make: Some(std::rc::Rc::new(move |i| rows.get(i).cloned())),
        }
    }
}

impl TimelineRows {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Row `i`, made now: only the few rows in view are ever asked for.
    pub fn row(&self, i: usize) -> Option<TimelineRow> {
        (i < self.len).then(|| self.make.as_ref()?(i)).flatten()
    }

    /// The index of the row of `step` (rows are in step order).
    pub fn index_of(&self, step: u64) -> Option<usize> {
        self.steps.borrow()[..self.len].binary_search(&step).ok()
    }

    /// The same log grown to `total` rows (`step_of` gives a new row's
    /// step), its rows made by `make`.
    pub fn grown_to(&self, total: usize, step_of: impl Fn(usize) -> u64, make: MakeRow) -> Self {
        let mut steps = self.steps.borrow_mut();
        let have = steps.len();
        steps.extend((have..total).map(step_of));
        Self {
            steps: self.steps.clone(),
            make: Some(make),
            len: total.min(steps.len()),
        }
    }
}

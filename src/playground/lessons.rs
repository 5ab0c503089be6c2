//! Guided lessons: the lecture's arc, each a short text, a ready scenario and a
//! "try this" prompt. The lesson id is part of share links.

use crate::engine::{Action, Config, Scenario, Strategy, TicketId, VersionScheme};

pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub try_this: &'static str,
    strategy: Strategy,
    scheme: VersionScheme,
    seed: u64,
    actions: fn() -> Vec<(u64, Action)>,
}

const CZQ: TicketId = TicketId(0);

fn create() -> Action {
    Action::CreateTicket {
        title: "concert".into(),
        price: 5,
    }
}

fn price(p: u64) -> Action {
    Action::UpdateTicket {
        id: CZQ,
        title: None,
        price: Some(p),
    }
}

fn ten_then_fifteen() -> Vec<(u64, Action)> {
    vec![(0, create()), (100, price(10)), (100, price(15))]
}

/// Seeds are chosen so each story happens (tests/playground_lessons.rs checks every one).
pub const LESSONS: [Lesson; 8] = [
    Lesson {
        id: "the-problem",
        title: "The problem: two listeners reorder updates",
        text: "Tickets sets the price to 10 and then, at once, to 15. Listener A gets the first \
               update, listener B the second. B finishes first, so the Orders replica ends at 10 \
               while Tickets says 15, and nothing ever tells it otherwise.",
        try_this: "Press Play and watch B apply 15 before A applies 10. Then try Burst.",
        strategy: Strategy::Naive,
        scheme: VersionScheme::Increment,
        seed: 7,
        actions: ten_then_fifteen,
    },
    Lesson {
        id: "normal-updates",
        title: "Normal record updates: when to bump the version",
        text: "The service that owns a record bumps its version on every create, update or \
               destroy it makes, and puts that version in the event it emits. Nobody else \
               changes the version: it is the owner's count of changes.",
        try_this: "Step through and compare the version column of both tables with the v on each message.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        seed: 3,
        actions: ten_then_fifteen,
    },
    Lesson {
        id: "insertions",
        title: "Record insertions: an update before its create",
        text: "ticket:created and ticket:updated are different channels, and nothing orders \
               one channel against another. An update can reach Orders before the ticket \
               exists there; it finds no row, is not acked, and succeeds on redelivery.",
        try_this: "Play and find the no-ack on the update, then its redelivery after the ack wait.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        seed: 0,
        actions: || vec![(0, create()), (1, price(10))],
    },
    Lesson {
        id: "occ",
        title: "Record updates with optimistic concurrency control",
        text: "Orders applies ticket:updated only when its row is at version - 1. An update that \
               comes too early is not acked; the broker redelivers it after the ack wait, when \
               the missing update has landed.",
        try_this: "Play the same story as lesson 1 and watch the 15 wait for the 10.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        seed: 7,
        actions: ten_then_fifteen,
    },
    Lesson {
        id: "two-editors",
        title: "The owner's side: mongoose-update-if-current and two editors",
        text: "The owner's save bumps the version and only matches the version it loaded. Two \
               editors who both loaded version 0 cannot both win: the second save fails with a \
               version error instead of silently overwriting the first.",
        try_this: "Play and find the version error in the timeline; the table keeps the first editor's price.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        seed: 7,
        actions: || vec![(0, create()), (100, Action::TwoEditors { id: CZQ, first_price: 10, second_price: 15 })],
    },
    Lesson {
        id: "option-1",
        title: "Option #1: the replica runs the plugin too",
        text: "Orders could bump its own version on every save and hope both sides count in lock \
               step. With +1 versions they do. Nothing guarantees it.",
        try_this: "Play: it converges. Now switch the version scheme to step100 and play again.",
        strategy: Strategy::PluginIncrement,
        scheme: VersionScheme::Increment,
        seed: 7,
        actions: ten_then_fifteen,
    },
    Lesson {
        id: "mystery",
        title: "The mystery event source",
        text: "A publisher whose versions go 100, 200, 300 (or are timestamps) breaks the \
               version - 1 rule: no update ever matches, so every one stalls. A dependent \
               service must not assume how versions grow unless the owner promises it.",
        try_this: "Play: occ stalls. Switch the strategy to prev-version or newest-wins.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Step100,
        seed: 7,
        actions: ten_then_fifteen,
    },
    Lesson {
        id: "lost-ack",
        title: "Duplicates from a lost ack",
        text: "A listener applies an update but its ack never reaches the broker, which \
               redelivers it. Under the exact version - 1 rule the duplicate finds no row at \
               version - 1, is never acked, and comes back forever: a poison loop.",
        try_this: "Play: occ stalls on the duplicate. Switch to newest-wins and play again.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        seed: 0,
        actions: || vec![(0, create()), (100, Action::LoseNextAck), (100, price(10))],
    },
];

pub fn index_of(id: &str) -> Option<usize> {
    LESSONS.iter().position(|l| l.id == id)
}

impl Lesson {
    pub fn scenario(&self) -> Scenario {
        let config = Config {
            strategy: self.strategy,
            scheme: self.scheme,
            ..Config::default()
        };
        (self.actions)()
            .into_iter()
            .fold(Scenario::new(config, self.seed), |s, (at, a)| s.at(at, a))
    }
}

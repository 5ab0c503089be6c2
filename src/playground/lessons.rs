//! Guided lessons: the lecture's arc, each a short text, a ready scenario and a
//! "try this" prompt. The lesson id is part of share links.

use super::claims::{created, update, Change, Claim};
use crate::engine::config::{BrokerKind, Deletes};
use crate::engine::{
    Action, Assignment, Config, MemberId, Outcome, Scenario, StepKind, Strategy, TicketId,
    VersionScheme,
};

/// Words only the full module shows: a lesson on a broker the first-visit
/// module lacks (no `jetstream`/`kafka` feature) is handed over to the full
/// page before its text shows (`built_in`, `app::live`), so the first visit's
/// wasm keeps its title (the lesson menu) and none of its story (issue 26).
macro_rules! full_only {
    ($feature:literal, $words:expr) => {
        full_only!($feature, $words, "")
    };
    ($feature:literal, $words:expr, $none:expr) => {
        if cfg!(feature = $feature) {
            $words
        } else {
            $none
        }
    };
}

pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub try_this: &'static str,
    strategy: Strategy,
    scheme: VersionScheme,
    /// How the broker picks a queue member: the lecture's story (A gets the
    /// first update, B the second) needs a random pick, since round robin
    /// gives A the create and so B the first update.
    assignment: Assignment,
    /// The broker and its settings (`stan`: the course's NATS Streaming).
    broker: fn(&mut Config),
    pub seed: u64,
    actions: fn() -> Vec<(u64, Action)>,
    /// What the text says will happen, checked against the engine by
    /// tests/playground_lessons.rs.
    pub claims: &'static [Claim],
}

const CZQ: TicketId = TicketId(0);
const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);
use StepKind::{Ack, AckLost, Deliver, NoAck, Redeliver, VersionError, Write};

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

/// NATS Streaming, the course's broker, as the config has it by default.
fn stan(_: &mut Config) {}

/// JetStream: one stream, the listeners on one durable pull consumer.
fn jetstream(c: &mut Config) {
    c.broker = BrokerKind::JetStream;
}

/// JetStream with MaxAckPending 1: one unacked message at a time.
fn jetstream_one_at_a_time(c: &mut Config) {
    jetstream(c);
    c.jetstream.max_ack_pending = 1;
}

/// JetStream, Tickets publishing with the expected last subject sequence.
fn jetstream_publish_occ(c: &mut Config) {
    jetstream(c);
    c.jetstream.expect_last_subject_seq = true;
}

/// Kafka: topic `tickets` keyed by ticket id, group `orders-service`.
fn kafka(c: &mut Config) {
    c.broker = BrokerKind::Kafka;
}

/// The race under Kafka, B (tickets-2's owner, CZQ's partition) crashing
/// after it wrote 10 and before its commit came back (seed 1).
fn ten_then_fifteen_crash_before_commit() -> Vec<(u64, Action)> {
    let mut a = ten_then_fifteen();
    a.push((120, Action::CrashListener { member: B }));
    a
}

fn ten_then_fifteen() -> Vec<(u64, Action)> {
    vec![(0, create()), (100, price(10)), (100, price(15))]
}

/// Each lesson's `claims` say what its text says; tests/playground_lessons.rs
/// checks every one against the engine and searches the seed of lesson 1.
pub const LESSONS: [Lesson; 15] = [
    Lesson {
        id: "the-problem",
        title: "The problem: two listeners reorder updates",
        text: "Tickets sets the price to 10 and then, at once, to 15. Listener A gets the first \
               update, listener B the second. B finishes first, so the Orders replica ends at 10 \
               while Tickets says 15, and nothing ever tells it otherwise.",
        try_this: "Press Play and watch B write 15 before A writes 10. Then press Burst: 200 \
                   more updates, and the replica still ends on an older price.",
        strategy: Strategy::Naive,
        scheme: VersionScheme::Increment,
        assignment: Assignment::Random,
        broker: stan,
        seed: 9,
        actions: ten_then_fifteen,
        claims: &[
            Claim::Gets { member: A, version: 1 },
            Claim::Gets { member: B, version: 2 },
            Claim::Before(update(Write, 2), update(Write, 1)),
            Claim::Ends(Outcome::Diverged),
            Claim::Then(Change::Strategy(Strategy::Occ), Outcome::Consistent),
            Claim::Burst(Outcome::Diverged),
        ],
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
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 3,
        actions: ten_then_fifteen,
        claims: &[
            Claim::Before(update(Write, 1), update(Write, 2)),
            Claim::Ends(Outcome::Consistent),
        ],
    },
    Lesson {
        id: "insertions",
        title: "Record insertions: an update before its create",
        text: "ticket:created and ticket:updated are different channels. A listener reads \
               its messages in the order they were sent, but it does not wait for one to \
               finish before it starts the next: the update can look for its row while the \
               create's insert is still on its way. It finds no row, is not acked, and \
               succeeds on redelivery.",
        try_this: "Play and find the no-ack on the update, then its redelivery after the ack wait.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 0,
        actions: || vec![(0, create()), (1, price(10))],
        claims: &[
            Claim::Before(update(Deliver, 1), created(Write)),
            Claim::Before(update(NoAck, 1), update(Redeliver, 1)),
            Claim::Ends(Outcome::Consistent),
        ],
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
        assignment: Assignment::Random,
        broker: stan,
        seed: 9,
        actions: ten_then_fifteen,
        claims: &[
            Claim::Gets { member: A, version: 1 },
            Claim::Gets { member: B, version: 2 },
            Claim::Before(update(NoAck, 2), update(Write, 1)),
            Claim::Before(update(Write, 1), update(Write, 2)),
            Claim::Ends(Outcome::Consistent),
        ],
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
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 7,
        actions: || vec![(0, create()), (100, Action::TwoEditors { id: CZQ, first_price: 10, second_price: 15 })],
        claims: &[Claim::Shows(VersionError), Claim::Ends(Outcome::Consistent)],
    },
    Lesson {
        id: "option-1",
        title: "Option #1: the replica runs the plugin too",
        text: "Orders could bump its own version on every save and hope both sides count in lock \
               step. With +1 versions they do. Nothing guarantees it.",
        try_this: "Play: it converges. Now switch the version scheme to step100 and play again.",
        strategy: Strategy::PluginIncrement,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 7,
        actions: ten_then_fifteen,
        claims: &[
            Claim::Ends(Outcome::Consistent),
            Claim::Then(Change::Scheme(VersionScheme::Step100), Outcome::Stalled),
        ],
    },
    Lesson {
        id: "mystery",
        title: "The mystery event source",
        text: "A publisher whose versions go 100, 200, 300 (or are timestamps) breaks the \
               version - 1 rule: no update ever matches, so every one stalls. A dependent \
               service must not assume how versions grow unless the owner promises it.",
        try_this: "Play: occ stalls, and the refused updates come back every ack wait, for ever. \
                   Switch the strategy to prev-version or newest-wins.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Step100,
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 7,
        actions: ten_then_fifteen,
        claims: &[
            Claim::Ends(Outcome::Stalled),
            Claim::Then(Change::Strategy(Strategy::PrevVersion), Outcome::Consistent),
            Claim::Then(Change::Strategy(Strategy::NewestWins), Outcome::Consistent),
        ],
    },
    Lesson {
        id: "lost-ack",
        title: "Duplicates from a lost ack",
        text: "A listener applies an update but its ack never reaches the broker, which \
               redelivers it. Under the exact version - 1 rule the duplicate finds no row at \
               version - 1, is never acked, and comes back forever: a poison loop.",
        try_this: "Play: occ stalls on the duplicate, which comes back every ack wait, for ever; \
                   watch its delivery count rise, then pause. Switch to newest-wins and play again.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 0,
        actions: || vec![(0, create()), (100, Action::LoseNextAck), (100, price(10))],
        claims: &[
            Claim::Shows(AckLost),
            Claim::Ends(Outcome::Stalled),
            Claim::Then(Change::Strategy(Strategy::NewestWins), Outcome::Consistent),
        ],
    },
    Lesson {
        id: "jetstream-race",
        title: "JetStream: the same race under a pull consumer",
        text: full_only!(
            "jetstream",
            "NATS Streaming is deprecated; its successor JetStream keeps the messages in one \
             stream and the Orders listeners share one durable pull consumer. Each listener \
             asks for the next message when it has room, and the request at the head of the \
             waiting queue gets it. Two listeners still work at once, so B can write 15 \
             before A writes 10: the race is the broker's successor's too."
        ),
        try_this: full_only!(
            "jetstream",
            "Play and watch the pulls take turns, then the older price land last. \
             Switch the strategy to occ: the early update is not acked and comes back."
        ),
        strategy: Strategy::Naive,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: jetstream,
        seed: 1,
        actions: ten_then_fifteen,
        claims: full_only!(
            "jetstream",
            &[
                Claim::Gets { member: B, version: 1 },
                Claim::Gets { member: A, version: 2 },
                Claim::Before(update(Write, 2), update(Write, 1)),
                Claim::Ends(Outcome::Diverged),
                Claim::Then(Change::Strategy(Strategy::Occ), Outcome::Consistent),
            ],
            &[]
        ),
    },
    Lesson {
        id: "jetstream-max-ack-pending",
        title: "JetStream: MaxAckPending 1, ordered but slow",
        text: full_only!(
            "jetstream",
            "MaxAckPending counts the consumer's unacked messages across all its listeners. \
             At 1 the stream hands out one message at a time: the next goes out only after \
             the one before is acked, so even the naive listener applies every update in \
             order. The cost is the speed: the listeners take turns, and a burst drains one \
             message at a time."
        ),
        try_this: full_only!(
            "jetstream",
            "Play: v2 is delivered only after v1's ack. Then press Burst and compare the \
             time it takes with lesson 9's."
        ),
        strategy: Strategy::Naive,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: jetstream_one_at_a_time,
        seed: 1,
        actions: ten_then_fifteen,
        claims: full_only!(
            "jetstream",
            &[
                Claim::Before(update(Ack, 1), update(Deliver, 2)),
                Claim::Ends(Outcome::Consistent),
                Claim::Burst(Outcome::Consistent),
            ],
            &[]
        ),
    },
    Lesson {
        id: "jetstream-publish-occ",
        title: "JetStream: the owner's check at publish time",
        text: full_only!(
            "jetstream",
            "With JetStream the owner can make the stream its record: Tickets publishes each \
             update with Nats-Expected-Last-Subject-Sequence, the sequence of the last update \
             it saw for this ticket. Two editors load the ticket; the first publishes; the \
             second's expectation is stale, and the stream refuses it with error 10071, wrong \
             last sequence. Nothing is saved, so no stale price ever reaches Orders."
        ),
        try_this: full_only!(
            "jetstream",
            "Play and find the refused publish in the timeline: the stream's last for the \
             ticket is not the sequence the second editor expected."
        ),
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: jetstream_publish_occ,
        seed: 7,
        actions: || {
            vec![
                (0, create()),
                (50, price(10)),
                (100, Action::TwoEditors { id: CZQ, first_price: 15, second_price: 20 }),
            ]
        },
        claims: full_only!(
            "jetstream",
            &[
                Claim::Says("wrong last sequence (10071)"),
                Claim::Ends(Outcome::Consistent),
            ],
            &[]
        ),
    },
    Lesson {
        id: "kafka-rebalance-replay",
        title: "Kafka: keys keep order, until a rebalance replays",
        text: full_only!(
            "kafka",
            "Under Kafka every record about CZQ goes to one partition (the key is the ticket \
             id; murmur2 picks tickets-2) and each partition has one owner in the group \
             orders-service: B gets 10 and 15 in order, so the race is gone. But B commits \
             its offset after its write, and here it crashes in between. The coordinator \
             notices when B's session runs out (45 s) and rebalances; the owner resumes at \
             the last committed offset, so 10 comes again. The course's OCC listener refuses \
             it (the row is already at version 1), and with no nack in Kafka it retries in \
             place: the partition is blocked, and 15 behind it never lands."
        ),
        try_this: full_only!(
            "kafka",
            "Play to the rebalance: delivery 2 of v1 is refused and its partition paused. \
             Then switch the strategy to newest-wins (next lesson)."
        ),
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: kafka,
        seed: 1,
        actions: ten_then_fifteen_crash_before_commit,
        claims: full_only!(
            "kafka",
            &[
                Claim::Says("crashed with 1 record(s) in hand, not committed"),
                Claim::Shows(StepKind::Rebalance),
                Claim::Says("seek back to offset 1 and pause tickets-2"),
                Claim::Ends(Outcome::Stalled),
                Claim::Then(Change::Strategy(Strategy::NewestWins), Outcome::Consistent),
            ],
            &[]
        ),
    },
    Lesson {
        id: "kafka-skip-what-you-have",
        title: "Kafka: a listener that skips what it already has",
        text: full_only!(
            "kafka",
            "The same crash between write and commit, the same replay after the rebalance, \
             with a listener that skips what it already has (newest-wins): the replayed \
             version 1 is not newer than the row, so it is skipped and committed, and 15 \
             lands: consistent. A listener that commits past whatever it refuses \
             (--on-refuse skip-and-commit) also ends consistent here, because the refused \
             record was a duplicate; the same listener loses a real update when the producer \
             reorders one (retries without idempotence), and the checker says diverged."
        ),
        try_this: full_only!(
            "kafka",
            "Play and find the replayed v1, delivery 2: skipped, committed, and the \
             partition moves on. Switch the strategy to occ: the replay stalls the partition."
        ),
        strategy: Strategy::NewestWins,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: kafka,
        seed: 1,
        actions: ten_then_fifteen_crash_before_commit,
        claims: full_only!(
            "kafka",
            &[
                Claim::Shows(StepKind::Rebalance),
                Claim::Says("event version 1 is not newer"),
                Claim::Ends(Outcome::Consistent),
                Claim::Then(Change::Strategy(Strategy::Occ), Outcome::Stalled),
            ],
            &[]
        ),
    },
    Lesson {
        id: "delete-poison-loop",
        title: "Destroy: a late duplicate after the delete",
        text: "The lecture bumps the version on create, update and destroy. Tickets saves 10 \
               (v1), then deletes the ticket (v2); Orders applies both. But the ack of v1 was \
               lost, so v1 comes again after the ack wait, when the row is gone. The course's \
               listener finds no row at version 0 and throws: never acked, redelivered \
               forever. Keeping a tombstone (the deleted row with its version, a soft delete) \
               recognizes the copy as stale: ack and skip.",
        try_this: "Play to the poison loop, then set Deletes to tombstone in Settings and play \
                   again.",
        strategy: Strategy::Occ,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 3,
        actions: || {
            vec![
                (0, create()),
                (100, Action::LoseNextAck),
                (100, price(10)),
                (1_000, Action::DeleteTicket { id: CZQ }),
            ]
        },
        claims: &[
            Claim::Shows(AckLost),
            Claim::Ends(Outcome::Stalled),
            Claim::Then(Change::OnDelete(Deletes::Tombstone), Outcome::Consistent),
            Claim::Then(Change::Strategy(Strategy::Naive), Outcome::Stalled),
        ],
    },
    Lesson {
        id: "delete-resurrection",
        title: "Destroy: the ticket that comes back to life",
        text: "Now the create's ack is lost: CZQ is inserted, deleted, and then its create comes \
               again. Naive inserts it: Orders holds a ticket Tickets deleted, and nothing will \
               ever remove it. The course's created-listener is a plain insert too, so occ \
               brings it back just the same. A tombstone holds the id: the copy is stale, \
               acked and skipped.",
        try_this: "Play: diverged. Set Deletes to tombstone and play again; then try occ.",
        strategy: Strategy::Naive,
        scheme: VersionScheme::Increment,
        assignment: Assignment::RoundRobin,
        broker: stan,
        seed: 3,
        actions: || {
            vec![
                (0, Action::LoseNextAck),
                (0, create()),
                (1_000, Action::DeleteTicket { id: CZQ }),
            ]
        },
        claims: &[
            Claim::Shows(AckLost),
            Claim::Ends(Outcome::Diverged),
            Claim::Then(Change::OnDelete(Deletes::Tombstone), Outcome::Consistent),
            Claim::Then(Change::Strategy(Strategy::Occ), Outcome::Diverged),
        ],
    },
];

/// Whether this module can run lesson `i` (the first-visit module has no
/// JetStream nor Kafka: its page hands such a lesson over to the full page).
pub fn built_in(i: usize) -> bool {
    LESSONS
        .get(i)
        .is_none_or(|l| l.scenario().config.broker.built_in())
}

pub fn index_of(id: &str) -> Option<usize> {
    LESSONS.iter().position(|l| l.id == id)
}

impl Lesson {
    pub fn scenario(&self) -> Scenario {
        let mut config = Config {
            strategy: self.strategy,
            scheme: self.scheme,
            assignment: self.assignment,
            ..Config::default()
        };
        (self.broker)(&mut config);
        (self.actions)()
            .into_iter()
            .fold(Scenario::new(config, self.seed), |s, (at, a)| s.at(at, a))
    }
}

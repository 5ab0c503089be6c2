#![cfg(not(target_arch = "wasm32"))]
//! An ack the server ignores (issue 23): with an ack wait shorter than the
//! processing, A's insert from copy 1 lands while B holds the message (the
//! ack wait ran out and the server sent it to B), so A's ack counts for
//! nothing (`processAckMsg` looks the sequence up only in the pending list
//! of the member the message was last sent to), and every later copy meets a
//! duplicate key. The run stalls; the trace, the listener's last decision,
//! the verdict, the page and the stage's history all say which copy was
//! handled and what became of its ack.

use occ_playground::engine::checker::OnLivelock;
use occ_playground::engine::config::MsRange;
use occ_playground::engine::note::Note;
use occ_playground::engine::{
    Action, Channel, Config, MemberId, MessageStatus, Outcome, Scenario, Simulation, StepKind,
    Strategy, Verdict,
};
use occ_playground::playground::project;
use occ_playground::stage;

const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);

/// A reads copy 1 at 5 ms and takes 150 ms; the ack wait (100 ms) runs out
/// first and copy 2 goes to B; A's insert lands at 155 ms.
fn slow_create() -> Scenario {
    let config = Config {
        strategy: Strategy::Occ,
        listeners: 2,
        ack_wait_ms: 100,
        delivery_ms: MsRange::new(5, 5),
        processing_ms: MsRange::new(150, 150),
        ..Config::default()
    };
    Scenario::new(config, 1).at(0, Action::create_ticket("concert", 5))
}

/// Steps until A's ack of copy 1 has been handled.
fn until_as_ack(sim: &mut Simulation) {
    while !sim
        .trace()
        .steps
        .iter()
        .any(|s| s.member == Some(A) && s.kind == StepKind::AckIgnored)
    {
        assert!(sim.step(), "A's ack comes");
    }
}

#[test]
fn the_ignored_ack_is_its_own_step_and_the_write_names_its_own_copy() {
    let mut sim = Simulation::new(slow_create()).unwrap();
    assert_eq!(sim.run(), Outcome::Stalled);
    let t = sim.trace();
    let write = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Write)
        .expect("A's insert");
    assert_eq!((write.member, write.delivery), (Some(A), Some(1)));
    assert!(!write.redelivered, "copy 1 is not a redelivery");
    // By then the broker had sent copy 2 to B.
    let ignored = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::AckIgnored)
        .expect("the ignored ack");
    assert_eq!(ignored.step, write.step, "the same transition");
    assert_eq!(
        ignored.note,
        Note::AckIgnored {
            member: A,
            number: 1,
            now: MessageStatus::InFlight { member: B },
        }
    );
    assert_eq!(
        ignored.note_text(t.titles()),
        "A's ack of copy 1 is ignored: B holds the message now; the server takes an ack only from the member it last sent the message to"
    );
    assert_eq!(ignored.delivery, Some(1));
    assert_eq!(t.count(StepKind::Ack), 0, "no ack was taken");
    assert!(t
        .steps
        .iter()
        .any(|s| s.kind == StepKind::NoAck && s.delivery == Some(3)));
}

#[test]
fn the_listeners_last_decision_names_its_copy_and_the_ignored_ack() {
    let mut sim = Simulation::new(slow_create()).unwrap();
    until_as_ack(&mut sim);
    let last = sim.members()[A.index()].last.expect("A decided");
    assert_eq!(last.number, 1);
    assert!(!last.acked());
    assert_eq!(
        last.reason(),
        "applied to CZQ from copy 1, but the ack was ignored: B holds the message now"
    );
    let shown = &project::members(&sim)[A.index()].last_decision;
    assert_eq!(shown, &last.reason());
}

const CAUSE: &str = "A applied it from copy 1, but the server ignored that ack (B held the message by then); every later copy is refused: occ finds row CZQ already there (at version 0) and never acks it";

#[test]
fn the_verdict_names_the_copy_that_was_handled() {
    let mut sim = Simulation::new(slow_create()).unwrap();
    sim.run();
    let Verdict::Stalled(reason) = sim.verdict() else {
        panic!("{:?}", sim.verdict());
    };
    assert_eq!(
        reason,
        format!("livelock: ticket:created v0 for CZQ would be redelivered forever (3 deliveries so far): {CAUSE}. Nothing will change the row, so the run stops here")
    );
    // The live view's poison loop says the same, and so does the page.
    let mut live = Simulation::with_livelock(slow_create(), OnLivelock::Loop).unwrap();
    while !live.looping() {
        assert!(live.step());
    }
    let page = project::verdict(&live);
    assert!(page.reason.contains(CAUSE), "{}", page.reason);
    assert_eq!(page.reason, live.verdict().reason());
}

#[test]
fn the_stage_history_names_each_copy_and_the_ignored_ack() {
    let mut sim = Simulation::new(slow_create()).unwrap();
    sim.run();
    let lines: Vec<String> = stage::history(&sim, Channel::TicketCreated, 1)
        .into_iter()
        .map(|l| l.text)
        .collect();
    let has = |text: &str| lines.iter().any(|l| l.starts_with(text));
    assert!(
        has("listener A (copy 1) wrote the row: version 0"),
        "{lines:#?}"
    );
    assert!(
        has("the server ignored the ack (A's ack of copy 1 is ignored: B holds the message now"),
        "{lines:#?}"
    );
    assert!(has("listener A (copy 3) did not ack it"), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("acked it")), "{lines:#?}");
}

#[test]
fn the_timeline_flags_the_ignored_ack_and_names_the_copy() {
    let mut sim = Simulation::new(slow_create()).unwrap();
    sim.run();
    let rows = project::timeline(&sim);
    let row = rows
        .iter()
        .find(|r| r.kind == "ack-ignored")
        .expect("a row for the ignored ack");
    assert!(row.label.starts_with("ack ignored"), "{row:?}");
    assert!(row.flagged, "the stall starts here");
    assert!(
        row.detail
            .starts_with("A's ack of copy 1 is ignored: B holds the message now"),
        "{row:?}"
    );
    assert!(!rows.iter().any(|r| r.kind == "ack"), "nothing was acked");
}

/// The ack of a member that still holds the message is taken as before.
#[test]
fn an_ack_from_the_holder_is_taken() {
    let mut scenario = slow_create();
    scenario.config.ack_wait_ms = 5_000;
    let mut sim = Simulation::new(scenario).unwrap();
    assert_eq!(sim.run(), Outcome::Consistent);
    let t = sim.trace();
    assert_eq!(t.count(StepKind::AckIgnored), 0);
    let ack = t.steps.iter().find(|s| s.kind == StepKind::Ack).unwrap();
    assert_eq!((ack.member, ack.delivery), (Some(A), Some(1)));
    let last = sim.members()[A.index()].last.unwrap();
    assert_eq!(last.reason(), "applied to CZQ, acked");
}

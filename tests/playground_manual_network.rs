#![cfg(not(target_arch = "wasm32"))]
//! "You are the network" through the reducer, as the broker panel drives it:
//! the toggle holds every message on the wire, the panel lists them, and
//! "arrives next" on a row lets that one arrive.

use occ_playground::engine::{Action, Channel, Strategy};
use occ_playground::playground::lessons::LESSONS;
use occ_playground::playground::view::{VerdictKind, WireRow};
use occ_playground::playground::{project, Msg, Playground};
use std::rc::Rc;

fn lesson_one(strategy: Strategy) -> Rc<Playground> {
    let s = Rc::new(Playground::default()).reduce(Msg::Lesson(0));
    let s = if strategy == Strategy::Naive {
        s
    } else {
        s.reduce(Msg::SetStrategy(strategy))
    };
    s.reduce(Msg::SetManualNetwork(true))
}

fn wire(s: &Playground) -> Vec<WireRow> {
    project::network(&s.sim()).wire
}

/// Step until the run waits for the student (or is over).
fn step_until_waiting(mut s: Rc<Playground>) -> Rc<Playground> {
    for _ in 0..500 {
        if project::network(&s.sim()).waiting || s.sim().finished() {
            return s;
        }
        s = s.reduce(Msg::Step);
    }
    panic!("the run never waited for the network");
}

fn run_to_end(mut s: Rc<Playground>) -> Rc<Playground> {
    for _ in 0..500 {
        if s.sim().finished() {
            return s;
        }
        s = s.reduce(Msg::Step);
    }
    panic!("the run did not finish");
}

/// "arrives next" on the row of `channel` v`version`.
fn arrives_next(s: Rc<Playground>, channel: Channel, version: &str) -> Rc<Playground> {
    let rows = wire(&s);
    let row = rows
        .iter()
        .find(|w| w.channel == channel && w.version == version)
        .unwrap_or_else(|| panic!("no {channel} v{version} on the wire: {rows:?}"))
        .clone();
    assert!(row.next, "{row:?} is not first on its connection");
    let next = s.reduce(Msg::Arrive {
        channel: row.channel,
        seq: row.seq,
        member: row.member,
    });
    assert_eq!(next.notice, None);
    next
}

#[test]
fn the_toggle_holds_lesson_ones_messages_on_the_wire() {
    let s = lesson_one(Strategy::Naive);
    let net = project::network(&s.sim());
    assert!(net.manual && net.wire.is_empty() && !net.waiting);
    let s = step_until_waiting(s);
    let rows = wire(&s);
    assert_eq!(rows.len(), 3, "{rows:?}");
    // Two connections, one per listener (issue 23): the create and then v1
    // to A, v2 to B. v1 waits behind the create on A's connection, whatever
    // the channel; each copy's ack wait is running.
    assert!(rows.iter().all(|w| w.delivery == 1));
    let next: Vec<(Channel, &str, String)> = rows
        .iter()
        .map(|w| (w.channel, w.version.as_str(), w.member.to_string()))
        .filter(|_| true)
        .collect();
    assert_eq!(
        next,
        [
            (Channel::TicketCreated, "0", "A".into()),
            (Channel::TicketUpdated, "1", "A".into()),
            (Channel::TicketUpdated, "2", "B".into()),
        ]
    );
    assert_eq!(
        rows.iter().map(|w| w.next).collect::<Vec<_>>(),
        [true, false, true]
    );
    // (sent at 0 and at 100, now is 100)
    assert!(rows
        .iter()
        .all(|w| matches!(w.ack_wait_left_ms, Some(4_900..=5_000))));
    let v1 = rows.iter().find(|w| w.version == "1").unwrap();
    let v2 = rows.iter().find(|w| w.version == "2").unwrap();
    assert_eq!(
        (v1.member.to_string(), v2.member.to_string()),
        ("A".into(), "B".into())
    );
    let messages = project::messages(&s.sim());
    assert!(
        messages
            .iter()
            .all(|m| m.status.starts_with("on the wire to ")),
        "{messages:?}"
    );
    assert!(project::members(&s.sim())
        .iter()
        .flat_map(|m| &m.in_hand)
        .all(|h| h.ends_with("on the wire, waiting for you")));
    assert_eq!(project::verdict(&s.sim()).kind, VerdictKind::Lagging);
    // Play has nothing to do: no time passes.
    let played = s.clone().reduce(Msg::Play).reduce(Msg::Tick);
    assert!(!played.playing);
    assert_eq!(played.sim().now_ms(), s.sim().now_ms());
}

#[test]
fn v2_before_v1_by_hand_loses_the_update_under_naive() {
    let s = step_until_waiting(lesson_one(Strategy::Naive));
    let s = step_until_waiting(arrives_next(s, Channel::TicketCreated, "0"));
    let s = step_until_waiting(arrives_next(s, Channel::TicketUpdated, "2"));
    let s = run_to_end(arrives_next(s, Channel::TicketUpdated, "1"));
    assert_eq!(project::verdict(&s.sim()).kind, VerdictKind::Diverged);
    assert_eq!(project::replica(&s.sim())[0].price, "10");
    assert!(project::timeline(&s.sim())
        .iter()
        .any(|r| r.label.starts_with("you let it arrive")));

    // The share link reopens the same run, step for step.
    let reopened = Playground::open(s.shared());
    assert_eq!(reopened.sim().trace(), s.sim().trace());
    assert_eq!(
        project::verdict(&reopened.sim()).kind,
        VerdictKind::Diverged
    );
    // Step back and forward again: the same state.
    let back = s.clone().reduce(Msg::StepBack);
    let forward = back.reduce(Msg::Step);
    assert_eq!(forward.sim().trace(), s.sim().trace());
}

#[test]
fn under_occ_the_early_v2_is_refused_comes_back_and_the_run_is_consistent() {
    let s = step_until_waiting(lesson_one(Strategy::Occ));
    let s = step_until_waiting(arrives_next(s, Channel::TicketCreated, "0"));
    // v2 first (refused: the row is at 0), then v1 (applied).
    let s = arrives_next(s, Channel::TicketUpdated, "2");
    let s = step_until_waiting(arrives_next(s, Channel::TicketUpdated, "1"));
    let rows = wire(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].version.as_str(), rows[0].delivery), ("2", 2));
    assert!(s.sim().now_ms() >= 5_000, "it came back after the ack wait");
    let timeline = project::timeline(&s.sim());
    assert!(timeline.iter().any(|r| r.kind == "no-ack"));
    assert!(timeline.iter().any(|r| r.kind == "redeliver"));
    let s = run_to_end(arrives_next(s, Channel::TicketUpdated, "2"));
    assert_eq!(project::verdict(&s.sim()).kind, VerdictKind::Consistent);
    assert_eq!(project::replica(&s.sim())[0].price, "15");
    let reopened = Playground::open(s.shared());
    assert_eq!(reopened.sim().trace(), s.sim().trace());
}

#[test]
fn an_arrival_out_of_turn_is_a_notice_and_changes_nothing() {
    let s = step_until_waiting(lesson_one(Strategy::Naive));
    let before = s.sim().scenario().clone();
    let v1 = wire(&s).into_iter().find(|w| w.version == "1").unwrap();
    // v1 went to A: it is not on the wire to B.
    let s = s.reduce(Msg::Arrive {
        channel: v1.channel,
        seq: v1.seq,
        member: occ_playground::engine::MemberId(1),
    });
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("is on the wire to B"), "{notice}");
    assert_eq!(s.sim().scenario(), &before);
}

#[test]
fn switching_it_off_drops_the_arrivals_and_retells_the_lesson() {
    let s = step_until_waiting(lesson_one(Strategy::Naive));
    let s = step_until_waiting(arrives_next(s, Channel::TicketCreated, "0"));
    assert!(s
        .sim()
        .scenario()
        .actions
        .iter()
        .any(|a| matches!(a.action, Action::Arrive { .. })));
    let s = s.reduce(Msg::SetManualNetwork(false));
    let net = project::network(&s.sim());
    assert!(!net.manual && net.wire.is_empty());
    assert_eq!(s.sim().scenario(), &LESSONS[0].scenario());
    let s = run_to_end(s);
    assert_eq!(project::verdict(&s.sim()).kind, VerdictKind::Diverged);
}

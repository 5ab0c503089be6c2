//! The engine's warnings as the page's notices, through the reducer: an ack
//! wait a real client cannot ask for, a scripted action the run could not
//! apply (Play pauses on it), and a schedule that cannot be replayed.
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::engine::{
    Action, Channel, Choice, Config, MemberId, MessageId, Scenario, TicketId,
};
use occ_playground::playground::provenance::From;
use occ_playground::playground::{Msg, Playground};
use occ_playground::share::SharedState;
use std::rc::Rc;

fn open(scenario: Scenario) -> Rc<Playground> {
    let state = SharedState {
        scenario,
        step: 0,
        lesson: None,
    };
    Rc::new(Playground::default()).reduce(Msg::Open {
        state: Box::new(state),
        from: From::File,
    })
}

fn notice(p: &Playground) -> &str {
    p.notice.as_deref().unwrap_or("")
}

#[test]
fn an_ack_wait_a_real_client_cannot_ask_for_is_a_notice() {
    let p = Rc::new(Playground::default()).reduce(Msg::SetAckWait(500));
    assert!(
        notice(&p).starts_with("Warning: ack wait 500 ms: a real client cannot ask for it. stan.js sends ackWait / 1000 = 0.5 s"),
        "{}",
        notice(&p)
    );
    // Said once: another setting does not say it again; whole seconds say nothing.
    let p = p.reduce(Msg::SetSeed(3));
    assert_eq!(p.notice, None);
    let p = p.reduce(Msg::SetAckWait(1_500));
    assert!(
        notice(&p).contains("stan.js sends ackWait / 1000 = 1.5 s"),
        "{}",
        notice(&p)
    );
    assert!(notice(&p).contains("a real broker runs 1000 ms or 2000 ms"));
    assert_eq!(p.reduce(Msg::SetAckWait(2_000)).notice, None);
    // A run opened with one says it at once.
    let config = Config {
        ack_wait_ms: 750,
        ..Config::default()
    };
    let p = open(Scenario::lecture_race(config, 1));
    assert!(
        notice(&p).starts_with("Warning: ack wait 750 ms"),
        "{}",
        notice(&p)
    );
}

#[test]
fn an_action_that_cannot_apply_is_said_when_the_run_gets_there_and_play_pauses() {
    // The update at 30 ms is sent to a member at once: routing it at 40 ms
    // cannot apply (it is in flight already).
    let route = Action::Route {
        channel: Channel::TicketUpdated,
        seq: 1,
        member: MemberId(1),
    };
    let scenario = Scenario::new(Config::default(), 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(30, Action::update_price(TicketId(0), 10))
        .at(40, route);
    let mut p = open(scenario).reduce(Msg::Play);
    assert_eq!(p.notice, None, "nothing refused before 40 ms");
    for _ in 0..10_000 {
        if !p.playing {
            break;
        }
        p = p.reduce(Msg::Tick);
    }
    assert!(
        !p.playing && !p.sim().finished(),
        "Play paused on the refusal"
    );
    assert!(p.sim().now_ms() >= 40);
    assert!(
        notice(&p).starts_with("Warning: actions[2] (route at 40 ms) could not apply, so the run went on without it: seq: ticket:updated #1 is not waiting in the broker"),
        "{}",
        notice(&p)
    );
    // Said once: the next step does not say it again, a step back and
    // forward past it does.
    let p = p.reduce(Msg::Step);
    assert_eq!(p.notice, None);
    let back = p.reduce(Msg::JumpTo(2));
    assert_eq!(back.notice, None);
    let mut again = back;
    while again.notice.is_none() && !again.sim().finished() {
        again = again.reduce(Msg::Step);
    }
    assert!(
        notice(&again).contains("actions[2] (route at 40 ms)"),
        "{}",
        notice(&again)
    );
}

#[test]
fn a_schedule_that_cannot_be_replayed_is_a_notice_and_the_page_goes_on() {
    let mut scenario = Scenario::lecture_race(Config::default(), 1);
    // ticket:updated #2 before #1: the server sends a channel in order.
    scenario.schedule = Some(vec![
        Choice::Deliver {
            message: MessageId(0),
            member: MemberId(0),
        },
        Choice::Deliver {
            message: MessageId(2),
            member: MemberId(1),
        },
    ]);
    let p = open(scenario);
    assert_eq!(
        notice(&p),
        "That scenario could not be opened (schedule[1]: \"deliver ticket:updated #2 (price 15, version 2) to B\" \
         is not possible at this step: ticket:updated #2 is not the head of ticket:updated: #1 is still queued \
         before it, and the server sends a channel in sequence order); the default scenario is loaded."
    );
    assert!(p.sim().scenario().schedule.is_none());
    let before = p.sim().steps_taken();
    let p = p.reduce(Msg::Step);
    assert_eq!(p.sim().steps_taken(), before + 1, "the page still works");
}

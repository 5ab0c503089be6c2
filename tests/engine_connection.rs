#![cfg(not(target_arch = "wasm32"))]
//! One NATS connection per client (issue 23): the server writes all of a
//! client's messages over its one connection, and stan.js reads every
//! subscription from it, so a listener reads its messages in the order they
//! were sent, whatever the channel. A delay (a spike, a latency draw, a
//! Shuffle) holds back everything behind it on that connection.

use occ_playground::engine::config::MsRange;
use occ_playground::engine::world::Choice;
use occ_playground::engine::{
    Action, Burst, Channel, Config, MemberId, Outcome, Scenario, Simulation, StepKind, Strategy,
    TraceMode, World,
};

const A: MemberId = MemberId(0);

/// One listener, 5 ms on the wire; a 100 ms delay spike armed just for the
/// create, and the update sent 1 ms later, when the spike is over.
fn spike_on_the_create(strategy: Strategy) -> Scenario {
    let config = Config {
        strategy,
        listeners: 1,
        delivery_ms: MsRange::new(5, 5),
        ..Config::default()
    };
    Scenario::new(config, 1)
        .at(
            0,
            Action::DelaySpike {
                extra_ms: 100,
                duration_ms: 1,
            },
        )
        .at(0, Action::create_ticket("concert", 5))
        .at(
            1,
            Action::UpdateTicket {
                id: occ_playground::engine::TicketId(0),
                title: None,
                price: Some(10),
            },
        )
}

/// A member's reads in order: (time, channel, seq).
fn reads(sim: &Simulation, member: MemberId) -> Vec<(u64, Channel, u64)> {
    sim.trace()
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Read && s.member == Some(member))
        .map(|s| (s.time_ms, s.channel.unwrap(), s.seq.unwrap()))
        .collect()
}

/// Issue 23: A read update #1 at 6 ms and the create at 101 ms, as if each
/// channel had its own connection. The create's delay holds the update back.
/// (Both are then processed at once, as the course's async `onMessage` does:
/// the update may still read the row before the create's insert lands.)
#[test]
fn a_delay_on_the_create_holds_back_the_update_sent_after_it() {
    for strategy in [Strategy::Naive, Strategy::Occ] {
        let mut sim = Simulation::new(spike_on_the_create(strategy)).unwrap();
        assert_eq!(sim.run(), Outcome::Consistent, "{strategy}");
        assert_eq!(
            reads(&sim, A)[..2],
            [
                (105, Channel::TicketCreated, 1),
                (105, Channel::TicketUpdated, 1)
            ],
            "{strategy}: the create first, then the update behind it"
        );
    }
}

/// Every delivery a member receives is read in the order sent, across both
/// channels, under random wire times, delay spikes and Shuffles (no crash:
/// a crash loses what is on the wire).
#[test]
fn each_member_reads_in_the_order_sent_whatever_the_channel() {
    for seed in 0..40u64 {
        let config = Config {
            strategy: Strategy::Occ,
            listeners: 1 + (seed % 3) as u8,
            delivery_ms: MsRange::new(1, 200),
            ..Config::default()
        };
        let mut scenario = Scenario {
            actions: Burst::new(6, 3).actions(),
            ..Scenario::new(config, seed)
        };
        scenario = scenario
            .at(
                1 + seed % 7,
                Action::DelaySpike {
                    extra_ms: 150,
                    duration_ms: 2,
                },
            )
            .at(4 + seed % 5, Action::Shuffle)
            .at(9, Action::Shuffle);
        scenario.actions.sort_by_key(|a| a.at_ms);
        let mut sim = Simulation::new(scenario).unwrap();
        sim.run();
        for l in sim.members() {
            let sent: Vec<(Channel, u64, u32)> = sim
                .trace()
                .steps
                .iter()
                .filter(|s| s.kind == StepKind::Deliver && s.member == Some(l.member))
                .map(|s| (s.channel.unwrap(), s.seq.unwrap(), s.delivery.unwrap()))
                .collect();
            let read: Vec<(Channel, u64, u32)> = sim
                .trace()
                .steps
                .iter()
                .filter(|s| s.kind == StepKind::Read && s.member == Some(l.member))
                .map(|s| (s.channel.unwrap(), s.seq.unwrap(), s.delivery.unwrap()))
                .collect();
            assert_eq!(read, sent, "seed {seed}, member {}", l.member);
        }
    }
}

/// The explorer's choices follow the same rule: with the create and then
/// update #1 sent to A, only the create may be read next; once it is, the
/// update may.
#[test]
fn the_explorer_reads_a_members_deliveries_in_the_order_sent() {
    let config = Config {
        strategy: Strategy::Occ,
        listeners: 1,
        ..Config::default()
    };
    let mut w = World::new(&config, TraceMode::Off);
    Burst::new(1, 1_000).apply(&mut w);
    let create = w.find_message(Channel::TicketCreated, 1).unwrap();
    let update = w.find_message(Channel::TicketUpdated, 1).unwrap();
    for message in [create, update] {
        assert!(w.choose(Choice::Deliver { message, member: A }));
    }
    let advances = |w: &World| {
        let mut out = Vec::new();
        w.choices(&mut out);
        out.retain(|c| matches!(c, Choice::Advance { .. }));
        out
    };
    assert_eq!(
        advances(&w),
        [Choice::Advance {
            member: A,
            message: create
        }]
    );
    assert!(w.choose(Choice::Advance {
        member: A,
        message: create
    }));
    // The create now waits to be written; the update may be read.
    assert!(advances(&w).contains(&Choice::Advance {
        member: A,
        message: update
    }));
}

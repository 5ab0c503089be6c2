//! The stage's frames, natively: tokens follow the engine's state and virtual
//! time, refusals go back to wait out the ack wait, writes land and flash,
//! and a burst draws a bounded number of tokens.

use occ_playground::engine::{Action, Config, MemberId, Scenario, Simulation, Strategy, TicketId};
use occ_playground::stage::{self, Mark, Orientation, Phase, Place, Rect};

/// The transitions a frame shows as new: the latest one.
fn latest(sim: &Simulation) -> u64 {
    sim.steps_taken().saturating_sub(1)
}

/// The lecture's burst: create at 5, then 10 and 15 without waiting.
fn lecture(strategy: Strategy, seed: u64) -> Scenario {
    let config = Config::with_strategy(strategy);
    Scenario::lecture_race(config, seed)
}

/// Steps `sim` until `found` holds for its frame; panics if the run ends first.
fn until(sim: &mut Simulation, found: impl Fn(&stage::Frame) -> bool) -> stage::Frame {
    loop {
        let f = stage::frame(sim, sim.now_ms(), latest(sim), Orientation::Across);
        if found(&f) {
            return f;
        }
        assert!(sim.step(), "the run ended before the stage showed it");
    }
}

#[test]
fn a_token_on_the_wire_moves_with_virtual_time_between_two_steps() {
    let mut sim = Simulation::new(lecture(Strategy::Naive, 1)).unwrap();
    let f = until(&mut sim, |f| {
        f.tokens.iter().any(|t| t.phase == Phase::Wire)
    });
    let t0 = f.tokens.iter().find(|t| t.phase == Phase::Wire).unwrap();
    let member = sim.members().iter().find(|l| !l.hand.is_empty()).unwrap();
    let due = member.hand[0].due_at;
    assert!(due > sim.now_ms(), "the delivery is still on the wire");
    let mid = stage::frame(
        &sim,
        (sim.now_ms() + due) / 2,
        latest(&sim),
        Orientation::Across,
    );
    let t1 = mid.tokens.iter().find(|t| t.msg == t0.msg).unwrap();
    assert_eq!(t1.phase, Phase::Wire);
    assert!(
        t1.at.x > t0.at.x,
        "{:?} -> {:?}: moves towards the listeners",
        t0.at,
        t1.at
    );
    let arrived = stage::frame(&sim, due, latest(&sim), Orientation::Across);
    let t2 = arrived.tokens.iter().find(|t| t.msg == t0.msg).unwrap();
    assert!(t2.at.x > t1.at.x);
    let l = &arrived.layout;
    let m = l.members[member.member.index()];
    assert!(
        m.contains(t2.at),
        "at due time it is at its listener {m:?}: {:?}",
        t2.at
    );
}

/// A closed member's unacked message moves to another member with the ack
/// wait it had: its countdown goes on where it was, it does not start over.
#[test]
fn a_message_moved_off_a_closed_member_counts_down_its_original_ack_wait() {
    let config = Config {
        strategy: Strategy::Occ,
        listeners: 2,
        ack_wait_ms: 30_000,
        // The ping at 10 s goes unanswered and no miss is tolerated.
        hb_interval_ms: 10_000,
        hb_timeout_ms: 1,
        hb_fail_count: 0,
        restart_ms: 600_000,
        ..Config::default()
    };
    // Delivered to A at 0; A crashes at 1 holding it; closed at 10_001.
    let scenario = Scenario::new(config, 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(
            1,
            Action::CrashListener {
                member: MemberId(0),
            },
        );
    let mut sim = Simulation::new(scenario).unwrap();
    while sim.now_ms() < 10_001 {
        assert!(sim.step(), "the run goes on to the close");
    }
    let f = stage::frame(&sim, sim.now_ms(), latest(&sim), Orientation::Across);
    let moved = f.tokens.iter().find(|t| t.seq == 1).unwrap();
    assert_eq!(moved.phase, Phase::AckWait);
    assert_eq!(moved.countdown_ms, Some(30_000 - 10_001));
}

#[test]
fn a_refusal_goes_back_waits_out_the_ack_wait_and_comes_back() {
    let mut sim = Simulation::new(lecture(Strategy::Occ, 1)).unwrap();
    let f = until(&mut sim, |f| f.tokens.iter().any(|t| t.bounced));
    let refused = f.tokens.iter().find(|t| t.bounced).unwrap().clone();
    assert_eq!(refused.phase, Phase::AckWait);
    assert_eq!(refused.place, Place::AckWait);
    assert!(f.layout.ack_wait.contains(refused.at));
    let wait = sim.scenario().config.ack_wait_ms;
    assert!(refused.countdown_ms.unwrap() <= wait && refused.countdown_ms.unwrap() > 0);
    // The countdown follows virtual time.
    let later = stage::frame(&sim, sim.now_ms() + 1000, latest(&sim), Orientation::Across);
    let same = later.tokens.iter().find(|t| t.msg == refused.msg).unwrap();
    assert_eq!(
        same.countdown_ms,
        Some(refused.countdown_ms.unwrap() - 1000)
    );
    // Once the ack wait runs out, the same message is queued again in its lane.
    let back = until(&mut sim, |f| {
        f.tokens
            .iter()
            .any(|t| t.msg == refused.msg && t.phase != Phase::AckWait)
    });
    let again = back.tokens.iter().find(|t| t.msg == refused.msg).unwrap();
    assert!(
        matches!(again.phase, Phase::Queued | Phase::Wire),
        "{:?}",
        again.phase
    );
    assert!(again.deliveries >= 1);
    assert!(sim.now_ms() >= wait, "it came back only after the ack wait");
}

#[test]
fn a_write_lands_on_its_row_which_flashes_and_a_diverged_row_is_marked() {
    let mut sim = Simulation::new(lecture(Strategy::Naive, 1)).unwrap();
    let f = until(&mut sim, |f| {
        f.tokens.iter().any(|t| t.phase == Phase::Landed)
    });
    assert!(f.orders[0].flash);
    let landed = f.tokens.iter().find(|t| t.phase == Phase::Landed).unwrap();
    assert!(f.layout.orders_db.contains(landed.at));
    sim.step();
    let next = stage::frame(&sim, sim.now_ms(), latest(&sim), Orientation::Across);
    assert!(
        next.tokens.iter().all(|t| t.msg != landed.msg),
        "an acked message leaves the stage after its landing"
    );
    sim.run();
    let end = stage::frame(&sim, sim.now_ms(), latest(&sim), Orientation::Across);
    assert_eq!(end.orders[0].mark, Mark::Diverged);
    assert_eq!(end.orders[0].price, "$10");
    assert_eq!(end.tickets[0].price, "$15");
    assert!(
        end.tokens.iter().all(|t| t.phase == Phase::Landed),
        "nothing is left in play but the last write landing"
    );
    assert_eq!(end.acked, 3);
    assert_eq!(end.channels[1].seq, 2, "ticket:updated carried #1 and #2");
}

#[test]
fn a_burst_draws_a_bounded_number_per_place_and_counts_the_rest() {
    let mut scenario = lecture(Strategy::Occ, 3);
    scenario.actions.truncate(1);
    for i in 1..=200u64 {
        scenario = scenario.at(30, Action::update_price(TicketId(0), 5 + 5 * i));
    }
    let mut sim = Simulation::new(scenario).unwrap();
    let mut saw_overflow = false;
    for _ in 0..400 {
        if !sim.step() {
            break;
        }
        for orientation in [Orientation::Across, Orientation::Down] {
            let f = stage::frame(&sim, sim.now_ms(), latest(&sim), orientation);
            let mut places: Vec<Place> = f.tokens.iter().map(|t| t.place).collect();
            places.dedup();
            for p in places {
                let n = f.tokens.iter().filter(|t| t.place == p).count();
                assert!(n <= stage::layout::PER_PLACE, "{p:?} draws {n}");
            }
            let queued = sim.messages().iter().filter(|m| m.is_queued()).count();
            let lanes: usize = f
                .tokens
                .iter()
                .filter(|t| matches!(t.place, Place::Lane(_)))
                .count()
                + f.overflow
                    .iter()
                    .filter(|o| matches!(o.place, Place::Lane(_)))
                    .map(|o| o.count)
                    .sum::<usize>();
            assert_eq!(lanes, queued, "every queued message is drawn or counted");
            saw_overflow |= !f.overflow.is_empty();
            let view = Rect::new(0.0, 0.0, f.layout.width, f.layout.height);
            assert!(f.tokens.iter().all(|t| view.contains(t.at)));
        }
    }
    assert!(saw_overflow, "a burst of 200 overflows the lane");
}

#[test]
fn a_tokens_history_tells_its_journey_in_order() {
    let mut sim = Simulation::new(lecture(Strategy::Occ, 1)).unwrap();
    sim.run();
    let m = &sim.messages()[2];
    let lines = stage::history(&sim, m.channel, m.seq);
    assert!(lines[0]
        .text
        .starts_with("published by Tickets with version 2"));
    assert!(lines[1].text.starts_with("delivered to listener"));
    assert!(lines.windows(2).all(|w| w[0].step <= w[1].step));
    assert!(lines.iter().any(|l| l.text.contains("acked it")));
    assert!(
        lines.iter().all(|l| l.step >= 1),
        "steps count from 1 like the clock"
    );
}

#[test]
fn every_frame_of_every_strategy_and_scheme_keeps_its_tokens_on_the_stage() {
    use occ_playground::engine::VersionScheme;
    for strategy in Strategy::ALL {
        for scheme in VersionScheme::ALL {
            for listeners in [1u8, 3, 8] {
                let mut scenario = lecture(strategy, 5);
                scenario.config.scheme = scheme;
                scenario.config.listeners = listeners;
                scenario = scenario
                    .at(32, Action::LoseNextAck)
                    .at(33, Action::update_price(TicketId(0), 20));
                let mut sim = Simulation::new(scenario).unwrap();
                for _ in 0..300 {
                    for orientation in [Orientation::Across, Orientation::Down] {
                        let f = stage::frame(&sim, sim.now_ms(), latest(&sim), orientation);
                        let view = Rect::new(0.0, 0.0, f.layout.width, f.layout.height);
                        for t in &f.tokens {
                            assert!(view.contains(t.at), "{strategy:?} {scheme:?}: {t:?}");
                            assert!(t.label.chars().count() <= 6, "{}", t.label);
                        }
                        assert_eq!(f.members.len(), usize::from(listeners));
                    }
                    if !sim.step() {
                        break;
                    }
                }
            }
        }
    }
}

#[test]
fn a_token_is_drawn_where_its_phase_says_and_a_landing_leaves_the_row_readable() {
    // Both lecture stories, sampled half way through every wire and
    // processing leg, in both arrangements.
    for strategy in [Strategy::Naive, Strategy::Occ] {
        let mut sim = Simulation::new(lecture(strategy, 3)).unwrap();
        let (mut wires, mut landings) = (0, 0);
        while sim.step() {
            let half_way = sim
                .next_time_ms()
                .map_or(sim.now_ms(), |t| (sim.now_ms() + t) / 2);
            for at in [sim.now_ms(), half_way] {
                for orientation in [Orientation::Across, Orientation::Down] {
                    let f = stage::frame(&sim, at, latest(&sim), orientation);
                    let l = &f.layout;
                    for t in &f.tokens {
                        let lanes = [l.ack_wait, l.dead];
                        match t.phase {
                            Phase::Wire => {
                                wires += 1;
                                assert!(
                                    !lanes.iter().any(|r| r.contains(t.at)),
                                    "{orientation:?}: a token on the wire drawn in a waiting lane: {t:?}"
                                );
                            }
                            Phase::Landed => {
                                landings += 1;
                                assert!(l.orders_db.contains(t.at));
                                let covered: Vec<String> = f
                                    .labels()
                                    .into_iter()
                                    .filter(|x| x.rect().overlaps(&t.rect()))
                                    .map(|x| x.text)
                                    .collect();
                                assert!(
                                    covered.is_empty(),
                                    "{orientation:?}: a landed token covers {covered:?}: {t:?}"
                                );
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        assert!(
            wires > 0 && landings > 0,
            "{strategy:?}: {wires} wire, {landings} landed"
        );
    }
}

#[test]
fn tokens_landing_together_stack_with_the_last_write_on_top() {
    // Lecture naive, drawn once at the end with every transition new (a
    // full-speed tick): both updates land in the frame. In the seeds where
    // the row ends at the late v1, v1 must be drawn last, over v2.
    let mut late_v1 = 0;
    for seed in 0..40 {
        let mut sim = Simulation::new(lecture(Strategy::Naive, seed)).unwrap();
        while sim.step() {}
        let f = stage::frame(&sim, sim.now_ms(), 0, Orientation::Across);
        let landed: Vec<&str> = f
            .tokens
            .iter()
            .filter(|t| {
                t.phase == Phase::Landed
                    && t.channel == occ_playground::engine::Channel::TicketUpdated
            })
            .map(|t| t.label.as_str())
            .collect();
        let row = f
            .orders
            .iter()
            .find(|r| r.ticket == "CZQ")
            .map(|r| r.version.clone());
        assert_eq!(
            landed.len(),
            2,
            "seed {seed}: both updates land in the frame"
        );
        assert_eq!(
            landed.last().copied(),
            row.as_deref(),
            "seed {seed}: the top token is the row's version"
        );
        late_v1 += usize::from(row.as_deref() == Some("v1"));
    }
    assert!(
        late_v1 > 0,
        "some seed ends at the late v1, or this shows nothing"
    );
}

/// Issue 24: a JetStream run is drawn as stream TICKETS with its durable pull
/// consumer: the words read from the engine's state at every step (the
/// waiting pull requests in order, the unacked count against MaxAckPending),
/// in both layouts.
#[test]
fn a_jetstream_run_is_drawn_as_a_stream_and_its_pull_consumer() {
    use occ_playground::playground::lessons::{index_of, LESSONS};
    use occ_playground::stage::Text;
    let lesson = &LESSONS[index_of("jetstream-max-ack-pending").unwrap()];
    let mut sim = Simulation::new(lesson.scenario()).unwrap();
    let max = sim.scenario().config.jetstream.max_ack_pending;
    let (mut saw_pulls, mut saw_unacked) = (false, false);
    loop {
        for o in [Orientation::Across, Orientation::Down] {
            let f = stage::frame(&sim, sim.now_ms(), latest(&sim), o);
            let text = |t: Text| f.texts().into_iter().find(|(x, _)| *x == t).map(|(_, s)| s);
            assert_eq!(
                text(Text::BrokerTitle).as_deref(),
                Some("JetStream: stream TICKETS")
            );
            assert_eq!(text(Text::GroupTitle).as_deref(), Some("orders-service"));
            let b = sim.world().broker();
            let unacked = b.outstanding() - b.fresh();
            let wait = text(Text::WaitTitle).unwrap();
            assert!(
                wait == format!("unacked {unacked} / MaxAckPending {max}")
                    || wait == format!("unacked {unacked}/{max}"),
                "{o:?}: {wait}"
            );
            saw_unacked |= unacked > 0;
            let waiting = &sim.world().jetstream().unwrap().waiting;
            let names: Vec<String> = waiting.iter().map(|m| m.to_string()).collect();
            let pulls = text(Text::Pulls).unwrap();
            let expected = if waiting.is_empty() {
                "no pulls waiting".to_string()
            } else {
                format!("pulls: {}", names.join(" "))
            };
            assert_eq!(pulls, expected, "{o:?} at step {}", sim.steps_taken());
            saw_pulls |= waiting.len() > 1;
            assert!(text(Text::ChannelTitle(
                occ_playground::engine::Channel::TicketUpdated
            ))
            .unwrap()
            .starts_with("ticket.updated.*  #"));
        }
        if !sim.step() {
            break;
        }
    }
    assert!(saw_pulls, "two listeners' pulls waited at once, in order");
    assert!(saw_unacked, "MaxAckPending 1 was reached");
}

/// The broker's and the group's words stay apart and inside their boxes,
/// for every broker's lessons, in both layouts (a wider wording never runs
/// into the next label or out of its lane).
#[test]
fn the_broker_and_group_labels_keep_apart_and_inside_their_boxes() {
    use occ_playground::playground::lessons::LESSONS;
    use occ_playground::stage::Text;
    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
    }
    fn inside(a: &Rect, b: &Rect) -> bool {
        a.x >= b.x && a.right() <= b.right() && a.y >= b.y && a.bottom() <= b.bottom()
    }
    for lesson in LESSONS.iter() {
        let mut sim = Simulation::new(lesson.scenario()).unwrap();
        loop {
            for o in [Orientation::Across, Orientation::Down] {
                let f = stage::frame(&sim, sim.now_ms(), latest(&sim), o);
                let l = &f.layout;
                let owner = |t: Text| match t {
                    Text::BrokerTitle | Text::Acked => Some(l.broker),
                    Text::WaitTitle => Some(l.ack_wait),
                    Text::DeadTitle => Some(l.dead),
                    Text::ChannelTitle(c) => Some(l.lane(c)),
                    Text::GroupNote | Text::GroupTitle | Text::Pulls => Some(l.group),
                    _ => None,
                };
                let labels: Vec<(Text, String, Rect)> = f
                    .texts()
                    .into_iter()
                    .filter(|(t, _)| owner(*t).is_some())
                    .map(|(t, s)| {
                        let r = l.spot(t).rect(&s);
                        (t, s, r)
                    })
                    .collect();
                for (i, (t, s, r)) in labels.iter().enumerate() {
                    assert!(
                        inside(r, &owner(*t).unwrap()),
                        "{}: {o:?} {s:?} leaves its box",
                        lesson.id
                    );
                    for (_, s2, r2) in &labels[i + 1..] {
                        assert!(
                            !overlap(r, r2),
                            "{}: {o:?} {s:?} runs into {s2:?}",
                            lesson.id
                        );
                    }
                }
            }
            if !sim.step() {
                break;
            }
        }
    }
}

/// Issue 24: a Kafka run is drawn as topic tickets with one lane per
/// partition, each naming its owner (or "rebalancing") and its committed
/// offset against its end offset, as the engine has them at every step of
/// both Kafka lessons, in both layouts, across the rebalance; a record not
/// committed yet sits in its own partition's lane, oldest at the head.
#[test]
fn a_kafka_run_is_drawn_as_partition_lanes_with_owners_and_offsets() {
    use occ_playground::playground::lessons::{index_of, LESSONS};
    use occ_playground::stage::Text;
    for id in ["kafka-rebalance-replay", "kafka-skip-what-you-have"] {
        let lesson = &LESSONS[index_of(id).unwrap()];
        let mut sim = Simulation::new(lesson.scenario()).unwrap();
        let (mut saw_rebalancing, mut saw_records, mut owners) = (false, false, Vec::new());
        let mut saw_replay = false;
        loop {
            let engine = sim.world().kafka_partitions().expect("a Kafka world");
            for o in [Orientation::Across, Orientation::Down] {
                let f = stage::frame(&sim, sim.now_ms(), latest(&sim), o);
                let ctx = format!("{id} {o:?} step {}", sim.steps_taken());
                let text = |t: Text| f.texts().into_iter().find(|(x, _)| *x == t).map(|(_, s)| s);
                assert_eq!(
                    text(Text::BrokerTitle).as_deref(),
                    Some("Kafka: topic tickets")
                );
                assert_eq!(text(Text::GroupNote).as_deref(), Some("consumer group"));
                assert_eq!(text(Text::GroupTitle).as_deref(), Some("orders-service"));
                assert!(
                    f.channels.is_empty() && text(Text::WaitTitle).is_none(),
                    "{ctx}"
                );
                assert_eq!(f.partitions.len(), engine.len(), "{ctx}: every partition");
                for (lane, state) in f.partitions.iter().zip(&engine) {
                    assert_eq!(lane.state, *state, "{ctx}");
                    let title = text(Text::PartitionTitle(lane.partition)).unwrap();
                    let owner = if state.rebalancing {
                        "rebalancing".to_string()
                    } else {
                        state.owner.map_or("no owner".into(), |m| m.to_string())
                    };
                    let c = state.committed.unwrap_or(0);
                    assert!(
                        title.starts_with(&format!("P{} · ", lane.partition)),
                        "{title}"
                    );
                    assert!(title.contains(&owner), "{ctx}: {title} names {owner}");
                    assert!(
                        title.ends_with(&format!("{c} of {}", state.end))
                            || title.ends_with(&format!("{c}/{}", state.end)),
                        "{ctx}: {title} says committed {c} of {}",
                        state.end
                    );
                    saw_rebalancing |= state.rebalancing;
                }
                saw_replay |= f.tokens.iter().any(|t| t.deliveries > 1);
                // Kafka has no per-message ack: a token never says "acked".
                for t in &f.tokens {
                    assert!(!t.describe.contains("acked"), "{ctx}: {}", t.describe);
                }
                if o == Orientation::Across {
                    owners.push(engine.iter().map(|s| s.owner).collect::<Vec<_>>());
                }
                // Each lane's tokens: its own partition's records, head first.
                for lane in &f.partitions {
                    let mut here: Vec<(f32, u64)> = Vec::new();
                    for t in f
                        .tokens
                        .iter()
                        .filter(|t| t.place == Place::Partition(lane.partition))
                    {
                        let (p, offset) = sim.world().kafka_record(t.msg).unwrap();
                        assert_eq!(p, lane.partition, "{ctx}");
                        assert!(lane.area.contains(t.at), "{ctx}: {t:?} outside its lane");
                        assert!(
                            offset >= lane.state.committed.unwrap_or(0),
                            "{ctx}: committed"
                        );
                        here.push((t.at.x, offset));
                        saw_records = true;
                    }
                    here.sort_by(|a, b| b.0.total_cmp(&a.0));
                    assert!(
                        here.windows(2).all(|w| w[0].1 < w[1].1),
                        "{ctx}: head first"
                    );
                }
            }
            if !sim.step() {
                break;
            }
        }
        // The coordinator completes these lessons' rebalance in the step
        // that expires B's session (no other listener holds a record), so
        // no frame falls between; a lane says "rebalancing" whenever one does.
        let _ = saw_rebalancing;
        assert!(saw_records, "{id}: records wait in their lanes");
        // B is back before its session runs out and rejoins: generation 2
        // keeps every partition with its owner, and the replay shows.
        assert_eq!(owners.first(), owners.last(), "{id}: the same owners");
        assert!(saw_replay, "{id}: the replayed record is drawn, delivery 2");
    }
}

/// Issue 24: more partitions than lanes fit (16): the partitions holding
/// records not committed yet are drawn, the rest counted on the broker's
/// title line; every lane title stays inside its lane and no token covers
/// one, in both layouts (375 px: four lanes in two columns).
#[test]
fn sixteen_partitions_draw_those_holding_records_and_count_the_rest() {
    use occ_playground::engine::config::BrokerKind;
    use occ_playground::stage::Text;
    let mut config = Config::with_strategy(Strategy::Occ);
    config.broker = BrokerKind::Kafka;
    config.kafka.partitions = 16;
    config.listeners = 3;
    let mut sim = Simulation::new(Scenario::lecture_race(config, 1)).unwrap();
    let mut saw_records = false;
    loop {
        let engine = sim.world().kafka_partitions().unwrap();
        for (o, room) in [(Orientation::Across, 6), (Orientation::Down, 4)] {
            let f = stage::frame(&sim, sim.now_ms(), latest(&sim), o);
            assert_eq!(f.partitions.len(), room, "{o:?}");
            let texts = f.texts();
            let acked = texts.iter().find(|(t, _)| *t == Text::Acked).unwrap();
            assert_eq!(acked.1, format!("+{} partitions", 16 - room));
            for (p, s) in engine.iter().enumerate() {
                if s.end > s.committed.unwrap_or(0) {
                    assert!(
                        f.partitions.iter().any(|l| l.partition == p as u32),
                        "{o:?}: P{p} holds records and is drawn"
                    );
                    saw_records = true;
                }
            }
            for lane in &f.partitions {
                let t = Text::PartitionTitle(lane.partition);
                let (_, s) = texts.iter().find(|(x, _)| *x == t).unwrap();
                let r = f.layout.spot(t).rect(s);
                assert!(
                    r.x >= lane.area.x && r.right() <= lane.area.right(),
                    "{o:?} {s}"
                );
                for token in &f.tokens {
                    assert!(!token.rect().overlaps(&r), "{o:?}: {token:?} covers {s}");
                }
            }
        }
        if !sim.step() {
            break;
        }
    }
    assert!(saw_records);
}

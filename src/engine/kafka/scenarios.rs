//! The Kafka rules end to end, each with the scenario that shows it: the
//! Tickets service produces, the Orders listeners consume into a replica
//! under a strategy, and the test plays the driver (time, crashes, draws).

use super::test_support::{created, updated};
use super::*;
use crate::engine::ids::TicketId;
use crate::engine::replica::Replica;
use crate::engine::strategy::{Refusal, Strategy};
use crate::engine::tickets::Event;
use crate::engine::version::Version;

/// A seeded xorshift64* for the tests' draws (any seed but 0 works).
struct Draws(u64);

impl Draws {
    fn new(seed: u64) -> Draws {
        Draws(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);
const C: MemberId = MemberId(2);
const CZQ: u32 = 0; // partition 2 of 3
const AKU: u32 = 2; // partition 0 of 3

struct Run {
    k: Kafka,
    replica: Replica,
    strategy: Strategy,
}

impl Run {
    fn new(strategy: Strategy, settings: KafkaSettings) -> Run {
        Run {
            k: Kafka::new(settings, 3, 0).unwrap(),
            replica: Replica::default(),
            strategy,
        }
    }

    /// Produces `events` with no fault: each lands in its partition in order.
    fn publish(&mut self, events: &[Event]) {
        for &e in events {
            let p = self.k.send(e);
            assert!(self.k.producer.dispatch(p));
            self.k
                .producer
                .arrive(&mut self.k.topic, ProduceFault::None);
        }
    }

    /// `member` polls and runs its handler to the end (commit or refusal).
    fn handle(&mut self, member: MemberId) -> Option<(Record, Read)> {
        let record = self.k.poll(member)?;
        let read = self.k.read(member, self.strategy, &self.replica);
        if read == Read::Proceed {
            assert!(matches!(
                self.k.write(member, &mut self.replica),
                Write::Written { .. }
            ));
        }
        if !matches!(
            read,
            Read::Refused {
                then: Refused::RetryInPlace { .. },
                ..
            }
        ) {
            assert!(matches!(self.k.commit(member), Commit::Committed { .. }));
        }
        Some((record, read))
    }

    /// Every listener handles records, resuming paused partitions at once
    /// (the backoff elapsed), for at most `rounds` rounds; returns how many
    /// refusals happened.
    fn drain(&mut self, rounds: usize) -> usize {
        let mut refusals = 0;
        for _ in 0..rounds {
            for m in [A, B, C] {
                for p in 0..self.k.topic.partitions() {
                    self.k.resume(m, p);
                }
                while let Some((_, read)) = self.handle(m) {
                    if let Read::Refused { then, .. } = read {
                        refusals += 1;
                        if matches!(then, Refused::RetryInPlace { .. }) {
                            break;
                        }
                    }
                }
            }
        }
        refusals
    }

    fn version(&self, ticket: u32) -> Option<u64> {
        self.replica.row(TicketId(ticket)).map(|r| r.version.0)
    }
}

fn czq_burst() -> Vec<Event> {
    vec![created(CZQ, 10), updated(CZQ, 15, 1), updated(CZQ, 20, 2)]
}

fn settings(on_refuse: OnRefuse) -> KafkaSettings {
    KafkaSettings {
        on_refuse,
        ..KafkaSettings::default()
    }
}

/// Keys keep order: whatever the interleaving of the three listeners'
/// steps (drawn from a seeded xorshift: the model's tests stay below the engine's
/// rng, which depends on config, which depends on this module), CZQ's records are handled by partition 2's
/// owner only, in version order, and OCC never refuses one.
#[test]
fn one_tickets_records_are_handled_in_order_by_its_partitions_owner() {
    for seed in 0..200 {
        let mut rng = Draws::new(seed);
        let mut run = Run::new(Strategy::Occ, KafkaSettings::default());
        let mut events = czq_burst();
        events.extend([created(AKU, 5), updated(AKU, 6, 1), updated(AKU, 7, 2)]);
        run.publish(&events);
        let mut handled: Vec<(MemberId, u32, u64)> = Vec::new();
        loop {
            let mut enabled = Vec::new();
            for m in [A, B, C] {
                let c = run.k.consumer(m);
                match c.hand.map(|h| h.stage) {
                    None if run.k.next_poll(m).is_some() => enabled.push((m, 0)),
                    Some(Stage::Read) => enabled.push((m, 1)),
                    Some(Stage::Write(_)) => enabled.push((m, 2)),
                    Some(Stage::Commit(_)) => enabled.push((m, 3)),
                    _ => {}
                }
            }
            if enabled.is_empty() {
                break;
            }
            let (m, step) = enabled[rng.below(enabled.len() as u64) as usize];
            match step {
                0 => {
                    let r = run.k.poll(m).unwrap();
                    handled.push((m, r.event.ticket.0, r.event.version.0));
                }
                1 => assert_eq!(
                    run.k.read(m, Strategy::Occ, &run.replica),
                    Read::Proceed,
                    "seed {seed}"
                ),
                2 => assert!(matches!(
                    run.k.write(m, &mut run.replica),
                    Write::Written {
                        out_of_order: false
                    }
                )),
                _ => assert!(matches!(run.k.commit(m), Commit::Committed { .. })),
            }
        }
        let of = |t: u32| -> Vec<(MemberId, u64)> {
            handled
                .iter()
                .filter(|h| h.1 == t)
                .map(|h| (h.0, h.2))
                .collect()
        };
        assert_eq!(of(CZQ), [(C, 0), (C, 1), (C, 2)], "seed {seed}");
        assert_eq!(of(AKU), [(A, 0), (A, 1), (A, 2)], "seed {seed}");
        assert_eq!((run.version(CZQ), run.version(AKU)), (Some(2), Some(2)));
        assert!(run.k.quiet());
    }
}

/// C writes CZQ v1 and crashes before committing. Nobody touches
/// partition 2 until C's session expires (45 s after its last heartbeat);
/// then B gets it from the committed offset 1 and v1 comes again.
fn crash_between_write_and_commit(run: &mut Run) {
    run.publish(&czq_burst());
    assert_eq!(run.handle(C).map(|h| h.0.offset), Some(0));
    assert_eq!(run.k.poll(C).map(|r| r.event.version), Some(Version(1)));
    assert_eq!(run.k.read(C, run.strategy, &run.replica), Read::Proceed);
    assert!(matches!(
        run.k.write(C, &mut run.replica),
        Write::Written { .. }
    ));
    assert_eq!(run.k.crash(C, 10_000), Some(54_000));
    // Before the expiry: partition 2 is still C's, and C is gone.
    assert_eq!(run.drain(3), 0);
    assert_eq!(run.version(CZQ), Some(1));
    assert!(!run.k.rebalance_ready());
    assert!(run.k.expire(C, 54_000));
    // A and B remain: "AAB". Eager and by range, so B's own partition 1
    // moves to A as well.
    let moves = run.k.rebalance(54_000).unwrap();
    assert_eq!(
        moves,
        [
            Move {
                partition: 1,
                from: Some(B),
                to: Some(A),
                resume_at: None
            },
            Move {
                partition: 2,
                from: Some(C),
                to: Some(B),
                resume_at: Some(1)
            }
        ]
    );
}

/// The course's listener under Kafka: the replayed v1 is a duplicate, OCC
/// refuses it (the row is already at 1), and retrying in place blocks
/// partition 2 for good: v2 behind it is never applied. Stalled.
#[test]
fn a_replay_after_a_rebalance_stalls_occ_retrying_in_place() {
    let mut run = Run::new(Strategy::Occ, KafkaSettings::default());
    crash_between_write_and_commit(&mut run);
    let (record, read) = run.handle(B).unwrap();
    assert_eq!((record.partition, record.offset), (2, 1));
    assert_eq!(
        read,
        Read::Refused {
            refusal: Refusal::NotAtVersion {
                want: Version(0),
                found: Version(1)
            },
            then: Refused::RetryInPlace {
                partition: 2,
                offset: 1,
                backoff_ms: 1_000
            }
        }
    );
    // Paused: nothing from partition 2 until the backoff is over, and
    // nothing will ever change: the retry meets the same row.
    assert_eq!(run.k.next_poll(B), None);
    assert!(run.k.livelocked(run.replica.changes()));
    assert!(!run.k.livelocked(run.replica.changes() + 1));
    assert!(run.drain(20) >= 20);
    assert_eq!(run.version(CZQ), Some(1));
    assert_eq!(run.k.group.committed(2), Some(1));
    assert_eq!(run.k.consumer(B).position(2), Some(1));
}

/// Skipping and committing moves past the duplicate: v2 is applied.
#[test]
fn skip_and_commit_moves_past_the_replayed_duplicate() {
    let mut run = Run::new(Strategy::Occ, settings(OnRefuse::SkipAndCommit));
    crash_between_write_and_commit(&mut run);
    assert!(!run.k.livelocked(run.replica.changes()));
    assert_eq!(run.drain(2), 1);
    assert_eq!(run.version(CZQ), Some(2));
    assert_eq!(run.k.group.committed(2), Some(3));
}

/// A listener that skips what it already has (newest-wins: not newer, ack
/// and skip) commits past the duplicate even when it retries refusals in
/// place.
#[test]
fn a_listener_that_skips_what_it_has_survives_the_replay() {
    let mut run = Run::new(Strategy::NewestWins, KafkaSettings::default());
    crash_between_write_and_commit(&mut run);
    let (_, read) = run.handle(B).unwrap();
    assert!(matches!(read, Read::Skipped(_)), "{read:?}");
    assert_eq!(run.drain(1), 0);
    assert_eq!(run.version(CZQ), Some(2));
}

/// The producer fault: v1's first request fails while v2's is in flight.
/// Returns the run with the log as the producer left it.
fn reordered_burst(strategy: Strategy, on_refuse: OnRefuse, idempotence: bool) -> Run {
    let mut run = Run::new(
        strategy,
        KafkaSettings {
            idempotence,
            max_in_flight: 5,
            ..settings(on_refuse)
        },
    );
    for e in czq_burst() {
        run.k.send(e);
    }
    while !run.k.producer.idle() {
        while run.k.producer.dispatch(2) {}
        let head = run.k.producer.in_flight()[0];
        let fault = if head.event.version == Version(1) && head.attempts == 1 {
            ProduceFault::NotWritten
        } else {
            ProduceFault::None
        };
        run.k.producer.arrive(&mut run.k.topic, fault);
    }
    run
}

fn log_versions(run: &Run) -> Vec<u64> {
    run.k.topic.records(2).map(|r| r.event.version.0).collect()
}

/// Without idempotence the log holds v0, v2, v1. OCC refuses v2 (the row
/// is at 0) and, retrying in place, never reaches v1 behind it: stalled.
#[test]
fn a_producer_reorder_stalls_occ_retrying_in_place() {
    let mut run = reordered_burst(Strategy::Occ, OnRefuse::default(), false);
    assert_eq!(log_versions(&run), [0, 2, 1]);
    assert!(run.drain(10) >= 10);
    assert_eq!(run.version(CZQ), Some(0));
    assert!(run.k.livelocked(run.replica.changes()));
}

/// Skipping instead: v2 is committed past unapplied, v1 applies, and the
/// replica ends at v1 while Tickets is at v2: a lost update, and nothing
/// will ever bring v2 back.
#[test]
fn a_producer_reorder_with_skip_and_commit_loses_the_update() {
    let mut run = reordered_burst(Strategy::Occ, OnRefuse::SkipAndCommit, false);
    assert_eq!(run.drain(3), 1);
    assert_eq!(run.version(CZQ), Some(1));
    assert!(run.k.quiet());
    assert!(!run.k.livelocked(run.replica.changes()));
}

/// The same fault with idempotence (the default): the broker refuses v2's
/// sequence gap, the producer resends v1 then v2, and OCC applies all.
#[test]
fn idempotence_keeps_the_order_through_the_same_fault() {
    let mut run = reordered_burst(Strategy::Occ, OnRefuse::default(), true);
    assert_eq!(log_versions(&run), [0, 1, 2]);
    assert_eq!(run.drain(2), 0);
    assert_eq!(run.version(CZQ), Some(2));
}

/// Under random faults (drawn through `below`), an idempotent producer's
/// log is always the send order, once each; a non-idempotent one with 5 in
/// flight reorders or duplicates for some seeds.
#[test]
fn only_idempotence_keeps_the_log_in_send_order_under_random_faults() {
    let run_with = |idempotence: bool, seed: u64| {
        let mut rng = Draws::new(seed);
        let mut below = |n: u64| rng.below(n);
        let mut pr = Producer::new(3, idempotence, 5);
        let mut topic = Topic::new(3);
        for v in 0..6 {
            pr.send(2, updated(CZQ, v, v));
        }
        let mut steps = 0;
        while !pr.idle() && steps < 1_000 {
            steps += 1;
            if below(2) == 0 && pr.dispatch(2) {
                continue;
            }
            let fault = ProduceFault::draw(200, 100, &mut below);
            if pr.arrive(&mut topic, fault).is_none() {
                pr.dispatch(2);
            }
        }
        assert!(pr.idle(), "seed {seed}");
        topic
            .records(2)
            .map(|r| r.event.version.0)
            .collect::<Vec<_>>()
    };
    let in_order: Vec<u64> = (0..6).collect();
    for seed in 0..300 {
        assert_eq!(run_with(true, seed), in_order, "seed {seed}");
    }
    assert!((0..300).any(|seed| run_with(false, seed) != in_order));
}

/// The eager rebalance waits for every live listener to finish its record:
/// A is mid-handler when B's session expires.
#[test]
fn a_rebalance_waits_for_the_records_in_hand() {
    let mut run = Run::new(Strategy::Occ, KafkaSettings::default());
    run.publish(&[created(AKU, 5)]);
    run.k.crash(B, 0);
    assert_eq!(run.k.poll(A).map(|r| r.partition), Some(0));
    assert!(run.k.expire(B, 45_000));
    assert!(!run.k.expire(B, 45_000));
    assert!(!run.k.rebalance_ready());
    assert_eq!(run.k.rebalance(45_000), None);
    assert_eq!(run.k.read(A, Strategy::Occ, &run.replica), Read::Proceed);
    assert!(matches!(
        run.k.write(A, &mut run.replica),
        Write::Written { .. }
    ));
    // Committed in the old generation, during the preparation: accepted.
    assert!(matches!(run.k.commit(A), Commit::Committed { .. }));
    let moves = run.k.rebalance(45_000).unwrap();
    assert_eq!(moves.len(), 1, "{moves:?}"); // "AAC": 1 goes to A, 2 stays C
    assert_eq!(run.k.group.owner(1), Some(A));
    assert_eq!(run.k.group.committed(0), Some(1));
}

/// C restarts before its old session expired: the rebalance cannot
/// complete until the coordinator drops the old member; then C rejoins
/// and gets partition 2 back from the committed offset.
#[test]
fn a_restart_rejoins_only_after_the_old_session_expires() {
    let mut run = Run::new(Strategy::Occ, KafkaSettings::default());
    run.publish(&czq_burst());
    run.handle(C);
    run.k.crash(C, 1_000);
    assert!(!run.k.restart(C, 20_000));
    assert!(!run.k.rebalance_ready());
    assert_eq!(run.k.poll(C), None);
    assert!(run.k.expire(C, 45_000));
    assert!(run.k.rebalance_ready());
    assert_eq!(run.k.rebalance(45_000), Some(vec![]));
    assert_eq!(run.k.group.generation(), 2);
    assert_eq!(run.k.consumer(C).position(2), Some(1));
    assert_eq!(run.drain(1), 0);
    assert_eq!(run.version(CZQ), Some(2));
}

/// `auto.offset.reset=latest` (Kafka's default): C crashes holding v0
/// before its first commit, and B takes partition 2 over at the log's end:
/// CZQ is never replicated. `earliest` (the model's default) replays it.
#[test]
fn with_latest_reset_a_never_committed_partition_loses_its_records() {
    for (reset, want) in [
        (OffsetReset::Latest, None),
        (OffsetReset::Earliest, Some(2)),
    ] {
        let mut run = Run::new(
            Strategy::Occ,
            KafkaSettings {
                offset_reset: reset,
                ..KafkaSettings::default()
            },
        );
        run.publish(&czq_burst());
        run.k.poll(C);
        let at = run.k.crash(C, 0).unwrap();
        run.k.expire(C, at);
        run.k.rebalance(at).unwrap();
        run.drain(2);
        assert_eq!(run.version(CZQ), want, "{reset:?}");
    }
}

/// A version error at write time (the row changed under the handler) is a
/// refusal too: retried in place from the same offset.
#[test]
fn a_conflict_at_write_time_retries_in_place() {
    let mut run = Run::new(Strategy::Occ, KafkaSettings::default());
    run.publish(&czq_burst());
    run.handle(C);
    run.k.poll(C);
    assert_eq!(run.k.read(C, Strategy::Occ, &run.replica), Read::Proceed);
    let other = updated(CZQ, 99, 1).row();
    run.replica.put(TicketId(CZQ), other, Version(1));
    assert_eq!(
        run.k.write(C, &mut run.replica),
        Write::ConflictRefused(Refused::RetryInPlace {
            partition: 2,
            offset: 1,
            backoff_ms: 1_000
        })
    );
    assert_eq!(run.k.commit(C), Commit::Nothing);
    assert!(run.k.resume(C, 2));
    assert_eq!(run.k.poll(C).map(|r| r.offset), Some(1));
}

#[test]
fn bad_setups_are_refused_in_words() {
    let zero = KafkaSettings {
        partitions: 0,
        ..KafkaSettings::default()
    };
    assert!(Kafka::new(zero, 3, 0)
        .unwrap_err()
        .contains("partitions is 0"));
    assert!(Kafka::new(KafkaSettings::default(), 0, 0)
        .unwrap_err()
        .contains("listeners is 0"));
}

/// The World's way in: its own listener code decides, and tells the model
/// only what the broker sees (`handled`, `refused`, `commit`).
#[test]
fn a_driver_with_its_own_handler_tells_the_model_what_it_decided() {
    let mut run = Run::new(Strategy::Occ, settings(OnRefuse::SkipAndCommit));
    run.publish(&czq_burst());
    assert_eq!(run.k.poll(C).map(|r| r.offset), Some(0));
    assert!(run.k.handled(C, Handled::Applied));
    assert!(matches!(
        run.k.commit(C),
        Commit::Committed {
            handled: Handled::Applied,
            ..
        }
    ));
    run.k.poll(C);
    assert_eq!(run.k.refused(C, 0), Refused::SkipAndCommit);
    assert!(matches!(
        run.k.commit(C),
        Commit::Committed {
            handled: Handled::RefusedSkipped,
            ..
        }
    ));
    assert_eq!(run.k.group.committed(2), Some(2));
    assert!(!run.k.handled(C, Handled::Applied));
}

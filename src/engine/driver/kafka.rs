//! The timed driver's side of Kafka: the model's timers onto the agenda
//! (a produce request's answer after a wire time drawn like a delivery's,
//! in the order sent; a commit after one such round trip), and each Kafka
//! wake-up handled, its faults drawn from the run's SimRng.

use super::Engine;
use crate::engine::agenda::{KafkaWake, Wake};

impl Engine {
    /// Puts the Kafka model's queued timers on the agenda.
    pub(super) fn kafka_timers(&mut self) {
        let mut timers = std::mem::take(&mut self.timers);
        self.world.take_kafka_timers(&mut timers);
        for &(at, wake) in &timers {
            let at = match wake {
                KafkaWake::Produce => {
                    let t = self.now.saturating_add(self.latency()).max(self.produce_at);
                    self.produce_at = t;
                    t
                }
                // commitSync is a round trip to the group coordinator: a
                // crash can fall between the write and the commit.
                KafkaWake::Commit { .. } => self.now.saturating_add(self.latency()),
                _ => at.max(self.now),
            };
            self.agenda.push(at, Wake::Kafka(wake));
        }
        timers.clear();
        self.timers = timers;
    }

    /// One Kafka wake-up; false if stale. A listener may crash just before
    /// it commits (`faults.crash_permille`): written, not committed, so the
    /// record is replayed after the rebalance.
    pub(super) fn kafka_wake(&mut self, wake: KafkaWake) -> bool {
        if !self.world.kafka_wake_live(wake) {
            return false;
        }
        match wake {
            KafkaWake::Produce => {
                let fail = self.rng.chance(self.config.faults.produce_retry_permille);
                self.world.kafka_produce(fail)
            }
            KafkaWake::Commit { member } => {
                if self.rng.chance(self.config.faults.crash_permille) {
                    self.crash(member);
                    return true;
                }
                self.world.kafka_commit(member)
            }
            KafkaWake::Resume { member, partition } => self.world.kafka_resume(member, partition),
            KafkaWake::SessionExpired { member } => self.world.kafka_session_expired(member),
        }
    }
}

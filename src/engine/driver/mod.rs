//! The timed driver shared by `Simulation` (one live run) and experiments
//! (many runs, no trace): the world, a virtual-time agenda and the seeded
//! PRNG. Scripted actions are passed in, so experiments share one list.

mod actions;
#[cfg(feature = "kafka")]
mod kafka;
mod manual;
mod schedule;

use super::action::{ActionError, ScriptedAction};
use super::agenda::{Agenda, Wake};
use super::broker::MessageStatus;
use super::checker::{self, OnLivelock, Outcome, Stop};
use super::config::Config;
use super::ids::{MemberId, MessageId};
use super::listener::Stage;
use super::note::Note;
use super::rng::SimRng;
use super::trace::{StepKind, TraceMode};
use super::warning::Warning;
use super::world::{Expired, Missed, ReadResult, World, WriteResult};

#[derive(Clone, Debug)]
pub(crate) struct Engine {
    pub(crate) world: World,
    pub(crate) config: Config,
    agenda: Agenda,
    rng: SimRng,
    pub(crate) now: u64,
    pub(crate) steps: u64,
    pub(crate) next_action: usize,
    /// The next choice of an explorer schedule (scheduled runs only).
    pub(crate) next_choice: usize,
    spike_until: u64,
    spike_extra: u64,
    lose_next_ack: bool,
    pub(crate) stop: Option<Stop>,
    /// Stop a livelocked run, or keep it looping (the live view).
    pub(crate) on_livelock: OnLivelock,
    /// Under `OnLivelock::Loop`: livelocked after the latest step, nothing
    /// scripted left, so the run goes round a poison loop for ever.
    pub(crate) looping: bool,
    lost: Vec<(MessageId, u32)>,
    /// Scripted actions that could not apply, in order (`Warning::Refused`).
    pub(crate) warnings: Vec<Warning>,
    /// The index of the first choice of a schedule not enabled at its step.
    pub(crate) bad_choice: Option<usize>,
    /// Kafka: when the latest produce request is answered (one connection,
    /// answered in the order sent), and a buffer for the model's timers.
    #[cfg_attr(not(feature = "kafka"), allow(dead_code))]
    produce_at: u64,
    #[cfg_attr(not(feature = "kafka"), allow(dead_code))]
    timers: Vec<(u64, super::agenda::KafkaWake)>,
}

impl Engine {
    pub fn new(config: &Config, seed: u64, mode: TraceMode) -> Self {
        Engine {
            world: World::new(config, mode),
            config: config.clone(),
            agenda: Agenda::default(),
            rng: SimRng::new(seed),
            now: 0,
            steps: 0,
            next_action: 0,
            next_choice: 0,
            spike_until: 0,
            spike_extra: 0,
            lose_next_ack: false,
            stop: None,
            on_livelock: OnLivelock::Stop,
            looping: false,
            lost: Vec::new(),
            warnings: Vec::new(),
            bad_choice: None,
            produce_at: 0,
            timers: Vec::new(),
        }
    }

    /// A fresh run with another seed, reusing every buffer.
    pub fn reset(&mut self, seed: u64) {
        self.world.reset();
        self.agenda.clear();
        self.rng = SimRng::new(seed);
        self.now = 0;
        self.steps = 0;
        self.next_action = 0;
        self.next_choice = 0;
        self.spike_until = 0;
        self.spike_extra = 0;
        self.lose_next_ack = false;
        self.stop = None;
        self.looping = false;
        self.warnings.clear();
        self.bad_choice = None;
        self.produce_at = 0;
    }

    /// True when nothing is left to happen (or the run was stopped). A
    /// wake-up that will change nothing when it comes (`live`), such as a
    /// heartbeat of a listener that crashed and is back, is not something
    /// left: it would only move the clock.
    pub fn finished(&self, actions: &[ScriptedAction]) -> bool {
        self.stop.is_some()
            || (self.next_action >= actions.len()
                && !self.holding()
                && self.agenda.iter().all(|(t, wake)| !self.live(t, wake)))
    }

    /// The virtual time of the next transition: the next wake-up that will
    /// change something (`live`) or scripted action, whichever is earlier
    /// (`None` when there is nothing left). `step` passes over the stale
    /// wake-ups before it on its way, and they change nothing.
    pub fn next_time(&self, actions: &[ScriptedAction]) -> Option<u64> {
        if self.stop.is_some() || self.waiting_for_network(actions) {
            return None;
        }
        let action = actions.get(self.next_action).map(|a| a.at_ms);
        let wake = (self.agenda.iter())
            .filter(|&(t, wake)| self.live(t, wake))
            .map(|(t, _)| t)
            .min();
        match (wake, action) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the wake-up `wake` due at `t` will be a transition when it
    /// comes, judged now by what `handle` checks then. A stale one stays
    /// stale: deliveries only move on, and a re-timed delivery gets a
    /// wake-up of its own.
    fn live(&self, t: u64, wake: Wake) -> bool {
        let w = &self.world;
        let holds = |member: MemberId, delivery: u32, stage: Stage| {
            let l = &w.listeners[member.index()];
            l.up && l
                .delivery(delivery)
                .is_some_and(|d| d.stage == stage && d.due_at == t)
        };
        match wake {
            Wake::Read { member, delivery } => holds(member, delivery, Stage::Read),
            Wake::Write { member, delivery } => holds(member, delivery, Stage::Write),
            // A closed holder's message is the group's shadow: no timer.
            Wake::AckWait { msg, delivery } => {
                let m = w.broker.message(msg);
                matches!(m.status, MessageStatus::InFlight { member } if !w.broker.closed(member))
                    && m.deliveries == delivery
                    // A nak's delay may have moved the deadline (JetStream).
                    && (w.broker_kind().is_stan() || w.ack_deadline(msg) <= t)
            }
            Wake::Restart { .. } => true,
            Wake::HeartbeatMissed { member, crashed_at } => {
                w.heartbeat_pending(member, crashed_at) && !w.broker.failed_hb(member)
            }
            Wake::HeartbeatsFail { member, crashed_at } => w.heartbeat_pending(member, crashed_at),
            #[cfg(feature = "kafka")]
            Wake::Kafka(k) => w.kafka_wake_live(k),
            #[cfg(not(feature = "kafka"))]
            Wake::Kafka(_) => false,
        }
    }

    pub fn outcome(&self) -> Outcome {
        checker::final_outcome(&self.world, self.stop)
    }

    /// Runs to quiescence (or a stop) and returns the outcome.
    pub fn run(&mut self, actions: &[ScriptedAction]) -> Outcome {
        while self.step(actions) {}
        self.outcome()
    }

    /// The backstop against a run that never settles: at the cap the run
    /// stops. A poison loop shown going round (`OnLivelock::Loop`) stops as
    /// the livelock it is, as it would have at once under `Stop`.
    pub(super) fn hit_transition_cap(&mut self) -> bool {
        if self.steps < self.config.max_transitions {
            return false;
        }
        if self.looping {
            self.stop = Some(Stop::Livelock);
            self.world.note(StepKind::Livelock, None, Note::Livelock);
        } else {
            self.stop = Some(Stop::TransitionCap);
            self.world
                .note(StepKind::Livelock, None, Note::TransitionCap);
        }
        true
    }

    /// One transition: the next agenda wake-up, or the next scripted action
    /// if it comes strictly earlier. False when there is nothing to do.
    pub fn step(&mut self, actions: &[ScriptedAction]) -> bool {
        if self.stop.is_some() {
            return false;
        }
        // The cap's comparison inline: the call was not, on every step.
        let capped = self.steps >= self.config.max_transitions && self.hit_transition_cap();
        if capped || self.waiting_for_network(actions) {
            return false;
        }
        self.world.step = self.steps;
        loop {
            let next_action = actions.get(self.next_action).map(|a| a.at_ms);
            // A wake-up due at the action's time goes first.
            if let Some((t, wake)) = self.agenda.pop_due(next_action) {
                let before = self.now;
                self.now = self.now.max(t);
                self.world.now = self.now;
                if self.handle(wake) {
                    break;
                }
                // A stale wake-up is no transition: the clock stays at the
                // last one, so a run ends when its last change happened.
                self.now = before;
                self.world.now = before;
                continue;
            }
            let Some(at) = next_action else {
                return false;
            };
            self.now = self.now.max(at);
            self.world.now = self.now;
            let action = &actions[self.next_action].action;
            self.next_action += 1;
            if let Err(e) = self.apply(action) {
                self.refused(actions, e);
            }
            break;
        }
        self.dispatch();
        self.steps += 1;
        let livelocked = self.next_action >= actions.len() && self.world.livelocked();
        match self.on_livelock {
            OnLivelock::Stop if livelocked => {
                self.stop = Some(Stop::Livelock);
                self.world.note(StepKind::Livelock, None, Note::Livelock);
            }
            OnLivelock::Stop => {}
            // No note: a step back replays a live action recorded later as
            // still to come (not livelocked), so the trace stays the same.
            OnLivelock::Loop => self.looping = livelocked,
        }
        true
    }

    /// The scripted action just taken could not apply: a step that says so,
    /// and a warning the run keeps (the trace may be cut or streamed away).
    pub(super) fn refused(&mut self, actions: &[ScriptedAction], e: ActionError) {
        let index = self.next_action - 1;
        self.warnings
            .push(Warning::refused(index, &actions[index], e.clone()));
        self.world
            .note(StepKind::Ignored, None, Note::Refused(Box::new(e)));
    }

    /// Takes every transition (wake-up or scripted action) due at or before
    /// `t` (before a live action at `t`).
    pub fn run_through(&mut self, t: u64, actions: &[ScriptedAction]) {
        while self.next_time(actions).is_some_and(|n| n <= t) && self.step(actions) {}
    }

    /// A live action may revive a livelocked run; a capped run stays over.
    pub fn unstop_for_action(&mut self) -> Result<(), ActionError> {
        match self.stop {
            Some(Stop::TransitionCap) => Err(ActionError::Finished),
            _ => {
                self.stop = None;
                Ok(())
            }
        }
    }

    /// Handles one wake-up; false if it was stale (not a transition).
    fn handle(&mut self, wake: Wake) -> bool {
        match wake {
            Wake::Read { member, delivery } => {
                if !self.due(member, delivery, Stage::Read) {
                    return false;
                }
                if self.rng.chance(self.config.faults.crash_permille) {
                    self.crash(member);
                    return true;
                }
                match self.world.read(member, delivery) {
                    ReadResult::Proceed => {
                        let l = &mut self.world.listeners[member.index()];
                        if let Some(d) = l.delivery_mut(delivery) {
                            d.due_at = self.now.saturating_add(d.processing_ms);
                            self.agenda.push(d.due_at, Wake::Write { member, delivery });
                        }
                    }
                    ReadResult::Refused { msg, number } => self.arm(msg, number),
                    ReadResult::Skipped | ReadResult::Gone => {}
                }
                true
            }
            Wake::Write { member, delivery } => {
                if !self.due(member, delivery, Stage::Write) {
                    return false;
                }
                // A lost ack needs an applied write; until one happens, a
                // scripted "lose the next ack" stays armed.
                let lose =
                    self.lose_next_ack || self.rng.chance(self.config.faults.lost_ack_permille);
                match self.world.write(member, delivery, lose) {
                    WriteResult::AckLost { msg, number } => {
                        self.lose_next_ack = false;
                        self.arm(msg, number);
                    }
                    WriteResult::Refused { msg, number } => self.arm(msg, number),
                    WriteResult::Acked | WriteResult::Gone => {}
                }
                true
            }
            Wake::AckWait { msg, delivery } => {
                let m = self.world.broker.message_mut(msg);
                if m.timer_for == delivery {
                    m.timer_for = 0;
                }
                match self.world.expire(msg, delivery) {
                    Expired::Stale => false,
                    Expired::Redelivered { member, delivery } => {
                        self.sent(msg, member, delivery);
                        true
                    }
                    Expired::DeadLettered | Expired::Requeued => true,
                }
            }
            Wake::Restart { member } => {
                let mut moved = std::mem::take(&mut self.lost);
                moved.clear();
                let resent = self.world.restart(member, &mut moved);
                self.arm_moved(moved);
                for (msg, delivery) in resent {
                    self.sent(msg, member, delivery);
                }
                true
            }
            Wake::HeartbeatMissed { member, crashed_at } => {
                let mut moved = std::mem::take(&mut self.lost);
                moved.clear();
                let missed = self.world.heartbeat_missed(member, crashed_at, &mut moved);
                self.arm_moved(moved);
                match missed {
                    Missed::Stale => false,
                    Missed::Avoided { close_at } => {
                        let wake = Wake::HeartbeatsFail { member, crashed_at };
                        self.agenda.push(close_at, wake);
                        true
                    }
                    Missed::Closed => true,
                }
            }
            Wake::HeartbeatsFail { member, crashed_at } => {
                let mut moved = std::mem::take(&mut self.lost);
                moved.clear();
                let happened = self.world.heartbeats_failed(member, crashed_at, &mut moved);
                self.arm_moved(moved);
                happened
            }
            #[cfg(feature = "kafka")]
            Wake::Kafka(k) => self.kafka_wake(k),
            #[cfg(not(feature = "kafka"))]
            Wake::Kafka(_) => false,
        }
    }

    /// Keeps the ack waits of a closed member's moved messages armed. A
    /// moved message keeps its `delivered_at`, so arming uses its original
    /// expiry, or now if that has passed (`performAckExpirationRedelivery`
    /// after `subStore.Remove`); when the timer its lost delivery armed is
    /// still on the agenda (for that same time), this is a no-op. Hands the
    /// buffer back for reuse.
    fn arm_moved(&mut self, moved: Vec<(MessageId, u32)>) {
        for &(msg, number) in &moved {
            self.arm(msg, number);
        }
        self.lost = moved;
    }

    fn due(&self, member: MemberId, delivery: u32, stage: Stage) -> bool {
        let l = &self.world.listeners[member.index()];
        l.up && l
            .delivery(delivery)
            .is_some_and(|d| d.stage == stage && d.due_at == self.now)
    }

    /// Puts an ack-wait expiry on the agenda for the latest delivery of a
    /// message that will not be acked in time (once per delivery).
    fn arm(&mut self, msg: MessageId, number: u32) {
        let deadline = self.world.ack_deadline(msg);
        // No ack wait at all (Kafka).
        if deadline == u64::MAX {
            return;
        }
        let m = self.world.broker.message_mut(msg);
        let in_flight = matches!(m.status, MessageStatus::InFlight { .. });
        if !in_flight || m.deliveries != number || m.timer_for == number {
            return;
        }
        m.timer_for = number;
        let at = deadline.max(self.now);
        self.agenda.push(
            at,
            Wake::AckWait {
                msg,
                delivery: number,
            },
        );
    }

    fn latency(&mut self) -> u64 {
        let extra = if self.now < self.spike_until {
            self.spike_extra
        } else {
            0
        };
        self.rng
            .duration(self.config.delivery_ms)
            .saturating_add(extra)
    }

    /// Hands queued messages to members with room.
    fn dispatch(&mut self) {
        while let Some((msg, member)) = self.world.next_send(self.config.assignment, &mut self.rng)
        {
            let delivery = self.world.deliver(msg, member);
            self.sent(msg, member, delivery);
        }
        // Only Kafka queues timers (asked after every transition).
        #[cfg(feature = "kafka")]
        if self.world.broker_kind() == super::config::BrokerKind::Kafka {
            self.kafka_timers();
        }
    }

    /// A message was just sent to `member` (`delivery` in its hand, or lost
    /// if the member is down): samples wire and processing times, keeps the
    /// member's arrivals in the order sent whatever the channel (one NATS
    /// connection per client: a delay on it holds back everything behind),
    /// and arms the ack wait only if the message will not be acked in time.
    fn sent(&mut self, msg: MessageId, member: MemberId, delivery: Option<u32>) {
        let number = self.world.broker.message(msg).deliveries;
        let Some(id) = delivery else {
            self.arm(msg, number);
            return;
        };
        let wire = self.latency();
        let processing = self.rng.duration(self.config.processing_ms);
        if self.hold(msg, member, id, processing) {
            return;
        }
        let l = &mut self.world.listeners[member.index()];
        let due = self.now.saturating_add(wire).max(l.arrival);
        l.arrival = due;
        if let Some(d) = l.delivery_mut(id) {
            d.due_at = due;
            d.processing_ms = processing;
            self.agenda.push(
                due,
                Wake::Read {
                    member,
                    delivery: id,
                },
            );
            if (due - self.now).saturating_add(processing) > self.world.ack_wait_of(number) {
                self.arm(msg, number);
            }
        }
    }
}

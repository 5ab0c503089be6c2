//! The playground's one reducer: user messages in, engine commands out. Every
//! change of state goes through `Playground::reduce`; the Yew side only
//! forwards messages here.

use super::lessons::LESSONS;
use super::msg::{Msg, Tab};
use super::pace;
use super::provenance::{Address, From, Provenance};
use super::state::Playground;
use super::view::TimelineRows;
use super::warned;
use crate::engine::checker::OnLivelock;
use crate::engine::{Action, MsRange, Scenario, Simulation};
use crate::share::SharedState;
use std::cell::RefCell;
use std::rc::Rc;

impl Playground {
    pub(super) fn changed(&self, f: impl FnOnce(&mut Self)) -> Rc<Self> {
        let mut next = self.clone();
        next.rev += 1;
        next.notice = None;
        next.share_said = None;
        f(&mut next);
        Rc::new(next)
    }

    pub(super) fn notice(&self, text: String) -> Rc<Self> {
        self.changed(|s| s.notice = Some(text))
    }

    pub(super) fn replace(&self, sim: Simulation) -> Rc<Self> {
        self.changed(|s| {
            s.clock_ms = sim.now_ms();
            s.fresh_from = sim.steps_taken().saturating_sub(1);
            // A replay of the same script refuses the same actions again: the
            // ones said already stay said until the run passes them again.
            s.warned = s.warned.min(sim.refusals().len());
            s.sim = Rc::new(RefCell::new(sim));
            s.timeline = TimelineRows::default();
            s.playing = false;
            s.fast_forward = false;
            s.skipped = None;
            s.dwell = 0;
        })
    }

    /// Rebuilds the run with a changed scenario (same actions) and replays it to
    /// the same point (`pace::replay_to`), so a strategy switch retells the
    /// same story and nothing the user did disappears.
    fn rebuild(&self, change: impl FnOnce(&mut Scenario)) -> Rc<Self> {
        let (mut scenario, now, steps) = {
            let sim = self.sim.borrow();
            (sim.scenario().clone(), sim.now_ms(), sim.steps_taken())
        };
        let before = scenario.clone();
        change(&mut scenario);
        match Simulation::with_livelock(scenario, OnLivelock::Loop) {
            Ok(mut sim) => {
                pace::replay_to(&mut sim, now, steps);
                let said = warned::setup_notice(Some(&before), sim.scenario());
                let next = self.replace(sim);
                match said {
                    Some(text) => next.notice(text),
                    None => next,
                }
            }
            Err(e) => self.notice(e.to_string()),
        }
    }

    /// A scenario from its start, up to `step`.
    fn start(&self, scenario: Scenario, step: u64) -> Rc<Self> {
        match Simulation::replay_with(scenario, step, OnLivelock::Loop) {
            Ok(sim) => self.replace(sim),
            Err(e) => self.notice(e.to_string()),
        }
    }

    /// Back to the start of the opened scenario, under the current settings.
    fn reset(&self) -> Rc<Self> {
        let mut scenario = self.sim.borrow().scenario().clone();
        scenario.actions = self.origin.scenario.actions.clone();
        scenario.schedule = self.origin.scenario.schedule.clone();
        self.start(scenario, self.origin.step)
    }

    /// An empty run under the current settings: no actions at all, and no
    /// lesson (its text would tell a story the run no longer has).
    fn clear(&self) -> Rc<Self> {
        let mut scenario = self.sim.borrow().scenario().clone();
        scenario.actions.clear();
        scenario.schedule = None;
        let next = self.start(scenario, 0);
        Rc::new(Playground {
            lesson: None,
            ..(*next).clone()
        })
    }

    /// The first transition to show as new after work that began at
    /// `before` transitions: `before` if it took any, else the last ones
    /// stay new (a tick that took none must not end their flash).
    pub(super) fn fresh_since(&self, before: u64) -> u64 {
        if self.sim.borrow().steps_taken() > before {
            before
        } else {
            self.fresh_from
        }
    }

    /// A live action at the player's clock (never before it: time shown
    /// does not go back); what the opened scenario still has to do (a
    /// lesson's updates) stays and happens.
    fn act(&self, action: Action) -> Rc<Self> {
        let before = self.sim.borrow().steps_taken();
        let script = &self.origin.scenario.actions;
        let result = self.sim.borrow_mut().act_at(action, self.clock_ms, script);
        let fresh_from = self.fresh_since(before);
        let now = self.sim.borrow().now_ms();
        match result {
            Ok(()) => self.changed(|s| {
                s.fresh_from = fresh_from;
                s.clock_ms = s.clock_ms.max(now);
                s.skipped = None;
                s.dwell = 0;
            }),
            Err(e) => self.notice(e.to_string()),
        }
    }

    fn burst(&self, n: u64) -> Rc<Self> {
        let first = self.sim.borrow().tickets().first().map(|t| (t.id, t.price));
        let Some((id, base)) = first else {
            return self.notice("Create a ticket first: the burst updates it.".into());
        };
        let script = &self.origin.scenario.actions;
        let result = {
            let mut sim = self.sim.borrow_mut();
            let burst = crate::engine::Burst::new(u32::try_from(n).unwrap_or(u32::MAX), 0);
            let mut updates = burst.updates_of(id, base);
            updates.try_for_each(|a| sim.act_at(a, self.clock_ms, script))
        };
        let now = self.sim.borrow().now_ms();
        match result {
            Ok(()) => self.changed(|s| {
                s.playing = true;
                s.fast_forward = true;
                s.clock_ms = s.clock_ms.max(now);
                s.skipped = None;
                s.dwell = 0;
            }),
            Err(e) => self.notice(e.to_string()),
        }
    }

    fn lesson(&self, i: usize) -> Rc<Self> {
        match LESSONS.get(i) {
            Some(lesson) => {
                let next = self.start(lesson.scenario(), 0);
                let origin = SharedState {
                    scenario: lesson.scenario(),
                    step: 0,
                    lesson: Some(lesson.id.to_string()),
                };
                Rc::new(Playground {
                    lesson: Some(i),
                    came_from: Provenance::opened(From::Lesson, &origin, Address::Unknown),
                    origin,
                    ..(*next).clone()
                })
            }
            None => self.notice(format!("There is no lesson {}.", i + 1)),
        }
    }

    /// Opens a whole state in the live view; the panels' jobs and the speed stay.
    pub(super) fn open_run(&self, state: SharedState, from: From, address: Address) -> Rc<Self> {
        let opened = Playground::opened(state, from, address);
        self.changed(|s| {
            s.came_from = opened.came_from;
            s.clock_ms = opened.clock_ms;
            s.fresh_from = opened.fresh_from;
            s.origin = opened.origin;
            s.fast_forward = false;
            s.sim = opened.sim;
            s.skipped = None;
            s.dwell = 0;
            s.timeline = TimelineRows::default();
            s.lesson = opened.lesson;
            s.notice = opened.notice;
            s.warned = opened.warned;
            s.playing = false;
            s.tab = Tab::Live;
        })
    }

    /// Says the actions refused since the last said (`warned` of them), and
    /// pauses Play on them: a notice goes with the next tick.
    fn say_refusals(self: Rc<Self>) -> Rc<Self> {
        let said = warned::refused_notice(&self.sim.borrow(), self.warned);
        let Some((count, text)) = said else {
            return self;
        };
        let mut next = (*self).clone();
        next.rev += 1;
        next.warned = count;
        next.notice = warned::and(next.notice.take(), Some(text));
        next.playing = false;
        next.fast_forward = false;
        Rc::new(next)
    }

    /// "You are the network": while everything waits on the wire no time
    /// passes, so the arrival is now, not at a clock a last tick ran ahead.
    fn arrive(self: Rc<Self>, arrive: Action) -> Rc<Self> {
        let now = self.sim.borrow().now_ms();
        let waiting = self.sim.borrow().next_time_ms().is_none();
        let at_now = if waiting && self.clock_ms > now {
            Rc::new(Playground {
                clock_ms: now,
                ..(*self).clone()
            })
        } else {
            self
        };
        at_now.act(arrive)
    }

    /// A visible confirmation either way, next to the button; the field
    /// beside it holds the text for copying by hand when the browser refuses.
    /// (The first-visit page hands the share bar over: only the full page.)
    #[cfg(feature = "jobs")]
    fn copied(&self, text: String, what: &str, copied: bool) -> Rc<Self> {
        self.changed(|s| {
            s.shown_link = Some(text);
            s.share_said = Some(if copied {
                format!("Copied the {what} to the clipboard.")
            } else {
                format!("The browser did not allow copying; select the {what} below and copy it.")
            });
        })
    }

    /// The state after `msg`. The same `Rc` back means nothing changed.
    pub fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let ticking = matches!(msg, Msg::Tick);
        let next = self.apply(msg).say_refusals();
        if ticking {
            return next; // a tick never changes the scenario
        }
        // A run opened from outside is the user's own from its first change.
        let own = next.came_from.after(next.sim.borrow().scenario());
        match own {
            Some(came_from) => Rc::new(Playground {
                came_from,
                ..(*next).clone()
            }),
            None => next,
        }
    }

    fn apply(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Create { title, price } => self.act(Action::CreateTicket { title, price }),
            Msg::Update { id, title, price } => self.act(Action::UpdateTicket { id, title, price }),
            Msg::TwoEditors {
                id,
                first_price,
                second_price,
            } => self.act(Action::TwoEditors {
                id,
                first_price,
                second_price,
            }),
            Msg::Delete { id } => self.act(Action::DeleteTicket { id }),
            Msg::SetStrategy(v) => self.rebuild(|s| s.config.strategy = v),
            Msg::SetScheme(v) => self.rebuild(|s| s.config.scheme = v),
            Msg::SetOnDelete(v) => self.rebuild(|s| s.config.on_delete = v),
            Msg::SetBroker(b) => {
                let mut said = None;
                let next = self.rebuild(|s| said = super::brokers::choose(s, b));
                match said {
                    Some(text) if next.notice.is_none() => next.notice(text),
                    _ => next,
                }
            }
            Msg::SetJetStream(js) => self.rebuild(|s| s.config.jetstream = js),
            // The first-visit module runs NATS Streaming only (another
            // broker is handed over): it links neither.
            #[cfg(feature = "jobs")]
            Msg::SetBackOff(text) => match super::brokers::backoff(&text) {
                Ok(steps) => self.rebuild(|s| s.config.jetstream.backoff_ms = steps),
                Err(why) => self.notice(why),
            },
            #[cfg(feature = "jobs")]
            Msg::SetKafka {
                settings,
                produce_retry_permille,
            } => self.rebuild(|s| {
                s.config.kafka = settings;
                s.config.faults.produce_retry_permille = produce_retry_permille;
            }),
            Msg::SetListeners(n) => self.rebuild(|s| s.config.listeners = n),
            Msg::SetAckWait(ms) => self.rebuild(|s| s.config.ack_wait_ms = ms),
            Msg::SetDelivery { min, max } => {
                self.rebuild(|s| s.config.delivery_ms = MsRange::new(min, max))
            }
            Msg::SetProcessing { min, max } => {
                self.rebuild(|s| s.config.processing_ms = MsRange::new(min, max))
            }
            Msg::SetSeed(seed) => self.rebuild(|s| s.seed = seed),
            Msg::Crash(member) => self.act(Action::CrashListener { member }),
            Msg::LoseNextAck => self.act(Action::LoseNextAck),
            Msg::DelaySpike => self.act(Action::DelaySpike {
                extra_ms: 200,
                duration_ms: 500,
            }),
            Msg::Shuffle => self.act(Action::Shuffle),
            Msg::Route {
                channel,
                seq,
                member,
            } => self.act(Action::Route {
                channel,
                seq,
                member,
            }),
            // Rebuilt like any setting; the arrivals chosen mean nothing to
            // an automatic network, so switching it off drops them.
            Msg::SetManualNetwork(on) => self.rebuild(|s| {
                s.config.manual_network = on;
                if !on {
                    s.actions
                        .retain(|a| !matches!(a.action, Action::Arrive { .. }));
                }
            }),
            Msg::Arrive {
                channel,
                seq,
                member,
            } => self.arrive(Action::Arrive {
                channel,
                seq,
                member,
            }),
            Msg::Play => self.play(false),
            Msg::TogglePlay => self.play(true),
            Msg::Pause => self.pause(),
            Msg::Step => self.step_once(),
            Msg::Tick if self.playing => self.tick(),
            Msg::Tick => self,
            Msg::StepBack => {
                let step = self.sim.borrow().steps_taken().saturating_sub(1);
                self.jump(step)
            }
            Msg::JumpTo(step) => self.jump(step),
            Msg::Reset => self.reset(),
            Msg::Clear => self.clear(),
            Msg::SetSpeed(speed) => self.set_speed(speed),
            Msg::Burst(n) => self.burst(n),
            Msg::Lesson(i) => self.lesson(i),
            Msg::ShowTab(tab) => self.changed(|s| {
                s.tab = tab;
                s.playing &= tab == Tab::Live;
            }),
            Msg::LeaveLesson => self.changed(|s| s.lesson = None),
            Msg::FreePlay => {
                self.open_run(Playground::default().shared(), From::Own, Address::Unknown)
            }
            Msg::Open { state, from } => self.open_run(*state, from, Address::Unknown),
            #[cfg(feature = "jobs")]
            Msg::Import(m) => self.import(m),
            #[cfg(feature = "jobs")]
            Msg::Copied { text, what, copied } => self.copied(text, what, copied),
            // The panels' jobs change nothing of the live run: no new rev, and a
            // notice about the live run stays while a job works in slices.
            #[cfg(feature = "jobs")]
            Msg::Experiment(m) => Rc::new(Playground {
                experiments: self.experiments.update(m),
                ..(*self).clone()
            }),
            #[cfg(feature = "jobs")]
            Msg::Explore(m) => Rc::new(Playground {
                explorer: self.explorer.update(m),
                ..(*self).clone()
            }),
            // The first-visit module hands the other tabs and an import over
            // to the full page (`app::effects::handover`): these never reach
            // its reducer, and it links none of their code.
            #[cfg(not(feature = "jobs"))]
            Msg::Experiment(_) | Msg::Explore(_) | Msg::Import(_) | Msg::Copied { .. } => self,
            Msg::Notice(text) => self.notice(text),
            Msg::DismissNotice => self.changed(|_| {}),
        }
    }
}

//! The page's one reducer: user messages in, engine commands out.
//!
//! The simulation lives behind `Rc<RefCell<..>>` so a tick mutates it in place
//! instead of cloning a trace of thousands of steps; `rev` tells Yew it changed.

use super::lessons::LESSONS;
use super::msg::{Msg, Tab};
use super::view::TimelineRows;
use crate::engine::{
    Action, Channel, Config, MemberId, MsRange, Scenario, Simulation, Strategy, TicketId,
    VersionScheme,
};
use crate::share::SharedState;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// The play timer's period; each tick takes `speed` engine steps.
pub const TICK_MS: u32 = 120;
pub const DEFAULT_SEED: u64 = 7;
pub const BURST_UPDATES: u64 = 200;

#[derive(Clone)]
pub struct Playground {
    sim: Rc<RefCell<Simulation>>,
    rev: u64,
    pub playing: bool,
    pub speed: u32,
    pub lesson: Option<usize>,
    pub tab: Tab,
    /// The timeline rows made so far for this `sim` (a new sim starts a new log).
    timeline: TimelineRows,
    /// A message for the user about the last thing that could not be done.
    pub notice: Option<String>,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.rev == other.rev
            && self.playing == other.playing
            && self.speed == other.speed
            && self.lesson == other.lesson
            && self.tab == other.tab
            && self.notice == other.notice
    }
}

/// What the page opens with: one ticket, naive listeners (the bug first), paused.
pub fn default_scenario() -> Scenario {
    let config = Config {
        strategy: Strategy::Naive,
        ..Config::default()
    };
    Scenario::new(config, DEFAULT_SEED).at(
        0,
        Action::CreateTicket {
            title: "concert".into(),
            price: 5,
        },
    )
}

impl Playground {
    /// Opens a scenario at a step. A scenario that cannot run falls back to the
    /// default one, with a notice saying why.
    pub fn open(state: SharedState, notice: Option<String>) -> Self {
        let (sim, notice) = match Simulation::replay(state.scenario, state.step) {
            Ok(sim) => (sim, notice),
            Err(e) => (
                Simulation::new(default_scenario()).expect("the default scenario is valid"),
                Some(format!(
                    "That scenario could not be opened ({e}); the default scenario is loaded."
                )),
            ),
        };
        let lesson = state.lesson.as_deref().and_then(super::lessons::index_of);
        Self {
            sim: Rc::new(RefCell::new(sim)),
            rev: 0,
            playing: false,
            speed: 4,
            lesson,
            tab: Tab::Live,
            timeline: TimelineRows::default(),
            notice,
        }
    }

    /// The default page: its create applied, so a ticket is there to edit.
    pub fn new(scenario: Scenario) -> Self {
        let p = Self::open(
            SharedState {
                scenario,
                step: 0,
                lesson: None,
            },
            None,
        );
        {
            let mut sim = p.sim.borrow_mut();
            while sim.tickets().is_empty() && sim.now_ms() == 0 && sim.step() {}
        }
        p
    }

    /// Changes whenever anything shown may have changed.
    pub fn rev(&self) -> u64 {
        self.rev
    }

    /// The timeline's rows up to now, making only the rows of steps not seen before.
    pub fn timeline_rows(&self) -> TimelineRows {
        let sim = self.sim.borrow();
        let lanes = sim.members().len();
        let trace = sim.trace();
        let steps = &trace.steps;
        self.timeline.grown_to(steps.len(), |i| {
            super::project::row(&steps[i], lanes, trace.titles())
        })
    }

    pub fn sim(&self) -> std::cell::Ref<'_, Simulation> {
        self.sim.borrow()
    }

    /// Everything needed to reopen this exact view (share link, storage).
    pub fn shared(&self) -> SharedState {
        let sim = self.sim.borrow();
        SharedState {
            scenario: sim.scenario().clone(),
            step: sim.steps_taken(),
            lesson: self.lesson.map(|i| LESSONS[i].id.to_string()),
        }
    }

    fn changed(&self, f: impl FnOnce(&mut Self)) -> Rc<Self> {
        let mut next = self.clone();
        next.rev += 1;
        next.notice = None;
        f(&mut next);
        Rc::new(next)
    }

    fn notice(&self, text: String) -> Rc<Self> {
        self.changed(|s| s.notice = Some(text))
    }

    fn replace(&self, sim: Simulation) -> Rc<Self> {
        self.changed(|s| {
            s.sim = Rc::new(RefCell::new(sim));
            s.timeline = TimelineRows::default();
            s.playing = false;
        })
    }

    /// Rebuilds the run with a changed scenario (same actions) and replays it to
    /// the same virtual time, so a strategy switch retells the same story.
    fn rebuild(&self, change: impl FnOnce(&mut Scenario)) -> Rc<Self> {
        let (mut scenario, now) = {
            let sim = self.sim.borrow();
            (sim.scenario().clone(), sim.now_ms())
        };
        change(&mut scenario);
        self.start(scenario, now)
    }

    fn start(&self, scenario: Scenario, until_ms: u64) -> Rc<Self> {
        match Simulation::new(scenario) {
            Ok(mut sim) => {
                while sim.now_ms() < until_ms && sim.step() {}
                self.replace(sim)
            }
            Err(e) => self.notice(e.to_string()),
        }
    }

    fn act(&self, action: Action) -> Rc<Self> {
        let result = self.sim.borrow_mut().act(action);
        match result {
            Ok(()) => self.changed(|_| {}),
            Err(e) => self.notice(e.to_string()),
        }
    }

    /// Time travel: replay the recorded scenario from its seed up to `step`.
    fn jump(&self, step: u64) -> Rc<Self> {
        let scenario = self.sim.borrow().scenario().clone();
        match Simulation::replay(scenario, step) {
            Ok(sim) => self.replace(sim),
            Err(e) => self.notice(e.to_string()),
        }
    }

    fn tick(&self) -> Rc<Self> {
        let more = {
            let mut sim = self.sim.borrow_mut();
            (0..self.speed).all(|_| sim.step())
        };
        self.changed(|s| s.playing = more)
    }

    fn burst(&self, n: u64) -> Rc<Self> {
        let first = self.sim.borrow().tickets().first().map(|t| (t.id, t.price));
        let Some((id, base)) = first else {
            return self.notice("Create a ticket first: the burst updates it.".into());
        };
        let result = {
            let mut sim = self.sim.borrow_mut();
            let burst = crate::engine::Burst::new(u32::try_from(n).unwrap_or(u32::MAX), 0);
            let mut updates = burst.updates_of(id, base);
            updates.try_for_each(|a| sim.act(a))
        };
        match result {
            Ok(()) => self.changed(|s| s.playing = true),
            Err(e) => self.notice(e.to_string()),
        }
    }
}

fn unknown(what: &str, name: &str) -> String {
    format!("There is no {what} {name:?}.")
}

impl Reducible for Playground {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Create { title, price } => self.act(Action::CreateTicket { title, price }),
            Msg::Update { id, title, price } => match TicketId::parse(&id) {
                Some(id) => self.act(Action::UpdateTicket { id, title, price }),
                None => self.notice(unknown("ticket", &id)),
            },
            Msg::TwoEditors {
                id,
                first_price,
                second_price,
            } => match TicketId::parse(&id) {
                Some(id) => self.act(Action::TwoEditors {
                    id,
                    first_price,
                    second_price,
                }),
                None => self.notice(unknown("ticket", &id)),
            },
            Msg::SetStrategy(name) => match Strategy::parse(&name) {
                Some(v) => self.rebuild(|s| s.config.strategy = v),
                None => self.notice(unknown("strategy", &name)),
            },
            Msg::SetScheme(name) => match VersionScheme::parse(&name) {
                Some(v) => self.rebuild(|s| s.config.scheme = v),
                None => self.notice(unknown("version scheme", &name)),
            },
            Msg::SetListeners(n) => match u8::try_from(n) {
                Ok(n) => self.rebuild(|s| s.config.listeners = n),
                Err(_) => self.notice(unknown("listener count", &n.to_string())),
            },
            Msg::SetAckWait(ms) => self.rebuild(|s| s.config.ack_wait_ms = ms),
            Msg::SetDelivery { min, max } => {
                self.rebuild(|s| s.config.delivery_ms = MsRange::new(min, max))
            }
            Msg::SetProcessing { min, max } => {
                self.rebuild(|s| s.config.processing_ms = MsRange::new(min, max))
            }
            Msg::SetSeed(seed) => self.rebuild(|s| s.seed = seed),
            Msg::Crash(member) => match MemberId::parse(&member) {
                Some(member) => self.act(Action::CrashListener { member }),
                None => self.notice(unknown("listener", &member)),
            },
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
            } => match Channel::parse(&channel).zip(MemberId::parse(&member)) {
                Some((channel, member)) => self.act(Action::Route {
                    channel,
                    seq,
                    member,
                }),
                None => self.notice(format!("Cannot route {channel} #{seq} to {member}.")),
            },
            Msg::Play => {
                let playing = !self.sim.borrow().finished();
                self.changed(|s| s.playing = playing)
            }
            Msg::Pause => self.changed(|s| s.playing = false),
            Msg::TogglePlay => {
                let playing = !self.playing && !self.sim.borrow().finished();
                self.changed(|s| s.playing = playing)
            }
            Msg::Step => {
                self.sim.borrow_mut().step();
                self.changed(|s| s.playing = false)
            }
            Msg::Tick if self.playing => self.tick(),
            Msg::Tick => self,
            Msg::StepBack => {
                let step = self.sim.borrow().steps_taken().saturating_sub(1);
                self.jump(step)
            }
            Msg::JumpTo(step) => self.jump(step),
            Msg::Reset => {
                let mut scenario = self.sim.borrow().scenario().clone();
                scenario.actions.clear();
                scenario.schedule = None;
                self.start(scenario, 0)
            }
            Msg::SetSpeed(speed) => self.changed(|s| s.speed = speed.clamp(1, 1024)),
            Msg::Burst(n) => self.burst(n),
            Msg::Lesson(i) => match LESSONS.get(i) {
                Some(lesson) => {
                    let next = self.start(lesson.scenario(), 0);
                    Rc::new(Playground {
                        lesson: Some(i),
                        ..(*next).clone()
                    })
                }
                None => self.notice(format!("There is no lesson {}.", i + 1)),
            },
            Msg::ShowTab(tab) => self.changed(|s| {
                s.tab = tab;
                s.playing &= tab == Tab::Live;
            }),
            Msg::LeaveLesson => self.changed(|s| s.lesson = None),
            Msg::Load(state) => {
                let speed = self.speed;
                let mut next = Playground::open(*state, None);
                next.rev = self.rev + 1;
                next.speed = speed;
                next.tab = Tab::Live;
                Rc::new(next)
            }
            Msg::Notice(text) => self.notice(text),
            Msg::DismissNotice => self.changed(|_| {}),
        }
    }
}

//! The page's one reducer: user messages in, engine commands out.
//!
//! The simulation lives behind `Rc<RefCell<..>>` so a tick mutates it in place
//! instead of cloning a trace of thousands of steps; `rev` tells Yew it changed.

use super::msg::Msg;
use crate::engine::{
    Action, Channel, Config, MemberId, MsRange, Scenario, Simulation, Strategy, TicketId,
    VersionScheme,
};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// Engine steps per animation tick at speed 1; the play timer fires every TICK_MS.
pub const TICK_MS: u32 = 120;
pub const DEFAULT_SEED: u64 = 7;

pub struct Playground {
    sim: Rc<RefCell<Simulation>>,
    rev: u64,
    pub playing: bool,
    pub speed: u32,
    /// A message for the user about the last action that could not be done.
    pub notice: Option<String>,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.rev == other.rev
            && self.playing == other.playing
            && self.speed == other.speed
            && self.notice == other.notice
    }
}

impl Playground {
    /// Opens a scenario with its first action applied, so a ticket is there to edit.
    pub fn new(scenario: Scenario) -> Self {
        let mut sim = Simulation::new(scenario).unwrap_or_else(|_| default_sim());
        while sim.tickets().is_empty() && sim.now_ms() == 0 && sim.step() {}
        Self {
            sim: Rc::new(RefCell::new(sim)),
            rev: 0,
            playing: false,
            speed: 4,
            notice: None,
        }
    }

    pub fn sim(&self) -> std::cell::Ref<'_, Simulation> {
        self.sim.borrow()
    }

    fn next(&self, playing: bool, notice: Option<String>) -> Rc<Self> {
        Rc::new(Self {
            sim: self.sim.clone(),
            rev: self.rev + 1,
            playing,
            speed: self.speed,
            notice,
        })
    }

    fn replace(&self, sim: Simulation, notice: Option<String>) -> Rc<Self> {
        Rc::new(Self {
            sim: Rc::new(RefCell::new(sim)),
            rev: self.rev + 1,
            playing: false,
            speed: self.speed,
            notice,
        })
    }

    /// Rebuilds the run with a new configuration but the same seed and actions, and
    /// replays it to the same virtual time, so a strategy switch shows the same story.
    fn reconfigure(&self, change: impl FnOnce(&mut Config)) -> Rc<Self> {
        let (mut scenario, now) = {
            let sim = self.sim.borrow();
            (sim.scenario().clone(), sim.now_ms())
        };
        change(&mut scenario.config);
        self.rebuild(scenario, now)
    }

    fn rebuild(&self, scenario: Scenario, until_ms: u64) -> Rc<Self> {
        match Simulation::new(scenario) {
            Ok(mut sim) => {
                while sim.now_ms() < until_ms && sim.step() {}
                self.replace(sim, None)
            }
            Err(e) => self.next(self.playing, Some(e.to_string())),
        }
    }

    fn act(&self, action: Action) -> Rc<Self> {
        let result = self.sim.borrow_mut().act(action);
        self.next(self.playing, result.err().map(|e| e.to_string()))
    }
}

fn default_sim() -> Simulation {
    Simulation::new(default_scenario()).expect("the default scenario is valid")
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

impl Reducible for Playground {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Create { title, price } => self.act(Action::CreateTicket { title, price }),
            Msg::Update { id, title, price } => match TicketId::parse(&id) {
                Some(id) => self.act(Action::UpdateTicket { id, title, price }),
                None => self.next(self.playing, Some(format!("There is no ticket {id}."))),
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
                None => self.next(self.playing, Some(format!("There is no ticket {id}."))),
            },
            Msg::SetStrategy(name) => match Strategy::parse(&name) {
                Some(s) => self.reconfigure(|c| c.strategy = s),
                None => self.next(self.playing, Some(format!("Unknown strategy {name}."))),
            },
            Msg::SetScheme(name) => match VersionScheme::parse(&name) {
                Some(s) => self.reconfigure(|c| c.scheme = s),
                None => self.next(
                    self.playing,
                    Some(format!("Unknown version scheme {name}.")),
                ),
            },
            Msg::SetListeners(n) => self.reconfigure(|c| c.listeners = n.clamp(1, 8) as u8),
            Msg::SetAckWait(ms) => self.reconfigure(|c| c.ack_wait_ms = ms),
            Msg::SetDelivery { min, max } => {
                self.reconfigure(|c| c.delivery_ms = MsRange::new(min, max))
            }
            Msg::SetProcessing { min, max } => {
                self.reconfigure(|c| c.processing_ms = MsRange::new(min, max))
            }
            Msg::SetSeed(seed) => {
                let (mut scenario, now) = {
                    let sim = self.sim.borrow();
                    (sim.scenario().clone(), sim.now_ms())
                };
                scenario.seed = seed;
                self.rebuild(scenario, now)
            }
            Msg::Crash(member) => match MemberId::parse(&member) {
                Some(member) => self.act(Action::CrashListener { member }),
                None => self.next(
                    self.playing,
                    Some(format!("There is no listener {member}.")),
                ),
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
            } => {
                let target = Channel::parse(&channel).zip(MemberId::parse(&member));
                match target {
                    Some((channel, member)) => self.act(Action::Route {
                        channel,
                        seq,
                        member,
                    }),
                    None => self.next(
                        self.playing,
                        Some(format!("Cannot route {channel} #{seq} to {member}.")),
                    ),
                }
            }
            Msg::Play => self.next(!self.sim.borrow().finished(), None),
            Msg::Pause => self.next(false, None),
            Msg::TogglePlay => {
                let playing = !self.playing && !self.sim.borrow().finished();
                self.next(playing, None)
            }
            Msg::Step => {
                self.sim.borrow_mut().step();
                self.next(false, None)
            }
            Msg::Tick if self.playing => {
                let mut sim = self.sim.borrow_mut();
                let mut more = true;
                for _ in 0..self.speed {
                    more = sim.step();
                    if !more {
                        break;
                    }
                }
                drop(sim);
                self.next(more, None)
            }
            Msg::Tick => self,
            Msg::StepBack => self.jump(self.sim.borrow().steps_taken().saturating_sub(1)),
            Msg::JumpTo(step) => self.jump(step),
            Msg::Reset => {
                let config = self.sim.borrow().scenario().config.clone();
                let seed = self.sim.borrow().scenario().seed;
                self.rebuild(Scenario::new(config, seed), 0)
            }
            Msg::SetSpeed(speed) => Rc::new(Self {
                sim: self.sim.clone(),
                rev: self.rev + 1,
                playing: self.playing,
                speed: speed.clamp(1, 1024),
                notice: None,
            }),
            Msg::Burst(n) => {
                let first = self.sim.borrow().tickets().first().map(|t| t.id);
                match first {
                    Some(id) => {
                        let base = self.sim.borrow().tickets()[0].price;
                        let mut sim = self.sim.borrow_mut();
                        let mut err = None;
                        for i in 1..=n {
                            if let Err(e) = sim.act(Action::UpdateTicket {
                                id,
                                title: None,
                                price: Some(base + 5 * i),
                            }) {
                                err = Some(e.to_string());
                                break;
                            }
                        }
                        drop(sim);
                        self.next(true, err)
                    }
                    None => self.next(
                        self.playing,
                        Some("Create a ticket first: the burst updates it.".into()),
                    ),
                }
            }
            Msg::Preset(name) => {
                match super::presets::scenario(&name, self.sim.borrow().scenario()) {
                    Some(s) => self.rebuild(s, 0),
                    None => self.next(self.playing, Some(format!("Unknown preset {name}."))),
                }
            }
        }
    }
}

impl Playground {
    /// Time travel: replay the recorded scenario from the seed up to `step`.
    fn jump(&self, step: u64) -> Rc<Self> {
        let scenario = self.sim.borrow().scenario().clone();
        match Simulation::replay(scenario, step) {
            Ok(sim) => self.replace(sim, None),
            Err(e) => self.next(false, Some(e.to_string())),
        }
    }
}

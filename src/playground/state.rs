//! The playground's state: one live run, the view around it, and the panels'
//! jobs. `reduce.rs` is the one way it changes.
//!
//! The simulation lives behind `Rc<RefCell<..>>` so a tick mutates it in place
//! instead of cloning a trace of thousands of steps; `rev` says it changed.

#[cfg(feature = "jobs")]
use super::experiments::Experiments;
#[cfg(feature = "jobs")]
use super::explorer::Explorer;
use super::host::{Report, TAG};
use super::lessons::{self, LESSONS};
use super::msg::Tab;
use super::options::DEFAULT_SPEED;
use super::pace::Skip;
use super::project;
use super::provenance::{Address, From, Keep, Provenance};
use super::view::TimelineRows;
use super::warned;
use super::work::WorkOrder;
use crate::engine::checker::OnLivelock;
use crate::engine::{Action, Config, Scenario, Simulation, Strategy};
use crate::share::SharedState;
use std::cell::RefCell;
use std::rc::Rc;

pub const DEFAULT_SEED: u64 = 7;
pub const BURST_UPDATES: u64 = 200;

#[derive(Clone)]
pub struct Playground {
    pub(super) sim: Rc<RefCell<Simulation>>,
    pub(super) rev: u64,
    pub playing: bool,
    pub speed: u32,
    pub lesson: Option<usize>,
    pub tab: Tab,
    /// The timeline rows made so far for this `sim` (a new sim starts a new log).
    pub(super) timeline: TimelineRows,
    /// A message for the user about the last thing that could not be done.
    pub notice: Option<String>,
    /// The last link or snippet produced, shown for copying by hand.
    pub shown_link: Option<String>,
    /// What the share bar says about its last command, next to its buttons.
    pub share_said: Option<String>,
    // The panels' jobs: only the full page has them (the `jobs` feature).
    #[cfg(feature = "jobs")]
    pub experiments: Experiments,
    #[cfg(feature = "jobs")]
    pub explorer: Explorer,
    /// Where Reset goes back to: the opened scenario (lesson, trial,
    /// counterexample, link, file) and the step it opened at.
    pub(super) origin: SharedState,
    /// The player's virtual clock (ms): runs ahead of the run between steps.
    pub(super) clock_ms: u64,
    /// The first transition not yet drawn when the latest tick, step or
    /// action began: the stage shows everything from it on as new.
    pub(super) fresh_from: u64,
    /// Burst plays at full speed until the run is over or paused.
    pub fast_forward: bool,
    /// Where the run came from: whether it may be saved yet.
    pub(super) came_from: Provenance,
    /// The imported file an engine worker is reading, if any.
    pub(super) import: Option<Rc<WorkOrder>>,
    /// The long wait with nothing happening that Play last jumped over, in
    /// words (`Skip::text`, e.g. "4.9 s of ack wait pass with nothing
    /// happening; then ..."), from the clock it left (`from_ms`) to the
    /// transition that ends it (`until_ms`). Kept until Play passes that
    /// transition's time; cleared by any step, jump or action.
    pub skipped: Option<Skip>,
    /// Play ticks left to hold the picture after a write (`pace::Tick::dwell`).
    pub(super) dwell: u32,
    /// How many of the run's refused actions (`Simulation::refusals`) have
    /// been said in a notice (`warned.rs`).
    pub(super) warned: usize,
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
            && self.shown_link == other.shown_link
            && self.share_said == other.share_said
            && self.jobs_eq(other)
            && self.fast_forward == other.fast_forward
            && self.came_from == other.came_from
            && self.import == other.import
            && self.skipped == other.skipped
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

fn default_sim() -> Simulation {
    let mut sim = Simulation::with_livelock(default_scenario(), OnLivelock::Loop)
        .expect("the default scenario is valid");
    // Its create applied, so a ticket is there to edit.
    while sim.tickets().is_empty() && sim.now_ms() == 0 && sim.step() {}
    sim
}

impl Default for Playground {
    fn default() -> Self {
        Self::with_sim(default_sim(), None, None)
    }
}

impl Playground {
    fn with_sim(sim: Simulation, lesson: Option<usize>, notice: Option<String>) -> Self {
        let origin = SharedState {
            scenario: sim.scenario().clone(),
            // The default page opens with its create applied, an explorer
            // counterexample after its saves (where its choices start);
            // anything else goes back to its very start.
            step: if (lesson.is_none() && sim.scenario() == &default_scenario())
                || sim.scenario().schedule.is_some()
            {
                sim.steps_taken()
            } else {
                0
            },
            lesson: lesson.map(|i| LESSONS[i].id.to_string()),
        };
        Self {
            origin,
            clock_ms: sim.now_ms(),
            fresh_from: sim.steps_taken().saturating_sub(1),
            fast_forward: false,
            sim: Rc::new(RefCell::new(sim)),
            rev: 0,
            playing: false,
            speed: DEFAULT_SPEED,
            lesson,
            tab: Tab::Live,
            timeline: TimelineRows::default(),
            notice,
            shown_link: None,
            share_said: None,
            #[cfg(feature = "jobs")]
            experiments: Experiments::default(),
            #[cfg(feature = "jobs")]
            explorer: Explorer::default(),
            came_from: Provenance::Own,
            import: None,
            skipped: None,
            dwell: 0,
            warned: 0,
        }
    }

    /// Opens a state at its step. One that cannot run falls back to the default
    /// scenario, with a notice saying why.
    pub fn open(state: SharedState) -> Self {
        Self::replayed(state).0
    }

    /// `open`, and whether it opened (false: the default scenario, with a
    /// notice saying why).
    fn replayed(mut state: SharedState) -> (Self, bool) {
        let lesson = state.lesson.as_deref().and_then(lessons::index_of);
        // Replaying runs on the page's thread: a link's far step is capped.
        let capped = state.cap_step();
        // The live view watches a poison loop go round; it never stops it.
        match Simulation::replay_with(state.scenario, state.step, OnLivelock::Loop) {
            Ok(sim) => {
                let notice = warned::and(capped, warned::opening_notice(&sim));
                let warned = sim.refusals().len();
                let p = Self::with_sim(sim, lesson, notice);
                (Self { warned, ..p }, true)
            }
            Err(e) => (
                Self::with_sim(
                    default_sim(),
                    None,
                    Some(format!(
                        "That scenario could not be opened ({e}); the default scenario is loaded."
                    )),
                ),
                false,
            ),
        }
    }

    /// Opens `state` as it came `from`: a run opened from outside is not
    /// saved until it changes (`provenance`). `address`: what the address
    /// bar holds of it already.
    pub fn opened(state: SharedState, from: From, address: Address) -> Self {
        let came_from = Provenance::opened(from, &state, address);
        match Self::replayed(state) {
            (p, true) => Self { came_from, ..p },
            (fallback, false) => fallback,
        }
    }

    /// Where the run came from, while it is unchanged.
    pub fn came_from(&self) -> From {
        self.came_from.from()
    }

    #[cfg(feature = "jobs")]
    fn jobs_eq(&self, other: &Self) -> bool {
        self.experiments == other.experiments && self.explorer == other.explorer
    }

    #[cfg(not(feature = "jobs"))]
    fn jobs_eq(&self, _: &Self) -> bool {
        true
    }

    /// The import an engine worker is on (`effects::work` carries it out).
    pub fn import_order(&self) -> Option<Rc<WorkOrder>> {
        self.import.clone()
    }

    /// The default page with a message for the user.
    pub fn with_notice(notice: String) -> Self {
        Self::with_sim(default_sim(), None, Some(notice))
    }

    /// The player's virtual clock: the run's time, or ahead of it between
    /// transitions while playing (the stage places tokens by it).
    pub fn clock_ms(&self) -> u64 {
        self.clock_ms
    }

    /// See `stage::frame`'s `since`.
    pub fn fresh_from(&self) -> u64 {
        self.fresh_from
    }

    /// Changes whenever anything shown may have changed.
    pub fn rev(&self) -> u64 {
        self.rev
    }

    pub fn sim(&self) -> std::cell::Ref<'_, Simulation> {
        self.sim.borrow()
    }

    /// The timeline's rows up to now, making only the rows of steps not seen before.
    pub fn timeline_rows(&self) -> TimelineRows {
        let sim = self.sim.borrow();
        let lanes = sim.members().len();
        let steps = &sim.trace().steps;
        // This run's trace only grows (a replaced run gets a new log), so a
        // row made later from it is the row of that step.
        let run = Rc::clone(&self.sim);
        let make = Rc::new(move |i: usize| {
            let sim = run.try_borrow().ok()?;
            let trace = sim.trace();
            Some(project::row(trace.steps.get(i)?, lanes, trace.titles()))
        });
        self.timeline.grown_to(steps.len(), |i| steps[i].step, make)
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

    /// What the address bar and storage should hold now: nothing while playing
    /// (not on every animation tick); the run's link, and the run in storage
    /// once it is the user's own, otherwise.
    pub fn to_keep(&self) -> Option<Keep> {
        (!self.playing).then(|| self.came_from.keep(self.shared()))
    }

    /// What the embedding page is told: the step and the live verdict.
    pub fn report(&self) -> Report {
        let sim = self.sim.borrow();
        let verdict = project::verdict(&sim);
        Report {
            tag: TAG,
            event: "step",
            step: sim.steps_taken(),
            time_ms: sim.now_ms(),
            verdict: verdict.kind.word(),
            reason: verdict.reason,
        }
    }

    /// The exported scenario file (the state with its step and lesson).
    pub fn export_scenario(&self) -> String {
        serde_json::to_string_pretty(&self.shared()).unwrap_or_default()
    }

    /// The exported trace file: the scenario, the step and every step so far.
    pub fn export_trace(&self) -> String {
        let shared = self.shared();
        let sim = self.sim.borrow();
        serde_json::json!({ "scenario": shared.scenario, "step": shared.step, "trace": sim.trace() })
            .to_string()
    }
}

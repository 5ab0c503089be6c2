//! A scenario: everything needed to replay a run exactly (config, seed, and
//! the user's actions at their times, including ones recorded live).

use super::action::{Action, ActionError, ScriptedAction};
use super::config::{check_range, Config, ConfigError, AT_MS};
use super::ids::TicketId;
use super::version::{Version, VersionScheme};
use super::warning::Warning;
use super::world::Choice;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const FORMAT: u32 = 1;
pub const MAX_ACTIONS: usize = 100_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: u32,
    #[serde(default)]
    pub config: Config,
    pub seed: u64,
    #[serde(default)]
    pub actions: Vec<ScriptedAction>,
    /// An explorer schedule to replay instead of the timed agenda: the
    /// scripted actions (the owner's saves) apply first, then one choice per
    /// step through the same `World` transitions (no clock, no PRNG). Absent
    /// from the JSON when `None`, so older links, files and golden traces
    /// are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Vec<Choice>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    Format {
        found: u32,
    },
    Config(ConfigError),
    TooManyActions {
        count: usize,
    },
    TooManyChoices {
        count: usize,
    },
    OutOfOrder {
        index: usize,
        at_ms: u64,
        previous: u64,
    },
    Action {
        index: usize,
        error: ActionError,
    },
    /// `schedule[index]` is not enabled when its turn comes (found by
    /// replaying the schedule: `Simulation::new`). `words`: the choice in
    /// words, `why`: the rule it breaks (`World::why_not`).
    Choice {
        index: usize,
        words: String,
        why: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Format { found } => {
                write!(f, "format: {found} is not supported; allowed {FORMAT}")
            }
            ScenarioError::Config(e) => write!(f, "config.{e}"),
            ScenarioError::TooManyActions { count } => {
                write!(f, "actions: {count} actions; allowed at most {MAX_ACTIONS}")
            }
            ScenarioError::TooManyChoices { count } => {
                write!(f, "schedule: {count} choices; allowed at most {MAX_ACTIONS}")
            }
            ScenarioError::OutOfOrder {
                index,
                at_ms,
                previous,
            } => write!(
                f,
                "actions[{index}].at_ms: {at_ms} is before the previous action's {previous}; actions must be in time order"
            ),
            ScenarioError::Action { index, error } => write!(f, "actions[{index}].{error}"),
            ScenarioError::Choice { index, words, why } => write!(
                f,
                "schedule[{index}]: \"{words}\" is not possible at this step: {why}"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    pub fn new(config: Config, seed: u64) -> Self {
        Scenario {
            format: FORMAT,
            config,
            seed,
            actions: Vec::new(),
            schedule: None,
        }
    }

    /// The slides' race: a ticket created at price 5, then saved at 10 and at
    /// 15 a millisecond apart, so both updates are in flight together. The
    /// golden traces, the stage's tests and the engine's own tests tell it.
    pub fn lecture_race(config: Config, seed: u64) -> Self {
        Scenario::new(config, seed)
            .at(0, Action::create_ticket("concert", 5))
            .at(30, Action::update_price(TicketId(0), 10))
            .at(31, Action::update_price(TicketId(0), 15))
    }

    /// Adds an action (builder style, for tests and scripts).
    pub fn at(mut self, at_ms: u64, action: Action) -> Self {
        self.actions.push(ScriptedAction { at_ms, action });
        self
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.format != FORMAT {
            return Err(ScenarioError::Format { found: self.format });
        }
        self.config.validate().map_err(ScenarioError::Config)?;
        if self.actions.len() > MAX_ACTIONS {
            return Err(ScenarioError::TooManyActions {
                count: self.actions.len(),
            });
        }
        if let Some(count) = self.schedule.as_ref().map(Vec::len) {
            if count > MAX_ACTIONS {
                return Err(ScenarioError::TooManyChoices { count });
            }
        }
        let mut tickets = 0u32;
        let mut previous = 0u64;
        for (index, a) in self.actions.iter().enumerate() {
            check_range("at_ms", a.at_ms, AT_MS).map_err(|e| ScenarioError::Action {
                index,
                error: e.into(),
            })?;
            if a.at_ms < previous {
                return Err(ScenarioError::OutOfOrder {
                    index,
                    at_ms: a.at_ms,
                    previous,
                });
            }
            previous = a.at_ms;
            a.action
                .validate(tickets, self.config.listeners)
                .map_err(|error| ScenarioError::Action { index, error })?;
            if let Action::CreateTicket { .. } = a.action {
                tickets += 1;
            }
        }
        Ok(())
    }
}

impl Scenario {
    /// Saves whose timestamp version could only be the previous one + 1
    /// (see `VersionScheme::clock_tie`); 0 unless the scheme is `timestamp`.
    pub fn clock_ties(&self) -> u32 {
        clock_ties(self.config.scheme, &self.actions)
    }
}

/// What the settings and the script say before anything runs: saves within
/// the clock's resolution, and an ack wait that is not whole seconds
/// (`Warning::AckWait`: a real client cannot ask for it).
pub fn setup_warnings(config: &Config, actions: &[ScriptedAction]) -> Vec<Warning> {
    let ties = clock_ties(config.scheme, actions);
    let ms = config.ack_wait_ms;
    let mut out = Vec::new();
    if ties > 0 {
        out.push(Warning::ClockTies { ties });
    }
    if !ms.is_multiple_of(1000) {
        out.push(Warning::AckWait { ms });
    }
    out
}

/// Replays the owner's versions over `actions` (saves happen exactly at
/// their `at_ms`) and counts the saves that fell below the clock's resolution.
pub fn clock_ties(scheme: VersionScheme, actions: &[ScriptedAction]) -> u32 {
    if scheme != VersionScheme::Timestamp {
        return 0;
    }
    let mut versions: Vec<Version> = Vec::new();
    let mut ties = 0;
    for a in actions {
        let id = match &a.action {
            Action::CreateTicket { .. } => {
                versions.push(scheme.initial(a.at_ms));
                continue;
            }
            Action::UpdateTicket { id, .. } | Action::TwoEditors { id, .. } => id.index(),
            _ => continue,
        };
        // Two editors: only the first save lands; the second is a version error.
        if let Some(v) = versions.get_mut(id) {
            ties += u32::from(scheme.clock_tie(*v, a.at_ms));
            *v = scheme.next(*v, a.at_ms);
        }
    }
    ties
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::TicketId;

    #[test]
    fn validates_format_order_and_ids() {
        let s = Scenario::new(Config::default(), 1).at(0, Action::create_ticket("concert", 5));
        s.validate().unwrap();
        let bad = Scenario {
            format: 2,
            ..s.clone()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "format: 2 is not supported; allowed 1"
        );
        let bad = s
            .clone()
            .at(0, Action::create_ticket("concert", 5))
            .at(0, Action::update_price(TicketId(2), 1));
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("actions[2].id"));
        let bad = Scenario::new(Config::default(), 1)
            .at(5, Action::create_ticket("concert", 5))
            .at(4, Action::create_ticket("concert", 5));
        assert!(matches!(
            bad.validate(),
            Err(ScenarioError::OutOfOrder { index: 1, .. })
        ));
    }

    #[test]
    fn only_whole_seconds_of_ack_wait_pass_unflagged() {
        let warnings = |ack_wait_ms| {
            let config = Config {
                ack_wait_ms,
                ..Config::default()
            };
            setup_warnings(&config, &[])
        };
        assert_eq!(warnings(5_000), []);
        assert_eq!(warnings(1_000), []);
        assert_eq!(warnings(999), [Warning::AckWait { ms: 999 }]);
        assert_eq!(warnings(1_001), [Warning::AckWait { ms: 1_001 }]);
    }

    #[test]
    fn round_trips_through_json() {
        let s = Scenario::new(Config::default(), 9).at(0, Action::create_ticket("concert", 5));
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("schedule"), "{json}");
        assert_eq!(serde_json::from_str::<Scenario>(&json).unwrap(), s);
    }

    #[test]
    fn a_schedule_round_trips_and_is_bounded() {
        use crate::engine::ids::{MemberId, MessageId};
        let mut s = Scenario::new(Config::default(), 9).at(0, Action::create_ticket("concert", 5));
        s.schedule = Some(vec![Choice::Deliver {
            message: MessageId(0),
            member: MemberId(1),
        }]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Scenario>(&json).unwrap(), s);
        s.schedule = Some(vec![
            Choice::Redeliver {
                message: MessageId(0),
                member: None,
            };
            MAX_ACTIONS + 1
        ]);
        assert!(matches!(
            s.validate(),
            Err(ScenarioError::TooManyChoices { .. })
        ));
    }
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use crate::engine::ids::TicketId;
    use crate::engine::sim::Simulation;
    use crate::engine::{Note, StepKind};

    fn update(at_ms: u64) -> ScriptedAction {
        ScriptedAction {
            at_ms,
            action: Action::update_price(TicketId(0), 10),
        }
    }

    #[test]
    fn at_ms_beyond_a_year_is_refused_by_name() {
        let s =
            Scenario::new(Config::default(), 1).at(u64::MAX, Action::create_ticket("concert", 5));
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "actions[0].at_ms: 18446744073709551615 is out of range 0..31536000000"
        );
        // The latest allowed time runs to its end without overflowing (a
        // debug build would panic on any overflowing addition).
        let config = Config {
            ack_wait_ms: crate::engine::config::ACK_WAIT_MS.1,
            restart_ms: crate::engine::config::RESTART_MS.1,
            ..Config::default()
        };
        let mut s = Scenario::new(config, 1).at(AT_MS.1, Action::create_ticket("concert", 5));
        s.actions.push(update(AT_MS.1));
        s.actions.push(ScriptedAction {
            at_ms: AT_MS.1,
            action: Action::CrashListener {
                member: crate::engine::ids::MemberId(0),
            },
        });
        let mut sim = Simulation::new(s).unwrap();
        sim.run();
        assert!(sim.now_ms() >= AT_MS.1);
    }

    #[test]
    fn clock_ties_are_counted_as_the_engine_makes_them() {
        let config = Config {
            scheme: VersionScheme::Timestamp,
            ..Config::default()
        };
        // Same millisecond, then 1 ms later (still behind the tie's +1), then
        // well clear of it.
        let mut s = Scenario::new(config, 3).at(10, Action::create_ticket("concert", 5));
        s.actions.extend([update(10), update(11), update(500)]);
        assert_eq!(s.clock_ties(), 2);
        let mut sim = Simulation::new(s.clone()).unwrap();
        sim.run();
        let t = sim.trace();
        let tied: Vec<_> = t
            .of_kind(StepKind::Save)
            .filter(|st| {
                matches!(
                    st.note,
                    Note::Saved {
                        clock_tie: true,
                        ..
                    }
                )
            })
            .collect();
        assert_eq!(tied.len(), 2);
        let text = tied[0].note_text(t.titles());
        assert!(text.contains("could only add 1"), "{text}");
        let plus_one = Scenario {
            config: Config::default(),
            ..s
        };
        assert_eq!(plus_one.clock_ties(), 0);
    }
}

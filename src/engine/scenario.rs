//! A scenario: everything needed to replay a run exactly (config, seed, and
//! the user's actions at their times, including ones recorded live).

use super::action::{Action, ActionError, ScriptedAction};
use super::config::{Config, ConfigError};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::TicketId;

    fn create() -> Action {
        Action::CreateTicket {
            title: "concert".into(),
            price: 5,
        }
    }

    #[test]
    fn validates_format_order_and_ids() {
        let s = Scenario::new(Config::default(), 1).at(0, create());
        s.validate().unwrap();
        let bad = Scenario {
            format: 2,
            ..s.clone()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "format: 2 is not supported; allowed 1"
        );
        let bad = s.clone().at(0, create()).at(
            0,
            Action::UpdateTicket {
                id: TicketId(2),
                title: None,
                price: Some(1),
            },
        );
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("actions[2].id"));
        let bad = Scenario::new(Config::default(), 1)
            .at(5, create())
            .at(4, create());
        assert!(matches!(
            bad.validate(),
            Err(ScenarioError::OutOfOrder { index: 1, .. })
        ));
    }

    #[test]
    fn round_trips_through_json() {
        let s = Scenario::new(Config::default(), 9).at(0, create());
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("schedule"), "{json}");
        assert_eq!(serde_json::from_str::<Scenario>(&json).unwrap(), s);
    }

    #[test]
    fn a_schedule_round_trips_and_is_bounded() {
        use crate::engine::ids::{MemberId, MessageId};
        let mut s = Scenario::new(Config::default(), 9).at(0, create());
        s.schedule = Some(vec![Choice::Deliver {
            message: MessageId(0),
            member: MemberId(1),
        }]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Scenario>(&json).unwrap(), s);
        s.schedule = Some(vec![
            Choice::Redeliver {
                message: MessageId(0)
            };
            MAX_ACTIONS + 1
        ]);
        assert!(matches!(
            s.validate(),
            Err(ScenarioError::TooManyChoices { .. })
        ));
    }
}

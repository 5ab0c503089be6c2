//! Where the open run came from, which decides what the page may keep of it.
//!
//! Saved work is never lost (`crate::saved`): a run opened from outside (a
//! link, a file, the host page, a lesson) is shown without touching storage,
//! and becomes the user's own, saved on every change, at the first change of
//! its scenario. The reducer keeps this with the run, so the page's effects
//! only carry out `Keep`: nothing about it lives in the browser half.

use crate::engine::Scenario;
use crate::share::SharedState;
use std::rc::Rc;

/// Where a run the page opens comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// The user's own: a recent run, a trial or a counterexample they opened.
    Own,
    /// A share link (the address, or one pasted into an open tab).
    Link,
    /// A file the user imported.
    File,
    /// The page that embeds the playground.
    HostPage,
    /// A lesson, from the list or the address's `?lesson=`.
    Lesson,
}

impl From {
    /// The name the first-visit page's hand-over uses.
    pub fn name(self) -> &'static str {
        match self {
            From::Own => "own",
            From::Link => "link",
            From::File => "file",
            From::HostPage => "host-page",
            From::Lesson => "lesson",
        }
    }

    pub fn named(name: &str) -> Option<From> {
        [
            From::Own,
            From::Link,
            From::File,
            From::HostPage,
            From::Lesson,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

/// What the address bar already holds when a run opens.
#[derive(Clone, Debug, PartialEq)]
pub enum Address {
    /// Nothing of this run: its link is made when it is kept.
    Unknown,
    /// The run as opened: the address is the link that opened it.
    Holds,
    /// Its link, made already (an engine worker made an imported file's).
    Made(Rc<str>),
}

/// The run's provenance, kept by the reducer.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    Own,
    /// Opened from outside and not changed since: `scenario` is the one
    /// opened; `address` is valid at its `step` and `lesson`.
    Opened {
        from: From,
        scenario: Rc<Scenario>,
        step: u64,
        lesson: Option<String>,
        address: Address,
    },
}

impl Provenance {
    /// A run just opened at `state`.
    pub fn opened(from: From, state: &SharedState, address: Address) -> Provenance {
        match from {
            From::Own => Provenance::Own,
            from => Provenance::Opened {
                from,
                scenario: Rc::new(state.scenario.clone()),
                step: state.step,
                lesson: state.lesson.clone(),
                address,
            },
        }
    }

    /// Where the run came from, while it is unchanged.
    pub fn from(&self) -> From {
        match self {
            Provenance::Own => From::Own,
            Provenance::Opened { from, .. } => *from,
        }
    }

    /// The same, or `Own` once `current` differs from what was opened (undoing
    /// the change does not make it foreign again).
    pub fn after(&self, current: &Scenario) -> Option<Provenance> {
        match self {
            Provenance::Opened { scenario, .. } if **scenario != *current => Some(Provenance::Own),
            _ => None,
        }
    }

    /// What the page keeps of `state`, the run as it is now.
    pub fn keep(&self, state: SharedState) -> Keep {
        match self {
            Provenance::Own => Keep {
                state,
                fragment: Fragment::ToMake,
                store: true,
                from: From::Own,
            },
            Provenance::Opened {
                from,
                step,
                lesson,
                address,
                ..
            } => {
                let as_opened = state.step == *step && state.lesson == *lesson;
                let fragment = match address {
                    Address::Holds if as_opened => Fragment::InAddress,
                    Address::Made(f) if as_opened => Fragment::Made(Rc::clone(f)),
                    _ => Fragment::ToMake,
                };
                Keep {
                    state,
                    fragment,
                    store: false,
                    from: *from,
                }
            }
        }
    }
}

/// The address bar's fragment for a kept run.
#[derive(Clone, Debug, PartialEq)]
pub enum Fragment {
    /// The address holds it already: nothing to write.
    InAddress,
    /// Made already: write it.
    Made(Rc<str>),
    /// Encode the state (`share::encode`) and write it.
    ToMake,
}

/// What the page keeps of the run: its link in the address bar and, when
/// it is the user's own, the run in storage (`crate::saved`).
#[derive(Clone, Debug, PartialEq)]
pub struct Keep {
    pub state: SharedState,
    pub fragment: Fragment,
    /// Whether storage may be written.
    pub store: bool,
    /// Where the run came from, while unchanged.
    pub from: From,
}

impl Keep {
    /// The query that reopens a lesson as opened (`?lesson=<id>&step=<n>`):
    /// the first-visit page has no link encoder, and a lesson needs none.
    pub fn lesson_query(&self) -> Option<String> {
        let lesson = self
            .state
            .lesson
            .as_deref()
            .filter(|_| self.from == From::Lesson)?;
        Some(format!("?lesson={lesson}&step={}", self.state.step))
    }
}

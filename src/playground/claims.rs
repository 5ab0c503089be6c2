//! What a lesson claims, as data. A lesson's text says what the student will
//! see; its claims say the same thing in a form a test can run
//! (`lesson_check`), so a new seed or a change in the physics breaks a test
//! instead of the story.

use crate::engine::{Channel, MemberId, Outcome, StepKind, Strategy, VersionScheme};

/// A setting the "try this" asks the student to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Strategy(Strategy),
    Scheme(VersionScheme),
    /// The listeners' deletes: hard, or a tombstone.
    OnDelete(crate::engine::config::Deletes),
}

/// A step of one message, by what it carries: "the write of ticket:updated v2".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct On {
    pub kind: StepKind,
    pub channel: Channel,
    pub version: u64,
}

/// A step of the update carrying `version`.
pub const fn update(kind: StepKind, version: u64) -> On {
    On {
        kind,
        channel: Channel::TicketUpdated,
        version,
    }
}

/// A step of the ticket's create (version 0).
pub const fn created(kind: StepKind) -> On {
    On {
        kind,
        channel: Channel::TicketCreated,
        version: 0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The first delivery of the update carrying `version` goes to `member`.
    Gets { member: MemberId, version: u64 },
    /// The first step `.0` happens before the first step `.1`.
    Before(On, On),
    /// Played to the end, the run ends so.
    Ends(Outcome),
    /// Some step of this kind happens on the way.
    Shows(StepKind),
    /// The same story under a changed setting ends so.
    Then(Change, Outcome),
    /// Burst after the run is over, played to the end, ends so.
    Burst(Outcome),
    /// Some step says this, in its sentence (a broker's error code, say).
    Says(&'static str),
}

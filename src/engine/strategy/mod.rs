//! What an Orders listener does with an event, one small type per strategy.
//!
//! A decision is a pure function of (the row the listener read, the event).
//! Writes other than naive's are atomic conditional updates: the world
//! re-checks the plan's condition against the row at write time, which is
//! where the loser of a race on one row gets its version error.

mod naive;
mod newest_wins;
mod occ;
mod plugin_increment;
mod prev_version;

use super::ids::TicketId;
use super::replica::Row;
use super::tickets::{Event, EventKind};
use super::version::Version;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One strategy's rules for `ticket:created`, `ticket:updated` and
/// `ticket:deleted`.
pub trait Rule {
    fn created(row: Option<Row>, event: &Event) -> Decision;
    fn updated(row: Option<Row>, event: &Event) -> Decision;
    /// A delete is the record's last state marked deleted, found the way the
    /// strategy finds an update's row (the course's listener:
    /// `Ticket.findByEvent({id, version: version - 1})`, throw when nothing
    /// matches, then remove): the write removes the row, or keeps its
    /// tombstone (`Replica::set_tombstones`).
    fn deleted(row: Option<Row>, event: &Event) -> Decision {
        Self::updated(row, event)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    Naive,
    /// The lecture's fix: apply iff `row.version == event.version - 1`.
    #[default]
    Occ,
    /// Option #1: the replica runs the plugin and counts its own versions.
    PluginIncrement,
    NewestWins,
    PrevVersion,
}

impl Strategy {
    pub const ALL: [Strategy; 5] = [
        Strategy::Naive,
        Strategy::Occ,
        Strategy::PluginIncrement,
        Strategy::NewestWins,
        Strategy::PrevVersion,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Naive => "naive",
            Strategy::Occ => "occ",
            Strategy::PluginIncrement => "plugin-increment",
            Strategy::NewestWins => "newest-wins",
            Strategy::PrevVersion => "prev-version",
        }
    }

    pub fn parse(name: &str) -> Option<Strategy> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The listener's decision on `event`, given the row it read.
    pub fn decide(self, row: Option<Row>, event: &Event) -> Decision {
        fn by<R: Rule>(row: Option<Row>, event: &Event) -> Decision {
            match event.kind {
                EventKind::Created => R::created(row, event),
                EventKind::Updated => R::updated(row, event),
                EventKind::Deleted => R::deleted(row, event),
            }
        }
        // A tombstone answers any event for its ticket, whatever the
        // strategy: nothing comes after a delete, so the event is stale
        // (a late update, a duplicate): ack it and skip it.
        if let Some(r) = row.filter(|r| r.deleted) {
            return Decision::Skip(Skip::Deleted { at: r.version });
        }
        match self {
            Strategy::Naive => by::<naive::Naive>(row, event),
            Strategy::Occ => by::<occ::Occ>(row, event),
            Strategy::PluginIncrement => by::<plugin_increment::PluginIncrement>(row, event),
            Strategy::NewestWins => by::<newest_wins::NewestWins>(row, event),
            Strategy::PrevVersion => by::<prev_version::PrevVersion>(row, event),
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Write `Plan::row` if its condition still holds at write time.
    Apply(Plan),
    /// Ack without writing.
    Skip(Skip),
    /// Throw: no ack, the broker redelivers after the ack wait.
    Refuse(Refusal),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Plan {
    pub row: Row,
    pub condition: Condition,
    /// What a failed condition at write time means.
    pub on_conflict: OnConflict,
}

/// The filter of the write's find-and-update.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Condition {
    /// An insert: fails with a duplicate key if the row exists.
    Absent,
    /// Naive's save of the document it found: overwrites whatever is there.
    Exists,
    VersionIs(Version),
    VersionBelow(Version),
    AbsentOrBelow(Version),
}

impl Condition {
    pub fn holds(self, current: Option<Row>) -> bool {
        // A tombstone holds the id (an insert meets a duplicate key) but is
        // no row to update: a soft-deleted document is filtered out.
        let v = current.filter(|r| !r.deleted).map(|r| r.version);
        match self {
            Condition::Absent => current.is_none(),
            Condition::Exists => v.is_some(),
            Condition::VersionIs(want) => v == Some(want),
            Condition::VersionBelow(bound) => v.is_some_and(|v| v < bound),
            Condition::AbsentOrBelow(bound) => current.is_none() || v.is_some_and(|v| v < bound),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OnConflict {
    /// Version error, no ack: redelivered and retried.
    NoAck,
    /// Someone newer got there first: ack and skip.
    AckSkip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Skip {
    NotNewer {
        row: Version,
        event: Version,
    },
    /// The row is a tombstone: its ticket was deleted at version `at`.
    Deleted {
        at: Version,
    },
    /// Naive's delete found no row (`findByIdAndDelete` matched nothing).
    NothingToDelete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The update arrived before its create (or the create was lost).
    RowMissing,
    /// The lecture's `findOne({id, version: v - 1})` found nothing.
    NotAtVersion { want: Version, found: Version },
    /// An insert for a row that exists: a duplicate of the create.
    DuplicateKey { found: Version },
    /// The event cannot name a row before it (version 0, or no prev_version).
    NoPredecessor,
}

/// A listener's decision at read time, without the plan's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadNote {
    Apply(Version),
    Skip(Skip),
    Refuse(Refusal),
}

impl From<&Decision> for ReadNote {
    fn from(d: &Decision) -> Self {
        match d {
            Decision::Apply(plan) => ReadNote::Apply(plan.row.version),
            Decision::Skip(s) => ReadNote::Skip(*s),
            Decision::Refuse(r) => ReadNote::Refuse(*r),
        }
    }
}

impl ReadNote {
    pub fn text(self, ticket: TicketId) -> String {
        match self {
            ReadNote::Apply(v) => format!("apply: write {ticket} at version {v}"),
            ReadNote::Skip(skip) => skip.describe(ticket),
            ReadNote::Refuse(r) => format!("no ack: {}", r.describe(ticket)),
        }
    }
}

impl Skip {
    /// One sentence: why the event was acked without a write.
    pub fn describe(self, ticket: TicketId) -> String {
        match self {
            Skip::NotNewer { row, event } => format!(
                "ack and skip: row {ticket} is at version {row}, event version {event} is not newer"
            ),
            Skip::Deleted { at } => format!(
                "ack and skip: ticket {ticket} was deleted at version {at} (its tombstone), so this event is stale"
            ),
            Skip::NothingToDelete => format!("ack: no row {ticket} to delete"),
        }
    }
}

impl Decision {
    /// One human sentence, for the trace and the listener cards.
    pub fn describe(&self, ticket: TicketId) -> String {
        ReadNote::from(self).text(ticket)
    }
}

impl Refusal {
    pub fn describe(&self, ticket: TicketId) -> String {
        match self {
            Refusal::RowMissing => format!("no row {ticket} yet (update before its create)"),
            Refusal::NotAtVersion { want, found } => {
                format!("no row {ticket} at version {want} (row is at {found})")
            }
            Refusal::DuplicateKey { found } => {
                format!("duplicate key: row {ticket} already exists at version {found}")
            }
            Refusal::NoPredecessor => format!("event for {ticket} names no previous version"),
        }
    }
}

/// The shared `version == expected` lookup of occ, plugin-increment and
/// prev-version, and the plan it leads to.
fn apply_if_at(row: Option<Row>, want: Option<Version>, new_row: impl Fn(Row) -> Row) -> Decision {
    let Some(current) = row else {
        return Decision::Refuse(Refusal::RowMissing);
    };
    let Some(want) = want else {
        return Decision::Refuse(Refusal::NoPredecessor);
    };
    if current.version != want {
        return Decision::Refuse(Refusal::NotAtVersion {
            want,
            found: current.version,
        });
    }
    Decision::Apply(Plan {
        row: new_row(current),
        condition: Condition::VersionIs(want),
        on_conflict: OnConflict::NoAck,
    })
}

/// The plain insert every strategy but newest-wins does on `ticket:created`.
fn insert(row: Option<Row>, new_row: Row) -> Decision {
    match row {
        Some(r) => Decision::Refuse(Refusal::DuplicateKey { found: r.version }),
        None => Decision::Apply(Plan {
            row: new_row,
            condition: Condition::Absent,
            on_conflict: OnConflict::NoAck,
        }),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::engine::ids::TitleId;

    pub fn row(price: u64, version: u64) -> Row {
        Row {
            title: TitleId(0),
            price,
            version: Version(version),
            deleted: false,
        }
    }

    pub fn created(price: u64, version: u64) -> Event {
        Event {
            kind: EventKind::Created,
            ticket: TicketId(0),
            title: TitleId(0),
            price,
            version: Version(version),
            prev_version: None,
        }
    }

    pub fn updated(price: u64, version: u64, prev: u64) -> Event {
        Event {
            kind: EventKind::Updated,
            prev_version: Some(Version(prev)),
            ..created(price, version)
        }
    }

    pub fn deleted(price: u64, version: u64, prev: u64) -> Event {
        Event {
            kind: EventKind::Deleted,
            ..updated(price, version, prev)
        }
    }

    pub fn tombstone(price: u64, version: u64) -> Row {
        Row {
            deleted: true,
            ..row(price, version)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn every_strategy_refuses_an_update_before_its_create() {
        for s in Strategy::ALL {
            assert_eq!(
                s.decide(None, &updated(10, 1, 0)),
                Decision::Refuse(Refusal::RowMissing),
                "{s}"
            );
        }
    }

    #[test]
    fn a_delete_follows_each_strategys_update_rule() {
        // Overtaking the update before it: refused until that update lands.
        let early = Strategy::Occ.decide(Some(row(5, 0)), &deleted(10, 2, 1));
        assert_eq!(
            early,
            Decision::Refuse(Refusal::NotAtVersion {
                want: Version(1),
                found: Version(0)
            })
        );
        for s in [Strategy::Occ, Strategy::PrevVersion, Strategy::NewestWins] {
            let d = s.decide(Some(row(10, 1)), &deleted(10, 2, 1));
            assert!(
                matches!(d, Decision::Apply(p) if p.row == tombstone(10, 2)),
                "{s}: {d:?}"
            );
        }
        // The course's OCC: a late update after a hard delete finds nothing.
        assert_eq!(
            Strategy::Occ.decide(None, &updated(10, 1, 0)),
            Decision::Refuse(Refusal::RowMissing)
        );
    }

    #[test]
    fn a_tombstone_skips_every_late_event() {
        for s in Strategy::ALL {
            for e in [created(5, 0), updated(10, 1, 0), deleted(10, 2, 1)] {
                assert_eq!(
                    s.decide(Some(tombstone(10, 2)), &e),
                    Decision::Skip(Skip::Deleted { at: Version(2) }),
                    "{s}"
                );
            }
        }
        assert_eq!(
            Skip::Deleted { at: Version(2) }.describe(TicketId(0)),
            "ack and skip: ticket CZQ was deleted at version 2 (its tombstone), so this event is stale"
        );
        // A tombstone holds the id but is no row to update.
        assert!(!Condition::Absent.holds(Some(tombstone(10, 2))));
        assert!(!Condition::Exists.holds(Some(tombstone(10, 2))));
        assert!(!Condition::AbsentOrBelow(Version(9)).holds(Some(tombstone(10, 2))));
    }

    #[test]
    fn conditions_check_the_row_at_write_time() {
        assert!(Condition::Absent.holds(None));
        assert!(!Condition::Absent.holds(Some(row(5, 0))));
        assert!(Condition::VersionIs(Version(1)).holds(Some(row(5, 1))));
        assert!(!Condition::VersionIs(Version(1)).holds(Some(row(5, 2))));
        assert!(Condition::VersionBelow(Version(3)).holds(Some(row(5, 2))));
        assert!(!Condition::VersionBelow(Version(3)).holds(None));
        assert!(Condition::AbsentOrBelow(Version(3)).holds(None));
    }

    #[test]
    fn names_round_trip_and_reasons_read_well() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::parse(s.name()), Some(s));
        }
        let d = Strategy::Occ.decide(Some(row(5, 0)), &updated(15, 2, 1));
        assert_eq!(
            d.describe(TicketId(0)),
            "no ack: no row CZQ at version 1 (row is at 0)"
        );
    }
}

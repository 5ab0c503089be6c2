//! Apply an event only if it is newer than the row; ack and skip otherwise.
//! Converges for full-state events under any increasing scheme, skipping the
//! intermediate states. A duplicated create is treated the same way (an
//! upsert) rather than failing on the duplicate key.

use super::{Condition, Decision, OnConflict, Plan, Refusal, Rule, Skip};
use crate::engine::replica::Row;
use crate::engine::tickets::Event;

pub struct NewestWins;

fn newer(row: Option<Row>, event: &Event, condition: Condition) -> Decision {
    if let Some(r) = row.filter(|r| r.version >= event.version) {
        return Decision::Skip(Skip::NotNewer {
            row: r.version,
            event: event.version,
        });
    }
    Decision::Apply(Plan {
        row: event.row(),
        condition,
        on_conflict: OnConflict::AckSkip,
    })
}

impl Rule for NewestWins {
    fn created(row: Option<Row>, event: &Event) -> Decision {
        newer(row, event, Condition::AbsentOrBelow(event.version))
    }

    fn updated(row: Option<Row>, event: &Event) -> Decision {
        if row.is_none() {
            return Decision::Refuse(Refusal::RowMissing);
        }
        newer(row, event, Condition::VersionBelow(event.version))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn skips_older_and_duplicate_events() {
        assert!(matches!(
            NewestWins::updated(Some(row(15, 2)), &updated(10, 1, 0)),
            Decision::Skip(_)
        ));
        assert!(matches!(
            NewestWins::updated(Some(row(10, 1)), &updated(10, 1, 0)),
            Decision::Skip(_)
        ));
        assert!(matches!(
            NewestWins::created(Some(row(15, 2)), &created(5, 0)),
            Decision::Skip(_)
        ));
    }

    #[test]
    fn applies_a_jump_ahead() {
        let d = NewestWins::updated(Some(row(5, 100)), &updated(15, 300, 200));
        assert!(matches!(d, Decision::Apply(p) if p.row == row(15, 300)));
    }
}

//! Option #1: the replica runs mongoose-update-if-current itself. It finds the
//! row at `event.version - 1` and its own save bumps its own version by one,
//! so it works only while both sides count in lock step from 0.

use super::{apply_if_at, insert, Decision, Rule};
use crate::engine::replica::Row;
use crate::engine::tickets::Event;
use crate::engine::version::Version;

pub struct PluginIncrement;

impl Rule for PluginIncrement {
    fn created(row: Option<Row>, event: &Event) -> Decision {
        insert(
            row,
            Row {
                version: Version(0),
                ..event.row()
            },
        )
    }

    fn updated(row: Option<Row>, event: &Event) -> Decision {
        apply_if_at(row, event.version.predecessor(), |current| Row {
            version: current.version.bumped(),
            ..event.row()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Plan;
    use super::*;

    #[test]
    fn inserts_its_own_version_zero_and_bumps_on_save() {
        let Decision::Apply(Plan { row: r, .. }) = PluginIncrement::created(None, &created(5, 100))
        else {
            panic!("insert expected");
        };
        assert_eq!(r.version, Version(0));
        let Decision::Apply(Plan { row: r, .. }) =
            PluginIncrement::updated(Some(row(5, 0)), &updated(10, 1, 0))
        else {
            panic!("apply expected");
        };
        assert_eq!(r, row(10, 1));
    }

    #[test]
    fn a_mystery_source_breaks_the_lock_step() {
        assert!(matches!(
            PluginIncrement::updated(Some(row(5, 0)), &updated(10, 200, 100)),
            Decision::Refuse(_)
        ));
    }
}

//! The lecture's fix: `ticket:updated` applies only onto the row at
//! `event.version - 1`; anything else is not acked and comes back later.

use super::{apply_if_at, insert, Decision, Rule};
use crate::engine::replica::Row;
use crate::engine::tickets::Event;

pub struct Occ;

impl Rule for Occ {
    fn created(row: Option<Row>, event: &Event) -> Decision {
        insert(row, event.row())
    }

    fn updated(row: Option<Row>, event: &Event) -> Decision {
        apply_if_at(row, event.version.predecessor(), |_| event.row())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Condition, Plan, Refusal};
    use super::*;
    use crate::engine::version::Version;

    #[test]
    fn applies_only_the_next_version() {
        let d = Occ::updated(Some(row(10, 1)), &updated(15, 2, 1));
        let Decision::Apply(Plan {
            row: r, condition, ..
        }) = d
        else {
            panic!("{d:?}");
        };
        assert_eq!(r, row(15, 2));
        assert_eq!(condition, Condition::VersionIs(Version(1)));
        assert!(matches!(
            Occ::updated(Some(row(5, 0)), &updated(15, 2, 1)),
            Decision::Refuse(Refusal::NotAtVersion { .. })
        ));
    }

    #[test]
    fn never_acks_a_duplicate_of_an_applied_update() {
        assert!(matches!(
            Occ::updated(Some(row(10, 1)), &updated(10, 1, 0)),
            Decision::Refuse(_)
        ));
    }

    #[test]
    fn stalls_on_step100_versions() {
        assert!(matches!(
            Occ::updated(Some(row(5, 100)), &updated(10, 200, 100)),
            Decision::Refuse(Refusal::NotAtVersion { .. })
        ));
    }
}

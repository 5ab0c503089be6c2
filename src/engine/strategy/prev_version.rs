//! The event names the version it replaced; apply iff the row is at exactly
//! that version. Needs no assumption about how versions grow, and keeps every
//! intermediate state.

use super::{apply_if_at, insert, Decision, Rule};
use crate::engine::replica::Row;
use crate::engine::tickets::Event;

pub struct PrevVersion;

impl Rule for PrevVersion {
    fn created(row: Option<Row>, event: &Event) -> Decision {
        insert(row, event.row())
    }

    fn updated(row: Option<Row>, event: &Event) -> Decision {
        apply_if_at(row, event.prev_version, |_| event.row())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn follows_any_increasing_scheme() {
        let d = PrevVersion::updated(Some(row(5, 100)), &updated(10, 200, 100));
        assert!(matches!(d, Decision::Apply(p) if p.row == row(10, 200)));
        assert!(matches!(
            PrevVersion::updated(Some(row(5, 100)), &updated(15, 300, 200)),
            Decision::Refuse(_)
        ));
    }
}

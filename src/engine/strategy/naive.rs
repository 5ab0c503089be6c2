//! No versions at all: find by id, set the fields, save, always ack. It loses
//! the race because its save overwrites whatever landed since its read.

use super::{insert, Condition, Decision, OnConflict, Plan, Refusal, Rule, Skip};
use crate::engine::replica::Row;
use crate::engine::tickets::Event;

pub struct Naive;

impl Rule for Naive {
    fn created(row: Option<Row>, event: &Event) -> Decision {
        insert(row, event.row())
    }

    fn updated(row: Option<Row>, event: &Event) -> Decision {
        if row.is_none() {
            return Decision::Refuse(Refusal::RowMissing);
        }
        Decision::Apply(Plan {
            row: event.row(),
            condition: Condition::Exists,
            on_conflict: OnConflict::NoAck,
        })
    }

    /// `Ticket.findByIdAndDelete(id)`, then ack whatever it found: no
    /// version, so a delete that overtakes its create is acked on an empty
    /// table and the late create brings the ticket back to life.
    fn deleted(row: Option<Row>, event: &Event) -> Decision {
        if row.is_none() {
            return Decision::Skip(Skip::NothingToDelete);
        }
        Decision::Apply(Plan {
            row: event.row(),
            condition: Condition::Exists,
            on_conflict: OnConflict::AckSkip,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn applies_an_older_update_over_a_newer_row() {
        let Decision::Apply(plan) = Naive::updated(Some(row(15, 2)), &updated(10, 1, 0)) else {
            panic!("naive must apply");
        };
        assert_eq!(plan.row, row(10, 1));
        assert!(plan.condition.holds(Some(row(15, 2))));
    }

    #[test]
    fn deletes_whatever_it_finds_and_acks_an_empty_find() {
        let Decision::Apply(plan) = Naive::deleted(Some(row(5, 0)), &deleted(10, 2, 1)) else {
            panic!("naive must delete");
        };
        assert_eq!(plan.row, tombstone(10, 2));
        assert_eq!(
            Naive::deleted(None, &deleted(10, 2, 1)),
            Decision::Skip(Skip::NothingToDelete)
        );
    }
}

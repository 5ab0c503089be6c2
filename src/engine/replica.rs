//! The Orders service's replica table: `TicketId | Title | Price | Version`.

use super::ids::{TicketId, TitleId};
use super::version::Version;

/// One replica row (also the full state an event carries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Row {
    pub title: TitleId,
    pub price: u64,
    pub version: Version,
    /// A tombstone (soft delete): the row of a deleted ticket kept with the
    /// delete's version, so a late event for it is known to be stale.
    pub deleted: bool,
}

/// Rows indexed by ticket, plus what the out-of-order flag and the livelock
/// check need: the highest *source* version applied per ticket, and a counter
/// of changes (a refusal is only worth retrying after the replica changed).
#[derive(Clone, Debug, Default)]
pub struct Replica {
    rows: Vec<Option<Row>>,
    highest_applied: Vec<Option<Version>>,
    changes: u64,
    /// `Deletes::Tombstone`: a delete keeps the row, marked deleted;
    /// otherwise (hard delete) it removes it.
    keep_tombstones: bool,
}

impl Replica {
    pub fn set_tombstones(&mut self, keep: bool) {
        self.keep_tombstones = keep;
    }

    pub fn clear(&mut self) {
        self.rows.clear();
        self.highest_applied.clear();
        self.changes = 0;
    }

    pub fn row(&self, id: TicketId) -> Option<Row> {
        self.rows.get(id.index()).copied().flatten()
    }

    /// All rows, indexed by ticket id (`None`: not replicated yet).
    pub fn rows(&self) -> &[Option<Row>] {
        &self.rows
    }

    pub fn highest_applied(&self, id: TicketId) -> Option<Version> {
        self.highest_applied.get(id.index()).copied().flatten()
    }

    /// How many writes have changed the replica so far.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Stores `row`, remembering that it came from an event at
    /// `source_version`; returns whether that event is older than one already
    /// applied to this ticket (an out-of-order apply).
    pub fn put(&mut self, id: TicketId, row: Row, source_version: Version) -> bool {
        let i = id.index();
        if self.rows.len() <= i {
            self.rows.resize(i + 1, None);
            self.highest_applied.resize(i + 1, None);
        }
        // A hard delete removes the row: the replica then cannot tell a
        // deleted ticket from one it never heard of.
        let row = Some(row).filter(|r| !r.deleted || self.keep_tombstones);
        if self.rows[i] != row {
            self.changes += 1;
        }
        self.rows[i] = row;
        let highest = &mut self.highest_applied[i];
        let out_of_order = highest.is_some_and(|h| source_version < h);
        if highest.is_none_or(|h| source_version > h) {
            *highest = Some(source_version);
        }
        out_of_order
    }

    /// Overwrites the whole table (the explorer restores states this way).
    pub fn restore(&mut self, rows: impl Iterator<Item = Option<Row>>, changes: u64) {
        self.rows.clear();
        self.rows.extend(rows);
        self.highest_applied.clear();
        self.highest_applied.resize(self.rows.len(), None);
        self.changes = changes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(price: u64, v: u64) -> Row {
        Row {
            title: TitleId(0),
            price,
            version: Version(v),
            deleted: false,
        }
    }

    #[test]
    fn flags_an_older_source_version_as_out_of_order() {
        let mut r = Replica::default();
        let id = TicketId(0);
        assert!(!r.put(id, row(5, 0), Version(0)));
        assert!(!r.put(id, row(15, 2), Version(2)));
        assert!(r.put(id, row(10, 1), Version(1)));
        assert_eq!(r.highest_applied(id), Some(Version(2)));
        assert_eq!(r.changes(), 3);
    }

    #[test]
    fn a_delete_removes_the_row_or_keeps_its_tombstone() {
        let gone = Row {
            deleted: true,
            ..row(5, 1)
        };
        let mut hard = Replica::default();
        hard.put(TicketId(0), row(5, 0), Version(0));
        hard.put(TicketId(0), gone, Version(1));
        assert_eq!((hard.row(TicketId(0)), hard.changes()), (None, 2));
        let mut soft = Replica::default();
        soft.set_tombstones(true);
        soft.put(TicketId(0), row(5, 0), Version(0));
        soft.put(TicketId(0), gone, Version(1));
        assert_eq!(soft.row(TicketId(0)), Some(gone));
    }

    #[test]
    fn rewriting_the_same_row_is_not_a_change() {
        let mut r = Replica::default();
        r.put(TicketId(1), row(5, 0), Version(0));
        r.put(TicketId(1), row(5, 0), Version(0));
        assert_eq!(r.changes(), 1);
        assert_eq!(r.row(TicketId(0)), None);
    }
}

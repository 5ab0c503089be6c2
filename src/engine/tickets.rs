//! The Tickets service: owner of the records. Saves behave like
//! mongoose-update-if-current: bump the version under the scheme, and match
//! the expected version, so a save from a stale copy fails.

use super::ids::{TicketId, TitleId};
use super::replica::Row;
use super::version::{Version, VersionScheme};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ticket {
    pub id: TicketId,
    pub title: TitleId,
    pub price: u64,
    pub version: Version,
    /// Destroyed: out of Tickets' table, kept here only so ids stay indexes
    /// and the checker can tell a deleted ticket from one never made.
    pub deleted: bool,
}

impl Ticket {
    pub fn row(&self) -> Row {
        Row {
            title: self.title,
            price: self.price,
            version: self.version,
            deleted: self.deleted,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Created,
    Updated,
    /// The lecture's third event: "create/update/destroy to a record".
    Deleted,
}

/// What a successful save publishes: the full record, its version, and the
/// version it replaced (which `prev-version` needs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Event {
    pub kind: EventKind,
    pub ticket: TicketId,
    pub title: TitleId,
    pub price: u64,
    pub version: Version,
    pub prev_version: Option<Version>,
}

impl Event {
    pub fn row(&self) -> Row {
        Row {
            title: self.title,
            price: self.price,
            version: self.version,
            deleted: self.kind == EventKind::Deleted,
        }
    }
}

/// The owner's save from a stale copy: the find-and-update matched nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionError {
    pub ticket: TicketId,
    pub expected: Version,
    pub found: Version,
}

/// Titles are interned so tickets, rows and events stay `Copy`; the table
/// only grows (a handful of distinct titles per world).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Titles {
    names: Vec<String>,
}

impl Titles {
    pub fn intern(&mut self, title: &str) -> TitleId {
        if let Some(i) = self.names.iter().position(|n| n == title) {
            return TitleId(i as u32);
        }
        self.names.push(title.to_owned());
        TitleId(self.names.len() as u32 - 1)
    }

    pub fn get(&self, id: TitleId) -> &str {
        self.names.get(id.0 as usize).map_or("", String::as_str)
    }

    /// Copies the names `other` interned after ours (same ids: both only grow).
    pub fn catch_up(&mut self, other: &Titles) {
        if self.names.len() < other.names.len() {
            let have = self.names.len();
            self.names.extend_from_slice(&other.names[have..]);
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct TicketsService {
    tickets: Vec<Ticket>,
}

impl TicketsService {
    pub fn clear(&mut self) {
        self.tickets.clear();
    }

    /// For tests that break an invariant on purpose.
    #[cfg(test)]
    pub(crate) fn tickets_mut(&mut self) -> &mut [Ticket] {
        &mut self.tickets
    }

    pub fn tickets(&self) -> &[Ticket] {
        &self.tickets
    }

    pub fn get(&self, id: TicketId) -> Option<&Ticket> {
        self.tickets.get(id.index())
    }

    /// The table as Tickets shows it: deleted records left out.
    pub fn live(&self) -> impl Iterator<Item = &Ticket> {
        self.tickets.iter().filter(|t| !t.deleted)
    }

    /// Ids come from a counter, so a scenario's ids never depend on its seed.
    pub fn create(
        &mut self,
        title: TitleId,
        price: u64,
        scheme: VersionScheme,
        now_ms: u64,
    ) -> Event {
        let ticket = Ticket {
            id: TicketId(self.tickets.len() as u32),
            title,
            price,
            version: scheme.initial(now_ms),
            deleted: false,
        };
        self.tickets.push(ticket);
        Event {
            kind: EventKind::Created,
            ticket: ticket.id,
            title,
            price,
            version: ticket.version,
            prev_version: None,
        }
    }

    /// Saves an edit made on a copy loaded at version `expected`. `None` if
    /// the ticket does not exist (callers validate ids first).
    pub fn save(
        &mut self,
        id: TicketId,
        expected: Version,
        title: Option<TitleId>,
        price: Option<u64>,
        scheme: VersionScheme,
        now_ms: u64,
    ) -> Option<Result<Event, VersionError>> {
        let ticket = self.tickets.get_mut(id.index()).filter(|t| !t.deleted)?;
        if ticket.version != expected {
            return Some(Err(VersionError {
                ticket: id,
                expected,
                found: ticket.version,
            }));
        }
        let prev = ticket.version;
        ticket.version = scheme.next(prev, now_ms);
        ticket.title = title.unwrap_or(ticket.title);
        ticket.price = price.unwrap_or(ticket.price);
        Some(Ok(Event {
            kind: EventKind::Updated,
            ticket: id,
            title: ticket.title,
            price: ticket.price,
            version: ticket.version,
            prev_version: Some(prev),
        }))
    }

    /// Destroys a record loaded at version `expected`: the same
    /// find-and-update as a save (a stale copy gets a version error), the
    /// version bumped, and the record leaves the table. `None` if it does
    /// not exist or is already deleted.
    pub fn delete(
        &mut self,
        id: TicketId,
        expected: Version,
        scheme: VersionScheme,
        now_ms: u64,
    ) -> Option<Result<Event, VersionError>> {
        let saved = self.save(id, expected, None, None, scheme, now_ms)?;
        Some(saved.map(|event| {
            self.tickets[id.index()].deleted = true;
            Event {
                kind: EventKind::Deleted,
                ..event
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_bump_and_publish_the_previous_version() {
        let mut t = TicketsService::default();
        let s = VersionScheme::Increment;
        let created = t.create(TitleId(0), 5, s, 0);
        assert_eq!((created.ticket, created.version), (TicketId(0), Version(0)));
        let up = t
            .save(TicketId(0), Version(0), None, Some(10), s, 1)
            .unwrap()
            .unwrap();
        assert_eq!(up.version, Version(1));
        assert_eq!(up.prev_version, Some(Version(0)));
        assert_eq!(t.get(TicketId(0)).unwrap().price, 10);
    }

    #[test]
    fn a_stale_copy_fails_with_a_version_error() {
        let mut t = TicketsService::default();
        let s = VersionScheme::Step100;
        t.create(TitleId(0), 5, s, 0);
        t.save(TicketId(0), Version(100), None, Some(10), s, 1)
            .unwrap()
            .unwrap();
        let err = t
            .save(TicketId(0), Version(100), None, Some(15), s, 1)
            .unwrap()
            .unwrap_err();
        assert_eq!((err.expected, err.found), (Version(100), Version(200)));
        assert_eq!(t.get(TicketId(0)).unwrap().price, 10);
        assert!(t.save(TicketId(3), Version(0), None, None, s, 1).is_none());
    }

    #[test]
    fn a_delete_bumps_like_a_save_and_a_stale_one_is_refused() {
        let mut t = TicketsService::default();
        let s = VersionScheme::Increment;
        t.create(TitleId(0), 5, s, 0);
        t.save(TicketId(0), Version(0), None, Some(10), s, 1);
        let stale = t
            .delete(TicketId(0), Version(0), s, 2)
            .unwrap()
            .unwrap_err();
        assert_eq!((stale.expected, stale.found), (Version(0), Version(1)));
        assert_eq!(t.live().count(), 1);
        let gone = t.delete(TicketId(0), Version(1), s, 3).unwrap().unwrap();
        assert_eq!(gone.kind, EventKind::Deleted);
        assert_eq!(
            (gone.version, gone.prev_version),
            (Version(2), Some(Version(1)))
        );
        assert_eq!(t.live().count(), 0);
        assert!(t.get(TicketId(0)).unwrap().deleted);
        // Nothing left to save or delete again.
        assert!(t
            .save(TicketId(0), Version(2), None, Some(1), s, 4)
            .is_none());
        assert!(t.delete(TicketId(0), Version(2), s, 4).is_none());
    }

    #[test]
    fn titles_intern() {
        let mut titles = Titles::default();
        let a = titles.intern("concert");
        assert_eq!(titles.intern("concert"), a);
        assert_ne!(titles.intern("opera"), a);
        assert_eq!(titles.get(a), "concert");
    }
}

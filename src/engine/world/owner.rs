//! The Tickets service's side: saves, version errors, publishes.

use super::World;
use crate::engine::action::ActionError;
use crate::engine::ids::{MessageId, TicketId};
use crate::engine::note::Note;
use crate::engine::tickets::{Event, EventKind};
use crate::engine::trace::StepKind;

/// What an editor's save does to the record it loaded.
#[derive(Clone, Copy)]
enum Edit {
    Save {
        title: Option<crate::engine::ids::TitleId>,
        price: Option<u64>,
    },
    Delete,
}

impl World {
    pub fn create_ticket(&mut self, title: &str, price: u64) -> TicketId {
        let title = self.titles.intern(title);
        let event = self.tickets.create(title, price, self.scheme, self.now);
        self.publish(event);
        event.ticket
    }

    /// One editor: load the current version, edit, save (always succeeds
    /// since the copy is fresh).
    pub fn update_ticket(
        &mut self,
        id: TicketId,
        title: Option<&str>,
        price: Option<u64>,
    ) -> Result<(), ActionError> {
        let current = self.ticket_version(id)?;
        let loaded = self.loaded_seq(id, EventKind::Updated);
        let title = title.map(|t| self.titles.intern(t));
        self.save(id, (current, loaded), title, price);
        Ok(())
    }

    /// Two editors load the same version; both save; the second save's
    /// find-and-update matches nothing: a version error, nothing published.
    pub fn two_editors(
        &mut self,
        id: TicketId,
        first_price: u64,
        second_price: u64,
    ) -> Result<(), ActionError> {
        let loaded = (
            self.ticket_version(id)?,
            self.loaded_seq(id, EventKind::Updated),
        );
        self.save(id, loaded, None, Some(first_price));
        self.save(id, loaded, None, Some(second_price));
        Ok(())
    }

    /// One editor destroys the record (the lecture's "create/update/destroy
    /// to a record"): loaded at its current version, deleted through the
    /// same find-and-update as a save (bump, then publish `ticket:deleted`).
    pub fn delete_ticket(&mut self, id: TicketId) -> Result<(), ActionError> {
        let loaded = (
            self.ticket_version(id)?,
            self.loaded_seq(id, EventKind::Deleted),
        );
        self.save_as(id, loaded, Edit::Delete);
        Ok(())
    }

    fn ticket_version(&self, id: TicketId) -> Result<crate::engine::version::Version, ActionError> {
        match self.tickets.get(id) {
            Some(t) if t.deleted => Err(ActionError::TicketDeleted {
                id,
                version: t.version,
            }),
            Some(t) => Ok(t.version),
            None => Err(ActionError::UnknownTicket {
                id,
                tickets: self.tickets.tickets().len() as u32,
            }),
        }
    }

    /// What an editor loading ticket `id` now also knows: the stream's last
    /// sequence on the subject its edit publishes to, `kind`'s (JetStream's
    /// publish-time check; 0 under NATS Streaming, which has none).
    #[cfg_attr(not(feature = "jetstream"), allow(unused_variables))]
    fn loaded_seq(&self, id: TicketId, kind: EventKind) -> u64 {
        super::brokers::by_model!(self, stan => 0, jetstream => self.js_last_subject_seq(id, kind), kafka => 0)
    }

    /// A save from a copy loaded at (`expected` version, stream sequence).
    /// With JetStream's expected last subject sequence, the publish goes
    /// first and a refused one saves nothing (the stream is the record).
    fn save(
        &mut self,
        id: TicketId,
        loaded: (crate::engine::version::Version, u64),
        title: Option<crate::engine::ids::TitleId>,
        price: Option<u64>,
    ) {
        self.save_as(id, loaded, Edit::Save { title, price });
    }

    fn save_as(
        &mut self,
        id: TicketId,
        (expected, loaded_seq): (crate::engine::version::Version, u64),
        edit: Edit,
    ) {
        super::brokers::by_model!(self, stan => {}, jetstream => {
            let kind = match edit {
                Edit::Save { .. } => EventKind::Updated,
                Edit::Delete => EventKind::Deleted,
            };
            if !self.js_publish_allowed(id, kind, loaded_seq) {
                return;
            }
        }, kafka => {});
        let _ = loaded_seq;
        let (scheme, now) = (self.scheme, self.now);
        let saved = match edit {
            Edit::Save { title, price } => {
                self.tickets.save(id, expected, title, price, scheme, now)
            }
            Edit::Delete => self.tickets.delete(id, expected, scheme, now),
        };
        match saved {
            Some(Ok(event)) => self.publish(event),
            Some(Err(err)) => {
                self.stats.version_errors += 1;
                if self.tracing() {
                    let mut s = self.step_about(StepKind::VersionError, None, None);
                    s.ticket = Some(id);
                    s.row_version_before = Some(err.expected);
                    s.note = Note::StaleSave {
                        ticket: id,
                        expected: err.expected,
                        found: err.found,
                    };
                    self.record(s);
                }
            }
            None => {}
        }
    }

    // Inlined into the saves so the event reaches the broker's message list
    // straight from registers (passed by reference it was stored field by
    // field and read back whole, a store-forwarding stall per publish).
    #[inline]
    fn publish(&mut self, event: Event) {
        // Kafka's record reaches the log later, through its producer.
        super::brokers::by_model!(self, stan => {}, jetstream => {}, kafka => return self.kafka_send(event));
        let msg = self.broker.publish(event);
        super::brokers::by_model!(self, stan => {}, jetstream => self.js_published(msg), kafka => {});
        self.debug_check();
        if self.tracing() {
            self.trace_publish(event, msg);
        }
    }

    /// Tickets sends its latest publish again (`Action::RetryPublish`):
    /// NATS Streaming has no `Nats-Msg-Id`, so a retry there is a copy.
    pub fn retry_publish(&mut self, msg_id: bool) -> Result<(), ActionError> {
        super::brokers::by_model!(self,
            stan => {},
            jetstream => return self.js_retry_publish(msg_id),
            kafka => return Err(ActionError::OtherBroker {
                needs: "NATS Streaming or JetStream: under Kafka the producer retries by itself (faults.produce_retry_permille)",
            }),
        );
        if msg_id {
            return Err(ActionError::OtherBroker {
                needs: "JetStream: NATS Streaming has no Nats-Msg-Id (set msg_id false, or broker jetstream)",
            });
        }
        let event = (self.broker.messages().last())
            .map(|m| m.event)
            .ok_or(ActionError::NothingPublished)?;
        let msg = self.broker.publish(event);
        if self.tracing() {
            let mut s = self.step_about(StepKind::Publish, Some(msg), None);
            s.note = Note::Published {
                price: event.price,
                version: event.version,
                prev: event.prev_version,
            };
            self.record(s);
        }
        self.debug_check();
        Ok(())
    }

    fn trace_publish(&mut self, event: Event, msg: MessageId) {
        self.trace_save(event);
        let mut s = self.step_about(StepKind::Publish, Some(msg), None);
        s.note = Note::Published {
            price: event.price,
            version: event.version,
            prev: event.prev_version,
        };
        self.record(s);
    }

    pub(super) fn trace_save(&mut self, event: Event) {
        let ticket = self.tickets.get(event.ticket).copied();
        let mut s = self.step_about(StepKind::Save, None, None);
        s.ticket = Some(event.ticket);
        s.event_version = Some(event.version);
        if let Some(t) = ticket.filter(|t| t.deleted) {
            s.note = Note::Deleted {
                ticket: t.id,
                version: t.version,
            };
        } else if let Some(t) = ticket {
            s.note = Note::Saved {
                ticket: t.id,
                title: t.title,
                price: t.price,
                version: t.version,
                clock_tie: event
                    .prev_version
                    .is_some_and(|prev| self.scheme.clock_tie(prev, self.now)),
            };
        }
        self.record(s);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::config::Config;
    use crate::engine::ids::TicketId;
    use crate::engine::trace::{StepKind, TraceMode};
    use crate::engine::version::Version;
    use crate::engine::world::World;

    #[test]
    fn two_editors_publish_once_and_record_the_version_error() {
        let mut w = World::new(&Config::default(), TraceMode::Full);
        let id = w.create_ticket("concert", 5);
        w.two_editors(id, 10, 15).unwrap();
        assert_eq!(w.broker().messages().len(), 2);
        let t = w.tickets().get(id).unwrap();
        assert_eq!((t.price, t.version), (10, Version(1)));
        assert_eq!(w.trace().count(StepKind::VersionError), 1);
        assert_eq!(w.stats().version_errors, 1);
        assert!(matches!(
            w.update_ticket(TicketId(4), None, Some(1)),
            Err(crate::engine::action::ActionError::UnknownTicket { .. })
        ));
    }
}

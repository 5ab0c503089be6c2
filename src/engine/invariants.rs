//! What must hold in every World state, whichever driver moved it. Checked
//! by `debug_assert!` after World transitions (small worlds: the check is
//! linear in the messages), after every step in the property tests, and on
//! every state the explorer restores.

use super::ids::MemberId;
use super::message::MessageStatus;
use super::world::World;
use std::fmt;

/// A broken invariant, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invariant broken: {}", self.0)
    }
}

impl std::error::Error for Violation {}

fn fail<T>(what: String) -> Result<T, Violation> {
    Err(Violation(what))
}

/// Every invariant at once; the first broken one.
pub fn check(world: &World) -> Result<(), Violation> {
    deliveries_held_once(world)?;
    versions_only_increase(world)?;
    world.broker().check_counts().map_err(Violation)?;
    in_flight_matches_hands(world)
}

/// A delivery (message, delivery number) is in at most one member's hand.
fn deliveries_held_once(world: &World) -> Result<(), Violation> {
    let mut seen: Vec<(u32, u32, MemberId)> = Vec::new();
    for l in world.listeners() {
        for d in &l.hand {
            if d.msg.index() >= world.broker().messages().len() {
                return fail(format!("{} holds unknown message {}", l.member, d.msg.0));
            }
            if let Some(&(_, _, other)) = seen
                .iter()
                .find(|&&(m, n, _)| m == d.msg.0 && n == d.number)
            {
                return fail(format!(
                    "delivery {} of message {} is held by both {other} and {}",
                    d.number, d.msg.0, l.member
                ));
            }
            seen.push((d.msg.0, d.number, l.member));
        }
    }
    Ok(())
}

/// In the Tickets service each ticket's published versions strictly
/// increase, and its record is at the latest one. (A retried publish,
/// `Action::RetryPublish`, stores the very event before it again.)
///
/// Under Kafka the log is written by the producer, later than the save and
/// (retries without idempotence) maybe out of order: there only no version
/// beyond the ticket's may be in the log.
fn versions_only_increase(world: &World) -> Result<(), Violation> {
    if world.broker_kind() == super::config::BrokerKind::Kafka {
        return versions_at_most_saved(world);
    }
    for t in world.tickets().tickets() {
        let mut last = None;
        let mut previous = None;
        for m in world.broker().messages() {
            if m.event.ticket != t.id {
                continue;
            }
            let retried = previous == Some(m.event);
            previous = Some(m.event);
            if !retried && last.is_some_and(|v| m.event.version <= v) {
                return fail(format!(
                    "ticket {} published version {} after {}",
                    t.id,
                    m.event.version,
                    last.unwrap_or(m.event.version)
                ));
            }
            last = Some(m.event.version);
        }
        if last.is_some_and(|v| v != t.version) {
            return fail(format!(
                "ticket {} is at version {} but its last event says {}",
                t.id,
                t.version,
                last.unwrap_or(t.version)
            ));
        }
    }
    Ok(())
}

fn versions_at_most_saved(world: &World) -> Result<(), Violation> {
    for m in world.broker().messages() {
        let saved = world.tickets().get(m.event.ticket).map(|t| t.version);
        if saved.is_none_or(|v| m.event.version > v) {
            return fail(format!(
                "ticket {} has version {} in the log, never saved",
                m.event.ticket, m.event.version
            ));
        }
    }
    Ok(())
}

/// The broker's in-flight record agrees with the hands: the latest delivery
/// of a message in flight to M, if anyone holds it, is held by M, and a hand
/// holds no delivery the broker never made. (The per-member unacked counts
/// themselves are recounted by `Broker::check_counts`; a forced redelivery
/// may take a member past max in flight, as on the server.)
fn in_flight_matches_hands(world: &World) -> Result<(), Violation> {
    for l in world.listeners() {
        if !l.up && !l.hand.is_empty() {
            return fail(format!("{} is down but holds deliveries", l.member));
        }
        for d in &l.hand {
            let m = world.broker().message(d.msg);
            if d.number > m.deliveries {
                return fail(format!(
                    "{} holds delivery {} of message {}, which was delivered {} time(s)",
                    l.member, d.number, d.msg.0, m.deliveries
                ));
            }
            if let MessageStatus::InFlight { member } = m.status {
                if d.number == m.deliveries && member != l.member {
                    return fail(format!(
                        "message {} is in flight to {member} but {} holds its latest delivery",
                        d.msg.0, l.member
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Worlds up to this many messages are checked after every transition in
/// debug builds; bigger ones (thousand-update runs) would turn each test run
/// quadratic.
pub(crate) const DEBUG_CHECK_UP_TO: usize = 64;

impl World {
    /// `debug_assert!`s every invariant after a transition (small worlds).
    pub(crate) fn debug_check(&self) {
        if cfg!(debug_assertions) && self.broker().messages().len() <= DEBUG_CHECK_UP_TO {
            if let Err(v) = check(self) {
                debug_assert!(false, "{v}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::ids::MemberId;
    use crate::engine::trace::TraceMode;
    use crate::engine::workload::Burst;

    #[test]
    fn a_fresh_burst_holds_and_a_doubled_delivery_is_caught() {
        let cfg = Config {
            max_in_flight: 2,
            ..Config::default()
        };
        let mut w = World::new(&cfg, TraceMode::Off);
        Burst::new(2, 5).apply(&mut w);
        check(&w).unwrap();
        let msg = w.broker().queue()[0];
        w.deliver(msg, MemberId(0));
        check(&w).unwrap();
        let copy = w.listeners[0].hand[0];
        w.listeners[1].hand.push(copy);
        let err = check(&w).unwrap_err().to_string();
        assert!(err.contains("held by both A and B"), "{err}");
    }

    #[test]
    fn a_version_going_back_is_caught() {
        let mut w = World::new(&Config::default(), TraceMode::Off);
        Burst::new(1, 5).apply(&mut w);
        w.tickets.tickets_mut()[0].version = crate::engine::version::Version(0);
        let err = check(&w).unwrap_err().to_string();
        assert!(err.contains("is at version 0"), "{err}");
    }
}

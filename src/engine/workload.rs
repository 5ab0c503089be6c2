//! The owner's burst, written once: create "concert" at price 5 at time 0,
//! then N price updates (10, 15, 20, ...) every `gap_ms`, and, with
//! `deletes`, the ticket destroyed one gap after the last update. Experiments run it
//! as scripted actions, the explorer applies it straight to a World (and its
//! replays as actions again), the Burst button sends its updates live, and
//! the property tests start from it.

use super::action::{Action, ScriptedAction};
use super::ids::TicketId;
use super::world::World;

pub const TITLE: &str = "concert";
pub const CREATE_PRICE: u64 = 5;
/// Each update raises the price by this much.
pub const PRICE_STEP: u64 = 5;
/// Deletes at the burst's end: its one ticket can be destroyed once.
pub const DELETES: (u32, u32) = (0, 1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Burst {
    pub updates: u32,
    pub gap_ms: u64,
    /// Also retitle every k-th update ("concert 3", ...); 0: never.
    pub retitle_every: u32,
    /// Deletes at the end (`DELETES`): the ticket is destroyed one gap
    /// after its last update.
    pub deletes: u32,
}

impl Burst {
    pub fn new(updates: u32, gap_ms: u64) -> Self {
        Burst {
            updates,
            gap_ms,
            retitle_every: 0,
            deletes: 0,
        }
    }

    pub fn deleting(self, deletes: u32) -> Self {
        Burst { deletes, ..self }
    }

    pub fn retitling(self, every: u32) -> Self {
        Burst {
            retitle_every: every,
            ..self
        }
    }

    /// Update `i` (1-based) of ticket `id` whose burst starts at `base`.
    fn update(&self, id: TicketId, base: u64, i: u64) -> Action {
        let retitle = self.retitle_every > 0 && i.is_multiple_of(u64::from(self.retitle_every));
        Action::UpdateTicket {
            id,
            title: retitle.then(|| format!("{TITLE} {i}")),
            price: Some(base.saturating_add(PRICE_STEP.saturating_mul(i))),
        }
    }

    /// When update `i` (1-based) is saved; saturates rather than wrapping.
    pub fn at_ms(&self, i: u64) -> u64 {
        i.saturating_mul(self.gap_ms)
    }

    /// The whole burst as scripted actions: the create, then the updates.
    pub fn actions(&self) -> Vec<ScriptedAction> {
        let create = ScriptedAction {
            at_ms: 0,
            action: Action::CreateTicket {
                title: TITLE.to_owned(),
                price: CREATE_PRICE,
            },
        };
        let updates = (1..=u64::from(self.updates)).map(|i| ScriptedAction {
            at_ms: self.at_ms(i),
            action: self.update(TicketId(0), CREATE_PRICE, i),
        });
        let last = u64::from(self.updates) + 1;
        let deletes = (self.deletes > 0).then(|| ScriptedAction {
            at_ms: self.at_ms(last),
            action: Action::DeleteTicket { id: TicketId(0) },
        });
        std::iter::once(create)
            .chain(updates)
            .chain(deletes)
            .collect()
    }

    /// The updates alone for an existing ticket at price `base` (the Burst
    /// button: sent live, one after another).
    pub fn updates_of(&self, id: TicketId, base: u64) -> impl Iterator<Item = Action> + '_ {
        (1..=u64::from(self.updates)).map(move |i| self.update(id, base, i))
    }

    /// Applies the burst straight to `world` (no driver): each save at its
    /// time, the create as step 0 and update i as step i.
    pub fn apply(&self, world: &mut World) {
        for (i, a) in self.actions().into_iter().enumerate() {
            world.now = a.at_ms;
            world.step = i as u64;
            match a.action {
                Action::CreateTicket { title, price } => {
                    world.create_ticket(&title, price);
                }
                Action::UpdateTicket { id, title, price } => {
                    // The burst's ticket exists: the update cannot fail.
                    let _ = world.update_ticket(id, title.as_deref(), price);
                }
                Action::DeleteTicket { id } => {
                    let _ = world.delete_ticket(id);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::trace::TraceMode;

    #[test]
    fn the_burst_creates_then_updates_in_steps_of_five() {
        let b = Burst::new(3, 7).retitling(2);
        let a = b.actions();
        assert_eq!(a.len(), 4);
        assert_eq!(
            a.iter().map(|a| a.at_ms).collect::<Vec<_>>(),
            [0, 7, 14, 21]
        );
        assert!(matches!(
            &a[2].action,
            Action::UpdateTicket { title: Some(t), price: Some(15), .. } if t == "concert 2"
        ));
        let mut w = World::new(&Config::default(), TraceMode::Off);
        b.apply(&mut w);
        let t = w.tickets().get(TicketId(0)).unwrap();
        assert_eq!((t.price, w.broker().messages().len()), (20, 4));
        let mut w = World::new(&Config::default(), TraceMode::Off);
        Burst::new(2, 7).deleting(1).apply(&mut w);
        assert!(w.tickets().get(TicketId(0)).unwrap().deleted);
        assert_eq!(w.broker().messages().last().unwrap().event.version.0, 3);
        assert_eq!(Burst::new(2, 7).deleting(1).actions()[3].at_ms, 21);
        let live: Vec<_> = Burst::new(2, 0).updates_of(TicketId(1), 40).collect();
        assert!(matches!(
            live[1],
            Action::UpdateTicket {
                price: Some(50),
                ..
            }
        ));
    }
}

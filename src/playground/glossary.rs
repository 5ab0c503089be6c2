//! Every term the page uses, explained in a sentence: shown on hover and
//! focus where the term appears, and all together in the glossary panel.

use crate::engine::{Strategy, VersionScheme};

pub struct Term {
    pub id: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

const fn term(id: &'static str, name: &'static str, text: &'static str) -> Term {
    Term { id, name, text }
}

pub const GLOSSARY: [Term; 22] = [
    term("version", "Version", "The owner's count of changes to a record: Tickets bumps it on every save and puts it in the event it publishes."),
    term("queue-group", "Queue group", "Listeners that share one subscription (here orders-service): NATS hands each message to one member only, so members work in parallel and out of order."),
    term("ack-wait", "Ack wait", "How long NATS waits for a listener's ack before it redelivers the message, possibly to another member."),
    term("redelivery", "Redelivery", "A message that was not acked within the ack wait goes out again, flagged as redelivered."),
    term("naive", "naive", "The listener applies every update it receives and always acks: a late old update overwrites a newer one."),
    term("occ", "occ", "The lecture's fix: apply an update only if the row is at version - 1; otherwise do not ack, and NATS redelivers it later."),
    term("plugin-increment", "plugin-increment (Option #1)", "The replica bumps its own version on every save and hopes both sides count in lock step."),
    term("newest-wins", "newest-wins", "Apply an update only if it is newer than the row; ack and skip an older one. Converges, but skips intermediate states."),
    term("prev-version", "prev-version", "Each event carries the version it replaces; apply it only if the row is at exactly that version. Works with any increasing versions."),
    term("increment", "increment (+1)", "Versions go 0, 1, 2, ...: what mongoose-update-if-current does."),
    term("step100", "step100 (mystery source)", "Versions go 100, 200, 300: version - 1 never matches."),
    term("timestamp", "timestamp (mystery source)", "Versions are the save's clock time: increasing, but with gaps."),
    term("ready", "Ready", "The run is at its start: the owner's saves, and everything they set off, are still to come."),
    term("consistent", "Consistent", "Every Orders row equals its Tickets row and nothing is left to deliver."),
    term("lagging", "Lagging", "Orders differs from Tickets, but a message still on its way may fix it."),
    term("diverged", "Diverged", "The run is over and an Orders row still differs from Tickets: nothing will ever fix it."),
    term("stalled", "Stalled", "A message can never be applied: it is dead-lettered, or every outstanding one keeps being refused (livelock)."),
    term("livelock", "Livelock", "Every outstanding message was refused since the replica last changed, so redelivering them forever changes nothing: a poison loop. Experiments stop the run there; the live view lets it go round."),
    term("quiescence", "Quiescence", "Nothing left to happen: every message acked or given up, no listener busy."),
    term("crash", "Crash a listener", "The listener stops; what it held is not acked and comes back after the ack wait. It restarts later."),
    term("lose-next-ack", "Lose next ack", "The next ack a listener sends never reaches NATS: the update is applied but redelivered as a duplicate."),
    term("delay-spike", "Delay spike", "For a while every delivery takes longer: a later message to another listener can overtake it (each listener's one connection still delivers in the order sent)."),
];

/// The entry for `id`; every id the page asks for exists (a test checks).
pub fn explain(id: &str) -> Option<&'static Term> {
    GLOSSARY.iter().find(|t| t.id == id)
}

pub fn strategy(s: Strategy) -> Option<&'static Term> {
    explain(s.name())
}

pub fn scheme(s: VersionScheme) -> Option<&'static Term> {
    explain(s.name())
}

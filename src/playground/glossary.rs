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

pub const GLOSSARY: [Term; 23] = [
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
    term("tombstone", "Tombstone (soft delete)", "On ticket:deleted the replica keeps the row, marked deleted, with its version, instead of removing it: a late update or duplicate for it is then known to be stale, acked and skipped."),
    term("delay-spike", "Delay spike", "For a while every delivery takes longer: a later message to another listener can overtake it (each listener's one connection still delivers in the order sent)."),
];

/// The terms of the brokers beside NATS Streaming (JetStream's and
/// Kafka's). Only the full page has them: the first-visit module runs NATS
/// Streaming only and hands any other broker over, so it carries none of
/// their words (its size budget, `.ci/size.sh`).
#[cfg(feature = "jobs")]
pub const BROKER_GLOSSARY: [Term; 14] = [
    term("stream", "Stream (JetStream)", "JetStream stores every message published on its subjects in one log with one sequence: here stream TICKETS over ticket.created.<id> and ticket.updated.<id>."),
    term("pull-consumer", "Pull consumer", "A durable consumer (here orders-service, explicit ack) that listeners fetch from: each asks for the next message with a pull request, so the consumer, not a queue group, decides who gets what."),
    term("waiting-queue", "Waiting queue", "The consumer's pending pull requests, oldest first: the next message, or a redelivery before any new one, goes to the request at its head, usually not the listener that dropped it."),
    term("max-ack-pending", "MaxAckPending", "How many messages the consumer may have sent and not yet had acked, across all its listeners (default 1000); at the limit nothing new goes out. 1 serializes delivery: ordered, but slow."),
    term("nak", "Nak", "A listener's negative ack: the message goes back for redelivery at once, or after a delay, instead of waiting out the ack wait."),
    term("backoff", "BackOff", "A JetStream consumer's list of ack waits: delivery n waits BackOff[n-1], the last one from then on."),
    term("expected-last-subject-sequence", "Expected last subject sequence (10071)", "A publish that says which sequence it expects last on its subject; if another save published meanwhile, JetStream refuses it with error 10071 \"wrong last sequence\": OCC at publish time."),
    term("msg-id", "Nats-Msg-Id, duplicate window", "A publish's id: a retry with the same id within the stream's duplicate window (default 2 minutes) is acked as a duplicate and stored once."),
    term("partition", "Partition (Kafka)", "One ordered log of topic tickets; a record's key (the ticket id) picks its partition, so one ticket's records stay in order in one partition."),
    term("consumer-group", "Consumer group", "Kafka's orders-service: each partition is owned by one listener at a time, which processes its records in order."),
    term("committed-offset", "Committed offset", "Where the group resumes in a partition: the listener commits after processing, so a crash before the commit replays that record to the next owner."),
    term("rebalance", "Rebalance", "The group hands partitions out again when a member joins or leaves; the new owner starts from the last committed offset: duplicates."),
    term("session-timeout", "Session timeout", "How long Kafka waits after a member's last heartbeat before it counts it gone and rebalances (default 45 s)."),
    term("idempotent-producer", "Idempotent producer", "A producer whose retries the broker recognises by sequence number: no duplicates and no reordering of one key's records (Kafka's default since 3.0)."),
];

/// Every term the page has: NATS Streaming's, and on the full page the
/// other brokers'.
pub fn all() -> impl Iterator<Item = &'static Term> {
    #[cfg(feature = "jobs")]
    let more = BROKER_GLOSSARY.iter();
    #[cfg(not(feature = "jobs"))]
    let more = [].iter();
    GLOSSARY.iter().chain(more)
}

/// The entry for `id`; every id the page asks for exists (a test checks).
pub fn explain(id: &str) -> Option<&'static Term> {
    all().find(|t| t.id == id)
}

pub fn strategy(s: Strategy) -> Option<&'static Term> {
    explain(s.name())
}

pub fn scheme(s: VersionScheme) -> Option<&'static Term> {
    explain(s.name())
}

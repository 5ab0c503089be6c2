//! Help texts: every flag with its default and its allowed values, the
//! ranges read from `config.rs` (through the knob table) and the specs.

use occ_playground::engine::config::{
    range_text, Config, BACKOFF_MS, BACKOFF_STEPS, MAX_ACK_PENDING, TRACE_LIMIT,
};
use occ_playground::engine::experiment::{TRIALS, UPDATES, UPDATE_GAP_MS};
use occ_playground::engine::explorer::{self, STATE_LIMIT};
use occ_playground::engine::knobs::KNOBS;
use occ_playground::engine::trace::DEFAULT_TRACE_LIMIT;
use std::fmt::Write;

pub const MAIN: &str = "\
occ-sim: the versioned event engine from the command line (one JSON object on stdout)

USAGE:
  occ-sim experiment [FLAGS]   repeat a create + N updates burst over many seeded trials
  occ-sim explore [FLAGS]      every schedule of a create + N updates, deduplicated
  occ-sim run SCENARIO.json    replay a scenario file; prints trace, outcome and verdict
  occ-sim conform --server URL the JetStream model against a real nats-server (exit 1: they disagree)
  occ-sim <command> --help     the flags of one command

Errors: one line on stderr naming the flag and the allowed values (a..b: a to b, both
included); exit status 2. Warnings (the run went on) are lines on stderr starting
\"occ-sim: warning:\" and also appear in the JSON's \"warnings\".
";

fn line(out: &mut String, flag: &str, help: &str) {
    let _ = writeln!(out, "  {flag:<20}{help}");
}

/// The config flags `experiment` and `run` share, with `defaults` shown.
fn config_flags(out: &mut String, defaults: &Config) {
    line(
        out,
        "--strategy S",
        &format!(
            "naive | occ | plugin-increment | newest-wins | prev-version [{}]",
            defaults.strategy
        ),
    );
    line(
        out,
        "--on-delete D",
        &format!(
            "hard (remove the row) | tombstone (keep it, marked deleted) [{}]",
            defaults.on_delete.name()
        ),
    );
    line(
        out,
        "--scheme V",
        &format!("increment | step100 | timestamp [{}]", defaults.scheme),
    );
    line(
        out,
        "--assign A",
        &format!(
            "round-robin | random [{}] (NATS Streaming's pick)",
            defaults.assignment.name()
        ),
    );
    line(
        out,
        "--broker B",
        &format!(
            "stan | jetstream | kafka [{}]: NATS Streaming (the course's queue group), JetStream (one stream, one durable pull consumer) or Kafka (topic tickets keyed by ticket id, consumer group orders-service); the flags marked --broker jetstream or --broker kafka are refused under the others",
            defaults.broker
        ),
    );
    line(
        out,
        "--backoff MS,MS..",
        &format!(
            "--broker jetstream: the consumer's BackOff, the ack wait of delivery n is step n (the last from then on), at most {} steps each {} [none]",
            BACKOFF_STEPS,
            range_text(BACKOFF_MS)
        ),
    );
    line(
        out,
        "--expect-last-subject-seq",
        "--broker jetstream: Tickets publishes updates with Nats-Expected-Last-Subject-Sequence; a stale editor is refused (10071) [off]",
    );
    line(
        out,
        "--on-refuse R",
        "--broker kafka: retry-in-place | skip-and-commit [retry-in-place]: what a listener does with a record its strategy refuses (no nack in Kafka): seek back and pause the partition for the backoff (it blocks), or commit past it (the update is lost)",
    );
    line(
        out,
        "--idempotence on|off",
        "--broker kafka: the producer's enable.idempotence [on]; off with --producer-max-in-flight above 1 and --produce-retry lets one ticket's records land out of order",
    );
    for k in KNOBS {
        let default = defaults
            .knob_value(k.field)
            .map_or_else(|| "unset".to_owned(), |v| v.to_string());
        line(
            out,
            &format!("--{} N", k.flag),
            &format!("{}, {} [{default}]", k.help, range_text(k.range)),
        );
    }
}

pub fn experiment() -> String {
    let mut out = String::from(
        "occ-sim experiment: T trials of one create (price 5) then N updates (10, 15, 20, ...)\n\n\
         FLAGS (default in brackets; a..b means a to b, both included):\n",
    );
    line(
        &mut out,
        "--updates N",
        &format!("updates per trial, {} [2]", range_text(UPDATES)),
    );
    line(
        &mut out,
        "--trials T",
        &format!("{} [200]", range_text(TRIALS)),
    );
    line(
        &mut out,
        "--seed X",
        "base seed; trial i runs with trial_seed(X, i) (SplitMix64), any u64 [1]",
    );
    line(
        &mut out,
        "--gap MS",
        &format!(
            "time between the owner's saves, {} [5]; timestamp versions need 1 or more",
            range_text(UPDATE_GAP_MS)
        ),
    );
    line(&mut out, "--deletes N", &deletes_help());
    config_flags(&mut out, &Config::default());
    out
}

fn deletes_help() -> String {
    format!(
        "the burst ends in N deletes of its ticket, {} [0]",
        range_text(occ_playground::engine::workload::DELETES)
    )
}

pub fn explore() -> String {
    let mut out = String::from(
        "occ-sim explore: every schedule of one create and N updates, all published up front\n\n\
         FLAGS (default in brackets; a..b means a to b, both included):\n",
    );
    line(
        &mut out,
        "--strategy S",
        "naive | occ | plugin-increment | newest-wins | prev-version [occ]",
    );
    line(
        &mut out,
        "--scheme V",
        "increment | step100 | timestamp [increment]",
    );
    line(
        &mut out,
        "--updates N",
        &format!("{} [2]", range_text(explorer::UPDATES)),
    );
    line(&mut out, "--deletes N", &deletes_help());
    line(
        &mut out,
        "--on-delete D",
        "hard | tombstone: the listeners remove a deleted row, or keep it with its version [hard]",
    );
    line(
        &mut out,
        "--listeners L",
        &format!("{} [2]", range_text(explorer::LISTENERS)),
    );
    line(
        &mut out,
        "--in-flight N",
        &format!(
            "max in flight per member, {} [1]",
            range_text(explorer::MAX_IN_FLIGHT)
        ),
    );
    line(
        &mut out,
        "--state-limit N",
        &format!(
            "give up beyond N distinct states, {} [5000000]",
            range_text(STATE_LIMIT)
        ),
    );
    line(
        &mut out,
        "--broker B",
        "stan, jetstream or kafka [stan]: each explored under its own rules (JetStream: the pull at the head of the waiting queue gets each message; Kafka: one partition's records in offset order, the partitions' consumers interleaving)",
    );
    line(
        &mut out,
        "--max-ack-pending N",
        &format!(
            "JetStream's MaxAckPending, {} [1000]; with --broker jetstream only",
            range_text(MAX_ACK_PENDING)
        ),
    );
    line(
        &mut out,
        "--trace",
        "also print the counterexample replayed as a trace",
    );
    out
}

pub fn run() -> String {
    let mut out = String::from(
        "occ-sim run SCENARIO.json [FLAGS]: replay a scenario to its end\n\n\
         The file is a JSON scenario: {\"format\": 1, \"config\": {...}, \"seed\": N, \"actions\": [...]},\n\
         or anything the page exports or imports (an exported scenario or trace, this command's\n\
         output, a share link), read as the page reads it: at most 8 MB, a bad field named by its path.\n\
         Prints {\"trace\": [...], \"outcome\", \"verdict\", \"steps\", \"time_ms\", \"trace_not_kept\", \"warnings\"};\n\
         the trace is written while the run goes, so a long run needs little memory.\n\n\
         FLAGS (override the file's config; default: the file's value):\n",
    );
    line(
        &mut out,
        "--trace-limit N",
        &format!(
            "print at most N trace steps, {}; 0 prints none [{DEFAULT_TRACE_LIMIT}]",
            range_text(TRACE_LIMIT)
        ),
    );
    config_flags(&mut out, &Config::default());
    out.push_str("  (defaults shown are a new scenario's; a file's own config comes first)\n");
    out
}

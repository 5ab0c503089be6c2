//! One message's history in words, from the trace: what a student sees after
//! clicking its token.

use crate::engine::tickets::Titles;
use crate::engine::{Channel, Simulation, StepKind, TraceStep};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    /// The step number as the clock shows it (the first transition is step 1).
    pub step: u64,
    pub time_ms: u64,
    pub text: String,
}

/// Every step of the trace about message `seq` of `channel`, in order.
/// Once the message was sent more than once, each listener's step names the
/// copy it handled ("listener A (copy 1) wrote the row"), as the verdict does.
pub fn history(sim: &Simulation, channel: Channel, seq: u64) -> Vec<HistoryLine> {
    let about = |s: &&TraceStep| s.channel == Some(channel) && s.seq == Some(seq);
    let steps = &sim.trace().steps;
    let copies = steps.iter().filter(about).any(|s| s.delivery > Some(1));
    steps
        .iter()
        .filter(about)
        .map(|s| HistoryLine {
            step: s.step + 1,
            time_ms: s.time_ms,
            text: line(s, sim.titles(), copies),
        })
        .collect()
}

fn line(s: &TraceStep, titles: &Titles, copies: bool) -> String {
    let copy = match s.delivery {
        Some(n) if copies && s.kind != StepKind::Deliver => format!(" (copy {n})"),
        _ => String::new(),
    };
    let who = s.member.map_or_else(
        || "a listener".to_string(),
        |m| format!("listener {m}{copy}"),
    );
    let v = |v: Option<crate::engine::Version>| v.map_or_else(|| "none".into(), |v| v.to_string());
    let text = match s.kind {
        StepKind::Publish => format!("published by Tickets with version {}", v(s.event_version)),
        StepKind::Deliver if s.redelivered || s.delivery.is_some_and(|d| d > 1) => format!(
            "redelivered to {who} (delivery {})",
            s.delivery.unwrap_or(0)
        ),
        StepKind::Deliver => format!("delivered to {who}"),
        StepKind::Read => format!(
            "{who} read the Orders row (version {})",
            v(s.row_version_before)
        ),
        StepKind::Write if s.out_of_order => format!(
            "{who} wrote the row: version {} (out of order: a newer version was already applied)",
            v(s.row_version_after)
        ),
        StepKind::Write => format!("{who} wrote the row: version {}", v(s.row_version_after)),
        StepKind::Ack => format!("{who} acked it"),
        // The note names the copy and who holds the message now.
        StepKind::AckIgnored => "the server ignored the ack".to_string(),
        StepKind::Skip => format!("{who} acked it without writing"),
        StepKind::NoAck => {
            format!("{who} did not ack it; the broker redelivers after the ack wait")
        }
        StepKind::AckLost => format!("{who} applied it, but the ack never reached the broker"),
        StepKind::VersionError => format!("{who}'s write failed the version check"),
        StepKind::Redeliver => "the ack wait ran out: queued again".to_string(),
        StepKind::DeadLetter => "dead-lettered: no more redeliveries".to_string(),
        StepKind::Route => format!("you routed it to {who}"),
        other => other.name().replace('-', " "),
    };
    if s.note.is_none() {
        text
    } else {
        format!("{text} ({})", s.note_text(titles))
    }
}

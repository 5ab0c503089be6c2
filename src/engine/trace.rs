//! The record of a run, one step per thing that happened. Steps are ids and
//! numbers (a `Note`, not a sentence), so a long run stays small in memory;
//! `trace_json.rs` writes them out readably, with the sentences.

use super::broker::Channel;
use super::ids::{MemberId, TicketId, TitleId};
use super::note::Note;
use super::tickets::Titles;
use super::version::Version;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceMode {
    /// Experiments: record nothing, allocate nothing.
    Off,
    #[default]
    Full,
}

/// Steps a trace keeps unless told otherwise: about 100 MB of steps, far
/// more than a person scrolls, far less than a browser tab can hold.
pub const DEFAULT_TRACE_LIMIT: u64 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// The owner saved a ticket (version bumped).
    Save,
    /// The owner's save from a stale copy failed; or a listener's conditional
    /// write found the row changed since its read.
    VersionError,
    /// A listener's insert found the row already there (a duplicate create).
    DuplicateKey,
    Publish,
    Deliver,
    Read,
    Write,
    Ack,
    NoAck,
    /// Acked without writing (newest-wins).
    Skip,
    /// Applied, but the ack never reached the broker.
    AckLost,
    /// The ack reached the server, which ignored it: another member holds
    /// the message now (or it was acked or queued again meanwhile).
    AckIgnored,
    /// A fault was armed (e.g. "lose the next ack").
    Fault,
    Redeliver,
    DeadLetter,
    Crash,
    Restart,
    DelaySpike,
    Shuffle,
    Route,
    /// A scripted action that could not apply at its time (e.g. crashing a
    /// listener that is already down).
    Ignored,
    /// The run stopped: every outstanding message was refused since the
    /// replica last changed, so nothing can ever change again.
    Livelock,
    /// A JetStream listener's pull request joins the consumer's waiting queue.
    Pull,
    /// A JetStream listener naks a message (with or without a delay).
    Nak,
    /// Kafka's producer: a request failed and is retried, or a duplicate
    /// was acked without being written.
    Produce,
    /// A Kafka listener commits the offset past what it handled (or the
    /// coordinator refuses the commit).
    Commit,
    /// Kafka's consumer group: a session expired, or a new generation
    /// with its partitions' new owners.
    Rebalance,
    /// A Kafka listener resumes a partition it paused to retry in place.
    Resume,
}

impl StepKind {
    /// The kebab-case name used in JSON and CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Save => "save",
            StepKind::VersionError => "version-error",
            StepKind::DuplicateKey => "duplicate-key",
            StepKind::Publish => "publish",
            StepKind::Deliver => "deliver",
            StepKind::Read => "read",
            StepKind::Write => "write",
            StepKind::Ack => "ack",
            StepKind::NoAck => "no-ack",
            StepKind::Skip => "skip",
            StepKind::AckLost => "ack-lost",
            StepKind::AckIgnored => "ack-ignored",
            StepKind::Fault => "fault",
            StepKind::Redeliver => "redeliver",
            StepKind::DeadLetter => "dead-letter",
            StepKind::Crash => "crash",
            StepKind::Restart => "restart",
            StepKind::DelaySpike => "delay-spike",
            StepKind::Shuffle => "shuffle",
            StepKind::Route => "route",
            StepKind::Ignored => "ignored",
            StepKind::Livelock => "livelock",
            StepKind::Pull => "pull",
            StepKind::Nak => "nak",
            StepKind::Produce => "produce",
            StepKind::Commit => "commit",
            StepKind::Rebalance => "rebalance",
            StepKind::Resume => "resume",
        }
    }
}

/// A replica row as it reads in a table (the title by its interned id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowSnapshot {
    pub id: TicketId,
    pub title: TitleId,
    pub price: u64,
    pub version: Version,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    /// Index of the transition this step belongs to (one transition can
    /// record several steps, e.g. write then ack).
    pub step: u64,
    pub time_ms: u64,
    pub kind: StepKind,
    pub channel: Option<Channel>,
    pub seq: Option<u64>,
    pub member: Option<MemberId>,
    pub ticket: Option<TicketId>,
    /// Which delivery of the message (1 = first).
    pub delivery: Option<u32>,
    pub redelivered: bool,
    pub event_version: Option<Version>,
    pub row_version_before: Option<Version>,
    pub row_version_after: Option<Version>,
    /// The replica row of `ticket` after this step (`None`: not there yet).
    pub row_after: Option<RowSnapshot>,
    pub out_of_order: bool,
    pub note: Note,
}

impl TraceStep {
    pub fn new(step: u64, time_ms: u64, kind: StepKind) -> Self {
        TraceStep {
            step,
            time_ms,
            kind,
            channel: None,
            seq: None,
            member: None,
            ticket: None,
            delivery: None,
            redelivered: false,
            event_version: None,
            row_version_before: None,
            row_version_after: None,
            row_after: None,
            out_of_order: false,
            note: Note::None,
        }
    }

    /// The step's sentence (empty when it has none).
    pub fn note_text(&self, titles: &Titles) -> String {
        self.note.text(titles)
    }

    /// The sentence plus the row it left behind, for a timeline's details.
    pub fn detail(&self, titles: &Titles) -> String {
        let mut detail = self.note_text(titles);
        if let Some(r) = &self.row_after {
            detail.push_str(&format!(
                " Orders row after: {} {} ${} v{}.",
                r.id,
                titles.get(r.title),
                r.price,
                r.version
            ));
        }
        if self.out_of_order {
            detail.push_str(" Applied out of order.");
        }
        detail
    }
}

/// The steps of a run, the titles their notes name, and a cap on how many
/// are kept: past it, steps are counted (`not_kept`) but not stored, and the
/// run itself goes on unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
    pub(crate) titles: Titles,
    limit: u64,
    kept: u64,
    not_kept: u64,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::with_limit(DEFAULT_TRACE_LIMIT)
    }
}

impl Trace {
    pub fn with_limit(limit: u64) -> Self {
        Trace {
            steps: Vec::new(),
            titles: Titles::default(),
            limit,
            kept: 0,
            not_kept: 0,
        }
    }

    /// Records a step, or counts it once the cap is reached. `titles` is the
    /// world's table; the trace copies the names it has not seen yet, so it
    /// can be written out on its own.
    pub(crate) fn push(&mut self, step: TraceStep, titles: &Titles) {
        if self.kept >= self.limit {
            self.not_kept += 1;
            return;
        }
        self.kept += 1;
        self.titles.catch_up(titles);
        self.steps.push(step);
    }

    /// Empties the trace for a fresh run (titles stay: ids never change).
    pub(crate) fn clear(&mut self) {
        self.steps.clear();
        self.kept = 0;
        self.not_kept = 0;
    }

    /// Hands out the steps recorded so far and forgets them; the cap keeps
    /// counting from where it was (for writers that stream a long run).
    pub fn drain(&mut self) -> std::vec::Drain<'_, TraceStep> {
        self.steps.drain(..)
    }

    pub fn set_limit(&mut self, limit: u64) {
        self.limit = limit;
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Steps recorded past the cap and not kept.
    pub fn not_kept(&self) -> u64 {
        self.not_kept
    }

    /// What to tell a person when the cap was reached.
    pub fn cut_notice(&self) -> Option<String> {
        (self.not_kept > 0).then(|| {
            format!(
                "the trace keeps the first {} steps; {} later steps were not kept (the run itself went on to its end)",
                self.limit, self.not_kept
            )
        })
    }

    pub fn titles(&self) -> &Titles {
        &self.titles
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn of_kind(&self, kind: StepKind) -> impl Iterator<Item = &TraceStep> {
        self.steps.iter().filter(move |s| s.kind == kind)
    }

    pub fn count(&self, kind: StepKind) -> usize {
        self.of_kind(kind).count()
    }

    /// The sentence of step `i` (empty when out of range or silent).
    pub fn note_text(&self, i: usize) -> String {
        self.steps
            .get(i)
            .map_or_else(String::new, |s| s.note_text(&self.titles))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_a_few_words_not_a_heap_of_strings() {
        // The figure behind "5,000 updates in under 1 GB": see README.
        assert!(
            std::mem::size_of::<TraceStep>() <= 208,
            "{}",
            std::mem::size_of::<TraceStep>()
        );
    }

    #[test]
    fn past_the_limit_steps_are_counted_not_kept() {
        let titles = Titles::default();
        let mut t = Trace::with_limit(2);
        for i in 0..5 {
            t.push(TraceStep::new(i, i, StepKind::Deliver), &titles);
        }
        assert_eq!((t.len(), t.not_kept()), (2, 3));
        let notice = t.cut_notice().unwrap();
        assert!(notice.contains("first 2 steps; 3 later"), "{notice}");
        // Draining (streaming) does not reset the cap.
        assert_eq!(t.drain().count(), 2);
        t.push(TraceStep::new(9, 9, StepKind::Ack), &titles);
        assert_eq!((t.len(), t.not_kept()), (0, 4));
        t.clear();
        assert_eq!(t.cut_notice(), None);
    }
}

//! The record of a run, one step per thing that happened. Serializable, so a
//! replayed scenario can be compared byte for byte.

use super::broker::Channel;
use super::ids::{MemberId, TicketId};
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// The owner saved a ticket (version bumped).
    Save,
    /// The owner's save from a stale copy failed; or a listener's conditional
    /// write found the row changed since its read.
    VersionError,
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
}

/// A replica (or source) row as it reads in a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSnapshot {
    pub id: TicketId,
    pub title: String,
    pub price: u64,
    pub version: Version,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// Index of the transition this step belongs to (one transition can
    /// record several steps, e.g. write then ack).
    pub step: u64,
    pub time_ms: u64,
    pub kind: StepKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketId>,
    /// Which delivery of the message (1 = first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redelivered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_version: Option<Version>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_version_before: Option<Version>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_version_after: Option<Version>,
    /// The replica row of `ticket` after this step (`None`: not there yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_after: Option<RowSnapshot>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub out_of_order: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
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
            note: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
}

impl Trace {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_are_left_out_and_round_trip() {
        let mut s = TraceStep::new(3, 12, StepKind::Write);
        s.member = Some(MemberId(1));
        s.out_of_order = true;
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"step":3,"time_ms":12,"kind":"write","member":"B","out_of_order":true}"#
        );
        assert_eq!(serde_json::from_str::<TraceStep>(&json).unwrap(), s);
    }
}

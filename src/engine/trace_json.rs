//! A trace as people read it in an export or the CLI: one object per step,
//! empty fields left out, the note as a sentence and the row's title by name.
//! Writing is the only direction: a trace is rebuilt by replaying its
//! scenario, never parsed back.

use super::tickets::Titles;
use super::trace::{RowSnapshot, Trace, TraceStep};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// One step, ready to serialize (borrows the titles its note names).
pub struct StepJson<'a> {
    step: &'a TraceStep,
    titles: &'a Titles,
}

/// Every kept step as a JSON array.
pub struct StepsJson<'a>(&'a Trace);

impl TraceStep {
    pub fn json<'a>(&'a self, titles: &'a Titles) -> StepJson<'a> {
        StepJson { step: self, titles }
    }
}

impl Trace {
    /// The kept steps as a JSON array (what `occ-sim run` prints as "trace").
    pub fn steps_json(&self) -> StepsJson<'_> {
        StepsJson(self)
    }
}

struct RowJson<'a>(&'a RowSnapshot, &'a Titles);

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let RowJson(r, titles) = self;
        let mut m = ser.serialize_map(Some(4))?;
        m.serialize_entry("id", &r.id)?;
        m.serialize_entry("title", titles.get(r.title))?;
        m.serialize_entry("price", &r.price)?;
        m.serialize_entry("version", &r.version)?;
        m.end()
    }
}

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let s = self.step;
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("step", &s.step)?;
        m.serialize_entry("time_ms", &s.time_ms)?;
        m.serialize_entry("kind", &s.kind)?;
        if let Some(v) = &s.channel {
            m.serialize_entry("channel", v)?;
        }
        if let Some(v) = &s.seq {
            m.serialize_entry("seq", v)?;
        }
        if let Some(v) = &s.member {
            m.serialize_entry("member", v)?;
        }
        if let Some(v) = &s.ticket {
            m.serialize_entry("ticket", v)?;
        }
        if let Some(v) = &s.delivery {
            m.serialize_entry("delivery", v)?;
        }
        if s.redelivered {
            m.serialize_entry("redelivered", &true)?;
        }
        if let Some(v) = &s.event_version {
            m.serialize_entry("event_version", v)?;
        }
        if let Some(v) = &s.row_version_before {
            m.serialize_entry("row_version_before", v)?;
        }
        if let Some(v) = &s.row_version_after {
            m.serialize_entry("row_version_after", v)?;
        }
        if let Some(r) = &s.row_after {
            m.serialize_entry("row_after", &RowJson(r, self.titles))?;
        }
        if s.out_of_order {
            m.serialize_entry("out_of_order", &true)?;
        }
        if !s.note.is_none() {
            m.serialize_entry("note", &s.note.text(self.titles))?;
        }
        m.end()
    }
}

impl Serialize for StepsJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut seq = ser.serialize_seq(Some(t.steps.len()))?;
        for s in &t.steps {
            seq.serialize_element(&s.json(&t.titles))?;
        }
        seq.end()
    }
}

/// `{"steps": [...]}`, plus `"not_kept"` when the cap was reached.
impl Serialize for Trace {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("steps", &self.steps_json())?;
        if self.not_kept() > 0 {
            m.serialize_entry("not_kept", &self.not_kept())?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::{MemberId, TicketId};
    use crate::engine::note::Note;
    use crate::engine::trace::StepKind;
    use crate::engine::version::Version;

    #[test]
    fn empty_fields_are_left_out_and_notes_are_sentences() {
        let mut titles = Titles::default();
        let title = titles.intern("concert");
        let mut s = TraceStep::new(3, 12, StepKind::Write);
        s.member = Some(MemberId(1));
        s.out_of_order = true;
        s.note = Note::OutOfOrder;
        s.row_after = Some(RowSnapshot {
            id: TicketId(0),
            title,
            price: 15,
            version: Version(2),
        });
        let json = serde_json::to_string(&s.json(&titles)).unwrap();
        assert_eq!(
            json,
            r#"{"step":3,"time_ms":12,"kind":"write","member":"B","row_after":{"id":"CZQ","title":"concert","price":15,"version":2},"out_of_order":true,"note":"applied out of order: a newer version was applied before"}"#
        );
    }
}

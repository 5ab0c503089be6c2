//! What one side (the model or the server) did in a scenario, in the terms
//! both can report: who got which stream sequence with which delivery
//! count, which publishes the stream refused (10071) or acked as
//! duplicates, the final Orders rows and the verdict.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    /// Sorted by (seq, number): the order each message went out in is
    /// the comparison's, not wall-clock arrival (two listeners' logs).
    pub deliveries: Vec<Delivery>,
    /// Publishes refused with 10071: (ticket, the sequence Tickets expected).
    pub refused: Vec<Refused>,
    /// Retried publishes acked as duplicates: the sequence the ack names.
    pub duplicates: Vec<u64>,
    /// The Orders replica, by ticket.
    pub rows: Vec<OrderRow>,
    /// `consistent` when every ticket's row matches Tickets' latest, else
    /// `diverged`.
    pub verdict: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub seq: u64,
    /// The delivery count (1 = the first).
    pub number: u32,
    pub listener: String,
    /// A redelivery: ms since the message's previous delivery (the ack
    /// wait, BackOff step or nak delay at work). Compared within
    /// `TOLERANCE_MS`, the scheduling noise a real run may add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_ms: Option<u64>,
}

/// How far a real redelivery's gap may be from the model's.
pub const TOLERANCE_MS: u64 = 50;

impl Delivery {
    fn agrees(&self, o: &Delivery) -> bool {
        let gaps = match (self.after_ms, o.after_ms) {
            (Some(a), Some(b)) => a.abs_diff(b) <= TOLERANCE_MS,
            (a, b) => a == b,
        };
        (&self.seq, self.number, &self.listener) == (&o.seq, o.number, &o.listener) && gaps
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refused {
    pub ticket: String,
    pub expected: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRow {
    pub ticket: String,
    pub price: u64,
    pub version: u64,
    /// A tombstone in Orders, or a ticket Tickets deleted (left out when
    /// false: reports recorded before deletes read the same).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Observed {
    /// Puts the lists in their canonical order.
    pub fn sorted(mut self) -> Observed {
        self.deliveries.sort();
        self.refused.sort();
        self.duplicates.sort();
        self.rows.sort();
        self
    }

    /// One short line for the table: deliveries, refusals, duplicates, rows.
    pub fn summary(&self) -> String {
        let d: Vec<String> = (self.deliveries.iter())
            .map(|d| match d.after_ms {
                Some(ms) => format!("{}#{}>{}+{ms}", d.seq, d.number, d.listener),
                None => format!("{}#{}>{}", d.seq, d.number, d.listener),
            })
            .collect();
        let rows: Vec<String> = (self.rows.iter())
            .map(|r| {
                format!(
                    "{}=${}v{}{}",
                    r.ticket,
                    r.price,
                    r.version,
                    if r.deleted { " (deleted)" } else { "" }
                )
            })
            .collect();
        let mut s = format!("{} [{}] {}", self.verdict, d.join(" "), rows.join(" "));
        if !self.refused.is_empty() {
            s.push_str(&format!(" 10071x{}", self.refused.len()));
        }
        if !self.duplicates.is_empty() {
            s.push_str(&format!(" dup{:?}", self.duplicates));
        }
        s
    }

    /// The first field where `other` differs, in words (None: they agree).
    pub fn first_difference(&self, other: &Observed) -> Option<String> {
        let fields = [
            (
                "deliveries",
                !deliveries_agree(&self.deliveries, &other.deliveries),
            ),
            ("refused", self.refused != other.refused),
            ("duplicates", self.duplicates != other.duplicates),
            ("rows", self.rows != other.rows),
            ("verdict", self.verdict != other.verdict),
        ];
        (fields.iter().find(|(_, differ)| *differ)).map(|(name, _)| name.to_string())
    }
}

fn deliveries_agree(a: &[Delivery], b: &[Delivery]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.agrees(y))
}

/// (delivery count, stream seq) from an ack subject:
/// `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>`
/// (with `<domain>.<account hash>` after `ACK` from 2.10 on).
#[cfg_attr(not(feature = "conform"), allow(dead_code))]
pub fn ack_subject(reply: &str) -> Option<(u32, u64)> {
    let t: Vec<&str> = reply.split('.').collect();
    let at = match t.len() {
        9 => 4,
        n if n >= 11 => 6,
        _ => return None,
    };
    Some((t[at].parse().ok()?, t[at + 1].parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ack_subject_gives_the_delivery_count_and_stream_sequence() {
        // 2.9's form, then the form with domain and account hash (2.10+).
        let old = "$JS.ACK.CONFORM_1.orders-service.2.7.9.1700000000000000000.0";
        assert_eq!(ack_subject(old), Some((2, 7)));
        let new = "$JS.ACK._.ABC.CONFORM_1.orders-service.3.8.9.1700000000000000000.0.xyz";
        assert_eq!(ack_subject(new), Some((3, 8)));
        assert_eq!(ack_subject("$JS.ACK.x.y"), None);
        assert_eq!(ack_subject("$JS.ACK.S.C.two.7.9.1.0"), None);
    }

    fn d(seq: u64, number: u32, listener: &str, after_ms: Option<u64>) -> Delivery {
        let listener = listener.into();
        Delivery {
            seq,
            number,
            listener,
            after_ms,
        }
    }

    #[test]
    fn a_redelivery_gap_agrees_within_the_tolerance_only() {
        let model = Observed {
            deliveries: vec![d(1, 1, "A", None), d(1, 2, "B", Some(500))],
            verdict: "consistent".into(),
            ..Observed::default()
        };
        let mut server = model.clone();
        server.deliveries[1].after_ms = Some(500 + TOLERANCE_MS);
        assert_eq!(model.first_difference(&server), None);
        server.deliveries[1].after_ms = Some(500 + TOLERANCE_MS + 1);
        assert_eq!(
            model.first_difference(&server).as_deref(),
            Some("deliveries")
        );
        server.deliveries[1] = d(1, 2, "A", Some(500));
        assert_eq!(
            model.first_difference(&server).as_deref(),
            Some("deliveries")
        );
        let mut server = model.clone();
        server.duplicates.push(2);
        assert_eq!(
            model.first_difference(&server).as_deref(),
            Some("duplicates")
        );
        assert_eq!(
            model.summary(),
            "consistent [1#1>A 1#2>B+500] ",
            "the table's cell"
        );
    }
}

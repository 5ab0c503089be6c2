//! The scenario on the engine's JetStream model: what it predicts
//! (`Observed`) and what the live run needs from it (each delivery's
//! processing time, drawn from the scenario's seed, so the real listener
//! tasks take the same time the model's did).

use super::observed::{Delivery, Observed, OrderRow, Refused};
use occ_playground::engine::config::BrokerKind;
use occ_playground::engine::jetstream::JsNote;
use occ_playground::engine::note::Note;
use occ_playground::engine::{Action, Scenario, Simulation, StepKind, VersionScheme};
use std::collections::BTreeMap;

/// What the live run takes from the model besides the scenario (without
/// the `conform` feature only `observed` is read).
#[cfg_attr(not(feature = "conform"), allow(dead_code))]
pub struct Prediction {
    pub observed: Observed,
    /// (stream seq, delivery number) -> processing time in ms: from the
    /// listener's read to its write (refusals and skips answer at once).
    pub processing_ms: BTreeMap<(u64, u32), u64>,
    /// When the model's run ended (virtual ms).
    pub end_ms: u64,
}

/// Why a scenario cannot be checked against a server (bad input: exit 2).
pub fn unsupported(s: &Scenario) -> Option<String> {
    let c = &s.config;
    if c.broker != BrokerKind::JetStream {
        return Some(
            "config.broker: conform checks the JetStream model; set broker to jetstream".into(),
        );
    }
    if c.scheme != VersionScheme::Increment {
        return Some("config.scheme: conform's Tickets numbers versions by increment only".into());
    }
    if c.max_in_flight != 1 {
        return Some(
            "config.max_in_flight: conform's listeners take one message at a time; set it to 1"
                .into(),
        );
    }
    if c.faults.any() || c.manual_network {
        return Some("config.faults: random faults and the manual network are not reproducible on a server; script them (lose-next-ack) instead".into());
    }
    for (i, a) in s.actions.iter().enumerate() {
        let ok = matches!(
            a.action,
            Action::CreateTicket { .. }
                | Action::UpdateTicket { .. }
                | Action::DeleteTicket { .. }
                | Action::TwoEditors { .. }
                | Action::RetryPublish { .. }
                | Action::LoseNextAck
        );
        if !ok {
            return Some(format!(
                "actions[{i}]: conform replays create-ticket, update-ticket, delete-ticket, two-editors, retry-publish and lose-next-ack only"
            ));
        }
    }
    None
}

pub fn predict(s: &Scenario) -> Result<Prediction, String> {
    let mut sim = Simulation::new(s.clone()).map_err(|e| e.to_string())?;
    sim.run();
    let steps = &sim.trace().steps;
    let mut observed = Observed::default();
    let mut read_at = BTreeMap::new();
    let mut processing_ms = BTreeMap::new();
    let mut last_sent = BTreeMap::new();
    for st in steps {
        let key = st.seq.zip(st.delivery);
        match (st.kind, &st.note) {
            (StepKind::Deliver, _) => {
                if let (Some((seq, number)), Some(m)) = (key, st.member) {
                    let before = last_sent.insert(seq, st.time_ms);
                    observed.deliveries.push(Delivery {
                        seq,
                        number,
                        listener: m.to_string(),
                        after_ms: before.map(|t| st.time_ms - t),
                    });
                }
            }
            (StepKind::Read, _) => {
                if let Some(k) = key {
                    read_at.insert(k, st.time_ms);
                }
            }
            (StepKind::Write, _) => {
                if let Some(k) = key {
                    let from = read_at.get(&k).copied().unwrap_or(st.time_ms);
                    processing_ms.insert(k, st.time_ms - from);
                }
            }
            (
                _,
                Note::Js(JsNote::WrongLastSequence {
                    ticket, expected, ..
                }),
            ) => observed.refused.push(Refused {
                ticket: ticket.to_string(),
                expected: *expected,
            }),
            (_, Note::Js(JsNote::Duplicate { seq })) => observed.duplicates.push(*seq),
            _ => {}
        }
    }
    let tickets = sim.tickets().to_vec();
    let rows: Vec<OrderRow> = (tickets.iter())
        .filter_map(|t| {
            sim.replica().row(t.id).map(|r| OrderRow {
                ticket: t.id.to_string(),
                price: r.price,
                version: r.version.0,
                deleted: r.deleted,
            })
        })
        .collect();
    let latest: Vec<OrderRow> = (tickets.iter())
        .map(|t| OrderRow {
            ticket: t.id.to_string(),
            price: t.price,
            version: t.version.0,
            deleted: t.deleted,
        })
        .collect();
    observed.verdict = verdict(&rows, &latest).into();
    observed.rows = rows;
    Ok(Prediction {
        observed: observed.sorted(),
        processing_ms,
        end_ms: sim.now_ms(),
    })
}

/// The same verdict on both sides: the replica matches Tickets' latest,
/// where a deleted ticket matches no row or its tombstone (the checker's).
pub fn verdict(rows: &[OrderRow], latest: &[OrderRow]) -> &'static str {
    let mut a: Vec<OrderRow> = rows.iter().filter(|r| !r.deleted).cloned().collect();
    let mut b: Vec<OrderRow> = latest.iter().filter(|r| !r.deleted).cloned().collect();
    a.sort();
    b.sort();
    if a == b {
        "consistent"
    } else {
        "diverged"
    }
}

#[cfg(test)]
mod tests {
    //! The suite's scenarios show what their names say, on the model (the
    //! server's side is `make conform`).
    use super::*;

    fn predicted(name: &str) -> Observed {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/conform")
            .join(format!("{name}.json"));
        let s = crate::cli::read::scenario(path.as_os_str()).unwrap();
        assert_eq!(unsupported(&s), None, "{name}");
        predict(&s).unwrap().observed
    }

    fn shown(o: &Observed) -> Vec<String> {
        (o.deliveries.iter())
            .map(|d| format!("{}#{}>{}", d.seq, d.number, d.listener))
            .collect()
    }

    #[test]
    fn the_suite_shows_each_rule() {
        let o = predicted("01_max_ack_pending_one_two_pullers");
        assert_eq!(shown(&o), ["1#1>A", "2#1>B", "3#1>A", "4#1>B"]);
        let o = predicted("02_ack_wait_runs_out_to_the_other_puller");
        assert_eq!(shown(&o), ["1#1>A", "1#2>B", "2#1>A"]);
        assert_eq!(o.deliveries[1].after_ms, Some(500));
        let o = predicted("03_nak_with_a_delay");
        assert!(
            o.deliveries.iter().any(|d| d.after_ms == Some(301)),
            "{o:?}"
        );
        let o = predicted("04_max_deliver_reached");
        assert_eq!(shown(&o), ["1#1>A", "1#2>B"]);
        let o = predicted("05_backoff");
        let gaps: Vec<_> = o.deliveries.iter().map(|d| d.after_ms).collect();
        assert_eq!(gaps, [None, Some(500), Some(1000)]);
        let o = predicted("06_expected_last_subject_seq_10071");
        assert_eq!(o.refused.len(), 1);
        let o = predicted("07_msg_id_retry_deduplicated");
        assert_eq!((o.duplicates, o.deliveries.len()), (vec![2], 2));
        let o = predicted("08_retry_without_msg_id_stored_twice");
        assert_eq!(o.deliveries.len(), 3);
        let o = predicted("09_naive_race_diverges");
        assert_eq!(o.verdict, "diverged");
        let o = predicted("10_occ_keeps_the_replica_right");
        assert_eq!(o.verdict, "consistent");
        let o = predicted("11_msg_id_retry_with_expected_sequence_2_9");
        assert_eq!(o.duplicates, [2]);
        // The delete (seq 4), published with the header on its own subject,
        // overtakes the last update and is refused until it lands; the
        // tombstone keeps the row.
        let o = predicted("12_delete_refused_until_its_update_lands");
        assert!(o.refused.is_empty(), "{o:?}");
        assert!(shown(&o).contains(&"4#2>B".to_string()), "{o:?}");
        assert_eq!((o.rows.len(), o.rows[0].deleted), (1, true), "{o:?}");
        assert_eq!(o.verdict, "consistent");
        // A second copy of the delete finds no row: refused until MaxDeliver.
        let o = predicted("13_a_duplicate_delete_loops_until_max_deliver");
        let dup: Vec<_> = o.deliveries.iter().filter(|d| d.seq == 4).collect();
        assert_eq!(dup.len(), 3, "{o:?}");
        assert!(o.rows.is_empty(), "{o:?}");
    }

    #[test]
    fn what_a_server_cannot_reproduce_is_refused_by_field() {
        let mut s = Scenario::new(Default::default(), 1);
        assert!(unsupported(&s).unwrap().starts_with("config.broker"));
        s.config.broker = BrokerKind::JetStream;
        s.config.max_in_flight = 2;
        assert!(unsupported(&s).unwrap().starts_with("config.max_in_flight"));
        s.config.max_in_flight = 1;
        assert_eq!(unsupported(&s), None);
        s.actions.push(occ_playground::engine::ScriptedAction {
            at_ms: 0,
            action: Action::Shuffle,
        });
        assert!(unsupported(&s).unwrap().starts_with("actions[0]"));
    }
}

//! The timeline's geometry and its row log, natively.

use occ_playground::playground::timeline::{kind_class, lane_centre, reveal, visible_range};
use occ_playground::playground::view::{TimelineRow, TimelineRows};

#[test]
fn visible_range_math() {
    assert_eq!(visible_range(0.0, 300.0, 30.0, 0, 5), 0..0);
    assert_eq!(visible_range(0.0, 300.0, 30.0, 10_000, 0), 0..10);
    assert_eq!(visible_range(0.0, 300.0, 30.0, 10_000, 5), 0..15);
    assert_eq!(visible_range(3_000.0, 300.0, 30.0, 10_000, 5), 95..115);
    assert_eq!(visible_range(15.0, 300.0, 30.0, 10_000, 0), 0..11);
    assert_eq!(visible_range(-50.0, 300.0, 30.0, 10_000, 0), 0..10);
    assert_eq!(visible_range(0.0, 300.0, 30.0, 4, 5), 0..4);
    assert_eq!(visible_range(1e9, 300.0, 30.0, 100, 5), 95..100);
}

#[test]
fn reveal_scrolls_only_when_the_row_is_out_of_view() {
    assert_eq!(reveal(0.0, 300.0, 30.0, 5), None);
    assert_eq!(
        reveal(0.0, 300.0, 30.0, 10),
        Some(30.0),
        "just below: bottom-align"
    );
    assert_eq!(
        reveal(600.0, 300.0, 30.0, 3),
        Some(90.0),
        "above: top-align"
    );
    assert_eq!(kind_class("no-ack"), "tl-k-no-ack");
    assert_eq!(kind_class("A b<"), "tl-k-ab");
    assert_eq!(lane_centre(0, 4), 12.5);
    assert_eq!(
        lane_centre(9, 4),
        87.5,
        "a lane past the end sits on the last one"
    );
}

fn row(step: u64) -> TimelineRow {
    TimelineRow {
        step,
        time_ms: step,
        from: 0,
        to: 1,
        label: format!("s{step}"),
        detail: String::new(),
        kind: "publish".into(),
        flagged: false,
    }
}

#[test]
fn rows_are_made_only_when_shown_and_the_step_log_is_shared() {
    use std::cell::Cell;
    use std::rc::Rc;
    let made = Rc::new(Cell::new(0));
    let make = |made: &Rc<Cell<u32>>| -> occ_playground::playground::view::MakeRow {
        let made = made.clone();
        Rc::new(move |i| {
            made.set(made.get() + 1);
            Some(row(i as u64))
        })
    };
    let log = TimelineRows::default();
    let steps_asked = Cell::new(0);
    let step_of = |i: usize| {
        steps_asked.set(steps_asked.get() + 1);
        i as u64
    };
    let a = log.grown_to(3, step_of, make(&made));
    let b = a.grown_to(5, step_of, make(&made));
    assert_eq!((a.len(), b.len()), (3, 5));
    assert_eq!(
        steps_asked.get(),
        5,
        "a step already logged is not asked again"
    );
    assert_eq!(made.get(), 0, "growing makes no row");
    assert_ne!(a, b, "a longer view of the same log is a change");
    assert_eq!(b.index_of(4), Some(4));
    assert_eq!(a.index_of(4), None, "the shorter view ends at its length");
    assert_eq!(b.row(4).map(|r| r.label), Some("s4".to_string()));
    assert_eq!(b.row(5), None);
    assert_eq!(made.get(), 1, "only the row asked for is made");
}

/// A run's rows, made when shown, are the projection of its trace's steps.
#[test]
fn a_run_s_rows_are_its_trace_s_steps() {
    use occ_playground::playground::{project, Msg, Playground};
    use std::rc::Rc;
    let p = Rc::new(Playground::default());
    let p = p.reduce(Msg::Create {
        title: "concert".into(),
        price: 5,
    });
    let p = (0..40).fold(p, |p, _| p.reduce(Msg::Step));
    let rows = p.timeline_rows();
    let sim = p.sim();
    let (steps, titles) = (&sim.trace().steps, sim.trace().titles());
    assert!(steps.len() > 10, "{}", steps.len());
    assert_eq!(rows.len(), steps.len());
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(
            rows.row(i),
            Some(project::row(s, sim.members().len(), titles))
        );
        // One transition can record several steps (a write, then its ack):
        // any row of it will do.
        let found = rows.index_of(s.step).and_then(|j| rows.row(j));
        assert_eq!(found.map(|r| r.step), Some(s.step));
    }
}

#[test]
fn the_nats_list_keeps_the_newest_messages_in_view_after_a_burst() {
    use occ_playground::playground::project::{fold, messages, PENDING_SHOWN};
    use occ_playground::playground::{Msg, Playground};
    use std::rc::Rc;
    let p = Rc::new(Playground::default()).reduce(Msg::Burst(200));
    let all = messages(&p.sim());
    let updated: Vec<_> = all
        .iter()
        .filter(|m| m.channel == occ_playground::engine::Channel::TicketUpdated)
        .cloned()
        .collect();
    let f = fold(&updated);
    let newest = updated.iter().map(|m| m.seq).max().unwrap();
    assert!(
        f.shown.iter().any(|m| m.seq == newest),
        "the newest message is shown"
    );
    assert!(f.waiting_hidden > 0, "a burst folds older waiting messages");
    let waiting_shown = f
        .shown
        .iter()
        .filter(|m| matches!(m.status_kind, "pending" | "inflight"))
        .count();
    assert_eq!(waiting_shown, PENDING_SHOWN);
    assert_eq!(
        f.shown.len() + f.acked_hidden + f.waiting_hidden,
        updated.len()
    );
}

#[test]
fn every_term_the_page_explains_is_in_the_glossary() {
    use occ_playground::engine::{Strategy, VersionScheme};
    use occ_playground::playground::glossary::{all, explain, scheme, strategy};
    for s in Strategy::ALL {
        assert!(strategy(s).is_some(), "{s}");
    }
    for s in VersionScheme::ALL {
        assert!(scheme(s).is_some(), "{s}");
    }
    for id in [
        "ack-wait",
        "queue-group",
        "newest-wins",
        "prev-version",
        "livelock",
        "quiescence",
        "crash",
        "lose-next-ack",
        "delay-spike",
        "consistent",
        "lagging",
        "diverged",
        "stalled",
    ] {
        assert!(explain(id).is_some_and(|t| t.text.len() > 20), "{id}");
    }
    let mut ids: Vec<_> = all().map(|t| t.id).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids are unique, the brokers' included");
}

#[test]
fn fault_and_refusal_rows_say_what_happened() {
    use occ_playground::playground::lesson_check::opened;
    use occ_playground::playground::{project, Msg};
    // Played to its verdict: a poison loop goes round for ever in the live view.
    let mut p = opened(7); // the lost ack: a fault, then refusals
    while !p.sim().finished() && !p.sim().looping() {
        p = p.reduce(Msg::Step);
    }
    let rows = project::timeline(&p.sim());
    let fault = rows
        .iter()
        .find(|r| r.kind == "fault")
        .expect("a fault row");
    assert!(
        fault.label.starts_with("fault: ") && fault.label.len() > 10,
        "{}",
        fault.label
    );
    let refused = rows.iter().find(|r| r.kind == "no-ack").expect("a refusal");
    assert!(
        refused.label.starts_with("refused, not acked"),
        "{}",
        refused.label
    );
}

/// Issue 24: every broker term the Settings, the stage and the lessons use
/// is explained (the full page's glossary; the first visit runs NATS
/// Streaming only).
#[test]
fn the_brokers_terms_are_in_the_glossary() {
    use occ_playground::playground::glossary::explain;
    for id in [
        "stream",
        "pull-consumer",
        "waiting-queue",
        "max-ack-pending",
        "nak",
        "backoff",
        "expected-last-subject-sequence",
        "msg-id",
        "partition",
        "consumer-group",
        "committed-offset",
        "rebalance",
        "session-timeout",
        "idempotent-producer",
    ] {
        assert!(explain(id).is_some_and(|t| t.text.len() > 40), "{id}");
    }
}

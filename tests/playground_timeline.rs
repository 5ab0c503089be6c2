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
fn the_row_log_grows_without_remaking_old_rows() {
    let log = TimelineRows::default();
    let made = std::cell::Cell::new(0);
    let a = log.grown_to(3, |i| {
        made.set(made.get() + 1);
        row(i as u64)
    });
    let b = a.grown_to(5, |i| {
        made.set(made.get() + 1);
        row(i as u64)
    });
    assert_eq!((a.len(), b.len(), made.get()), (3, 5, 5));
    assert_ne!(a, b, "a longer view of the same log is a change");
    assert_eq!(b.index_of(4), Some(4));
    assert_eq!(b.row(5), None);
}

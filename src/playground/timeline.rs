//! The timeline's geometry, kept apart from the DOM: which rows of a long,
//! virtualized list are in view, and where to scroll to show one.

use std::ops::Range;

/// The rows to render: those overlapping `[scroll_top, scroll_top + viewport_height)`
/// (pixels from the first row's top) widened by `overscan` on each side.
pub fn visible_range(
    scroll_top: f64,
    viewport_height: f64,
    row_height: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    if len == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let top = scroll_top.max(0.0);
    let first = ((top / row_height).floor() as usize).min(len);
    let last = (((top + viewport_height.max(0.0)) / row_height).ceil() as usize).min(len);
    first.saturating_sub(overscan).min(len.saturating_sub(1))..(last + overscan).min(len)
}

/// The scroll offset that shows row `index` entirely in `rows_height` pixels of rows,
/// or `None` when it is visible already.
pub fn reveal(scroll_top: f64, rows_height: f64, row_height: f64, index: usize) -> Option<f64> {
    let top = index as f64 * row_height;
    let bottom = top + row_height;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + rows_height {
        Some((bottom - rows_height).max(0.0))
    } else {
        None
    }
}

/// `deliver` -> `tl-k-deliver`; anything outside `[a-z0-9-]` is dropped.
pub fn kind_class(kind: &str) -> String {
    let kind: String = kind
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("tl-k-{kind}")
}

/// The horizontal centre of lane `lane` of `lanes`, in percent.
pub fn lane_centre(lane: usize, lanes: usize) -> f64 {
    let n = lanes.max(1);
    (lane.min(n - 1) as f64 + 0.5) / n as f64 * 100.0
}

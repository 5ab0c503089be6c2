//! Measuring and scrolling the timeline's container. The geometry itself is
//! native (`playground::timeline`).

use crate::playground::timeline::reveal;
use crate::playground::view::TimelineRows;
use web_sys::Element;
use yew::prelude::*;

/// Height of one row in CSS pixels (set inline on each row, so CSS cannot disagree).
pub const ROW_HEIGHT: i32 = 28;
/// A row of the list a phone shows: three lines of words (`.tl-words`), so
/// the longest, "Listener A → Orders DB: version error (stale save) updated
/// #12 v11", wraps rather than being cut; most take one or two.
pub const LIST_ROW_HEIGHT: i32 = 48;

/// The row height of the diagram or of the list.
pub fn row_height(list: bool) -> i32 {
    if list {
        LIST_ROW_HEIGHT
    } else {
        ROW_HEIGHT
    }
}
/// Height of the sticky lane header, inside the scroll container above the rows.
pub const HEADER_HEIGHT: i32 = 28;
/// Container height assumed until it has been measured (matches `.tl-scroll` in CSS).
pub const DEFAULT_VIEWPORT: i32 = 320;

/// (scrollTop, visible height) of the container; the height never exceeds the window's.
pub fn measure(el: &Element) -> (i32, i32) {
    let window = web_sys::window().and_then(|w| w.inner_height().ok()?.as_f64());
    let height = match el.client_height() {
        h if h > 0 => window.map_or(h, |w| h.min(w as i32)),
        _ => DEFAULT_VIEWPORT,
    };
    (el.scroll_top(), height)
}

/// Scrolls the container so row `index` (rows `row_h` high) is visible;
/// returns the new measurement.
pub fn scroll_into_view(el: &Element, index: usize, row_h: i32) -> (i32, i32) {
    let (top, height) = measure(el);
    let rows_height = (height - HEADER_HEIGHT).max(row_h);
    match reveal(top.into(), rows_height.into(), row_h.into(), index) {
        Some(to) => {
            el.set_scroll_top(to as i32);
            (el.scroll_top(), height)
        }
        None => (top, height),
    }
}

/// Rows that fit in one screen of the container, for PageUp / PageDown.
pub fn page_rows(height: i32, row_h: i32) -> usize {
    ((height - HEADER_HEIGHT) / row_h).max(1) as usize
}

/// Brings the current step into view whenever it (or the row count) changes.
#[hook]
pub fn use_follow_current(
    container: NodeRef,
    scroll: UseStateHandle<(i32, i32)>,
    rows: TimelineRows,
    current: Option<u64>,
    row_h: i32,
) {
    use_effect_with((current, rows.len(), row_h), move |(step, _, row_h)| {
        let el = container.cast::<Element>();
        if let (Some(i), Some(el)) = (step.and_then(|s| rows.index_of(s)), el) {
            scroll.set(scroll_into_view(&el, i, *row_h));
        }
    });
}

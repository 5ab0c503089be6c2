//! Measuring and scrolling the timeline's container. The geometry itself is
//! native (`playground::timeline`).

use crate::playground::timeline::reveal;
use crate::playground::view::TimelineRows;
use web_sys::Element;
use yew::prelude::*;

/// Height of one row in CSS pixels (set inline on each row, so CSS cannot disagree).
pub const ROW_HEIGHT: i32 = 28;
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

/// Scrolls the container so row `index` is visible; returns the new measurement.
pub fn scroll_into_view(el: &Element, index: usize) -> (i32, i32) {
    let (top, height) = measure(el);
    let rows_height = (height - HEADER_HEIGHT).max(ROW_HEIGHT);
    match reveal(top.into(), rows_height.into(), ROW_HEIGHT.into(), index) {
        Some(to) => {
            el.set_scroll_top(to as i32);
            (el.scroll_top(), height)
        }
        None => (top, height),
    }
}

/// Rows that fit in one screen of the container, for PageUp / PageDown.
pub fn page_rows(height: i32) -> usize {
    ((height - HEADER_HEIGHT) / ROW_HEIGHT).max(1) as usize
}

/// Brings the current step into view whenever it (or the row count) changes.
#[hook]
pub fn use_follow_current(
    container: NodeRef,
    scroll: UseStateHandle<(i32, i32)>,
    rows: TimelineRows,
    current: Option<u64>,
) {
    use_effect_with((current, rows.len()), move |(step, _)| {
        let el = container.cast::<Element>();
        if let (Some(i), Some(el)) = (step.and_then(|s| rows.index_of(s)), el) {
            scroll.set(scroll_into_view(&el, i));
        }
    });
}

//! The timeline: a sequence diagram over virtual time, one lane (column) per actor and
//! one row per engine step. Virtualized: only the rows in view plus a small overscan are
//! in the DOM, so 100,000 steps scroll like 10. Rows must be in step order.

use std::ops::Range;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::view::{Lane, TimelineRow, TimelineRows};

/// Height of one row in CSS pixels (set inline on each row, so CSS cannot disagree).
pub const ROW_HEIGHT: i32 = 28;
/// Height of the sticky lane header, inside the scroll container above the rows.
pub const HEADER_HEIGHT: i32 = 28;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;
/// Container height assumed until it has been measured (matches `.tl-scroll` in CSS).
const DEFAULT_VIEWPORT: i32 = 320;

#[derive(Properties)]
pub struct TimelineProps {
    /// One column per actor, left to right.
    pub lanes: Vec<Lane>,
    /// One row per engine step, in step order.
    pub rows: TimelineRows,
    /// The current step: highlighted, and scrolled into view when it changes.
    #[prop_or_default]
    pub current: Option<u64>,
    /// Fired with a row's step when it is clicked or Enter is pressed on it.
    pub on_select: Callback<u64>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
            && self.lanes == other.lanes
            && self.current == other.current
            && self.on_select == other.on_select
    }
}

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

fn index_of(rows: &TimelineRows, step: u64) -> Option<usize> {
    rows.index_of(step)
}

/// (scrollTop, visible height) of the container; the height never exceeds the window's.
fn measure(el: &Element) -> (i32, i32) {
    let window = web_sys::window().and_then(|w| w.inner_height().ok()?.as_f64());
    let height = match el.client_height() {
        h if h > 0 => window.map_or(h, |w| h.min(w as i32)),
        _ => DEFAULT_VIEWPORT,
    };
    (el.scroll_top(), height)
}

/// Scrolls the container so row `index` is visible; returns the new measurement.
fn scroll_into_view(el: &Element, index: usize) -> (i32, i32) {
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

/// `deliver` -> `tl-k-deliver`; anything outside `[a-z0-9-]` is dropped.
fn kind_class(kind: &str) -> String {
    let kind: String = kind
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("tl-k-{kind}")
}

fn lane_name(lanes: &[Lane], i: usize) -> &str {
    lanes.get(i).map_or("?", |l| l.name.as_str())
}

/// The arrow (or the dot, when a step stays in one lane) with its label.
fn arrow(row: &TimelineRow, lanes: usize) -> Html {
    let n = lanes.max(1);
    let centre = |lane: usize| (lane.min(n - 1) as f64 + 0.5) / n as f64 * 100.0;
    let label =
        html! { <span class="tl-label">{ row.flagged.then_some("⚠ ") }{ &row.label }</span> };
    if row.from == row.to {
        // The label goes towards the wider side of the diagram.
        let (at, left) = (centre(row.from), 2 * row.from.min(n - 1) + 1 > n);
        let (style, side) = match left {
            true => (format!("left:0;right:{:.3}%", 100.0 - at), "tl-self tl-end"),
            false => (format!("left:{at:.3}%"), "tl-self"),
        };
        html! { <span class={side} {style}><span class="tl-dot"></span>{ label }</span> }
    } else {
        let (a, b) = (centre(row.from), centre(row.to));
        let style = format!("left:{:.3}%;width:{:.3}%", a.min(b), (a - b).abs());
        let dir = if row.to > row.from {
            "tl-right"
        } else {
            "tl-left"
        };
        html! { <span class={classes!("tl-arrow", dir)} {style}>{ label }</span> }
    }
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let container = use_node_ref();
    let scroll = use_state_eq(|| (0, DEFAULT_VIEWPORT)); // (scrollTop, container height)
    let hovered = use_state_eq(|| None::<usize>);
    let focused = use_state_eq(|| None::<usize>); // the row holding DOM focus
    let cursor = use_state_eq(|| None::<usize>); // roving tab stop, kept after blur
    let pending_focus = use_mut_ref(|| None::<usize>);
    let rows = props.rows.clone();
    let len = rows.len();
    let current = props.current.and_then(|s| index_of(&rows, s));

    {
        // Always bring the current step into view when it (or the row count) changes.
        let (container, scroll, rows) = (container.clone(), scroll.clone(), rows.clone());
        use_effect_with((props.current, len), move |(step, _)| {
            let el = container.cast::<Element>();
            if let (Some(i), Some(el)) = (step.and_then(|s| index_of(&rows, s)), el) {
                scroll.set(scroll_into_view(&el, i));
            }
        });
    }
    {
        // Keyboard moves focus to a row that may only exist after this render.
        let (container, pending) = (container.clone(), pending_focus.clone());
        use_effect(move || {
            let Some(i) = pending.borrow_mut().take() else {
                return;
            };
            let row = container.cast::<Element>().and_then(|el| {
                el.query_selector(&format!("[data-index=\"{i}\"]"))
                    .ok()
                    .flatten()
            });
            if let Some(row) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
                let _ = row.focus();
            }
        });
    }

    let onscroll = {
        let (container, scroll) = (container.clone(), scroll.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = container.cast::<Element>() {
                scroll.set(measure(&el));
            }
        })
    };
    let onkeydown = {
        let (container, scroll, cursor) = (container.clone(), scroll.clone(), cursor.clone());
        let (rows, on_select) = (rows.clone(), props.on_select.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(last) = rows.len().checked_sub(1) else {
                return;
            };
            let at = (*cursor).or(current).unwrap_or(0).min(last);
            let page = ((scroll.1 - HEADER_HEIGHT) / ROW_HEIGHT).max(1) as usize;
            let to = match e.key().as_str() {
                "ArrowDown" => (at + 1).min(last),
                "ArrowUp" => at.saturating_sub(1),
                "PageDown" => (at + page).min(last),
                "PageUp" => at.saturating_sub(page),
                "Home" => 0,
                "End" => last,
                "Enter" => {
                    e.prevent_default();
                    if let Some(row) = rows.row(at) {
                        on_select.emit(row.step);
                    }
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            cursor.set(Some(to));
            *pending_focus.borrow_mut() = Some(to);
            if let Some(el) = container.cast::<Element>() {
                scroll.set(scroll_into_view(&el, to));
            }
        })
    };
    let onmouseleave = {
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(None))
    };

    let (top, height) = *scroll;
    let range = visible_range(
        top.into(),
        (height - HEADER_HEIGHT).into(),
        ROW_HEIGHT.into(),
        len,
        OVERSCAN,
    );
    let in_view = |i: &usize| range.contains(i);
    let tab_stop = cursor
        .filter(in_view)
        .or(current.filter(in_view))
        .unwrap_or(range.start);
    let n = props.lanes.len();

    let row_html = |i: usize| {
        let Some(row) = rows.row(i) else {
            return html! {};
        };
        let row = &row;
        let is_current = current == Some(i);
        let name = format!(
            "{}{}, at {} ms, {} to {}",
            if row.flagged { "Warning: " } else { "" },
            row.label,
            row.time_ms,
            lane_name(&props.lanes, row.from),
            lane_name(&props.lanes, row.to),
        );
        let step = row.step;
        let on_select = props.on_select.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_select.emit(step));
        let hov = hovered.clone();
        let onmouseenter = Callback::from(move |_: MouseEvent| hov.set(Some(i)));
        let (foc, cur) = (focused.clone(), cursor.clone());
        let onfocus = Callback::from(move |_: FocusEvent| {
            foc.set(Some(i));
            cur.set(Some(i));
        });
        let foc = focused.clone();
        let onblur = Callback::from(move |_: FocusEvent| foc.set(None));
        let class = classes!(
            "tl-row",
            kind_class(&row.kind),
            row.flagged.then_some("tl-flagged"),
            is_current.then_some("tl-current"),
        );
        html! {
            <div key={step} {class} role="option" tabindex={if i == tab_stop { "0" } else { "-1" }}
                style={format!("top:{}px;height:{ROW_HEIGHT}px", i as i64 * ROW_HEIGHT as i64)}
                aria-label={name} title={row.detail.clone()}
                aria-selected={is_current.to_string()} aria-current={is_current.then_some("step")}
                aria-setsize={len.to_string()} aria-posinset={(i + 1).to_string()}
                data-index={i.to_string()} data-step={step.to_string()}
                {onclick} {onmouseenter} {onfocus} {onblur}>
                <span class="tl-time">{ row.time_ms }</span>
                <span class="tl-track">{ arrow(row, n) }</span>
            </div>
        }
    };

    let shown = (*hovered).or(*focused).filter(|i| *i < len).or(current);
    let shown_row = shown.and_then(|i| rows.row(i));
    let detail = match shown_row.as_ref() {
        Some(r) => html! { <>
            <strong>{ format!("Step {} · {} ms · ", r.step, r.time_ms) }</strong>
            <span class="tl-detail-label">{ &r.label }</span>
            <div class="tl-detail-text">{ &r.detail }</div>
        </> },
        None if len == 0 => html! { "No steps yet." },
        None => html! { "Hover over or focus a step to see its details." },
    };
    let lifeline = |i: usize| {
        let style = format!("left:{:.3}%", (i as f64 + 0.5) / n as f64 * 100.0);
        html! { <span class="tl-lifeline" {style}></span> }
    };

    html! {
        <div class="timeline">
            <div class="tl-scroll" ref={container} role="listbox" aria-label="Timeline"
                style={format!("--tl-lanes:{}", n.max(1))} {onscroll} {onkeydown} {onmouseleave}>
                <div class="tl-inner">
                    <div class="tl-head" aria-hidden="true" style={format!("height:{HEADER_HEIGHT}px")}>
                        <span class="tl-time">{ "ms" }</span>
                        <span class="tl-lanes">
                            { for props.lanes.iter().map(|l| html! { <span class="tl-lane">{ &l.name }</span> }) }
                        </span>
                    </div>
                    <div class="tl-body" style={format!("height:{}px", len as i64 * ROW_HEIGHT as i64)}>
                        <div class="tl-lifelines" aria-hidden="true">{ for (0..n).map(lifeline) }</div>
                        { for range.map(row_html) }
                    </div>
                </div>
            </div>
            <div class="tl-detail">{ detail }</div>
        </div>
    }
}

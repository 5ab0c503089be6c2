//! One row of the timeline: an option of the listbox with its arrow (or, in
//! the phone's list, who and what in words), its accessible name, and hover
//! and focus reporting to the timeline.

use super::arrow::arrow;
use super::scroll::row_height;
use crate::playground::timeline::kind_class;
use crate::playground::view::{Lane, TimelineRow};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RowProps {
    pub row: TimelineRow,
    /// Position in the list (0-based) and the list's length.
    pub index: usize,
    pub len: usize,
    /// Drawn as a line of the phone's list rather than as an arrow.
    pub list: bool,
    pub lanes: Vec<Lane>,
    pub current: bool,
    /// The roving tab stop: the one row reachable with Tab.
    pub tab_stop: bool,
    pub on_select: Callback<u64>,
    /// Hover (Some(index)); leaving the list is the timeline's own event.
    pub on_hover: Callback<Option<usize>>,
    /// Focus (Some(index)) and blur (None).
    pub on_focus: Callback<Option<usize>>,
}

fn lane_name(lanes: &[Lane], i: usize) -> &str {
    lanes.get(i).map_or("?", |l| l.name.as_str())
}

#[component]
pub fn Row(p: &RowProps) -> Html {
    let (row, i) = (&p.row, p.index);
    // The name comes from the content, so it always contains the visible text
    // (axe: label-content-name-mismatch); the hidden parts complete the sentence.
    let route = format!(
        " ms, {} to {}",
        lane_name(&p.lanes, row.from),
        lane_name(&p.lanes, row.to)
    );
    let step = row.step;
    let row_h = row_height(p.list);
    let class = classes!(
        "tl-row",
        kind_class(&row.kind),
        row.flagged.then_some("tl-flagged"),
        p.current.then_some("tl-current"),
    );
    html! {
        <div {class} role="option" tabindex={if p.tab_stop { "0" } else { "-1" }}
            style={format!("top:{}px;height:{row_h}px", i as i64 * row_h as i64)}
            title={row.detail.clone()}
            aria-selected={p.current.to_string()} aria-current={p.current.then_some("step")}
            aria-setsize={p.len.to_string()} aria-posinset={(i + 1).to_string()}
            data-index={i.to_string()} data-step={step.to_string()}
            onclick={p.on_select.reform(move |_: MouseEvent| step)}
            onmouseenter={p.on_hover.reform(move |_: MouseEvent| Some(i))}
            onfocus={p.on_focus.reform(move |_: FocusEvent| Some(i))}
            onblur={p.on_focus.reform(|_: FocusEvent| None)}>
            if row.flagged { <span class="visually-hidden">{ "Warning: " }</span> }
            if p.list {
                { words(row, &p.lanes) }
            } else {
                <span class="tl-track">{ arrow(row, p.lanes.len()) }</span>
            }
            <span class="visually-hidden">{ ", at " }</span>
            // Drawn first (CSS `order`), read after the label.
            <span class="tl-time">{ row.time_ms }</span>
            <span class="visually-hidden">{ if p.list { " ms" } else { route.as_str() } }</span>
        </div>
    }
}

/// A step in the phone's list: who ("NATS to Listener A", or "Tickets" for
/// a step that stays with one actor), then what, the label in full; the
/// words wrap.
fn words(row: &TimelineRow, lanes: &[Lane]) -> Html {
    let from = lane_name(lanes, row.from);
    let who = match row.from == row.to {
        true => from.to_string(),
        false => format!("{from} to {}", lane_name(lanes, row.to)),
    };
    html! {
        <span class="tl-words">
            <span class="tl-who">{ who }</span>{ ": " }
            if row.flagged { <span class="tl-warn" aria-hidden="true"></span> }
            { &row.label }
        </span>
    }
}

/// The details line under the list: the hovered, focused or current step.
pub fn detail(shown: Option<&TimelineRow>, len: usize) -> Html {
    match shown {
        Some(r) => html! { <>
            // Numbered like the clock: the clock's "step 3" is after transition 2.
            <strong>{ format!("Step {} · {} ms · ", r.step + 1, r.time_ms) }</strong>
            <span class="tl-detail-label">{ &r.label }</span>
            <div class="tl-detail-text">{ &r.detail }</div>
        </> },
        None if len == 0 => html! { "No steps yet." },
        None => html! { "Hover over or focus a step to see its details." },
    }
}

//! The timeline: a sequence diagram over virtual time, one lane (column) per actor and
//! one row per engine step; on a phone, where the diagram's lanes would not fit, a list
//! of the same rows (time, who, what, in words that wrap). Virtualized: only the rows in
//! view plus a small overscan are in the DOM, so 100,000 steps scroll like 10. Rows must
//! be in step order.

mod arrow;
mod keys;
mod row;
mod scroll;

use crate::fixed::fixed;
use crate::playground::timeline::visible_range;
use crate::playground::view::{Lane, TimelineRows};
use keys::{on_key, use_pending_focus, KeyTarget};
use row::{detail, Row};
use scroll::{measure, row_height, use_follow_current, DEFAULT_VIEWPORT, HEADER_HEIGHT};
use web_sys::Element;
use yew::prelude::*;

pub use scroll::ROW_HEIGHT;

/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

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

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    // Never unknown in practice: the first screen rendered at build time
    // leaves the timeline out (`layout::Chrome::lower`).
    let list = super::stage::media::use_media(super::stage::media::NARROW).unwrap_or(false);
    let row_h = row_height(list);
    let container = use_node_ref();
    let scroll = use_state_eq(|| (0, DEFAULT_VIEWPORT)); // (scrollTop, container height)
    let hovered = use_state_eq(|| None::<usize>);
    let focused = use_state_eq(|| None::<usize>); // the row holding DOM focus
    let cursor = use_state_eq(|| None::<usize>); // roving tab stop, kept after blur
    let pending_focus = use_mut_ref(|| None::<usize>);
    let rows = props.rows.clone();
    let len = rows.len();
    let current = props.current.and_then(|s| rows.index_of(s));
    use_follow_current(
        container.clone(),
        scroll.clone(),
        rows.clone(),
        props.current,
        row_h,
    );
    use_pending_focus(container.clone(), pending_focus.clone());
    let onscroll = {
        let (container, scroll) = (container.clone(), scroll.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = container.cast::<Element>() {
                scroll.set(measure(&el));
            }
        })
    };
    let onkeydown = on_key(KeyTarget {
        container: container.clone(),
        scroll: scroll.clone(),
        cursor: cursor.clone(),
        pending_focus,
        rows: rows.clone(),
        current,
        on_select: props.on_select.clone(),
        row_h,
    });
    let on_hover = {
        let hovered = hovered.clone();
        Callback::from(move |i: Option<usize>| hovered.set(i))
    };
    let onmouseleave = on_hover.reform(|_: MouseEvent| None);
    let on_focus = {
        let (focused, cursor) = (focused.clone(), cursor.clone());
        Callback::from(move |i: Option<usize>| {
            focused.set(i);
            if i.is_some() {
                cursor.set(i);
            }
        })
    };

    let (top, height) = *scroll;
    let range = visible_range(
        top.into(),
        (height - HEADER_HEIGHT).into(),
        row_h.into(),
        len,
        OVERSCAN,
    );
    let in_view = |i: &usize| range.contains(i);
    let tab_stop = cursor
        .filter(in_view)
        .or(current.filter(in_view))
        .unwrap_or(range.start);
    let n = props.lanes.len();
    let row_html = |i: usize| match rows.row(i) {
        Some(row) => html! {
            <Row key={row.step} row={row.clone()} index={i} {len} {list} lanes={props.lanes.clone()} current={current == Some(i)}
                tab_stop={i == tab_stop} on_select={props.on_select.clone()} on_hover={on_hover.clone()} on_focus={on_focus.clone()} />
        },
        None => html! {},
    };
    let shown = (*hovered).or(*focused).filter(|i| *i < len).or(current);
    let lifeline = |i: usize| {
        let style = format!("left:{}%", fixed((i as f64 + 0.5) / n as f64 * 100.0, 3));
        html! { <span class="tl-lifeline" {style}></span> }
    };
    html! {
        <div class={if list { "timeline tl-list" } else { "timeline" }}>
            // Rows take the focus once there are any; until then the list
            // itself does, so a keyboard can scroll it (it is wider than a phone).
            <div class="tl-scroll" ref={container} role="listbox" aria-label="Timeline"
                tabindex={(len == 0).then_some("0")}
                style={format!("--tl-lanes:{}", n.max(1))} {onscroll} {onkeydown} {onmouseleave}>
                <div class="tl-inner">
                    <div class="tl-head" aria-hidden="true" style={format!("height:{HEADER_HEIGHT}px")}>
                        <span class="tl-time">{ "ms" }</span>
                        <span class="tl-lanes">
                            { for props.lanes.iter().map(|l| html! { <span class="tl-lane">{ &l.name }</span> }) }
                        </span>
                    </div>
                    <div class="tl-body" style={format!("height:{}px", len as i64 * row_h as i64)}>
                        <div class="tl-lifelines" aria-hidden="true">{ for (0..n).map(lifeline) }</div>
                        { for range.map(row_html) }
                    </div>
                </div>
            </div>
            <div class="tl-detail">{ detail(shown.and_then(|i| rows.row(i)).as_ref(), len) }</div>
        </div>
    }
}

//! One step drawn as an arrow between two lanes, or a dot when it stays in one.

use crate::fixed::fixed;
use crate::playground::timeline::lane_centre;
use crate::playground::view::TimelineRow;
use yew::prelude::*;

/// The arrow (or the dot, when a step stays in one lane) with its label.
pub fn arrow(row: &TimelineRow, lanes: usize) -> Html {
    let n = lanes.max(1);
    let label = html! { <span class="tl-label">if row.flagged { <span class="tl-warn" aria-hidden="true"></span> }{ &row.label }</span> };
    if row.from == row.to {
        // The label goes towards the wider side of the diagram.
        let (at, left) = (lane_centre(row.from, n), 2 * row.from.min(n - 1) + 1 > n);
        let (style, side) = match left {
            true => (
                format!("left:0;right:{}%", fixed(100.0 - at, 3)),
                "tl-self tl-end",
            ),
            false => (format!("left:{}%", fixed(at, 3)), "tl-self"),
        };
        html! { <span class={side} {style}><span class="tl-dot"></span>{ label }</span> }
    } else {
        let (a, b) = (lane_centre(row.from, n), lane_centre(row.to, n));
        let style = format!(
            "left:{}%;width:{}%",
            fixed(a.min(b), 3),
            fixed((a - b).abs(), 3)
        );
        let dir = if row.to > row.from {
            "tl-right"
        } else {
            "tl-left"
        };
        html! { <span class={classes!("tl-arrow", dir)} {style}>{ label }</span> }
    }
}

//! One message token: a pill with its version, moved by a CSS transform so a
//! transition can carry it between frames; Enter or a click opens its history.

use crate::engine::Channel;
use crate::fixed::fixed;
use crate::stage::{countdown_text, token_width, Phase, Token};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TokenProps {
    pub token: Token,
    pub selected: bool,
    /// A token's old place fading out under reduced motion: drawn only.
    #[prop_or_default]
    pub ghost: bool,
    pub on_select: Callback<(Channel, u64)>,
}

#[component]
pub fn TokenView(p: &TokenProps) -> Html {
    let t = &p.token;
    // The stage's own measure, so it keeps the pill off every text label.
    let width = token_width(&t.label);
    let id = (t.channel, t.seq);
    let onclick = p.on_select.reform(move |_: MouseEvent| id);
    let onkeydown = {
        let on_select = p.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_select.emit(id);
            }
        })
    };
    let class = classes!(
        "token",
        format!("phase-{}", t.phase.word()),
        match t.channel {
            Channel::TicketCreated => "created",
            Channel::TicketUpdated => "updated",
            Channel::TicketDeleted => "deleted",
        },
        t.bounced.then_some("bounced"),
        t.fresh.then_some("fresh"),
        p.selected.then_some("selected"),
        p.ghost.then_some("ghost"),
    );
    let at = format!(
        "transform: translate({}px, {}px)",
        fixed(f64::from(t.at.x), 1),
        fixed(f64::from(t.at.y), 1)
    );
    if p.ghost {
        return html! {
            <g {class} style={at} aria-hidden="true">
                <g class="token-body">
                    <rect x={fixed(f64::from(-width / 2.0), 1)} y="-10" width={fixed(f64::from(width), 1)} height="20" rx="10" />
                    <text class="token-label" y="4" text-anchor="middle">{ &t.label }</text>
                </g>
            </g>
        };
    }
    html! {
        <g {class} style={at}
            role="button" tabindex="0" aria-label={format!("{}: {}", t.label, t.describe)} aria-pressed={p.selected.to_string()}
            data-msg={format!("{} #{}", t.channel, t.seq)} {onclick} {onkeydown}>
            <title>{ &t.describe }</title>
            <g class="token-body">
                <rect x={fixed(f64::from(-width / 2.0), 1)} y="-10" width={fixed(f64::from(width), 1)} height="20" rx="10" />
                <text class="token-label" y="4" text-anchor="middle">{ &t.label }</text>
                if t.deliveries > 1 {
                    <circle class="token-badge" cx={fixed(f64::from(width / 2.0), 1)} cy="-9" r="7" />
                    <text class="token-badge-text" x={fixed(f64::from(width / 2.0), 1)} y="-6" text-anchor="middle">
                        { t.deliveries }
                    </text>
                }
                if let (Phase::AckWait, Some(ms)) = (t.phase, t.countdown_ms) {
                    <text class="countdown" y="23" text-anchor="middle">{ countdown_text(ms) }</text>
                }
            </g>
        </g>
    }
}

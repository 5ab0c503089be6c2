//! The stage panel: draws a native `stage::Frame` as SVG. It decides nothing:
//! the page hands it a frame for an orientation and a message's history; the
//! panel only picks the orientation (screen width), the motion (reduced or
//! not) and which token's history is open.

mod media;
mod parts;
mod token;

use crate::engine::Channel;
use crate::stage::{Frame, HistoryLine, Orientation, Token};
use std::rc::Rc;
use token::TokenView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The stage now, drawn for an orientation (the page closes over the run).
    pub frame: Callback<Orientation, Rc<Frame>>,
    /// Every step of one message, by channel and sequence number.
    pub history: Callback<(Channel, u64), Vec<HistoryLine>>,
    /// How long a token takes to glide to its next place (the play tick while
    /// playing, so the motion keeps pace with the speed).
    pub glide_ms: u32,
}

#[component]
pub fn StagePanel(p: &StageProps) -> Html {
    let narrow = media::use_media("(max-width: 640px)");
    let reduced = media::use_media("(prefers-reduced-motion: reduce)");
    let selected = use_state(|| None::<(Channel, u64)>);
    // The tokens drawn last time: under reduced motion, those that moved or
    // left fade out where they were while the new ones fade in (a cross-fade).
    let drawn = use_mut_ref(Vec::<Token>::new);
    let orientation = if narrow {
        Orientation::Down
    } else {
        Orientation::Across
    };
    let fr = p.frame.emit(orientation);
    let l = &fr.layout;
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |id: (Channel, u64)| {
            selected.set((*selected != Some(id)).then_some(id));
        })
    };
    let history = selected.map(|(c, seq)| (c, seq, p.history.emit((c, seq))));
    let ghosts = match reduced {
        true => gone(&drawn.borrow(), &fr.tokens),
        false => Vec::new(),
    };
    *drawn.borrow_mut() = fr.tokens.clone();
    html! {
        <section class={classes!("panel", "stage", reduced.then_some("reduced"))} aria-labelledby="stage-title">
            <h2 id="stage-title">{ "Stage" }</h2>
            <p class="hint">{ format!("step {}, {} ms: each token is a message with its version. Click one (or press Enter on it) for its history.", fr.step, fr.time_ms) }</p>
            <svg class="stage-svg" viewBox={format!("0 0 {} {}", l.width, l.height)} role="group"
                aria-label="The system: Tickets, NATS Streaming, the listeners, Orders"
                style={format!("--glide: {}ms; max-width: {}px", p.glide_ms, l.width * 1.4)}>
                { parts::links(l) }
                { parts::parts(&fr) }
                <g class="tokens">
                    for t in &ghosts {
                        <TokenView key={format!("ghost-{}", token_key(t, true))} token={t.clone()} ghost=true
                            selected=false on_select={on_select.clone()} />
                    }
                    for t in &fr.tokens {
                        <TokenView key={token_key(t, reduced)} token={t.clone()}
                            selected={*selected == Some((t.channel, t.seq))} on_select={on_select.clone()} />
                    }
                </g>
                for o in &fr.overflow {
                    <text class="overflow" x={format!("{:.1}", o.at.x)} y={format!("{:.1}", o.at.y + 16.0)}
                        text-anchor="middle">{ format!("+{}", o.count) }</text>
                }
            </svg>
            if let Some((c, seq, lines)) = history {
                <div class="stage-history" aria-live="polite">
                    <h3>{ format!("History of {c} #{seq}") }</h3>
                    <ol>
                        for h in lines {
                            <li>{ format!("step {}, {} ms: {}", h.step, h.time_ms, h.text) }</li>
                        }
                    </ol>
                    <button onclick={let s = selected.clone(); move |_| s.set(None)}>{ "Close history" }</button>
                </div>
            }
        </section>
    }
}

/// The tokens of the last frame that are not in this one at the same place.
fn gone(before: &[Token], now: &[Token]) -> Vec<Token> {
    let here: std::collections::HashSet<String> = now.iter().map(|t| token_key(t, true)).collect();
    before
        .iter()
        .filter(|t| !here.contains(&token_key(t, true)))
        .cloned()
        .collect()
}

/// By message, so a CSS transition moves the token to its new place; under
/// reduced motion also by position, so a move is a new element that fades in
/// where the old one was dropped: nothing slides.
fn token_key(t: &Token, reduced: bool) -> String {
    if reduced {
        format!("{}-{:.0}-{:.0}-{}", t.msg.0, t.at.x, t.at.y, t.phase.word())
    } else {
        t.msg.0.to_string()
    }
}

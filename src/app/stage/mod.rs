//! The stage panel: draws a native `stage::Frame` as SVG. It decides nothing:
//! the page hands it a frame for an orientation and a message's history; the
//! panel only picks the orientation (screen width), the motion (reduced or
//! not) and which token's history is open.

pub(super) mod media;
mod parts;
mod token;

use crate::engine::Channel;
use crate::fixed::{coordinate, fixed};
use crate::stage::{glides, Frame, HistoryLine, Layout, Orientation, Token};
use std::collections::HashMap;
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
    let narrow = media::use_media(media::NARROW);
    let reduced = media::use_media("(prefers-reduced-motion: reduce)").unwrap_or(false);
    let selected = use_state(|| None::<(Channel, u64)>);
    // The tokens drawn last time: under reduced motion, those that moved or
    // left fade out where they were while the new ones fade in (a cross-fade).
    let drawn = use_mut_ref(Vec::<Token>::new);
    // Per message, how many times it was drawn anew rather than slid (a
    // move that would pass through a box its message does not pass): part
    // of its key, so such a move is a new element, not a slide.
    let anew = use_mut_ref(HashMap::<u32, u32>::new);
    // The screen's width unknown (the first screen, rendered at build time):
    // both drawings, and static/style.css shows the one for the screen, so
    // a phone and a desktop each see theirs before the wasm arrives.
    let drawings: &[(Orientation, Option<&'static str>)] = match narrow {
        Some(true) => &[(Orientation::Down, None)],
        Some(false) => &[(Orientation::Across, None)],
        None => &[
            (Orientation::Across, Some("only-wide")),
            (Orientation::Down, Some("only-narrow")),
        ],
    };
    let frames: Vec<_> = drawings
        .iter()
        .map(|&(o, only)| (p.frame.emit(o), only))
        .collect();
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |id: (Channel, u64)| {
            selected.set((*selected != Some(id)).then_some(id));
        })
    };
    let history = selected.map(|(c, seq)| (c, seq, p.history.emit((c, seq))));
    let svgs = frames
        .iter()
        .map(|(fr, only)| {
            let ghosts = match reduced {
                true => gone(&drawn.borrow(), &fr.tokens),
                false => Vec::new(),
            };
            let keys = keys(
                &fr.layout,
                &drawn.borrow(),
                &fr.tokens,
                &mut anew.borrow_mut(),
                reduced,
            );
            let on = Drawn {
                selected: *selected,
                on_select: &on_select,
                glide_ms: p.glide_ms,
            };
            drawing(fr, &ghosts, keys, *only, on)
        })
        .collect::<Html>();
    let Some((fr, _)) = frames.last() else {
        return Html::default();
    };
    *drawn.borrow_mut() = fr.tokens.clone();
    html! {
        <section class={classes!("panel", "stage", reduced.then_some("reduced"))} aria-labelledby="stage-title">
            <h2 id="stage-title">{ "Stage" }</h2>
            <p class="hint">{ format!("step {}, {} ms: each token is a message with its version. Click one (or press Enter on it) for its history.", fr.step, fr.time_ms) }</p>
            { svgs }
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

/// What a drawing needs from the panel besides its frame.
struct Drawn<'a> {
    selected: Option<(Channel, u64)>,
    on_select: &'a Callback<(Channel, u64)>,
    glide_ms: u32,
}

/// One frame as SVG; `only` names the screens it is for when the page
/// carries both orientations (`only-wide`, `only-narrow`).
fn drawing(
    fr: &Frame,
    ghosts: &[Token],
    keys: Vec<String>,
    only: Option<&'static str>,
    on: Drawn,
) -> Html {
    let l = &fr.layout;
    let on_select = on.on_select;
    html! {
        <svg class={classes!("stage-svg", only)} viewBox={format!("0 0 {} {}", coordinate(f64::from(l.width)), coordinate(f64::from(l.height)))} role="group"
            aria-label="The system: Tickets, NATS Streaming, the listeners, Orders"
            style={format!("--glide: {}ms; max-width: {}px", on.glide_ms, coordinate(f64::from(l.width) * 1.4))}>
            { parts::links(l) }
            { parts::parts(fr) }
            <g class="tokens">
                for t in ghosts {
                    <TokenView key={format!("ghost-{}", token_key(t, true))} token={t.clone()} ghost=true
                        selected=false on_select={on_select.clone()} />
                }
                for (t, key) in fr.tokens.iter().zip(keys) {
                    <TokenView {key} token={t.clone()}
                        selected={on.selected == Some((t.channel, t.seq))} on_select={on_select.clone()} />
                }
            </g>
            for o in fr.overflow.iter().map(|o| o.label()) {
                <text class="overflow" x={coordinate(f64::from(o.spot.at.x))} y={coordinate(f64::from(o.spot.at.y))}
                    text-anchor={o.spot.anchor.svg()}>{ o.text }</text>
            }
        </svg>
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

/// Each token's key: by message (`token_key`), and a message whose move
/// from the last frame does not glide (`stage::glides`) gets a new one.
fn keys(
    l: &Layout,
    before: &[Token],
    now: &[Token],
    anew: &mut HashMap<u32, u32>,
    reduced: bool,
) -> Vec<String> {
    if reduced {
        anew.clear();
        return now.iter().map(|t| token_key(t, true)).collect();
    }
    let mut kept = HashMap::with_capacity(now.len());
    let keys = now
        .iter()
        .map(|t| {
            let mut n = anew.get(&t.msg.0).copied().unwrap_or(0);
            if let Some(b) = before.iter().find(|b| b.msg == t.msg) {
                if b.at != t.at && !glides(l, b, t) {
                    n += 1;
                }
            }
            kept.insert(t.msg.0, n);
            format!("{}-{n}", token_key(t, false))
        })
        .collect();
    *anew = kept;
    keys
}

/// By message, so a CSS transition moves the token to its new place; under
/// reduced motion also by position, so a move is a new element that fades in
/// where the old one was dropped: nothing slides.
fn token_key(t: &Token, reduced: bool) -> String {
    if reduced {
        format!(
            "{}-{}-{}-{}",
            t.msg.0,
            fixed(f64::from(t.at.x), 0),
            fixed(f64::from(t.at.y), 0),
            t.phase.word()
        )
    } else {
        t.msg.0.to_string()
    }
}

//! Whether a CSS media query matches, kept up to date as it changes (a phone
//! turned sideways, the reduced-motion setting switched). Unknown (`None`)
//! where no browser runs the view: the first screen rendered at build time
//! (`app::first_screen`) draws what differs both ways and lets CSS show one.

/// A phone's width: the stage drawn `Down`, the timeline as a list. The
/// first screen's CSS (`.only-narrow`, `.only-wide` in static/style.css)
/// uses the same width.
pub const NARROW: &str = "(max-width: 640px)";

#[cfg(target_arch = "wasm32")]
#[yew::hook]
pub fn use_media(query: &'static str) -> Option<bool> {
    use wasm_bindgen::prelude::*;
    use yew::prelude::*;
    let list = use_memo((), move |_| {
        web_sys::window().and_then(|w| w.match_media(query).ok().flatten())
    });
    let matches = use_state(|| list.as_ref().as_ref().is_some_and(|l| l.matches()));
    {
        let matches = matches.clone();
        use_effect_with(list, move |list| {
            let list = list.as_ref().clone();
            let on_change = list
                .clone()
                .map(|l| Closure::<dyn Fn()>::new(move || matches.set(l.matches())));
            if let (Some(l), Some(f)) = (&list, &on_change) {
                let _ = l.add_event_listener_with_callback("change", f.as_ref().unchecked_ref());
            }
            move || {
                if let (Some(l), Some(f)) = (list, on_change) {
                    let _ =
                        l.remove_event_listener_with_callback("change", f.as_ref().unchecked_ref());
                }
            }
        });
    }
    Some(*matches)
}

/// Rendered at build time: no screen yet, so no answer.
#[cfg(not(target_arch = "wasm32"))]
#[yew::hook]
pub fn use_media(_query: &'static str) -> Option<bool> {
    None
}

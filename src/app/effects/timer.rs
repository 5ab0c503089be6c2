//! The play timer: a tick every `TICK_MS` while playing, none otherwise.

use crate::playground::Msg;
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// The play timer's period; each tick takes `speed` engine steps.
pub const TICK_MS: u32 = 120;

/// The timer exists only while `playing`; dropping the Interval cancels it. It
/// sends through the dispatcher, so it never sees stale state.
#[hook]
pub fn use_play_timer(playing: bool, dispatch: Callback<Msg>) {
    use_effect_with(playing, move |playing| {
        let timer = playing.then(|| Interval::new(TICK_MS, move || dispatch.emit(Msg::Tick)));
        move || drop(timer)
    });
}

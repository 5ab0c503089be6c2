//! The play timer: a tick every `pace::TICK_MS` while playing, none otherwise;
//! how far a tick advances is the playground's (`pace::advance`).

use crate::playground::pace::TICK_MS;
use crate::playground::Msg;
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// The timer exists only while `playing`; dropping the Interval cancels it. It
/// sends through the dispatcher, so it never sees stale state.
#[hook]
pub fn use_play_timer(playing: bool, dispatch: Callback<Msg>) {
    use_effect_with(playing, move |playing| {
        let timer = playing.then(|| Interval::new(TICK_MS, move || dispatch.emit(Msg::Tick)));
        move || drop(timer)
    });
}

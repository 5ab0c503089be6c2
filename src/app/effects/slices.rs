//! Drives a job of the playground in slices: while the job asks for its next
//! slice, wait a zero timeout (the browser paints and handles input first),
//! then send one `Work(units)` through the reducer, timed so each slice takes
//! about `SLICE_MS` (`playground::slices::next_units`).

use super::now_ms;
use crate::playground::slices::next_units;
use crate::playground::Msg;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// `next`: the number of the slice the job wants (None: not running). Each new
/// number schedules one slice; dropping the timeout (the job ended, the page
/// went away) cancels it.
#[hook]
pub fn use_slices(next: Option<u64>, dispatch: Callback<Msg>, work: fn(u32) -> Msg) {
    let units = use_mut_ref(|| Rc::new(Cell::new(1u32)));
    let units = units.borrow().clone();
    use_effect_with(next, move |next| {
        let timeout = next.map(|_| {
            Timeout::new(0, move || {
                let started = now_ms();
                dispatch.emit(work(units.get()));
                units.set(next_units(units.get(), now_ms() - started));
            })
        });
        move || drop(timeout)
    });
}

//! Long work without long tasks: run a job in slices of about `SLICE_MS`,
//! yielding to the browser (a zero timeout) between them, so the page keeps
//! painting and answering clicks, and a Cancel button can stop it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Aim for slices this long: well under the 50 ms that counts as a long task,
/// long enough that the ~4 ms a nested zero timeout waits costs little.
pub const SLICE_MS: f64 = 10.0;
const MAX_UNITS: u32 = 1 << 20;

/// Stops a sliced job: at the latest before its next slice.
#[derive(Clone, Default)]
pub struct CancelToken(Rc<Cell<bool>>);

impl CancelToken {
    pub fn cancel(&self) {
        self.0.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

impl PartialEq for CancelToken {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The job a panel runs, if any: its cancel token and what the panel keeps of it.
pub type JobSlot<T> = Rc<RefCell<Option<(CancelToken, T)>>>;

/// A job slot whose job is cancelled when the component goes away: nothing would
/// show its results.
#[yew::hook]
pub fn use_job_slot<T: 'static>() -> JobSlot<T> {
    let slot: JobSlot<T> = yew::use_mut_ref(|| None);
    {
        let slot = slot.clone();
        yew::use_effect_with((), move |_| {
            move || {
                cancel_job(&slot);
            }
        });
    }
    slot
}

/// Cancels the running job, if any, and hands back what the panel kept of it.
pub fn cancel_job<T>(slot: &JobSlot<T>) -> Option<T> {
    let (token, kept) = slot.borrow_mut().take()?;
    token.cancel();
    Some(kept)
}

/// `performance.now()` where there is one (sub-millisecond), else `Date.now()`.
pub fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok();
    let now = performance.as_ref().and_then(|p| {
        let f = js_sys::Reflect::get(p, &"now".into()).ok()?;
        f.dyn_into::<js_sys::Function>()
            .ok()?
            .call0(p)
            .ok()?
            .as_f64()
    });
    now.unwrap_or_else(js_sys::Date::now)
}

/// Resolves on a zero timeout: the browser paints and handles input first.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// How many units the next slice gets, from how long this one took: scaled
/// toward `SLICE_MS`, at most 4x up or down at a time (one slow slice, say a
/// garbage collection, must not shrink the work to nothing).
fn next_units(units: u32, elapsed_ms: f64) -> u32 {
    let scaled = if elapsed_ms < 0.25 {
        f64::from(units) * 4.0
    } else {
        f64::from(units) * SLICE_MS / elapsed_ms
    };
    let lo = f64::from((units / 4).max(1));
    let hi = f64::from(units.saturating_mul(4));
    scaled.clamp(lo, hi).min(f64::from(MAX_UNITS)) as u32
}

/// Runs `work(units)` slice after slice until it returns false (done) or the
/// token is cancelled. `work` does about `units` of its own units of work;
/// the count adapts so each slice takes about `SLICE_MS`.
pub fn run_in_slices(cancel: CancelToken, mut work: impl FnMut(u32) -> bool + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut units = 1u32;
        loop {
            yield_to_browser().await;
            if cancel.is_cancelled() {
                return;
            }
            let started = now_ms();
            if !work(units) {
                return;
            }
            units = next_units(units, now_ms() - started);
        }
    });
}

//! How much work a slice of a long job gets. Long work (experiments, the
//! explorer) runs in slices of about `SLICE_MS` that yield to the browser in
//! between, so the page keeps painting and a Cancel button answers.

/// Aim for slices this long: well under the 50 ms that counts as a long task,
/// long enough that the ~4 ms a nested zero timeout waits costs little.
pub const SLICE_MS: f64 = 10.0;
const MAX_UNITS: u32 = 1 << 20;

/// How many units the next slice gets, from how long this one took: scaled
/// toward `SLICE_MS`, at most 4x up or down at a time (one slow slice, say a
/// garbage collection, must not shrink the work to nothing).
pub fn next_units(units: u32, elapsed_ms: f64) -> u32 {
    let scaled = if elapsed_ms < 0.25 {
        f64::from(units) * 4.0
    } else {
        f64::from(units) * SLICE_MS / elapsed_ms
    };
    let lo = f64::from((units / 4).max(1));
    let hi = f64::from(units.saturating_mul(4));
    scaled.clamp(lo, hi).min(f64::from(MAX_UNITS)) as u32
}

//! The engine's Web Worker module (Trunk builds it with `data-type="worker"`,
//! for speed): experiments, the explorer and long scenario runs, off the
//! page's thread. The page spawns it on first use (`offload::pool`).

#[cfg(target_arch = "wasm32")]
fn main() {
    occ_playground::offload::worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("occ-worker is the browser's engine worker; use the `occ-sim` CLI natively.");
    std::process::exit(2);
}

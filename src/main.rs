//! Entry point of the web playground (Trunk builds this binary to WASM).

#[cfg(target_arch = "wasm32")]
fn main() {
    occ_playground::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "occ-playground is the browser build; run `make serve`, or use the `occ-sim` CLI natively."
    );
    std::process::exit(2);
}

//! The first-visit module: the live view only (`app::live`). The page's
//! loader (`static/loader.js`) starts it for the plain address and calls
//! `leave` and `handover` when it hands over to the full module.

#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::prelude::*;

    /// Stops the live view; the full module takes the page next.
    #[wasm_bindgen]
    pub fn leave() {
        occ_playground::app::live::leave();
    }

    /// The run as it is now, for the full module (a JS API call's handover).
    #[wasm_bindgen]
    pub fn handover() -> JsValue {
        occ_playground::app::live::handover_for_api()
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    occ_playground::app::live::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("occ-live is the first-visit browser module; run `make serve`.");
    std::process::exit(2);
}

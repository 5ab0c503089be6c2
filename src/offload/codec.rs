//! Worker messages as JSON text. gloo-worker's default (bincode) cannot carry
//! the engine's internally tagged enums (actions, jobs); JSON can, and the
//! page already has serde_json.

use gloo_worker::Codec;
use wasm_bindgen::JsValue;

pub struct Json;

impl Codec for Json {
    fn encode<I: serde::Serialize>(input: I) -> JsValue {
        // Our own message types always serialize; a failure is a bug in them.
        JsValue::from_str(&serde_json::to_string(&input).expect("worker message serializes"))
    }

    fn decode<O: for<'de> serde::Deserialize<'de>>(input: JsValue) -> O {
        let text = input.as_string().unwrap_or_default();
        serde_json::from_str(&text).expect("worker message is one of ours")
    }
}

//! The iframe's height follows its content: a ResizeObserver on the app's root
//! reports every change to the embedding page (`host::tell_height`), so a
//! course page's resizer can size the iframe and nothing scrolls inside it.

use super::effects::host;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn app_height() -> Option<f64> {
    let doc = web_sys::window()?.document()?;
    let app = doc.query_selector(".app").ok()??;
    Some(f64::from(
        app.dyn_ref::<web_sys::HtmlElement>()?.offset_height(),
    ))
}

/// `new ResizeObserver(callback).observe(.app)`, through Reflect (no extra
/// web-sys features); the observer, to disconnect on cleanup.
fn observe(callback: &Closure<dyn Fn(JsValue)>) -> Option<JsValue> {
    let window = web_sys::window()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&window, &"ResizeObserver".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let observer =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(callback.as_ref())).ok()?;
    let target = window.document()?.query_selector(".app").ok()??;
    let method: js_sys::Function = js_sys::Reflect::get(&observer, &"observe".into())
        .ok()?
        .dyn_into()
        .ok()?;
    method.call1(&observer, &target).ok()?;
    Some(observer)
}

/// Reports the app's height to the parent page whenever it changes.
#[hook]
pub fn use_height_reports(embedded: bool) {
    use_effect_with(embedded, move |embedded| {
        let callback = Closure::<dyn Fn(JsValue)>::new(|_entries: JsValue| {
            if let Some(h) = app_height() {
                host::tell_height(h);
            }
        });
        let observer = embedded.then(|| observe(&callback)).flatten();
        move || {
            if let Some(o) = observer {
                let stop = js_sys::Reflect::get(&o, &"disconnect".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
                if let Some(stop) = stop {
                    let _ = stop.call0(&o);
                }
            }
            drop(callback);
        }
    });
}

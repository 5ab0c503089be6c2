//! What the in-browser component tests share: a fresh mount point and a
//! recorder of the messages a component emits.

use occ_playground::app::msg::Msg;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;
use yew::Callback;

/// A new `<div>` in the body to render a component into.
pub fn root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// A callback that keeps every message it receives, and the list it keeps them in.
pub fn recorder() -> (Callback<Msg>, Rc<RefCell<Vec<Msg>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    (Callback::from(move |m| s.borrow_mut().push(m)), seen)
}

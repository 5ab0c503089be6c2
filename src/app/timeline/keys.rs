//! The timeline's keyboard: arrows, Page Up/Down, Home and End move a roving
//! focus over the rows (which may first have to be rendered), Enter selects.
//! Which row a key leads to is `playground::keys::timeline_key`.

use super::scroll::{page_rows, scroll_into_view};
use crate::playground::keys::{timeline_key, RowKey};
use crate::playground::view::TimelineRows;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// What the key handler reads and moves.
pub struct KeyTarget {
    pub container: NodeRef,
    pub scroll: UseStateHandle<(i32, i32)>,
    pub cursor: UseStateHandle<Option<usize>>,
    pub pending_focus: Rc<RefCell<Option<usize>>>,
    pub rows: TimelineRows,
    pub current: Option<usize>,
    pub on_select: Callback<u64>,
    /// The rows' height (`scroll::row_height`).
    pub row_h: i32,
}

pub fn on_key(t: KeyTarget) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let Some(last) = t.rows.len().checked_sub(1) else {
            return;
        };
        let at = (*t.cursor).or(t.current).unwrap_or(0);
        match timeline_key(&e.key(), at, last, page_rows(t.scroll.1, t.row_h)) {
            None => {}
            Some(RowKey::Select(i)) => {
                e.prevent_default();
                if let Some(row) = t.rows.row(i) {
                    t.on_select.emit(row.step);
                }
            }
            Some(RowKey::MoveTo(to)) => {
                e.prevent_default();
                t.cursor.set(Some(to));
                *t.pending_focus.borrow_mut() = Some(to);
                if let Some(el) = t.container.cast::<Element>() {
                    t.scroll.set(scroll_into_view(&el, to, t.row_h));
                }
            }
        }
    })
}

/// Moves DOM focus to the row the keyboard asked for, once it is rendered.
#[hook]
pub fn use_pending_focus(container: NodeRef, pending: Rc<RefCell<Option<usize>>>) {
    use_effect(move || {
        let Some(i) = pending.borrow_mut().take() else {
            return;
        };
        let row = container.cast::<Element>().and_then(|el| {
            el.query_selector(&format!("[data-index=\"{i}\"]"))
                .ok()
                .flatten()
        });
        if let Some(row) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
            let _ = row.focus();
        }
    });
}

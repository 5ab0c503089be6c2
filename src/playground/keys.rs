//! What the page's keyboard shortcuts mean. The browser side only says which
//! key was pressed and whether the user was typing or on a control.

use super::msg::Msg;

/// Where a key was pressed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// Focus is on an input, select, textarea, button or link: keys are theirs.
    pub on_control: bool,
    /// Ctrl, Meta or Alt is held: a browser or system shortcut.
    pub modified: bool,
    /// Someone else handled the key already.
    pub handled: bool,
}

/// Space plays or pauses, the arrows step; anything else is not ours.
pub fn shortcut(key: &str, at: KeyContext) -> Option<Msg> {
    if at.on_control || at.modified || at.handled {
        return None;
    }
    match key {
        " " => Some(Msg::TogglePlay),
        "ArrowRight" => Some(Msg::Step),
        "ArrowLeft" => Some(Msg::StepBack),
        _ => None,
    }
}

/// A key in the timeline's list of steps: where the roving focus goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKey {
    /// Move focus to this row index.
    MoveTo(usize),
    /// Open the focused row's step.
    Select(usize),
}

/// `at`: the focused row; `last`: the last row's index; `page`: rows per screen.
pub fn timeline_key(key: &str, at: usize, last: usize, page: usize) -> Option<RowKey> {
    let at = at.min(last);
    let page = page.max(1);
    Some(RowKey::MoveTo(match key {
        "ArrowDown" => (at + 1).min(last),
        "ArrowUp" => at.saturating_sub(1),
        "PageDown" => (at + page).min(last),
        "PageUp" => at.saturating_sub(page),
        "Home" => 0,
        "End" => last,
        "Enter" => return Some(RowKey::Select(at)),
        _ => return None,
    }))
}

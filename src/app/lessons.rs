//! The lesson bar: previous / next, the lesson picker, and the open lesson's
//! text. The lessons themselves are data (`playground::lessons`).

use super::select_field::SelectField;
use crate::playground::lessons::LESSONS;
use crate::playground::Msg;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonBarProps {
    pub current: Option<usize>,
    /// Previous, next and the picker (not in an embed: the course page chose).
    #[prop_or(true)]
    pub nav: bool,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn LessonBar(p: &LessonBarProps) -> Html {
    let on_change = p
        .on_msg
        .reform(|v: String| v.parse().map(Msg::Lesson).unwrap_or(Msg::FreePlay));
    let options = std::iter::once(("none".to_string(), "Free play (no lesson)".to_string()))
        .chain(
            LESSONS
                .iter()
                .enumerate()
                .map(|(i, l)| (i.to_string(), format!("{}. {}", i + 1, l.title))),
        )
        .map(|(v, t)| (AttrValue::from(v), AttrValue::from(t)))
        .collect::<Vec<_>>();
    let lesson = p.current.map(|i| &LESSONS[i]);
    if !p.nav && lesson.is_none() {
        return Html::default();
    }
    html! {
        <nav class="lessons" aria-label="Lessons">
            if p.nav {
            <div class="lesson-nav">
                <button aria-label="Previous lesson" disabled={p.current.is_none_or(|i| i == 0)}
                    onclick={p.on_msg.reform({ let c = p.current; move |_| Msg::Lesson(c.unwrap_or(1) - 1) })}>
                    <span class="nav-arrow" aria-hidden="true">{ "‹ " }</span>
                    <span class="nav-word">{ "Previous lesson" }</span>
                </button>
                <SelectField id="lesson" label="Lesson" value={p.current.map_or("none".to_string(), |i| i.to_string())}
                    {options} on_change={on_change} />
                <button aria-label="Next lesson" disabled={p.current.is_some_and(|i| i + 1 == LESSONS.len())}
                    onclick={p.on_msg.reform({ let c = p.current; move |_| Msg::Lesson(c.map_or(0, |i| i + 1)) })}>
                    <span class="nav-word">{ "Next lesson" }</span>
                    <span class="nav-arrow" aria-hidden="true">{ " ›" }</span>
                </button>
            </div>
            }
            if let Some(l) = lesson {
                if p.nav {
                    <div class="lesson-text">
                        <h2>{ l.title }</h2>
                        // On a phone the story shows two lines, the rest one
                        // tap away, so Play and the stage share the screen.
                        <input type="checkbox" id="lesson-more" class="more-toggle" />
                        <p class="lesson-body">{ l.text }</p>
                        <label for="lesson-more" class="more-label">
                            <span class="more">{ "Read the whole lesson" }</span>
                            <span class="less">{ "Show less" }</span>
                        </label>
                        <p class="try-this"><strong>{ "Try this: " }</strong>{ l.try_this }</p>
                    </div>
                } else {
                    // An embed's 600 px are for the stage: the lesson's text
                    // is one click away under its title.
                    <details class="lesson-text">
                        <summary>{ format!("Lesson: {}", l.title) }</summary>
                        <p>{ l.text }</p>
                        <p class="try-this"><strong>{ "Try this: " }</strong>{ l.try_this }</p>
                    </details>
                }
            }
        </nav>
    }
}

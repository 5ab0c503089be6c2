//! A term's explanation where it appears: a small focusable "?" whose
//! description shows on hover and on keyboard focus (and is its accessible
//! name), and the glossary panel with every term.

use crate::playground::glossary::{all, explain};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// A glossary id, e.g. "ack-wait".
    pub term: AttrValue,
}

#[component]
pub fn Explain(p: &ExplainProps) -> Html {
    let Some(t) = explain(&p.term) else {
        return html! {};
    };
    html! {
        <span class="explain" tabindex="0" role="img" aria-label={format!("{}: {}", t.name, t.text)}
            data-tip={t.text}>{ "?" }</span>
    }
}

#[component]
pub fn Glossary() -> Html {
    html! {
        <details class="panel glossary">
            <summary>{ "Glossary" }</summary>
            <dl>
                for t in all() {
                    <div id={format!("term-{}", t.id)}><dt>{ t.name }</dt><dd>{ t.text }</dd></div>
                }
            </dl>
        </details>
    }
}

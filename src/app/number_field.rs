//! A labelled number input that commits only a valid number.

use crate::playground::fields::parse_in_range;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: u64,
    pub min: u64,
    pub max: u64,
    /// Fired only with a valid number; an invalid one shows a message and changes nothing.
    pub on_commit: Callback<u64>,
}

/// A labelled number input that validates on commit (change or Enter).
#[component]
pub fn NumberField(p: &NumberFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    let input = use_node_ref();
    // A new value from outside (reset, preset) replaces whatever was typed.
    {
        let (input, error) = (input.clone(), error.clone());
        use_effect_with(p.value, move |v| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                el.set_value(&v.to_string());
            }
            error.set(None);
        });
    }
    let onchange = {
        let (error, on_commit, min, max) = (error.clone(), p.on_commit.clone(), p.min, p.max);
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            match parse_in_range(&el.value(), min, max) {
                Ok(n) => {
                    error.set(None);
                    on_commit.emit(n);
                }
                Err(msg) => error.set(Some(msg)),
            }
        })
    };
    let err_id = format!("{}-error", p.id);
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input ref={input} id={p.id.clone()} type="number" inputmode="numeric"
                min={p.min.to_string()} max={p.max.to_string()}
                value={p.value.to_string()} {onchange}
                aria-invalid={error.is_some().to_string()}
                aria-describedby={error.is_some().then(|| err_id.clone())} />
            if let Some(msg) = (*error).clone() {
                <span id={err_id} class="field-error" role="alert">{ msg }</span>
            }
        </div>
    }
}

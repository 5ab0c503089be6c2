//! The whole-number field of the experiments and explorer forms: its text is
//! the playground's (so Run can refuse while any field is invalid), and its
//! error is shown right next to it.

use crate::playground::fields::FieldText;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RangeFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub field: FieldText,
    #[prop_or_default]
    pub disabled: bool,
    /// The new text, on every change (the playground checks it).
    pub on_text: Callback<String>,
}

#[component]
pub fn RangeField(p: &RangeFieldProps) -> Html {
    let err_id = format!("{}-error", p.id);
    let onchange = p.on_text.reform(|e: Event| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    });
    let f = &p.field;
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input id={p.id.clone()} type="number" inputmode="numeric" value={f.text.clone()}
                min={f.min.to_string()} max={f.max.to_string()} disabled={p.disabled} {onchange}
                aria-invalid={f.error.is_some().to_string()}
                aria-describedby={f.error.is_some().then(|| err_id.clone())} />
            if let Some(msg) = &f.error {
                <span id={err_id} class="field-error" role="alert">{ msg }</span>
            }
        </div>
    }
}

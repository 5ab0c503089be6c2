//! Form pieces shared by the experiments and explorer panels: a labelled
//! whole-number field whose text the panel owns (so Run can refuse while any
//! field is invalid), and number formatting.

use super::number_field::parse_in_range;
use yew::prelude::*;

/// A field's text and, once checked, why it is not acceptable.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldText {
    pub text: String,
    pub error: Option<String>,
    pub min: u64,
    pub max: u64,
}

impl FieldText {
    pub fn new(value: u64, min: u64, max: u64) -> Self {
        FieldText {
            text: value.to_string(),
            error: None,
            min,
            max,
        }
    }

    pub fn value(&self) -> Result<u64, String> {
        parse_in_range(&self.text, self.min, self.max)
    }

    /// The same text, checked: the error is shown next to the field.
    pub fn checked(&self) -> Self {
        FieldText {
            error: self.value().err(),
            ..self.clone()
        }
    }

    pub fn with_text(&self, text: String) -> Self {
        FieldText {
            text,
            ..self.clone()
        }
        .checked()
    }
}

#[derive(Properties, PartialEq)]
pub struct RangeFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub field: FieldText,
    #[prop_or_default]
    pub disabled: bool,
    /// The new text, on every change (the parent checks it).
    pub on_text: Callback<String>,
}

/// A labelled number input; its error (if any) is shown right next to it.
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

/// 1234567 as "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A callback that updates one field of a form kept in `use_state`.
pub fn field_setter<F: Clone + 'static>(
    form: &yew::UseStateHandle<F>,
    set: fn(&mut F, String),
) -> yew::Callback<String> {
    let form = form.clone();
    yew::Callback::from(move |v: String| {
        let mut next = (*form).clone();
        set(&mut next, v);
        form.set(next);
    })
}

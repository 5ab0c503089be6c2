use yew::prelude::*;

/// (value, text) pairs as a select's options.
pub fn options<'a>(pairs: impl Iterator<Item = (String, &'a str)>) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .map(|(v, t)| (AttrValue::from(v), AttrValue::from(t.to_string())))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, text) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub value: AttrValue,
    pub on_change: Callback<String>,
}

/// A labelled `<select>` whose shown choice always follows `value`: `selected`
/// attributes alone stop working once the user has picked an option by hand.
#[component]
pub fn SelectField(p: &SelectFieldProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.value.clone(), move |v| {
            if let Some(el) = node.cast::<web_sys::HtmlSelectElement>() {
                el.set_value(v);
            }
        });
    }
    let onchange = p.on_change.reform(|e: Event| {
        e.target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value()
    });
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <select ref={node} id={p.id.clone()} {onchange}>
                for (v, text) in &p.options {
                    <option value={v.clone()} selected={*v == p.value}>{ text.clone() }</option>
                }
            </select>
        </div>
    }
}

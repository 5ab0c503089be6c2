//! The experiments panel ("repeat 200x"): filled in by the experiments work.

use super::msg::Msg;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExperimentsPanelProps {
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn ExperimentsPanel(_p: &ExperimentsPanelProps) -> Html {
    html! { <section class="panel" aria-labelledby="experiments-title"><h2 id="experiments-title">{ "Experiments" }</h2></section> }
}

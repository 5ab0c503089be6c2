//! The Orders service: its listeners and its replica of the tickets.

use crate::playground::view::{MemberView, ReplicaRow, Sync};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OrdersPanelProps {
    pub members: Vec<MemberView>,
    pub rows: Vec<ReplicaRow>,
}

fn sync_label(s: Sync) -> (&'static str, &'static str) {
    match s {
        Sync::InSync => ("in sync", "ok"),
        Sync::Lagging => ("lagging", "lagging"),
        Sync::Diverged => ("diverged", "bad"),
        Sync::Stuck => ("stuck", "bad"),
    }
}

#[component]
pub fn OrdersPanel(p: &OrdersPanelProps) -> Html {
    html! {
        <section class="panel orders" aria-labelledby="orders-title">
            <h2 id="orders-title">{ "Orders service" }</h2>
            <ul class="listeners" aria-label="Listener instances">
                for m in &p.members {
                    <li key={m.name.clone()} class={classes!("listener", (!m.up).then_some("down"))}>
                        <h3>{ format!("Listener {}", m.name) }{ if m.up { "" } else { " (crashed)" } }</h3>
                        if m.in_hand.is_empty() {
                            <p class="idle">{ "idle" }</p>
                        } else {
                            for line in &m.in_hand { <p class="in-hand">{ line }</p> }
                        }
                        <p class="decision">{ &m.last_decision }</p>
                    </li>
                }
            </ul>
            <table class="db">
                <caption>{ "Orders database" }</caption>
                <thead><tr>
                    <th scope="col">{"ticket id"}</th><th scope="col">{"title"}</th><th scope="col">{"price"}</th>
                    <th scope="col">{"version"}</th><th scope="col">{"vs source"}</th>
                </tr></thead>
                <tbody>
                    for r in &p.rows {
                        <tr key={r.id.clone()} class={sync_label(r.sync).1}>
                            <th scope="row">{ &r.id }</th><td>{ &r.title }</td><td>{ &r.price }</td><td>{ &r.version }</td>
                            <td><span class={classes!("sync", sync_label(r.sync).1)}>{ sync_label(r.sync).0 }</span></td>
                        </tr>
                    }
                    if p.rows.is_empty() {
                        <tr><td colspan="5" class="empty">{ "No rows yet." }</td></tr>
                    }
                </tbody>
            </table>
        </section>
    }
}

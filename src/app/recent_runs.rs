//! "Recent runs": the runs that another one replaced in storage (see
//! `crate::saved`), listed on demand and reopened with one click.

use crate::playground::provenance::From;
use crate::playground::Msg;
use crate::saved::RecentRun;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RecentRunsProps {
    pub on_msg: Callback<Msg>,
    /// Where the list comes from: storage on the full page, the runs this
    /// visit replaced on the first-visit page (which cannot read storage).
    pub read: Callback<(), Vec<RecentRun>>,
}

#[component]
pub fn RecentRuns(p: &RecentRunsProps) -> Html {
    let open = use_state(|| false);
    let runs = use_state(Vec::new);
    let toggle = {
        let (open, runs, read) = (open.clone(), runs.clone(), p.read.clone());
        // Read storage only when the list is opened, never on a tick.
        Callback::from(move |_| {
            if !*open {
                runs.set(read.emit(()));
            }
            open.set(!*open);
        })
    };
    html! {
        <section class="recent-runs" aria-label="Recent runs">
            <button onclick={toggle} aria-expanded={open.to_string()}>{ "Recent runs" }</button>
            if *open {
                if runs.is_empty() {
                    <p class="hint">{ "No earlier runs yet: a run is listed here once another one replaces it." }</p>
                } else {
                    <ul>
                        for run in runs.iter() {
                            <li>
                                <button onclick={{
                                    let state = run.state.clone();
                                    p.on_msg.reform(move |_| Msg::Open {
                                        state: Box::new(state.clone()),
                                        from: From::Own,
                                    })
                                }}>{ &run.label }</button>
                            </li>
                        }
                    </ul>
                }
            }
        </section>
    }
}

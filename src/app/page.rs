//! The full page: every view, the links, files, the host page and the engine
//! workers. State and decisions are the playground's; the hooks wire the
//! browser effects to its one reducer. A first visit to the plain address
//! runs `live::LiveApp` instead, which hands over to this page on first use.

use super::effects::host::{use_host_commands, use_report_to_host};
use super::effects::keyboard::use_keyboard;
use super::effects::share::{carry_out, ShareCmd};
use super::effects::timer::use_play_timer;
use super::effects::work::use_work;
use super::effects::{address, handover, opening, storage};
use super::experiments_panel::ExperimentsPanel;
use super::explorer_panel::ExplorerPanel;
use super::layout::{layout, Chrome};
use super::resize::use_height_reports;
use crate::import::{self, Source};
use crate::playground::provenance::From;
use crate::playground::{persist, ExperimentMsg, ExploreMsg, ImportMsg, Msg, Tab};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    // What the first-visit page handed over, if it did: read once.
    let handed = use_memo((), |_| handover::take());
    let state = use_reducer({
        let handed = handed.clone();
        move || opening::initial(handed.as_ref().as_ref())
    });
    let opts = use_memo((), |_| address::options());
    let on_msg = {
        let dispatcher = state.dispatcher();
        Callback::from(move |m: Msg| dispatcher.dispatch(m))
    };
    use_play_timer(state.playing, on_msg.clone());
    use_work(state.experiments.order(), on_msg.clone(), |h| {
        Msg::Experiment(ExperimentMsg::Heard(h))
    });
    use_work(state.explorer.order(), on_msg.clone(), |h| {
        Msg::Explore(ExploreMsg::Heard(h))
    });
    use_work(state.import_order(), on_msg.clone(), |h| {
        Msg::Import(ImportMsg::Heard(h))
    });
    // Runs again only when what to keep changes (a tab, a notice or a hover
    // leaves it as it was).
    use_effect_with(state.to_keep(), |keep| keep.iter().for_each(storage::keep));
    use_keyboard(on_msg.clone());
    // A link opened in this tab opens here as in a new one: shown, not saved
    // until changed; one that cannot be read leaves the run as it was.
    address::use_new_link(on_msg.reform(|hash: String| {
        match import::from_text(Source::Link, &hash) {
            Ok(state) => Msg::Open {
                state: Box::new(state),
                from: From::Link,
            },
            Err(e) => Msg::Notice(format!(
                "This link could not be opened: {e}. The run that was open stays; nothing was overwritten."
            )),
        }
    }));
    use_host_commands(on_msg.clone());
    use_report_to_host(state.report());
    use_height_reports(opts.embed);
    let on_share = {
        let (state, on_msg) = (state.clone(), on_msg.clone());
        Callback::from(move |cmd: ShareCmd| carry_out(cmd, &state, &on_msg))
    };
    // What the first-visit page was asked to do when it handed over.
    use_effect_with((), {
        let then = handed.as_ref().as_ref().and_then(|h| h.then.clone());
        let (on_share, on_msg) = (on_share.clone(), on_msg.clone());
        move |_| handover::carry_out(then, &on_share, &on_msg)
    });
    let read_recent = use_callback((), |_, _| storage::recent_runs());

    let panel = match state.tab {
        Tab::Live => Html::default(),
        Tab::Experiments => html! {
            <ExperimentsPanel state={state.experiments.clone()} on_msg={on_msg.clone()} />
        },
        Tab::Explorer => html! {
            <ExplorerPanel state={state.explorer.clone()} on_msg={on_msg.clone()} />
        },
    };
    let full_link = opts
        .embed
        .then(|| persist::share_link(&address::base_url(), &state.shared()));
    let chrome = Chrome {
        on_tab: on_msg.clone(),
        on_share,
        read_recent,
        panel,
        full_link,
        lower: true,
    };
    layout(&state, &opts, &on_msg, chrome)
}

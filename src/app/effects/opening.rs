//! What each page opens with: the hand-over from the first-visit page, the
//! address (a link, `?lesson=`, `?step=`) and the saved work, read here and
//! opened by the playground (`persist`), which keeps where the run came from.

use super::address;
use super::handover::Received;
use super::storage;
use crate::import::{self, Source};
use crate::playground::persist;
use crate::playground::provenance::Address;
use crate::playground::Playground;

/// The full page's state: the first-visit page's run when it handed over,
/// else from the address and storage.
pub fn initial(handed: Option<&Received>) -> Playground {
    let mut playground = handed
        .and_then(|h| {
            let state = import::from_text(Source::File, &h.state).ok()?;
            let mut p = Playground::opened(state, h.from, Address::Unknown);
            p.tab = h.tab.unwrap_or_default();
            Some(p)
        })
        .unwrap_or_else(|| {
            persist::opening(
                &address::hash(),
                storage::last().as_deref(),
                &address::options(),
            )
        });
    playground.experiments.workers = crate::offload::pool::default_workers();
    playground
}

/// The first-visit page's state: `?lesson=` and `?step=`'s, else the default
/// (`static/loader.js` runs that page only without a fragment or saved work).
pub fn initial_first_visit() -> Playground {
    persist::opening_without_link(None, &address::options())
}

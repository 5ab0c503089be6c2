//! What each page opens with: the hand-over from the first-visit page, the
//! address (a link, `?lesson=`, `?step=`) and the saved work, read here and
//! opened by the playground (`persist`), which keeps where the run came from.

use super::address;
use crate::playground::persist;
use crate::playground::Playground;
#[cfg(feature = "jobs")]
use {
    super::handover::Received,
    super::storage,
    crate::import::{self, Source},
    crate::playground::provenance::Address,
};

/// The full page's state: the first-visit page's run when it handed over,
/// else from the address and storage.
#[cfg(feature = "jobs")]
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

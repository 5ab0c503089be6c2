//! The share and persist policy: which state a page opens with, what a link
//! and an embed snippet look like, which address means "embedded". Links go
//! through `crate::import`, saved work follows `crate::saved` (opened runs are
//! not saved until changed), the query through `crate::embed_options`. The
//! browser side (`app/effects/storage.rs`) only reads and writes the strings.

use super::lessons;
use super::provenance::{Address, From};
use super::state::Playground;
use crate::embed_options::{self, EmbedOptions};
use crate::import::{self, Source};
use crate::saved;
use crate::share::{self, SharedState};

/// The state to open with, for an address without query options.
pub fn initial(hash: &str, stored: Option<&str>) -> Playground {
    opening(hash, stored, &EmbedOptions::default())
}

/// The state to open with: the link's if there is one (if it cannot be read,
/// the saved work, with a notice saying so), else `?lesson=`'s, else the saved
/// work, else the default scenario; `?step=` moves any of them to that step.
/// `hash` is the address's fragment with its `#`; `stored` what storage holds.
/// A link's or a lesson's run is opened from outside: not saved until changed.
pub fn opening(hash: &str, stored: Option<&str>, opts: &EmbedOptions) -> Playground {
    // A stored state that no longer reads or runs is silently dropped: the user
    // did not ask for it, so there is nothing to tell. It is read only when
    // it is opened: a link that reads needs no saved run parsed first.
    let own = || saved::read_last(stored);
    if hash.len() <= 1 {
        return opening_without_link(own(), opts);
    }
    match import::from_text(Source::Link, hash) {
        Ok(state) => {
            // As the link has it (no `?step=`), the address holds it already:
            // a big run's link is not encoded again.
            let address = match opts.step {
                None => Address::Holds,
                Some(_) => Address::Unknown,
            };
            let state = at_step(state, opts);
            open_with(state, From::Link, address, problems(opts))
        }
        Err(e) => {
            let own = own();
            let notice = saved::kept_notice(
                &format!("This link could not be opened: {e}"),
                own.is_some(),
            );
            let mut p = match own {
                Some(state) => Playground::open(state),
                None => Playground::default(),
            };
            p.notice = Some(notice);
            p
        }
    }
}

/// `opening` for an address without a fragment, given the saved work already
/// read (the first-visit page has none: it runs only when nothing is saved,
/// and it has no reader for a link or a saved run). With neither a lesson
/// asked for nor saved work, lesson 1: what a new visitor came for.
pub fn opening_without_link(own: Option<SharedState>, opts: &EmbedOptions) -> Playground {
    // `?lesson=` opens a lesson like a link would: shown, not saved until changed.
    let lesson = opts.lesson.as_deref().and_then(|l| {
        let by_number = l.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
        by_number
            .filter(|&i| i < lessons::LESSONS.len())
            .or_else(|| lessons::index_of(l))
    });
    if let Some(lesson) = lesson.and_then(|i| lessons::LESSONS.get(i)) {
        let state = at_step(
            SharedState {
                scenario: lesson.scenario(),
                step: 0,
                lesson: Some(lesson.id.to_string()),
            },
            opts,
        );
        return open_with(state, From::Lesson, Address::Unknown, problems(opts));
    }
    let mut p = match own {
        Some(state) => open_with(at_step(state, opts), From::Own, Address::Unknown, None),
        None if opts.lesson.is_none() => {
            let first = &lessons::LESSONS[0];
            let state = SharedState {
                scenario: first.scenario(),
                step: 0,
                lesson: Some(first.id.to_string()),
            };
            open_with(at_step(state, opts), From::Lesson, Address::Unknown, None)
        }
        None => Playground::default(),
    };
    let notice = match (&opts.lesson, lesson) {
        (Some(l), None) => Some(format!(
            "There is no lesson \"{l}\"; the saved or default run is open."
        )),
        _ => problems(opts),
    };
    if notice.is_some() {
        p.notice = notice;
    }
    p
}

fn problems(opts: &EmbedOptions) -> Option<String> {
    (!opts.problems.is_empty())
        .then(|| format!("Ignored in the address: {}.", opts.problems.join("; ")))
}

/// `?step=` moves any opened state to that step.
fn at_step(mut state: SharedState, opts: &EmbedOptions) -> SharedState {
    if let Some(step) = opts.step {
        state.step = step;
    }
    state
}

/// Opens `state`, with `notice` after any of its own (a capped step's).
fn open_with(
    state: SharedState,
    from: From,
    address: Address,
    notice: Option<String>,
) -> Playground {
    let mut p = Playground::opened(state, from, address);
    if let Some(n) = notice {
        p.notice = Some(match p.notice.take() {
            Some(first) => format!("{first} {n}"),
            None => n,
        });
    }
    p
}

/// `?embed` (or `embed=...`) in the query: the compact layout for an iframe.
pub fn is_embed_query(search: &str) -> bool {
    embed_options::parse(search).embed
}

/// `base`: the page's address without query or fragment.
pub fn share_link(base: &str, state: &SharedState) -> String {
    format!("{base}#{}", share::encode(state))
}

/// The iframe, and a line of script that lets it follow its content's height
/// (pages that strip scripts keep the fixed 600 px, which the compact embed fits).
pub fn embed_code(base: &str, state: &SharedState) -> String {
    format!(
        "<iframe src=\"{base}?embed#{}\" title=\"OCC Playground\" width=\"100%\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>\n{RESIZER}",
        share::encode(state)
    )
}

const RESIZER: &str = "<script>addEventListener('message',function(e){var f=document.querySelectorAll('iframe[title=\"OCC Playground\"]');for(var i=0;i<f.length;i++)if(e.source===f[i].contentWindow&&e.data&&e.data.type==='occ-playground:resize')f[i].style.height=e.data.height+'px'})</script>";

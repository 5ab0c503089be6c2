//! Where a run came from decides what the page keeps of it (the reducer's
//! `provenance`): a run opened from a link, a file, the host page or a lesson
//! is shown without touching storage and becomes the user's own, saved on
//! every change, at its first change. The page's storage effect is played
//! here by `Storage::keep`, with the same policy calls as
//! `app/effects/storage.rs`.
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::engine::{MemberId, Strategy, TicketId};
use occ_playground::import::open_file;
use occ_playground::offload::protocol::NOT_STARTED;
use occ_playground::offload::task::{Done, JobEvent};
use occ_playground::playground::lessons::LESSONS;
use occ_playground::playground::provenance::{Address, Fragment, From};
use occ_playground::playground::work::Heard;
use occ_playground::playground::{persist, ImportMsg, Msg, Playground};
use occ_playground::saved;
use occ_playground::share::{self, SharedState};
use std::rc::Rc;

/// localStorage and the address bar, as the page's effect writes them.
#[derive(Default)]
struct Storage {
    last: Option<String>,
    recent: Vec<saved::RecentRun>,
    address: Option<String>,
    /// Fragments encoded (not handed over ready-made, nor already there).
    encoded: u32,
}

impl Storage {
    fn keep(&mut self, p: &Playground) {
        let Some(keep) = p.to_keep() else { return };
        match keep.fragment {
            Fragment::InAddress => {}
            Fragment::Made(f) => self.address = Some(f.to_string()),
            Fragment::ToMake => {
                self.encoded += 1;
                self.address = Some(share::encode(&keep.state));
            }
        }
        if keep.store {
            let last = saved::read_last(self.last.as_deref());
            let w = saved::save_own(&keep.state, last, &mut self.recent).unwrap();
            self.last = Some(w.last);
        }
    }

    fn last(&self) -> Option<SharedState> {
        saved::read_last(self.last.as_deref())
    }
}

/// The user's own work: lesson 1 under occ, changed by them.
fn own_work() -> (Rc<Playground>, Storage) {
    let mut storage = Storage::default();
    let p = Rc::new(Playground::default()).reduce(Msg::SetStrategy(Strategy::Occ));
    storage.keep(&p);
    assert_eq!(storage.last(), Some(p.shared()));
    assert_eq!(storage.encoded, 1, "the user's run's link is made");
    storage.encoded = 0;
    (p, storage)
}

fn update(p: Rc<Playground>, price: u64) -> Rc<Playground> {
    p.reduce(Msg::Update {
        id: TicketId(0),
        title: None,
        price: Some(price),
    })
}

fn a_link() -> SharedState {
    let p = Rc::new(Playground::default())
        .reduce(Msg::SetStrategy(Strategy::NewestWins))
        .reduce(Msg::Step);
    p.shared()
}

#[test]
fn a_link_is_kept_in_the_address_and_saved_only_once_changed() {
    let (_, mut storage) = own_work();
    let mine = storage.last();
    let link = a_link();
    let hash = format!("#{}", share::encode(&link));
    let p = Rc::new(persist::initial(&hash, storage.last.as_deref()));
    assert_eq!(p.came_from(), From::Link);
    storage.keep(&p);
    assert_eq!(storage.encoded, 0, "the address holds the link already");
    assert_eq!(storage.last(), mine, "saved work untouched");
    // Stepping and Reset change the step, not the scenario: still not saved.
    let p = p.reduce(Msg::Step);
    storage.keep(&p);
    assert_eq!(storage.encoded, 1, "the new step's link is made");
    let p = p.reduce(Msg::Reset).reduce(Msg::Play).reduce(Msg::Tick);
    assert_eq!(p.to_keep(), None, "nothing is kept while playing");
    let p = p.reduce(Msg::Pause);
    storage.keep(&p);
    assert_eq!(storage.last(), mine);
    assert_eq!(p.came_from(), From::Link);
    // The first change makes it the user's own; the old work moves to history.
    let p = update(p, 42);
    assert_eq!(p.came_from(), From::Own);
    storage.keep(&p);
    assert_eq!(storage.last(), Some(p.shared()));
    assert_eq!(storage.recent[0].state, mine.unwrap());
    // Undoing the change does not make it foreign again.
    let p = p.reduce(Msg::StepBack);
    assert_eq!(p.came_from(), From::Own);
}

#[test]
fn a_setting_changed_on_an_opened_run_makes_it_own() {
    for change in [
        Msg::SetStrategy(Strategy::PrevVersion),
        Msg::SetListeners(3),
        Msg::SetSeed(99),
        Msg::Crash(MemberId(0)),
        Msg::Clear,
        Msg::Burst(3),
    ] {
        let p = Rc::new(Playground::opened(
            a_link(),
            From::HostPage,
            Address::Unknown,
        ));
        assert!(!p.to_keep().unwrap().store);
        let p = p.reduce(change.clone()).reduce(Msg::Pause);
        assert_eq!(p.came_from(), From::Own, "after {change:?}");
        assert!(p.to_keep().unwrap().store, "after {change:?}");
    }
}

#[test]
fn a_lesson_is_not_saved_until_changed_and_the_rest_of_the_page_leaves_it_so() {
    let (p, mut storage) = own_work();
    let mine = storage.last();
    let p = p.reduce(Msg::Lesson(0));
    assert_eq!(p.came_from(), From::Lesson);
    for msg in [
        Msg::Play,
        Msg::Tick,
        Msg::Pause,
        Msg::Step,
        Msg::JumpTo(0),
        Msg::ShowTab(occ_playground::playground::Tab::Experiments),
        Msg::Notice("hello".into()),
        Msg::DismissNotice,
        Msg::LeaveLesson,
        Msg::Reset,
    ] {
        let p = p.clone().reduce(msg.clone());
        assert_eq!(p.came_from(), From::Lesson, "after {msg:?}");
        storage.keep(&p);
        assert_eq!(storage.last(), mine, "after {msg:?}");
    }
    let p = update(p, 7);
    storage.keep(&p);
    assert_eq!(storage.last(), Some(p.shared()));
    assert_eq!(
        storage.recent[0].state.lesson, None,
        "the user's work moved to the history"
    );
}

#[test]
fn the_user_s_own_runs_are_saved_at_once() {
    let (p, mut storage) = own_work();
    let other = SharedState {
        lesson: Some(LESSONS[1].id.into()),
        ..a_link()
    };
    // A recent run, a trial, a counterexample: opened by the user, theirs.
    let p = p.reduce(Msg::Open {
        state: Box::new(other.clone()),
        from: From::Own,
    });
    storage.keep(&p);
    assert_eq!(storage.last(), Some(p.shared()));
    // The host page's is not, until changed.
    let before = storage.last();
    let p = p.reduce(Msg::Open {
        state: Box::new(a_link()),
        from: From::HostPage,
    });
    storage.keep(&p);
    assert_eq!(storage.last(), before);
}

#[test]
fn an_imported_file_opens_with_the_worker_s_link_and_is_not_saved() {
    let (p, mut storage) = own_work();
    let mine = storage.last();
    let file = serde_json::to_string(&a_link()).unwrap();
    let heard = |p: &Playground, event| {
        Msg::Import(ImportMsg::Heard(Heard {
            run: p.import_order().unwrap().run,
            job: 0,
            event,
        }))
    };
    let p = p.reduce(Msg::Import(ImportMsg::Read("blob:one".into())));
    let reading = p.clone();
    // A newer import replaces the older: a late reply of the older is dropped.
    let p = p.reduce(Msg::Import(ImportMsg::Read("blob:two".into())));
    let stale = heard(&reading, JobEvent::Finished(Err("old".into())));
    assert!(Rc::ptr_eq(&p.clone().reduce(stale), &p), "changes nothing");
    let opened = open_file(&file).unwrap();
    let fragment = opened.fragment.clone();
    let done = JobEvent::Finished(Ok(Done::Opened {
        file: Box::new(opened),
    }));
    let p = p.clone().reduce(heard(&p, done));
    assert_eq!(p.came_from(), From::File);
    assert_eq!(p.shared(), a_link());
    storage.keep(&p);
    assert_eq!(storage.encoded, 0, "the worker's link is used as it is");
    assert_eq!(storage.address, Some(fragment));
    assert_eq!(storage.last(), mine);
    // A worker that never started says so; nothing else changes.
    let q = p
        .clone()
        .reduce(Msg::Import(ImportMsg::Read("blob:3".into())));
    let q = q
        .clone()
        .reduce(heard(&q, JobEvent::Finished(Err(NOT_STARTED.into()))));
    assert_eq!(q.shared(), p.shared());
    assert_eq!(
        q.notice.as_deref(),
        Some(format!("Import failed: {NOT_STARTED}. Nothing was changed.").as_str())
    );
    assert!(q.import_order().is_none());
}

#[test]
fn an_opened_run_that_cannot_run_falls_back_to_the_default_as_own() {
    let mut bad = a_link();
    bad.scenario.config.listeners = 0;
    let p = Playground::opened(bad, From::Link, Address::Holds);
    assert!(p.notice.as_deref().unwrap().contains("could not be opened"));
    assert_eq!(p.came_from(), From::Own);
    assert_eq!(p.shared(), Playground::default().shared());
}

#[test]
fn the_handover_names_where_the_run_came_from() {
    for from in [
        From::Own,
        From::Link,
        From::File,
        From::HostPage,
        From::Lesson,
    ] {
        assert_eq!(From::named(from.name()), Some(from));
    }
    assert_eq!(From::named("elsewhere"), None);
}

#[test]
fn a_new_visitor_gets_lesson_1_and_free_play_is_one_choice_away() {
    let first = Rc::new(persist::initial("", None));
    assert_eq!(first.lesson, Some(0));
    assert_eq!(first.came_from(), From::Lesson);
    assert!(!first.sim().finished(), "ready to play");
    let free = first.clone().reduce(Msg::FreePlay);
    assert_eq!(free.lesson, None);
    assert_eq!(free.shared(), Playground::default().shared());
    assert_eq!(free.came_from(), From::Own);
    // Clear empties the run and leaves the lesson: its text would tell a
    // story the run no longer has.
    let cleared = first.reduce(Msg::Clear);
    assert_eq!(cleared.lesson, None);
    assert!(cleared.sim().scenario().actions.is_empty());
    assert_eq!(cleared.came_from(), From::Own);
}

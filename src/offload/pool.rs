//! The page's side: a pool of engine workers, spawned on first use (the
//! worker module is not part of a first visit), each running one job at a
//! time; more jobs wait in a queue. Replies are routed by job id.

use super::codec::Json;
use super::protocol::{FromWorker, JobId, ToWorker};
use super::split::MAX_WORKERS;
use super::task::Job;
pub use super::task::JobEvent as Event;
use super::worker::EngineWorker;
use gloo_worker::{Spawnable, WorkerBridge};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

/// The worker's own script file (`static/occ-worker-loader.js`, copied next
/// to index.html; relative: any sub-path works): it loads Trunk's output for
/// `<link data-trunk rel="rust" data-bin="occ-worker" data-type="worker">`
/// and fetches the wasm against its integrity hash. A file, not gloo-worker's
/// default `blob:` shim, so the page's policy allows workers from its own
/// files only (`worker-src 'self'`, index.html).
const WORKER_LOADER: &str = "./occ-worker-loader.js";

type Handler = Box<dyn FnMut(Event)>;

pub use super::protocol::NOT_STARTED;

/// How long a new worker has to answer its first job's `Started`: fetching
/// and compiling the worker module on a very slow link, nothing that grows
/// with the job.
const START_WAIT_MS: u32 = 20_000;

struct Slot {
    bridge: WorkerBridge<EngineWorker>,
    job: Option<JobId>,
    /// Heard from since it was spawned: gloo-worker reports no load error,
    /// so a worker that never answers is given up after `START_WAIT_MS`.
    alive: bool,
    /// Given up: its next job gets a fresh worker, spawned then (not at
    /// once: the page may still be offline).
    given_up: bool,
}

fn spawn(index: usize) -> WorkerBridge<EngineWorker> {
    EngineWorker::spawner()
        .encoding::<Json>()
        .callback(move |reply| on_reply(index, reply))
        .spawn_with_loader(WORKER_LOADER)
}

#[derive(Default)]
struct Pool {
    slots: Vec<Slot>,
    queue: VecDeque<(JobId, Job)>,
    handlers: HashMap<JobId, Handler>,
    next_id: JobId,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// How many workers a split job uses by default: one per core the browser
/// reports, at most 8 (and `MAX_WORKERS` if asked for more).
pub fn default_workers() -> u32 {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    (cores as u32).clamp(1, 8)
}

/// Runs `job` in a worker; `on_event` hears its progress, then its end.
pub fn run(job: Job, on_event: impl FnMut(Event) + 'static) -> JobId {
    let id = POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.next_id += 1;
        let id = p.next_id;
        p.handlers.insert(id, Box::new(on_event));
        p.queue.push_back((id, job));
        id
    });
    dispatch();
    id
}

/// Stops a job (queued or running); nothing more is heard of it.
pub fn cancel(id: JobId) {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.handlers.remove(&id);
        p.queue.retain(|(queued, _)| *queued != id);
        for slot in p.slots.iter_mut().filter(|s| s.job == Some(id)) {
            slot.bridge.send(ToWorker::Cancel { id });
            slot.job = None;
        }
    });
    dispatch();
}

/// Hands queued jobs to idle workers, spawning workers up to `MAX_WORKERS`.
fn dispatch() {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        while !p.queue.is_empty() {
            let idle = match p.slots.iter().position(|s| s.job.is_none()) {
                Some(i) => i,
                None if p.slots.len() < MAX_WORKERS as usize => {
                    let index = p.slots.len();
                    p.slots.push(Slot {
                        bridge: spawn(index),
                        job: None,
                        alive: false,
                        given_up: false,
                    });
                    index
                }
                None => return,
            };
            let Some((id, job)) = p.queue.pop_front() else {
                return;
            };
            let slot = &mut p.slots[idle];
            if std::mem::take(&mut slot.given_up) {
                slot.bridge = spawn(idle);
            }
            slot.job = Some(id);
            slot.bridge.send(ToWorker::Start { id, job });
            if !slot.alive {
                watch(idle, id);
            }
        }
    });
}

/// Gives up on job `id` if the worker of slot `index` has not answered by
/// `START_WAIT_MS`; the slot's next job gets a fresh worker.
fn watch(index: usize, id: JobId) {
    let check = move || {
        let handler = POOL.with(|p| {
            let mut p = p.borrow_mut();
            let slot = p.slots.get_mut(index)?;
            if slot.alive || slot.job != Some(id) {
                return None;
            }
            slot.job = None;
            slot.given_up = true;
            p.handlers.remove(&id)
        });
        if let Some(mut handler) = handler {
            handler(Event::Finished(Err(NOT_STARTED.into())));
            dispatch();
        }
    };
    gloo_timers::callback::Timeout::new(START_WAIT_MS, check).forget();
}

fn on_reply(slot: usize, reply: FromWorker) {
    let id = reply.id();
    POOL.with(|p| {
        // A word about the slot's own job (a replaced worker may still speak).
        if let Some(s) = p
            .borrow_mut()
            .slots
            .get_mut(slot)
            .filter(|s| s.job == Some(id))
        {
            s.alive = true;
        }
    });
    let (event, last) = match reply {
        FromWorker::Started { .. } => return,
        FromWorker::Progress { progress, .. } => (Event::Progress(progress), false),
        FromWorker::Done { done, .. } => (Event::Finished(Ok(done)), true),
        FromWorker::Failed { message, .. } => (Event::Finished(Err(message)), true),
    };
    // Take the handler out while it runs: it may start or cancel jobs.
    let handler = POOL.with(|p| {
        let mut p = p.borrow_mut();
        if last {
            if let Some(s) = p.slots.get_mut(slot).filter(|s| s.job == Some(id)) {
                s.job = None;
            }
        }
        p.handlers.remove(&id)
    });
    if let Some(mut handler) = handler {
        handler(event);
        if !last {
            POOL.with(|p| p.borrow_mut().handlers.insert(id, handler));
        }
    }
    if last {
        dispatch();
    }
}

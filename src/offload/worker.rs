//! The worker module's side (`src/bin/occ-worker.rs` registers it): runs one
//! job at a time in slices of about `SLICE_MS`, posting progress after each
//! and yielding to its event loop so a Cancel gets in.

use super::codec::Json;
use super::protocol::{FromWorker, JobId, ToWorker};
use super::task::{next_units, Task};
use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Long enough that posting progress costs nothing, short enough that a
/// Cancel waits at most this long.
const SLICE_MS: f64 = 25.0;

struct Current {
    id: JobId,
    who: HandlerId,
    task: Task,
    units: u32,
}

pub struct EngineWorker {
    current: Option<Current>,
}

/// The next slice of job `JobId` (ignored if that job was cancelled).
pub struct Slice(JobId);

impl Worker for EngineWorker {
    type Message = Slice;
    type Input = ToWorker;
    type Output = FromWorker;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        EngineWorker { current: None }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, Slice(id): Slice) {
        let Some(cur) = self.current.as_mut().filter(|c| c.id == id) else {
            return;
        };
        let started = js_sys::Date::now();
        let result = cur.task.work(cur.units);
        cur.units = next_units(cur.units, js_sys::Date::now() - started, SLICE_MS);
        let who = cur.who;
        let reply = match result {
            Ok(None) => {
                scope.respond(
                    who,
                    FromWorker::Progress {
                        id,
                        progress: cur.task.progress(),
                    },
                );
                scope.send_future(async move {
                    yield_to_events().await;
                    Slice(id)
                });
                return;
            }
            Ok(Some(done)) => FromWorker::Done { id, done },
            Err(message) => FromWorker::Failed { id, message },
        };
        self.current = None;
        scope.respond(who, reply);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: ToWorker, who: HandlerId) {
        match msg {
            ToWorker::Start { id, job } => match Task::new(job) {
                Ok(task) => {
                    self.current = Some(Current {
                        id,
                        who,
                        task,
                        units: 1,
                    });
                    scope.send_message(Slice(id));
                }
                Err(message) => scope.respond(who, FromWorker::Failed { id, message }),
            },
            ToWorker::Cancel { id } => {
                if self.current.as_ref().is_some_and(|c| c.id == id) {
                    self.current = None;
                }
            }
        }
    }
}

/// Resolves on a zero timeout: queued messages (a Cancel) are handled first.
async fn yield_to_events() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout = js_sys::Reflect::get(&global, &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let scheduled = set_timeout.is_some_and(|f| f.call2(&global, &resolve, &0.into()).is_ok());
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The worker module's entry point.
pub fn register() {
    EngineWorker::registrar().encoding::<Json>().register();
}

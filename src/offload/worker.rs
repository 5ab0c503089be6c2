//! The worker module's side (`src/bin/occ-worker.rs` registers it): runs one
//! job at a time in slices of about `SLICE_MS`, posting progress after each
//! and yielding to its event loop so a Cancel gets in.

use super::codec::Json;
use super::protocol::{FromWorker, JobId, ToWorker};
use super::task::{next_units, Task};
use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use wasm_bindgen::JsValue;
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

/// Lets the worker's event loop run (a Cancel, the next job) before the next
/// slice. A MessageChannel message, not `setTimeout(0)`: timers chained from
/// timers are clamped to 4 ms, a sixth of every 25 ms slice. One channel
/// serves the worker's life (a channel dropped with a message in flight
/// could be collected); one slice waits on it at a time.
async fn yield_to_events() {
    thread_local! {
        static CHANNEL: Option<web_sys::MessageChannel> = web_sys::MessageChannel::new().ok();
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let posted = CHANNEL.with(|channel| {
            channel.as_ref().is_some_and(|c| {
                c.port1().set_onmessage(Some(&resolve));
                c.port2().post_message(&JsValue::NULL).is_ok()
            })
        });
        if !posted {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The worker module's entry point.
pub fn register() {
    EngineWorker::registrar().encoding::<Json>().register();
}

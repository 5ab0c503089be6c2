//! The worker module's side (`src/bin/occ-worker.rs` registers it): runs one
//! job at a time in slices of about `SLICE_MS`, posting progress after each
//! and yielding to its event loop so a Cancel gets in.

use super::codec::Json;
use super::protocol::{FromWorker, JobId, ToWorker};
use super::task::{next_units, FileSource, Job, Task};
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
    /// The job whose file is being fetched (`FileSource::Blob`).
    reading: Option<JobId>,
}

/// What the worker's own futures wake it with; ignored if the job was
/// cancelled meanwhile.
pub enum Wake {
    /// The next slice of the job.
    Slice(JobId),
    /// An imported file's text, fetched from its `blob:` URL.
    Read {
        id: JobId,
        who: HandlerId,
        text: Result<String, String>,
    },
}

impl Worker for EngineWorker {
    type Message = Wake;
    type Input = ToWorker;
    type Output = FromWorker;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        EngineWorker {
            current: None,
            reading: None,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, wake: Wake) {
        let id = match wake {
            Wake::Slice(id) => id,
            Wake::Read { id, who, text } => {
                if self.reading.take_if(|r| *r == id).is_some() {
                    match text.map(FileSource::Text) {
                        Ok(file) => self.start(scope, id, who, Job::Open { file }),
                        Err(message) => scope.respond(who, FromWorker::Failed { id, message }),
                    }
                }
                return;
            }
        };
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
                    Wake::Slice(id)
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
        if let ToWorker::Start { id, .. } = &msg {
            scope.respond(who, FromWorker::Started { id: *id });
        }
        match msg {
            ToWorker::Start {
                id,
                job: Job::Open {
                    file: FileSource::Blob(url),
                },
            } => {
                self.reading = Some(id);
                scope.send_future(async move {
                    let text = read_blob(&url).await;
                    Wake::Read { id, who, text }
                });
            }
            ToWorker::Start { id, job } => self.start(scope, id, who, job),
            ToWorker::Cancel { id } => {
                if self.current.as_ref().is_some_and(|c| c.id == id) {
                    self.current = None;
                }
                self.reading.take_if(|r| *r == id);
            }
        }
    }
}

impl EngineWorker {
    fn start(&mut self, scope: &WorkerScope<Self>, id: JobId, who: HandlerId, job: Job) {
        match Task::new(job) {
            Ok(task) => {
                self.current = Some(Current {
                    id,
                    who,
                    task,
                    units: 1,
                });
                scope.send_message(Wake::Slice(id));
            }
            Err(message) => scope.respond(who, FromWorker::Failed { id, message }),
        }
    }
}

/// The text of the page's file at `url` (a `blob:` URL the page made).
async fn read_blob(url: &str) -> Result<String, String> {
    let fail = |_| "Import failed: the file could not be read as text.".to_string();
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
        .await
        .map_err(fail)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(fail)?)
        .await
        .map_err(fail)?;
    text.as_string().ok_or_else(|| fail(text))
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

//! Carries out a panel's `WorkOrder`: each job goes to `offload::pool` (the
//! engine workers), each reply comes back through the reducer as a `Heard`
//! message. A new order, or none, cancels the jobs of the one before, and
//! lets go of the picked files they read.

use crate::offload::pool::{self, Event};
use crate::offload::task::{FileSource, Job};
use crate::playground::work::{Heard, WorkOrder};
use crate::playground::Msg;
use std::rc::Rc;
use yew::prelude::*;

#[hook]
pub fn use_work(order: Option<Rc<WorkOrder>>, dispatch: Callback<Msg>, wrap: fn(Heard) -> Msg) {
    use_effect_with(order, move |order| {
        let ids: Vec<_> = order
            .iter()
            .flat_map(|o| {
                o.jobs
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(move |(i, job)| (o.run, i, job))
            })
            .map(|(run, job, work)| {
                let dispatch = dispatch.clone();
                pool::run(work, move |event| {
                    let end = matches!(event, Event::Finished(_));
                    let msg = wrap(Heard { run, job, event });
                    if end {
                        // Decoding the reply took this task; what the reducer
                        // does with a result (opening a big file's run, say)
                        // gets a task of its own.
                        let dispatch = dispatch.clone();
                        gloo_timers::callback::Timeout::new(0, move || dispatch.emit(msg)).forget();
                    } else {
                        dispatch.emit(msg);
                    }
                })
            })
            .collect();
        let files: Vec<String> = order
            .iter()
            .flat_map(|o| o.jobs.iter())
            .filter_map(|job| match job {
                Job::Open {
                    file: FileSource::Blob(url),
                } => Some(url.clone()),
                _ => None,
            })
            .collect();
        move || {
            ids.into_iter().for_each(pool::cancel);
            files.iter().for_each(|url| super::file::let_go(url));
        }
    });
}

//! Carries out a panel's `WorkOrder`: each job goes to `offload::pool` (the
//! engine workers), each reply comes back through the reducer as a `Heard`
//! message. A new order, or none, cancels the jobs of the one before.

use crate::offload::pool;
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
                    dispatch.emit(wrap(Heard { run, job, event }))
                })
            })
            .collect();
        move || ids.into_iter().for_each(pool::cancel)
    });
}

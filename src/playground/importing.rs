//! An imported file as a job of the reducer's: the page hands the picked
//! file to an engine worker, which reads and checks it (`import::open_file`);
//! the run opens when it answers. Only the full page has it (the `jobs`
//! feature): the first-visit page hands an import over.

use super::msg::ImportMsg;
use super::provenance::{Address, From};
use super::state::Playground;
use super::work::{Heard, JobEvent, WorkOrder};
use crate::offload::protocol::NOT_STARTED;
use crate::offload::task::{Done, FileSource, Job};
use std::rc::Rc;

impl Playground {
    /// An import: a newer one replaces the job of an older one; the run
    /// opens when the worker has read the file.
    pub(super) fn import(self: Rc<Self>, msg: ImportMsg) -> Rc<Self> {
        match msg {
            ImportMsg::Read(url) => self.changed(|s| {
                s.notice = Some("Opening the imported file…".into());
                s.import = Some(Rc::new(WorkOrder {
                    run: s.rev,
                    jobs: vec![Job::Open {
                        file: FileSource::Blob(url),
                    }],
                }));
            }),
            ImportMsg::Heard(Heard { run, event, .. }) => {
                if self.import.as_ref().is_none_or(|o| o.run != run) {
                    return self; // an import replaced since
                }
                match event {
                    JobEvent::Progress(_) => self,
                    JobEvent::Finished(Ok(Done::Opened { file })) => {
                        let address = Address::Made(file.fragment.into());
                        let next = self.open_run(file.state, From::File, address);
                        Rc::new(Playground {
                            import: None,
                            notice: file.notice.or_else(|| next.notice.clone()),
                            ..(*next).clone()
                        })
                    }
                    JobEvent::Finished(Ok(_)) => self.import_failed(
                        "Import failed: the engine worker sent back something other than the file."
                            .into(),
                    ),
                    JobEvent::Finished(Err(why)) if why == NOT_STARTED => {
                        self.import_failed(format!("Import failed: {why}. Nothing was changed."))
                    }
                    JobEvent::Finished(Err(notice)) => self.import_failed(notice),
                }
            }
        }
    }

    fn import_failed(&self, why: String) -> Rc<Self> {
        self.changed(|s| {
            s.import = None;
            s.notice = Some(why);
        })
    }
}

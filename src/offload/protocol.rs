//! The messages between the page and a worker. A job has an id the page
//! picks, so late replies of a cancelled job are recognised and dropped.

use super::task::{Done, Job, Progress};
use serde::{Deserialize, Serialize};

/// Why a job failed when its worker never started: its script or module
/// could not be fetched or compiled (the page went offline, say). A clause,
/// for the panels' and the importer's sentences.
pub const NOT_STARTED: &str = "the engine worker did not start (the page may be offline, or the worker's file missing or not the one this page was built with); reload the page to try again";

pub type JobId = u64;

// One message per job, serialized at once: the size of the Start variant
// (a whole Config inside a spec) costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    Start {
        id: JobId,
        job: Job,
    },
    /// Stop the job at its next slice; nothing more is sent for it.
    Cancel {
        id: JobId,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The job arrived: the worker is running (the page's pool gives up on
    /// a new worker that never says so, `pool::NOT_STARTED`).
    Started {
        id: JobId,
    },
    Progress {
        id: JobId,
        progress: Progress,
    },
    Done {
        id: JobId,
        done: Done,
    },
    Failed {
        id: JobId,
        message: String,
    },
}

impl FromWorker {
    pub fn id(&self) -> JobId {
        match self {
            FromWorker::Started { id }
            | FromWorker::Progress { id, .. }
            | FromWorker::Done { id, .. }
            | FromWorker::Failed { id, .. } => *id,
        }
    }
}

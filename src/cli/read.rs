//! A scenario file read as the page reads an imported one
//! (`occ_playground::import`): every exported format (a scenario or trace
//! export, the CLI's own output, a bare scenario, a share link), the same
//! size cap, and errors that name the field's path and its allowed range.

use occ_playground::engine::Scenario;
use occ_playground::import::{self, ImportError, Problem, Source, MAX_TEXT_BYTES};
use std::ffi::OsStr;
use std::io::Read;

/// The scenario in the file at `path` (its step and lesson, which say where
/// the page opens it, mean nothing to a run from the start).
pub fn scenario(path: &OsStr) -> Result<Scenario, String> {
    let shown = path.to_string_lossy();
    let cannot = |e: std::io::Error| format!("cannot read {shown:?}: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    // A file bigger than the cap is refused unread; one whose size the
    // system does not know (a pipe) is read up to one byte past it.
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let over = |bytes: usize| {
        ImportError::new(
            Source::File,
            Problem::TooLarge {
                bytes,
                limit: MAX_TEXT_BYTES,
            },
        )
    };
    if size > MAX_TEXT_BYTES as u64 {
        let bytes = usize::try_from(size).unwrap_or(usize::MAX);
        return Err(in_file(&shown, over(bytes)));
    }
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(in_file(&shown, over(bytes.len())));
    }
    import::from_bytes(Source::File, &bytes)
        .map(|state| state.scenario)
        .map_err(|e| in_file(&shown, e))
}

/// An import error after the file's name: a field's path and what is wrong
/// with it, or what the file is instead of a scenario.
fn in_file(shown: &str, e: ImportError) -> String {
    match e.problem {
        Problem::Field { path, message } if !path.is_empty() => {
            format!("{shown}: {path}: {message}")
        }
        Problem::Invalid { prefix, message } => format!("{shown}: {prefix}{message}"),
        _ => format!("{shown}: {e}"),
    }
}

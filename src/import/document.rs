//! Reading one JSON document in any exported format, with the path of the
//! field at fault. The top level is read as raw slices first (no values are
//! built), so an exported trace's `"trace"` costs nothing, and each field is
//! then read straight into the engine's types by `serde_path_to_error`.

use super::{locate, sniff, words, ImportError, Problem, Source};
use crate::engine::Scenario;
use crate::share::SharedState;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Top-level fields of an exported scenario or trace. `trace`, `outcome` and
/// `verdict` are what an export adds; they are recomputed on load, so ignored.
const EXPORT_FIELDS: &[&str] = &["scenario", "step", "lesson", "trace", "outcome", "verdict"];

/// Joins a field path prefix (`scenario.`) and serde_path_to_error's path.
fn join(prefix: &str, path: &serde_path_to_error::Path) -> String {
    let path = path.to_string();
    match path.as_str() {
        "." => prefix.trim_end_matches('.').to_string(),
        _ => format!("{prefix}{path}"),
    }
}

/// The error at one field, in words (`words.rs`); `json` is the text read,
/// to quote a bad value as written.
fn field_error(
    source: Source,
    prefix: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
    json: Option<&str>,
) -> ImportError {
    let path = join(prefix, e.path());
    let at_field = e.path().iter().next().is_some();
    let inner = e.into_inner();
    if let Some(object) = words::array_for_object(&path) {
        return ImportError::new(
            source,
            Problem::Field {
                path: object.to_string(),
                message: "an array, where an object of named fields belongs".into(),
            },
        );
    }
    let problem = if inner.is_data() || (inner.is_syntax() && at_field) {
        Problem::Field {
            message: words::field_message(&path, &inner, json),
            path,
        }
    } else {
        Problem::Syntax(inner.to_string())
    };
    ImportError::new(source, problem)
}

/// Reads a `T` from JSON text, naming the failing field as `prefix` + its path.
pub fn read<T: DeserializeOwned>(
    source: Source,
    prefix: &str,
    json: &str,
) -> Result<T, ImportError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| field_error(source, prefix, e, Some(json)))?;
    de.end()
        .map_err(|e| ImportError::new(source, Problem::Syntax(e.to_string())))?;
    Ok(value)
}

/// Reads a `T` from an already parsed value (the JS API's requests).
pub fn parse_value<T: DeserializeOwned>(
    source: Source,
    value: serde_json::Value,
) -> Result<T, ImportError> {
    serde_path_to_error::deserialize(value).map_err(|e| field_error(source, "", e, None))
}

/// What a JSON text is, for "found ..." in an error.
fn kind_of(json: &str) -> String {
    match json.bytes().next() {
        Some(b'[') => "an array".into(),
        Some(b'"') => "a string".into(),
        Some(b't' | b'f') => "true or false".into(),
        Some(b'n') => "null".into(),
        _ => "a number".into(),
    }
}

/// Reads one JSON document (`prefix` is its path inside an outer message, e.g.
/// `scenario.` in a host message) as an exported scenario, trace or bare scenario.
pub fn parse_document(
    source: Source,
    json: &str,
    prefix: &str,
) -> Result<SharedState, ImportError> {
    let fail = |problem| ImportError::new(source, problem);
    sniff::check_depth(json).map_err(fail)?;
    let fields: BTreeMap<String, &RawValue> = match serde_json::from_str(json) {
        Ok(fields) => fields,
        Err(e) if e.is_data() => return Err(fail(Problem::NotOurs(kind_of(json.trim_start())))),
        Err(e) => {
            return Err(match locate::syntax_error(json) {
                Some(at) => field_error(source, prefix, at, Some(json)),
                None => fail(Problem::Syntax(e.to_string())),
            })
        }
    };
    let state = if let Some(scenario) = fields.get("scenario") {
        if let Some(unknown) = fields.keys().find(|k| !EXPORT_FIELDS.contains(&k.as_str())) {
            return Err(fail(Problem::Field {
                path: format!("{prefix}{unknown}"),
                message: format!(
                    "unknown field \"{unknown}\", expected one of \"scenario\", \"step\", \"lesson\" (or an export's \"trace\")"
                ),
            }));
        }
        let scenario: Scenario = read(source, &format!("{prefix}scenario."), scenario.get())?;
        let step = match fields.get("step") {
            Some(raw) => read::<u64>(source, &format!("{prefix}step"), raw.get())?,
            None => 0,
        };
        let lesson = match fields.get("lesson") {
            Some(raw) => read::<Option<String>>(source, &format!("{prefix}lesson"), raw.get())?,
            None => None,
        };
        SharedState {
            scenario,
            step,
            lesson,
        }
    } else if fields.contains_key("format") {
        SharedState {
            scenario: read(source, prefix, json)?,
            step: 0,
            lesson: None,
        }
    } else {
        let mut keys: Vec<&str> = fields.keys().map(String::as_str).take(6).collect();
        keys.iter_mut()
            .for_each(|k| *k = &k[..k.floor_char_boundary(24)]);
        let found = match keys.len() {
            0 => "an empty object".to_string(),
            _ => format!("an object with {}", keys.join(", ")),
        };
        return Err(fail(Problem::NotOurs(found)));
    };
    let scenario_prefix = match fields.contains_key("scenario") {
        true => format!("{prefix}scenario."),
        false => prefix.to_string(),
    };
    state.scenario.validate().map_err(|e| {
        fail(Problem::Invalid {
            prefix: scenario_prefix,
            message: e.to_string(),
        })
    })?;
    Ok(state)
}

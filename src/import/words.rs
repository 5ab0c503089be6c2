//! serde's complaint about one field in plain words: what was found (as it
//! was written, when the text is at hand), what is wrong with it and what is
//! allowed (the field's range from `config.rs`, `knobs.rs` and `action.rs`,
//! else its type's), with no Rust type names and no line and column (the
//! field's path says where). The page's importer and the CLI share them.

use crate::engine::action::{PRICE, SPIKE_DURATION_MS, SPIKE_EXTRA_MS};
use crate::engine::config::{range_text, AT_MS};
use crate::engine::knobs;
use crate::engine::scenario::FORMAT;

/// Fields that hold a list: an index after any other field is a struct
/// given as an array (serde reads a struct from an array, field by field).
const LISTS: &[&str] = &["actions", "schedule"];

/// The allowed range of the whole-number field at `path` (after any prefix
/// such as `scenario.`).
fn range_of(path: &str) -> Option<(u64, u64)> {
    if let Some((_, field)) = path.rsplit_once("config.") {
        return knobs::allowed(field);
    }
    let field = path.rsplit('.').next()?;
    Some(match field {
        "seed" | "step" => (0, u64::MAX),
        "format" => (u64::from(FORMAT), u64::from(FORMAT)),
        "at_ms" => AT_MS,
        "price" | "first_price" | "second_price" => PRICE,
        "extra_ms" => SPIKE_EXTRA_MS,
        "duration_ms" => SPIKE_DURATION_MS,
        "seq" => (1, u64::MAX),
        _ => return None,
    })
}

/// The range of serde's name for an unsigned type (`expected u8`).
fn type_range(expected: &str) -> Option<(u64, u64)> {
    Some(match expected {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX),
        _ => return None,
    })
}

/// A struct given as an array: the path of the field that should have been
/// an object (`config` for `config[0]`).
pub(super) fn array_for_object(path: &str) -> Option<&str> {
    let open = path.find('[')?;
    let field = path[..open].rsplit('.').next()?;
    (!field.is_empty() && !LISTS.contains(&field)).then_some(&path[..open])
}

/// The JSON token the error points at, as written: a syntax error points at
/// its first character, a data error just after the value it read.
fn token(json: &str, e: &serde_json::Error) -> Option<String> {
    let line = json.lines().nth(e.line().checked_sub(1)?)?;
    let col = e.column().min(line.len());
    let word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.');
    let bytes = line.as_bytes();
    let (start, end) = if e.is_syntax() {
        let start = col.checked_sub(1)?;
        let len = bytes[start..].iter().take_while(|&&b| word(b)).count();
        (start, start + len.max(1))
    } else if bytes.get(col.checked_sub(1)?) == Some(&b'"') {
        // A string: back to its opening quote (past escaped ones).
        let body = &line[..col - 1];
        let open = (0..body.len())
            .rev()
            .find(|&i| bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\'))?;
        (open, col)
    } else {
        let len = bytes[..col].iter().rev().take_while(|&&b| word(b)).count();
        (col - len, col)
    };
    let t = line.get(start..end)?.trim();
    (!t.is_empty() && t.chars().count() <= 40).then(|| t.to_string())
}

/// `unexpected` from serde ("string \"2\"", "integer `300`", "null") as a
/// person would write it.
fn found(unexpected: &str) -> String {
    let value = |s: &str| s.trim_matches('`').to_string();
    match unexpected.split_once(' ') {
        Some(("integer" | "floating", rest)) => value(rest.trim_start_matches("point ")),
        Some(("boolean" | "string", rest)) => value(rest),
        _ if unexpected == "map" => "an object".into(),
        _ if unexpected == "sequence" => "an array".into(),
        _ => unexpected.to_string(),
    }
}

/// What is wrong with one field, in words (the path is said by the caller).
/// `json`: the text the error points into, to quote the value as written.
pub(super) fn field_message(path: &str, e: &serde_json::Error, json: Option<&str>) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => &text[..i],
        _ => &text,
    };
    let as_written = json.and_then(|j| token(j, e));
    let range = range_of(path);
    if e.is_syntax() {
        let what =
            as_written.map_or_else(|| text.to_string(), |t| format!("{t} is not valid JSON"));
        return match range {
            Some(r) if what.starts_with("NaN") || what.contains("Infinity") => format!(
                "{what} (JSON numbers have no NaN or Infinity); allowed a whole number {}",
                range_text(r)
            ),
            Some(r) => format!("{what}; allowed a whole number {}", range_text(r)),
            None => what,
        };
    }
    if let Some(rest) = text.strip_prefix("unknown variant ") {
        let rest = rest
            .replacen(", expected one of ", "; allowed ", 1)
            .replacen(", expected ", "; allowed ", 1);
        return format!("unknown value {}", rest.replace('`', "\""));
    }
    let bad = text
        .strip_prefix("invalid type: ")
        .or_else(|| text.strip_prefix("invalid value: "));
    let Some((unexpected, expected)) = bad.and_then(|b| b.rsplit_once(", expected ")) else {
        return text.replace('`', "\"");
    };
    let Some(r) = type_range(expected).map(|t| range.unwrap_or(t)) else {
        return text.replace('`', "\"");
    };
    let shown = as_written.unwrap_or_else(|| found(unexpected));
    let allowed = range_text(r);
    let digits = shown.strip_prefix('-').unwrap_or(&shown);
    if unexpected.starts_with("integer")
        || (unexpected.starts_with("floating") && digits.bytes().all(|b| b.is_ascii_digit()))
    {
        format!("{shown} is out of range {allowed}")
    } else if unexpected.starts_with("floating") && !shown.contains(['e', 'E']) {
        format!("{shown} is not a whole number; allowed {allowed}")
    } else if unexpected.starts_with("floating") {
        format!("{shown} is not written in digits; allowed {allowed}")
    } else if unexpected.starts_with("string") {
        format!("{shown} is a string, not a number; allowed {allowed}")
    } else {
        format!("{shown} is not a number; allowed {allowed}")
    }
}

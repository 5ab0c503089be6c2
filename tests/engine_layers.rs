#![cfg(not(target_arch = "wasm32"))]
//! The engine's layering rule (ARCHITECTURE.md, "Engine layers"), checked on
//! the source: each module of `src/engine/` has a rank and may only use
//! modules of a lower rank, except that the vocabulary (rank 0) may use
//! itself. So `driver` and `explorer` are siblings over `world`, and
//! `experiment` and `sim` both sit on the timed driver without using each
//! other or the explorer.

mod source_support;

use source_support::{code_of, use_trees};
use std::collections::BTreeSet;

/// (module, rank). A module missing here fails the test: give it a rank.
const RANKS: &[(&str, u8)] = &[
    // 0: the model's vocabulary.
    ("ids", 0),
    ("version", 0),
    ("tickets", 0),
    ("message", 0),
    ("broker", 0),
    ("jetstream", 0),
    ("kafka", 0),
    ("listener", 0),
    ("replica", 0),
    ("strategy", 0),
    ("config", 0),
    ("action", 0),
    ("action_fields", 0),
    ("trace", 0),
    ("rng", 0),
    ("agenda", 0),
    ("outcome", 0),
    ("note", 0),
    ("knobs", 0),
    ("trace_json", 0),
    ("warning", 0),
    ("order", 0),
    // 1: the time-free World and its transitions (choices included).
    ("world", 1),
    // 2: what is said about a World.
    ("checker", 2),
    ("invariants", 2),
    ("workload", 2),
    ("scenario", 2),
    // 3: two drivers over the World, siblings.
    ("driver", 3),
    ("explorer", 3),
    // 4: runs built on the timed driver.
    ("sim", 4),
    ("experiment", 4),
];

fn rank(module: &str) -> Option<u8> {
    RANKS.iter().find(|(m, _)| *m == module).map(|&(_, r)| r)
}

/// The engine modules `text` (the file at `rel`, relative to `src/engine/`)
/// refers to: `use` statements with `super::` resolved by the file's depth,
/// and any `crate::engine::x` path in the code.
fn used_modules(rel: &str, text: &str) -> BTreeSet<String> {
    let code = code_of(text);
    let parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
    // The module path of this file inside engine: `world/network.rs` is
    // [world, network]; `world/mod.rs` is [world]; `sim.rs` is [sim].
    let mut here: Vec<&str> = parts.clone();
    if here.last() == Some(&"mod") {
        here.pop();
    }
    let mut out = BTreeSet::new();
    let add_path = |out: &mut BTreeSet<String>, path: &str| {
        // `path` starts at the engine root: its first segment (or each item
        // of a leading `{...}` group) names a module.
        let path = path.trim();
        if let Some(group) = path.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(first_ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.insert(first_ident(&item));
        } else {
            out.insert(first_ident(path));
        }
    };
    for path in use_trees(&code) {
        if let Some(rest) = path.strip_prefix("crate::engine::") {
            add_path(&mut out, rest);
            continue;
        }
        let mut rest = path.as_str();
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            up += 1;
        }
        if up == 0 {
            continue;
        }
        // A file's `super` is its parent module; a mod.rs is its own module.
        let depth = here.len();
        if up >= depth {
            add_path(&mut out, rest);
        } else {
            out.insert(here[0].to_owned());
        }
    }
    for (i, _) in code.match_indices("crate::engine::") {
        out.insert(first_ident(&code[i + "crate::engine::".len()..]));
    }
    out.retain(|m| !m.is_empty() && m != "self" && m != "*");
    out
}

fn first_ident(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every forbidden edge in a set of (path relative to src/engine, text).
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut bad = Vec::new();
    for (rel, text) in files {
        if rel == "mod.rs" {
            continue;
        }
        let module = rel.split('/').next().unwrap().trim_end_matches(".rs");
        let Some(from) = rank(module) else {
            bad.push(format!("{rel}: module {module} has no rank in RANKS"));
            continue;
        };
        for used in used_modules(rel, text) {
            if used == module {
                continue;
            }
            let Some(to) = rank(&used) else {
                bad.push(format!("{rel}: uses {used}, which has no rank in RANKS"));
                continue;
            };
            if to > from || (to == from && from != 0) {
                bad.push(format!(
                    "{rel}: {module} (rank {from}) may not use {used} (rank {to})"
                ));
            }
        }
    }
    bad
}

fn engine_files() -> Vec<(String, String)> {
    source_support::rust_files("engine")
}

#[test]
fn the_engine_has_no_forbidden_edge() {
    let files = engine_files();
    assert!(files.len() > 20, "found only {} files", files.len());
    let bad = violations(&files);
    assert!(
        bad.is_empty(),
        "forbidden engine imports:\n{}",
        bad.join("\n")
    );
}

#[test]
fn a_planted_violation_is_caught() {
    let mut files = engine_files();
    // The old cycle: the timed driver reaching into the explorer...
    files.push((
        "driver/planted.rs".into(),
        "use crate::engine::explorer::{self, Choice};\n".into(),
    ));
    // ...the explorer reaching into experiments through a grouped super path...
    files.push((
        "explorer/planted.rs".into(),
        "use super::super::{world::World, experiment::TITLE};\n".into(),
    ));
    // ...and a World transition asking the checker, by a path in the code.
    files.push((
        "world/planted.rs".into(),
        "fn f(w: &World) { let _ = crate::engine::checker::decide; }\n".into(),
    ));
    let bad = violations(&files);
    for needle in [
        "driver/planted.rs: driver (rank 3) may not use explorer",
        "explorer/planted.rs: explorer (rank 3) may not use experiment",
        "world/planted.rs: world (rank 1) may not use checker",
    ] {
        assert!(
            bad.iter().any(|b| b.starts_with(needle)),
            "{needle} not in {bad:#?}"
        );
    }
    assert_eq!(bad.len(), 3, "{bad:#?}");
}

#[test]
fn super_paths_resolve_by_depth() {
    let used = used_modules(
        "world/network.rs",
        "use super::World;\nuse super::super::broker::Expiry;\n",
    );
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["broker", "world"]);
    let used = used_modules(
        "world/mod.rs",
        "pub use super::{config::Config, ids::MemberId};\n",
    );
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["config", "ids"]);
}

#![cfg(not(target_arch = "wasm32"))]
//! No import circles, at any level a reader follows (ARCHITECTURE.md,
//! "Layers"): between the crate's top-level modules (`engine`, `playground`,
//! `offload`, `app`...), and between the files and folders inside any one
//! folder (`app/effects/storage.rs` may use `share.rs` or be used by it, not
//! both, not through a third). A newcomer follows imports file by file; a
//! circle means there is no place to start reading. `tests/engine_layers.rs`
//! ranks the engine's modules on top of this.
//!
//! The graph is read from the source: `use` trees (groups expanded, `self`,
//! `super` and `crate` resolved by the file's place) and `crate::`/`super::`
//! paths in the code. Unit tests (`#[cfg(test)]` and below) are left out.

mod source_support;

use source_support::{code_of, use_trees};
use std::collections::{BTreeMap, BTreeSet};

/// A source file: its module path (`["app", "effects", "storage"]`; a
/// `mod.rs` is its folder's module) and its text.
struct File {
    rel: String,
    module: Vec<String>,
    text: String,
}

fn src_files() -> Vec<File> {
    source_support::rust_files("")
        .into_iter()
        // Crate roots: the binaries only wire modules up.
        .filter(|(rel, _)| !(rel.starts_with("bin/") || rel == "lib.rs" || rel == "main.rs"))
        .map(|(rel, text)| file(&rel, text))
        .collect()
}

fn file(rel: &str, text: String) -> File {
    let mut module: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if module.last().is_some_and(|m| m == "mod") {
        module.pop();
    }
    File {
        rel: rel.to_owned(),
        module,
        text,
    }
}

/// A use tree's paths, groups expanded: `a::{b::{c, d}, e}` is
/// `a::b::c`, `a::b::d`, `a::e`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_owned()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.is_empty())
        .flat_map(|i| expand(&format!("{prefix}{i}")))
        .collect()
}

/// `path` as an absolute module path from the crate root, seen from `file`.
/// `None`: outside the crate (std, other crates).
fn resolve(file: &File, path: &str) -> Option<Vec<String>> {
    let segs: Vec<&str> = path
        .split('@')
        .next()
        .unwrap_or("")
        .split("::")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let (&first, rest) = segs.split_first()?;
    // A file's own module; `super` is its parent.
    let mut base: Vec<String> = match first {
        "crate" | "occ_playground" => Vec::new(),
        "self" => file.module.clone(),
        "super" => {
            let mut b = file.module.clone();
            b.pop();
            b
        }
        _ => return None,
    };
    let mut rest = rest;
    while let Some((&"super", r)) = rest.split_first() {
        base.pop();
        rest = r;
    }
    // In `cli` (a module of the `occ-sim` binary) `crate::` is the binary,
    // where only `cli` itself is ours; the library is `occ_playground::`.
    if first == "crate"
        && file.module.first().is_some_and(|m| m == "cli")
        && rest.first().is_some_and(|s| *s != "cli")
    {
        return None;
    }
    base.extend(
        rest.iter()
            .filter(|s| **s != "self" && **s != "*")
            .map(|s| s.to_string()),
    );
    Some(base)
}

/// Every crate path `file` names: its `use` trees and `crate::`/`super::`
/// paths in its code.
fn paths_used(file: &File) -> Vec<Vec<String>> {
    let code = code_of(&file.text);
    let mut out: Vec<Vec<String>> = use_trees(&code)
        .iter()
        .flat_map(|t| expand(t))
        .filter_map(|p| resolve(file, &p))
        .collect();
    for root in ["crate::", "super::", "occ_playground::"] {
        for (i, _) in code.match_indices(root) {
            // Only a path's start, not the middle of `super::super::`.
            let before = code[..i].chars().last();
            if before.is_some_and(|c| c == ':' || c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if let Some(p) = resolve(file, &path) {
                out.push(p);
            }
        }
    }
    out
}

/// The modules (files and folders) directly inside each folder, by the
/// folder's module path: the nodes of that folder's graph.
fn folders(files: &[File]) -> BTreeMap<Vec<String>, BTreeSet<String>> {
    let mut out: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        for depth in 0..f.module.len() {
            out.entry(f.module[..depth].to_vec())
                .or_default()
                .insert(f.module[depth].clone());
        }
    }
    out
}

/// Edges between the members of each folder: a file inside member `a` that
/// names a path inside member `b` of the same folder. Each edge keeps the
/// files that make it, for the message.
type Edges = BTreeMap<(String, String), BTreeSet<String>>;

fn graphs(files: &[File]) -> BTreeMap<Vec<String>, Edges> {
    let members = folders(files);
    let mut out: BTreeMap<Vec<String>, Edges> = BTreeMap::new();
    for f in files {
        for used in paths_used(f) {
            // The deepest folder both lie in, below which they part.
            let common = f
                .module
                .iter()
                .zip(&used)
                .take_while(|(a, b)| a == b)
                .count();
            if common >= f.module.len() || common >= used.len() {
                // A module using its own children (mod.rs re-exports), or a
                // child using its parent's own items: not between siblings.
                continue;
            }
            let folder = f.module[..common].to_vec();
            let (from, to) = (&f.module[common], &used[common]);
            if !members.get(&folder).is_some_and(|m| m.contains(to)) {
                continue; // an item of the folder's mod.rs, not a member
            }
            out.entry(folder)
                .or_default()
                .entry((from.clone(), to.clone()))
                .or_default()
                .insert(f.rel.clone());
        }
    }
    out
}

/// The strongly connected components of more than one node (Tarjan).
fn circles(edges: &Edges) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default();
    }
    struct T<'a> {
        next: &'a BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        for &w in &t.next[v] {
            if !t.index.contains_key(w) {
                visit(t, w);
                let l = t.low[v].min(t.low[w]);
                t.low.insert(v, l);
            } else if t.on.contains(w) {
                let l = t.low[v].min(t.index[w]);
                t.low.insert(v, l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                scc.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                t.out.push(scc);
            }
        }
    }
    let mut t = T {
        next: &next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for &v in next.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// Every circle, in words: the folder, its members and the edges among them
/// with the files that make each.
fn every_circle(files: &[File]) -> Vec<String> {
    let mut out = Vec::new();
    for (folder, edges) in graphs(files) {
        let at = if folder.is_empty() {
            "src/ (top-level modules)".to_owned()
        } else {
            format!("src/{}/", folder.join("/"))
        };
        for scc in circles(&edges) {
            let within: Vec<String> = edges
                .iter()
                .filter(|((a, b), _)| scc.contains(a) && scc.contains(b))
                .map(|((a, b), by)| {
                    format!(
                        "    {a} -> {b} ({})",
                        by.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                })
                .collect();
            out.push(format!("{at}: {}\n{}", scc.join(", "), within.join("\n")));
        }
    }
    out
}

#[test]
fn no_module_or_file_is_in_an_import_circle() {
    let files = src_files();
    assert!(files.len() > 100, "found only {} files", files.len());
    let found = every_circle(&files);
    assert!(
        found.is_empty(),
        "{} import circle(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn planted_circles_are_caught() {
    let mut files = src_files();
    // Between files of one folder, through a grouped `super` path...
    files.push(file(
        "engine/world/planted_a.rs",
        "use super::{planted_b::B, choice::Choice};\n".into(),
    ));
    files.push(file(
        "engine/world/planted_b.rs",
        "fn f() { let _ = super::planted_a::A; }\n".into(),
    ));
    // ...and between top-level modules, by a `crate::` path in the code.
    files.push(file(
        "planted_top.rs",
        "use crate::playground::Msg;\n".into(),
    ));
    files.push(file(
        "playground/planted.rs",
        "fn f() { crate::planted_top::g(); }\n".into(),
    ));
    let found = every_circle(&files);
    let has = |needle: &str| found.iter().any(|c| c.contains(needle));
    assert!(has("src/engine/world/: planted_a, planted_b"), "{found:#?}");
    assert!(has("planted_top, playground"), "{found:#?}");
}

#[test]
fn paths_resolve_by_the_file_s_place() {
    let f = file("engine/world/network.rs", String::new());
    assert_eq!(
        resolve(&f, "super::super::broker::Expiry").unwrap(),
        ["engine", "broker", "Expiry"]
    );
    assert_eq!(
        resolve(&f, "self::x").unwrap(),
        ["engine", "world", "network", "x"]
    );
    assert_eq!(resolve(&f, "std::fmt"), None);
    let m = file("engine/world/mod.rs", String::new());
    assert_eq!(
        resolve(&m, "super::ids::MemberId").unwrap(),
        ["engine", "ids", "MemberId"]
    );
    assert_eq!(
        expand("a::{b::{c,self},d}"),
        ["a::b::c", "a::b::self", "a::d"]
    );
}

//! Reading the crate's own source, for the tests that check its shape
//! (`engine_layers.rs`, `module_cycles.rs`).
#![allow(dead_code)]

use std::path::Path;

/// Every `.rs` file under `src/<under>` (`""`: all of `src/`), as its path
/// relative to that folder (with `/`) and its text, sorted by path.
pub fn rust_files(under: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(under);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Drops comments, strings' worth of doc text and everything from the first
/// `#[cfg(test)]` on.
pub fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `use` trees of `code`, each on one line, without `use` and `;`.
pub fn use_trees(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        let t = line.trim();
        match current.as_mut() {
            None => {
                let rest = ["pub(crate) ", "pub(super) ", "pub "]
                    .iter()
                    .find_map(|p| t.strip_prefix(p))
                    .unwrap_or(t);
                let Some(r) = rest.strip_prefix("use ") else {
                    continue;
                };
                current = Some(r.to_owned());
            }
            Some(c) => c.push_str(t),
        }
        if current.as_ref().is_some_and(|c| c.contains(';')) {
            let c = current.take().unwrap();
            let tree = c.split(';').next().unwrap_or("").replace(" as ", "@");
            out.push(tree.replace(char::is_whitespace, ""));
        }
    }
    out
}

//! What the CLI tests share: running the occ-sim binary, its JSON on success,
//! its one line on failure, the golden scenarios and scratch files.
#![allow(dead_code)] // each test binary uses its own subset

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs occ-sim with `args` and waits for it.
pub fn occ_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_occ-sim"))
        .args(args)
        .output()
        .expect("occ-sim runs")
}

/// Succeeds; returns the one JSON object on stdout, and stderr.
pub fn ok(args: &[&str]) -> (Value, String) {
    let out = occ_sim(args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {err}");
    (
        serde_json::from_slice(&out.stdout).expect("one JSON object"),
        err,
    )
}

/// Succeeds; returns the one JSON object on stdout.
pub fn json(args: &[&str]) -> Value {
    ok(args).0
}

/// Exit 2, nothing on stdout, one line on stderr: returns that line.
pub fn error_line(args: &[&str]) -> String {
    let out = occ_sim(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err.trim_end().to_owned()
}

/// The path of tests/golden/`name`.
pub fn golden(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    p.to_str().unwrap().to_owned()
}

/// A fresh directory under the system's temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("occ-sim-cli-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `body` to the file `name` in this directory; returns its path.
    pub fn file(&self, name: &str, body: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, body).unwrap();
        p.to_str().unwrap().to_owned()
    }
}

impl TempDir {
    /// A file of `len` bytes that takes no disk (sparse: all zero bytes);
    /// returns its path.
    pub fn sparse_file(&self, name: &str, len: u64) -> String {
        let p = self.0.join(name);
        std::fs::File::create(&p).unwrap().set_len(len).unwrap();
        p.to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

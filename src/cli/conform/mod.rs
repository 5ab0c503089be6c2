//! `occ-sim conform`: each scenario of a suite on the engine's JetStream
//! model and on a real nats-server, compared (ARCHITECTURE.md, "Checked
//! against a real nats-server"). Exit 0 when every scenario agrees, 1 on
//! any disagreement, 2 on bad input (or a server that cannot be used).
//! The live run is behind the cargo feature `conform` (async-nats, tokio);
//! without it `--server-report FILE` still compares the model with a
//! recorded server report, which is how the command's own tests run.

#[cfg(feature = "conform")]
mod live;
mod model;
mod observed;

use lexopt::prelude::*;
use observed::Observed;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
occ-sim conform: the JetStream model checked against a real nats-server

USAGE:
    occ-sim conform --server URL [--scenario FILE | --suite DIR]
    occ-sim conform --server-report FILE [--scenario FILE | --suite DIR]

Each scenario runs on the model and on the server (a fresh stream and
durable pull consumer each); the table (stderr) says whether they agree
on who got which stream sequence with which delivery count, the refused
(10071) and duplicate publishes, the Orders rows and the verdict. The
JSON (stdout) has both sides in full.

    --server URL           a running nats-server with JetStream (-js)
    --scenario FILE        one scenario file instead of the suite
    --suite DIR            the suite's folder (default tests/conform)
    --server-report FILE   the server's side from a file (JSON: scenario
                           name -> what the server did), no server needed

Exit status: 0 all agree, 1 a disagreement, 2 bad input or no server.
`make conform` starts a server on a free loopback port and runs the suite.
The live run needs the build feature: cargo run --features conform --bin occ-sim -- conform
";

/// Where the server's side comes from.
enum Server {
    Url(String),
    Report(PathBuf),
}

struct Args {
    server: Server,
    scenarios: Vec<PathBuf>,
}

pub fn main(args: Vec<OsString>) -> i32 {
    let args = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => return 0,
        Err(e) => {
            eprintln!("occ-sim: error: {e}");
            return 2;
        }
    };
    match check_all(&args) {
        Ok((report, agree)) => {
            println!("{report}");
            if agree {
                0
            } else {
                1
            }
        }
        Err(e) => {
            eprintln!("occ-sim: error: {e}");
            2
        }
    }
}

fn parse(args: Vec<OsString>) -> Result<Option<Args>, String> {
    let mut p = lexopt::Parser::from_args(args);
    let (mut url, mut report, mut scenario, mut suite) = (None, None, None, None);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("server") => url = Some(value(&mut p, "server")?.to_string_lossy().into_owned()),
            Long("server-report") => report = Some(PathBuf::from(value(&mut p, "server-report")?)),
            Long("scenario") => scenario = Some(PathBuf::from(value(&mut p, "scenario")?)),
            Long("suite") => suite = Some(PathBuf::from(value(&mut p, "suite")?)),
            Long("help") | Short('h') => {
                print!("{USAGE}");
                return Ok(None);
            }
            other => {
                return Err(format!(
                    "{} (see occ-sim conform --help)",
                    other.unexpected()
                ))
            }
        }
    }
    let server = match (url, report) {
        (Some(u), None) => Server::Url(u),
        (None, Some(r)) => Server::Report(r),
        (Some(_), Some(_)) => return Err("--server and --server-report: give one, not both".into()),
        (None, None) => {
            return Err(
                "conform: missing --server URL (`make conform` starts a nats-server and passes it)"
                    .into(),
            )
        }
    };
    if scenario.is_some() && suite.is_some() {
        return Err("--scenario and --suite: give one, not both".into());
    }
    let scenarios = match scenario {
        Some(f) => vec![f],
        None => suite_files(&suite.unwrap_or_else(|| PathBuf::from("tests/conform")))?,
    };
    Ok(Some(Args { server, scenarios }))
}

fn value(p: &mut lexopt::Parser, flag: &str) -> Result<OsString, String> {
    p.value().map_err(|_| format!("--{flag}: missing value"))
}

/// The suite's scenario files (`*.json`), by name.
fn suite_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("--suite: cannot read {dir:?}: {e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("--suite: no *.json scenario in {dir:?}"));
    }
    Ok(files)
}

fn name_of(path: &Path) -> String {
    let f = path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    f.trim_end_matches(".json")
        .trim_end_matches(".scenario")
        .to_string()
}

/// One scenario compared.
pub struct Row {
    pub scenario: String,
    pub model: Observed,
    pub server: Observed,
}

impl Row {
    pub fn differs(&self) -> Option<String> {
        self.model.first_difference(&self.server)
    }
}

fn check_all(args: &Args) -> Result<(Value, bool), String> {
    let recorded = match &args.server {
        Server::Report(path) => Some(read_report(path)?),
        Server::Url(_) => None,
    };
    let mut rows = Vec::new();
    for (i, path) in args.scenarios.iter().enumerate() {
        let name = name_of(path);
        let scenario = super::read::scenario(path.as_os_str())?;
        if let Some(why) = model::unsupported(&scenario) {
            return Err(format!("{}: {why}", path.display()));
        }
        let predicted =
            model::predict(&scenario).map_err(|e| format!("{}: {e}", path.display()))?;
        let server = match (&args.server, &recorded) {
            (_, Some(r)) => (r.get(&name).cloned())
                .ok_or_else(|| format!("--server-report: no entry for scenario {name:?}"))?
                .sorted(),
            (Server::Url(url), None) => live(url, &scenario, &predicted, i)
                .map_err(|e| format!("{}: on the server: {e}", path.display()))?,
            (Server::Report(_), None) => unreachable!("the report was read above"),
        };
        let row = Row {
            scenario: name,
            model: predicted.observed,
            server,
        };
        eprintln!("{}", table_line(&row));
        rows.push(row);
    }
    let agree = rows.iter().all(|r| r.differs().is_none());
    let agreed = rows.iter().filter(|r| r.differs().is_none()).count();
    eprintln!(
        "conform: {agreed} agreed, {} disagreed",
        rows.len() - agreed
    );
    Ok((report(&args.server, &rows), agree))
}

#[cfg(feature = "conform")]
fn live(
    url: &str,
    s: &occ_playground::engine::Scenario,
    p: &model::Prediction,
    i: usize,
) -> Result<Observed, String> {
    // Unique per run and scenario: runs against one server never collide.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() % 1_000_000_000_000);
    let tag = format!("{}_{nanos}_{i}", std::process::id());
    live::run(url, s, p, &tag)
}

#[cfg(not(feature = "conform"))]
fn live(
    _: &str,
    _: &occ_playground::engine::Scenario,
    _: &model::Prediction,
    _: usize,
) -> Result<Observed, String> {
    Err("this occ-sim was built without the conform feature; run `make conform`, or cargo run --features conform --bin occ-sim -- conform --server URL".into())
}

fn read_report(path: &Path) -> Result<BTreeMap<String, Observed>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--server-report: cannot read {path:?}: {e}"))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de)
        .map_err(|e| format!("--server-report: {}: {}", e.path(), e.inner()))
}

/// One line of the table: scenario, model, server, agree.
pub fn table_line(r: &Row) -> String {
    let agree = match r.differs() {
        None => "yes".to_string(),
        Some(field) => format!("NO ({field})"),
    };
    format!(
        "{:<34} model: {}\n{:<34} server: {}\n{:<34} agree: {agree}",
        r.scenario,
        r.model.summary(),
        "",
        r.server.summary(),
        ""
    )
}

fn report(server: &Server, rows: &[Row]) -> Value {
    let agreed = rows.iter().filter(|r| r.differs().is_none()).count();
    json!({
        "server": match server {
            Server::Url(u) => u.clone(),
            Server::Report(p) => p.display().to_string(),
        },
        "scenarios": rows.iter().map(|r| json!({
            "scenario": r.scenario,
            "agree": r.differs().is_none(),
            "differs": r.differs(),
            "model": r.model,
            "server": r.server,
        })).collect::<Vec<_>>(),
        "agreed": agreed,
        "disagreed": rows.len() - agreed,
    })
}

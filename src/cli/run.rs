//! `occ-sim run`: replays a scenario and writes the trace while the run
//! goes, so memory stays flat however long the run is (steps are written
//! and dropped after every transition). The outcome comes after the trace.

use super::args::{number, ConfigFlags};
use super::{help, warn};
use lexopt::prelude::*;
use occ_playground::engine::config::TRACE_LIMIT;
use occ_playground::engine::trace::DEFAULT_TRACE_LIMIT;
use occ_playground::engine::Simulation;
use serde_json::json;
use std::io::{BufWriter, Write};

pub fn run(p: &mut lexopt::Parser) -> Result<(), String> {
    let mut path = None;
    let mut flags = ConfigFlags::default();
    let mut limit = DEFAULT_TRACE_LIMIT;
    while let Some(arg) = flags.next_arg(p)? {
        match arg.to_arg() {
            Value(v) if path.is_none() => path = Some(v),
            Long("trace-limit") => limit = number(p, "trace-limit", TRACE_LIMIT)?,
            Long("help") | Short('h') => {
                print!("{}", help::run());
                return Ok(());
            }
            other => return Err(format!("{} (see occ-sim run --help)", other.unexpected())),
        }
    }
    let path = path.ok_or("run: missing SCENARIO.json (a scenario file path)")?;
    let shown = path.to_string_lossy().into_owned();
    let mut scenario = super::read::scenario(&path)?;
    flags.apply_unchecked(&mut scenario.config)?;
    let mut sim = Simulation::new(scenario).map_err(|e| format!("{shown}: {e}"))?;
    sim.set_trace_limit(limit);

    let io = |e: std::io::Error| format!("cannot write the output: {e}");
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    out.write_all(b"{\"trace\":[").map_err(io)?;
    let mut first = true;
    loop {
        let more = sim.step();
        write_new_steps(&mut sim, &mut out, &mut first).map_err(io)?;
        if !more {
            break;
        }
    }
    let not_kept = sim.trace().not_kept();
    // The engine's warnings (settings, refused actions), read after the run.
    let mut warnings: Vec<String> = sim.warnings().iter().map(|w| w.to_string()).collect();
    if limit > 0 {
        if let Some(cut) = sim.trace().cut_notice() {
            warnings.push(format!("{cut}; --trace-limit N prints more"));
        }
    }
    let tail = json!({
        "outcome": sim.outcome(),
        "verdict": sim.verdict(),
        "steps": sim.steps_taken(),
        "time_ms": sim.now_ms(),
        "trace_not_kept": not_kept,
        "warnings": warn(&warnings),
    });
    // The tail object's fields, spliced after the trace array.
    let tail = tail.to_string();
    writeln!(out, "],{}", &tail[1..]).map_err(io)?;
    out.flush().map_err(io)
}

/// Writes the steps recorded since the last call, then forgets them.
fn write_new_steps(
    sim: &mut Simulation,
    out: &mut impl Write,
    first: &mut bool,
) -> std::io::Result<()> {
    let t = sim.trace_mut();
    for s in &t.steps {
        if !*first {
            out.write_all(b",")?;
        }
        *first = false;
        serde_json::to_writer(&mut *out, &s.json(t.titles()))?;
    }
    t.steps.clear();
    Ok(())
}

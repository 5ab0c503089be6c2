//! Flag values: numbers checked against the ranges in `config.rs` (and the
//! specs' own), names checked against their lists, and the config flags
//! `experiment` and `run` share, parsed by one function.

use occ_playground::engine::config::{
    parse_on_refuse, range_text, Assignment, BrokerKind, Config, ConfigError, Deletes, BACKOFF_MS,
    BACKOFF_STEPS,
};
use occ_playground::engine::knobs::{self, Knob};
use occ_playground::engine::{Strategy, VersionScheme};

pub const STRATEGIES: &str = "naive, occ, plugin-increment, newest-wins, prev-version";
pub const SCHEMES: &str = "increment, step100, timestamp";
pub const ASSIGNMENTS: &str = "round-robin, random";
pub const BROKERS: &str = "stan, jetstream, kafka";

pub fn text(p: &mut lexopt::Parser, flag: &str) -> Result<String, String> {
    let v = p.value().map_err(|_| format!("--{flag}: missing value"))?;
    v.into_string()
        .map_err(|_| format!("--{flag}: the value is not valid UTF-8"))
}

/// A whole number in `lo..hi`. Digits that overflow or a minus sign are
/// out of range (they are numbers), anything else is not a number.
pub fn number(p: &mut lexopt::Parser, flag: &str, (lo, hi): (u64, u64)) -> Result<u64, String> {
    let v = text(p, flag)?;
    let range = range_text((lo, hi));
    let t = v.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("--{flag}: {v:?} is not a number; allowed {range}"));
    }
    match t.parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!("--{flag}: {t} is out of range {range}")),
    }
}

/// `number` for a narrower type whose range is given in that type.
pub fn number_as<T>(p: &mut lexopt::Parser, flag: &str, (lo, hi): (T, T)) -> Result<T, String>
where
    T: Into<u64> + TryFrom<u64>,
{
    let n = number(p, flag, (lo.into(), hi.into()))?;
    T::try_from(n).map_err(|_| format!("--{flag}: {n} is out of range"))
}

pub fn named<T>(
    p: &mut lexopt::Parser,
    flag: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T, String> {
    let v = text(p, flag)?;
    parse(&v).ok_or_else(|| format!("--{flag}: unknown value {v:?}; allowed {allowed}"))
}

/// Config settings given on the command line, applied over a base config
/// (the defaults for `experiment`, the scenario file's for `run`).
#[derive(Default)]
pub struct ConfigFlags {
    strategy: Option<Strategy>,
    scheme: Option<VersionScheme>,
    assignment: Option<Assignment>,
    broker: Option<BrokerKind>,
    backoff_ms: Option<Vec<u64>>,
    expect_last_subject_seq: bool,
    on_refuse: Option<&'static str>,
    idempotence: Option<bool>,
    on_delete: Option<Deletes>,
    knobs: Vec<(&'static Knob, u64)>,
}

fn on_refuse_word(w: &str) -> Option<&'static str> {
    ["retry-in-place", "skip-and-commit"]
        .into_iter()
        .find(|&x| x == w)
}

fn on_off(w: &str) -> Option<bool> {
    match w {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

/// `--backoff 1000,5000,30000`: JetStream's BackOff, each step in range.
fn backoff(p: &mut lexopt::Parser) -> Result<Vec<u64>, String> {
    let v = text(p, "backoff")?;
    let (lo, hi) = BACKOFF_MS;
    let steps: Vec<u64> = (v.split(',').map(str::trim))
        .map(|t| match t.parse::<u64>() {
            Ok(n) if (lo..=hi).contains(&n) => Ok(n),
            _ => Err(format!(
                "--backoff: {t:?} is not a step in range {lo}..{hi} (ms); give steps like 1000,5000"
            )),
        })
        .collect::<Result<_, _>>()?;
    if steps.len() > BACKOFF_STEPS {
        return Err(format!(
            "--backoff: {} steps; at most {BACKOFF_STEPS}",
            steps.len()
        ));
    }
    Ok(steps)
}

impl ConfigFlags {
    /// Whether `--name` is one of the shared config flags.
    pub fn is_flag(name: &str) -> bool {
        matches!(
            name,
            "strategy"
                | "scheme"
                | "assign"
                | "broker"
                | "backoff"
                | "expect-last-subject-seq"
                | "on-refuse"
                | "idempotence"
                | "on-delete"
        ) || knobs::by_flag(name).is_some()
    }

    /// The command's next argument that is not a config flag; the config
    /// flags met on the way are read into `self`. lexopt's `Arg` borrows the
    /// parser, and reading a flag's value needs the parser again, so the flag's
    /// name is copied out first and the argument returned is owned.
    pub fn next_arg(&mut self, p: &mut lexopt::Parser) -> Result<Option<OwnedArg>, String> {
        loop {
            let name = match p.next().map_err(|e| e.to_string())? {
                None => return Ok(None),
                Some(lexopt::Arg::Long(name)) if Self::is_flag(name) => name.to_owned(),
                Some(other) => return Ok(Some(OwnedArg::from(other))),
            };
            self.parse(p, &name)?;
        }
    }

    /// Reads the value of config flag `--name` (see `is_flag`).
    fn parse(&mut self, p: &mut lexopt::Parser, name: &str) -> Result<(), String> {
        match name {
            "strategy" => self.strategy = Some(named(p, name, Strategy::parse, STRATEGIES)?),
            "scheme" => self.scheme = Some(named(p, name, VersionScheme::parse, SCHEMES)?),
            "assign" => self.assignment = Some(named(p, name, Assignment::parse, ASSIGNMENTS)?),
            "broker" => self.broker = Some(named(p, name, BrokerKind::parse, BROKERS)?),
            "backoff" => self.backoff_ms = Some(backoff(p)?),
            "expect-last-subject-seq" => self.expect_last_subject_seq = true,
            "on-refuse" => {
                let allowed = "retry-in-place, skip-and-commit";
                self.on_refuse = Some(named(p, name, on_refuse_word, allowed)?);
            }
            "idempotence" => self.idempotence = Some(named(p, name, on_off, "on, off")?),
            "on-delete" => {
                self.on_delete = Some(named(p, name, Deletes::parse, "hard, tombstone")?)
            }
            flag => {
                let Some(k) = knobs::by_flag(flag) else {
                    return Err(format!("--{flag}: not a config flag"));
                };
                self.knobs.push((k, number(p, k.flag, k.range)?));
            }
        }
        Ok(())
    }

    /// Applies the flags over `c` and validates the result by flag name.
    pub fn apply(&self, c: &mut Config) -> Result<(), String> {
        self.apply_unchecked(c)?;
        c.validate().map_err(|e| flagged(&e))
    }

    /// Applies the flags (each range-checked), leaving the pairwise checks
    /// to the caller (`run` reports them by the scenario's field names).
    pub fn apply_unchecked(&self, c: &mut Config) -> Result<(), String> {
        if let Some(s) = self.strategy {
            c.strategy = s;
        }
        if let Some(s) = self.scheme {
            c.scheme = s;
        }
        if let Some(a) = self.assignment {
            c.assignment = a;
        }
        if let Some(b) = self.broker {
            c.broker = b;
        }
        if let Some(steps) = &self.backoff_ms {
            c.jetstream.backoff_ms = steps.clone();
        }
        if self.expect_last_subject_seq {
            c.jetstream.expect_last_subject_seq = true;
        }
        if let Some(i) = self.idempotence {
            c.kafka.idempotence = i;
        }
        if let Some(d) = self.on_delete {
            c.on_delete = d;
        }
        for (k, v) in &self.knobs {
            c.set_knob(k.field, *v).map_err(|e| flagged(&e))?;
        }
        // After the knobs, so `--retry-backoff-ms` with skip-and-commit
        // still skips.
        if let Some(w) = self.on_refuse {
            c.kafka.on_refuse = parse_on_refuse(w, c.kafka.on_refuse).unwrap_or_default();
        }
        Ok(())
    }
}

/// A command-line argument that no longer borrows the parser.
pub enum OwnedArg {
    Short(char),
    Long(String),
    Value(std::ffi::OsString),
}

impl From<lexopt::Arg<'_>> for OwnedArg {
    fn from(arg: lexopt::Arg<'_>) -> Self {
        match arg {
            lexopt::Arg::Short(c) => OwnedArg::Short(c),
            lexopt::Arg::Long(name) => OwnedArg::Long(name.to_owned()),
            lexopt::Arg::Value(v) => OwnedArg::Value(v),
        }
    }
}

impl OwnedArg {
    /// As lexopt's `Arg` again, to match on flag names and say `unexpected()`.
    pub fn to_arg(&self) -> lexopt::Arg<'_> {
        match self {
            OwnedArg::Short(c) => lexopt::Arg::Short(*c),
            OwnedArg::Long(name) => lexopt::Arg::Long(name),
            OwnedArg::Value(v) => lexopt::Arg::Value(v.clone()),
        }
    }
}

/// A validation error in terms of the flag a person typed.
pub fn flagged(e: &ConfigError) -> String {
    format!("--{}: {}", flag_of(&e.field), e.message)
}

/// Flags share names with config fields where they can; this maps a field
/// named in a validation error back to its flag.
pub fn flag_of(field: &str) -> &str {
    if let Some(k) = knobs::knob(field) {
        return k.flag;
    }
    match field {
        "update_gap_ms" => "gap",
        "state_limit" => "state-limit",
        "max_in_flight" => "in-flight",
        "jetstream.backoff_ms" => "backoff",
        "jetstream.expect_last_subject_seq" => "expect-last-subject-seq",
        f if f.starts_with("jetstream.backoff_ms[") => "backoff",
        "kafka.on_refuse" => "on-refuse",
        // The explorer's own field (`ExploreSpec::max_ack_pending`).
        "max_ack_pending" => "max-ack-pending",
        "kafka.idempotence" => "idempotence",
        f => f,
    }
}

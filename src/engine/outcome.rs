//! How a finished run ended, and counts kept per ending. Deciding which
//! outcome a world is in happens in one place only: `checker::decide`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Index, IndexMut};

/// How a finished run ended: exactly one of four.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every replica row equals its source row, nothing pending.
    Consistent,
    /// Quiescent, but some row differs from the source.
    Diverged,
    /// Some message can never be applied: dead-lettered or livelocked.
    Stalled,
    /// The run hit its transition cap before it settled: no verdict on the
    /// strategy, only on the cap (raise it, or use fewer updates).
    CutOff,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Consistent,
        Outcome::Diverged,
        Outcome::Stalled,
        Outcome::CutOff,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Consistent => "consistent",
            Outcome::Diverged => "diverged",
            Outcome::Stalled => "stalled",
            Outcome::CutOff => "cut off",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One `T` per outcome (schedule counts, trial counts, final states). The
/// fields serialize flat, so reports keep `"consistent": n, ...` keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ByOutcome<T> {
    pub consistent: T,
    pub diverged: T,
    pub stalled: T,
    #[serde(default)]
    pub cut_off: T,
}

impl<T> ByOutcome<T> {
    /// (outcome, value) pairs in `Outcome::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = (Outcome, &T)> {
        Outcome::ALL.into_iter().map(move |o| (o, &self[o]))
    }

    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> ByOutcome<U> {
        ByOutcome {
            consistent: f(&self.consistent),
            diverged: f(&self.diverged),
            stalled: f(&self.stalled),
            cut_off: f(&self.cut_off),
        }
    }
}

impl<T: Copy + std::iter::Sum<T>> ByOutcome<T> {
    pub fn total(&self) -> T {
        self.iter().map(|(_, v)| *v).sum()
    }
}

impl<T> Index<Outcome> for ByOutcome<T> {
    type Output = T;
    fn index(&self, o: Outcome) -> &T {
        match o {
            Outcome::Consistent => &self.consistent,
            Outcome::Diverged => &self.diverged,
            Outcome::Stalled => &self.stalled,
            Outcome::CutOff => &self.cut_off,
        }
    }
}

impl<T> IndexMut<Outcome> for ByOutcome<T> {
    fn index_mut(&mut self, o: Outcome) -> &mut T {
        match o {
            Outcome::Consistent => &mut self.consistent,
            Outcome::Diverged => &mut self.diverged,
            Outcome::Stalled => &mut self.stalled,
            Outcome::CutOff => &mut self.cut_off,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_name_their_own_field_and_serialize_flat() {
        let mut c = ByOutcome::<u32>::default();
        c[Outcome::Diverged] += 2;
        c[Outcome::CutOff] += 1;
        assert_eq!((c.diverged, c.cut_off, c.total()), (2, 1, 3));
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"consistent":0,"diverged":2,"stalled":0,"cut_off":1}"#
        );
        let old: ByOutcome<u32> =
            serde_json::from_str(r#"{"consistent":1,"diverged":0,"stalled":0}"#).unwrap();
        assert_eq!(old.cut_off, 0);
        assert_eq!(Outcome::CutOff.to_string(), "cut off");
    }
}

//! Record versions and the ways an owner can bump them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A record's version as the owner (or the replica, for `plugin-increment`)
/// numbers it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Version(pub u64);

impl Version {
    /// `version - 1`, the lecture's lookup key; `None` for version 0, which no
    /// row can be one below.
    pub fn predecessor(self) -> Option<Version> {
        self.0.checked_sub(1).map(Version)
    }

    pub fn bumped(self) -> Version {
        Version(self.0.saturating_add(1))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Virtual time zero, as a Unix time in milliseconds (2024-01-01T00:00:00Z),
/// so that `timestamp` versions look like the clock values they stand for.
pub const EPOCH_MS: u64 = 1_704_067_200_000;

/// How the owner's saves number versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionScheme {
    /// mongoose-update-if-current's default: created at 0, +1 per save.
    #[default]
    Increment,
    /// The mystery source: 100, 200, 300, ...
    Step100,
    /// The mystery source's clock: `EPOCH_MS + now`, strictly increasing even
    /// when two saves share a millisecond.
    Timestamp,
}

impl VersionScheme {
    pub const ALL: [VersionScheme; 3] = [
        VersionScheme::Increment,
        VersionScheme::Step100,
        VersionScheme::Timestamp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            VersionScheme::Increment => "increment",
            VersionScheme::Step100 => "step100",
            VersionScheme::Timestamp => "timestamp",
        }
    }

    pub fn parse(name: &str) -> Option<VersionScheme> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The version a newly created record gets at virtual time `now_ms`.
    pub fn initial(self, now_ms: u64) -> Version {
        match self {
            VersionScheme::Increment => Version(0),
            VersionScheme::Step100 => Version(100),
            VersionScheme::Timestamp => Version(EPOCH_MS.saturating_add(now_ms)),
        }
    }

    /// Whether a save at `now_ms` of a record at `last` falls below the
    /// clock's resolution (1 ms): a timestamp no later than the last one, so
    /// the save gets `last + 1` and this step behaves like `increment`.
    pub fn clock_tie(self, last: Version, now_ms: u64) -> bool {
        self == VersionScheme::Timestamp && EPOCH_MS.saturating_add(now_ms) <= last.0
    }

    /// The version a save of a record currently at `last` gets.
    pub fn next(self, last: Version, now_ms: u64) -> Version {
        match self {
            VersionScheme::Increment => last.bumped(),
            VersionScheme::Step100 => Version(last.0.saturating_add(100)),
            VersionScheme::Timestamp => Version(
                last.0
                    .saturating_add(1)
                    .max(EPOCH_MS.saturating_add(now_ms)),
            ),
        }
    }
}

/// The warning for a run whose timestamp saves fell below the clock's
/// resolution. We warn rather than invent a finer clock: the course's owner
/// stamps with `Date.now()`, whose resolution is 1 ms too, and a sub-ms
/// clock would still have to break ties by adding something.
pub fn clock_tie_notice(ties: u32) -> Option<String> {
    (ties > 0).then(|| {
        format!(
            "timestamp versions: {ties} save(s) came within the clock's 1 ms resolution of the save before, \
             so their version is the previous one + 1; occ's `version - 1` lookup then matches as it would \
             with increment. Leave at least 1 ms between saves (e.g. --gap 1) to see the mystery source."
        )
    })
}

impl fmt::Display for VersionScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_follow_the_slides() {
        let s = VersionScheme::Increment;
        assert_eq!(s.initial(7), Version(0));
        assert_eq!(s.next(Version(0), 9), Version(1));
        let s = VersionScheme::Step100;
        assert_eq!(s.initial(0), Version(100));
        assert_eq!(s.next(Version(100), 0), Version(200));
    }

    #[test]
    fn timestamps_strictly_increase_within_a_millisecond() {
        let s = VersionScheme::Timestamp;
        let v0 = s.initial(10);
        assert_eq!(v0, Version(EPOCH_MS + 10));
        let v1 = s.next(v0, 10);
        assert_eq!(v1, Version(EPOCH_MS + 11));
        assert_eq!(s.next(v1, 500), Version(EPOCH_MS + 500));
    }

    #[test]
    fn a_save_within_the_clocks_resolution_is_a_tie() {
        let s = VersionScheme::Timestamp;
        let v0 = s.initial(10);
        assert!(s.clock_tie(v0, 10));
        assert!(!s.clock_tie(v0, 11));
        // After a tie the version runs 1 ms ahead: the next millisecond ties too.
        assert!(s.clock_tie(s.next(v0, 10), 11));
        assert!(!VersionScheme::Increment.clock_tie(Version(5), 0));
        assert_eq!(clock_tie_notice(0), None);
        assert!(clock_tie_notice(3).unwrap().contains("3 save(s)"));
    }

    #[test]
    fn names_round_trip() {
        for s in VersionScheme::ALL {
            assert_eq!(VersionScheme::parse(s.name()), Some(s));
        }
        assert_eq!(VersionScheme::parse("plus-one"), None);
    }
}

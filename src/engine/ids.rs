//! Names of the things in the world. Ids are small integers inside the engine
//! (they index vectors, which keeps the hot loop free of hashing) and readable
//! names on the outside (`"CZQ"`, `"A"`), which is what serde writes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A ticket, numbered in creation order. The first one is `CZQ`, as in the
/// lecture; later ones get other three-letter codes, still by counter (never
/// from the PRNG) so that a scenario's ids do not depend on its seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketId(pub u32);

const CODES: u32 = 26 * 26 * 26;
const CZQ: u32 = (2 * 26 + 25) * 26 + 16;
// Odd and not a multiple of 13, hence invertible modulo 26^3: every index below
// 26^3 gets a distinct code, and codes look scattered rather than sequential.
const STRIDE: u32 = 7919;

impl TicketId {
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn name(self) -> String {
        self.to_string()
    }

    /// Parses a name produced by `Display` (case-insensitive, as the slides
    /// write both `CZQ` and `czq`).
    pub fn parse(name: &str) -> Option<TicketId> {
        let upper = name.trim().to_ascii_uppercase();
        if let Some(n) = upper.strip_prefix('T').and_then(|r| r.parse::<u32>().ok()) {
            return (n >= CODES).then_some(TicketId(n));
        }
        let b = upper.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        let code = b.iter().fold(0u32, |acc, c| acc * 26 + u32::from(c - b'A'));
        let offset = (code + CODES - CZQ) % CODES;
        let index = (u64::from(offset) * u64::from(stride_inverse()) % u64::from(CODES)) as u32;
        Some(TicketId(index))
    }
}

fn stride_inverse() -> u32 {
    // Extended Euclid on small numbers; computed on demand (parsing is rare).
    let (mut r0, mut r1) = (i64::from(CODES), i64::from(STRIDE));
    let (mut t0, mut t1) = (0i64, 1i64);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    t0.rem_euclid(i64::from(CODES)) as u32
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= CODES {
            return write!(f, "T{}", self.0);
        }
        let code = (CZQ + (self.0 * STRIDE) % CODES) % CODES;
        let letters = [code / 676, (code / 26) % 26, code % 26].map(|d| char::from(b'A' + d as u8));
        write!(f, "{}{}{}", letters[0], letters[1], letters[2])
    }
}

impl Serialize for TicketId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TicketId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        TicketId::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown ticket id \"{name}\": expected a three-letter code such as \"CZQ\""
            ))
        })
    }
}

/// A listener instance in the queue group: `A`, `B`, ... (at most 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MemberId(pub u8);

impl MemberId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn name(self) -> char {
        char::from(b'A' + self.0)
    }

    pub fn parse(name: &str) -> Option<MemberId> {
        let mut chars = name.trim().chars();
        let c = chars.next()?.to_ascii_uppercase();
        (chars.next().is_none() && c.is_ascii_uppercase()).then(|| MemberId(c as u8 - b'A'))
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name())
    }
}

impl Serialize for MemberId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MemberId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        MemberId::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown member \"{name}\": expected a letter \"A\" to \"H\""
            ))
        })
    }
}

/// A message in the broker, numbered in publish order across both channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(pub u32);

impl MessageId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An interned ticket title: events and rows carry this instead of a String so
/// that copying them costs nothing in the experiment loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TitleId(pub u32);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_ticket_is_czq_and_names_round_trip() {
        assert_eq!(TicketId(0).to_string(), "CZQ");
        let mut seen = std::collections::HashSet::new();
        for i in (0..CODES)
            .step_by(97)
            .chain([1, 2, 3, CODES - 1, CODES, CODES + 5])
        {
            let name = TicketId(i).to_string();
            assert!(seen.insert(name.clone()), "duplicate name {name}");
            assert_eq!(TicketId::parse(&name), Some(TicketId(i)), "{name}");
        }
        assert_eq!(TicketId::parse("czq"), Some(TicketId(0)));
        assert_eq!(TicketId::parse("CZ"), None);
        assert_eq!(TicketId::parse("T5"), None);
    }

    #[test]
    fn members_are_letters() {
        assert_eq!(MemberId(1).to_string(), "B");
        assert_eq!(MemberId::parse("b"), Some(MemberId(1)));
        assert_eq!(MemberId::parse("AB"), None);
        assert_eq!(MemberId::parse("1"), None);
    }
}

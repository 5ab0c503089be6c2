//! Where a record goes: Kafka's default partitioner for a keyed record.
//!
//! Rule (Apache Kafka, clients `producer/internals/BuiltInPartitioner.java`
//! `partitionForKey`): `toPositive(murmur2(keyBytes)) % numPartitions`, with
//! `murmur2` and `toPositive` from `common/utils/Utils.java`. The key is the
//! ticket id's name as UTF-8 (a `StringSerializer` key), so a ticket lands in
//! exactly the partition real Kafka puts it in, and every record of one
//! ticket lands in the same one (design.html, "Load balancing": "all data for
//! a given user would be sent to the same partition").

use crate::engine::ids::TicketId;

/// Kafka's `Utils.murmur2`: MurmurHash2, 32 bits, seed `0x9747b28c`, with
/// Java's wrapping `int` arithmetic and `>>>` (a logical shift).
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h = SEED ^ data.len() as u32;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // Java's switch falls through: 3 mixes bytes 2, 1, 0; 2 mixes 1, 0.
    let tail = chunks.remainder();
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive`: `number & 0x7fffffff` (not `abs`, which
/// would overflow on `Integer.MIN_VALUE`).
pub fn to_positive(number: i32) -> i32 {
    number & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`. `partitions` is at least 1
/// (`KafkaSettings::check` refuses 0 before a topic exists).
pub fn partition_for_key(key: &[u8], partitions: u32) -> u32 {
    to_positive(murmur2(key)) as u32 % partitions.max(1)
}

/// The partition of every record about `ticket`: its name ("CZQ") is the key.
pub fn partition_of(ticket: TicketId, partitions: u32) -> u32 {
    partition_for_key(ticket.name().as_bytes(), partitions)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kafka's own vectors: clients/src/test/.../common/utils/UtilsTest.java
    /// `testMurmur2`. One per tail length (0 to 3 bytes left over).
    #[test]
    fn murmur2_matches_kafkas_test_vectors() {
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973_932_308),
            (b"foobar", -790_332_482),
            (b"a-little-bit-long-string", -985_981_536),
            (b"a-little-bit-longer-string", -1_486_304_829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58_897_971,
            ),
            (b"abc", 479_470_107),
        ];
        for (key, want) in cases {
            assert_eq!(murmur2(key), want, "{}", String::from_utf8_lossy(key));
        }
    }

    #[test]
    fn to_positive_masks_the_sign_bit_instead_of_negating() {
        assert_eq!(to_positive(-973_932_308), -973_932_308 & 0x7fff_ffff);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(-1), i32::MAX);
        assert_eq!(to_positive(479_470_107), 479_470_107);
    }

    #[test]
    fn partition_is_the_masked_hash_modulo_the_partition_count() {
        // "21" hashes negative: the mask, not abs, decides where it goes.
        let masked = (-973_932_308i32 & 0x7fff_ffff) as u32;
        assert_eq!(partition_for_key(b"21", 3), masked % 3);
        assert_ne!(masked % 3, 973_932_308 % 3);
        assert_eq!(partition_for_key(b"abc", 16), 479_470_107 % 16);
        assert_eq!(partition_for_key(b"anything", 1), 0);
    }

    /// The course's tickets, pinned: murmur2 of each name, checked against a
    /// second implementation (Python, from Utils.java) that passes the
    /// vectors above. With 3 partitions CZQ and OSF share partition 2.
    #[test]
    fn the_course_tickets_land_where_kafka_puts_them() {
        let cases = [
            ("CZQ", 432_241_295, [2, 3, 15]),
            ("OSF", 595_782_608, [2, 0, 0]),
            ("AKU", -1_244_658_977, [0, 3, 15]),
            ("MDJ", 186_933_527, [2, 3, 7]),
            ("XVY", -1_783_772_283, [2, 1, 5]),
        ];
        for (name, hash, [p3, p4, p16]) in cases {
            let t = TicketId::parse(name).unwrap();
            assert_eq!(murmur2(name.as_bytes()), hash, "{name}");
            assert_eq!(
                [3, 4, 16].map(|p| partition_of(t, p)),
                [p3, p4, p16],
                "{name}"
            );
        }
        assert_eq!(TicketId(1).name(), "OSF");
    }

    #[test]
    fn a_ticket_always_lands_in_the_same_partition() {
        let czq = TicketId::parse("CZQ").unwrap();
        let first = partition_of(czq, 3);
        assert!((0..100).all(|_| partition_of(czq, 3) == first));
    }
}

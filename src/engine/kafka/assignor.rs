//! Which listener owns which partition: the RangeAssignor, as a fresh
//! `orders-service` group with Kafka 3.x defaults assigns.
//!
//! Why Range: `partition.assignment.strategy` defaults to
//! `[RangeAssignor, CooperativeStickyAssignor]` (ConsumerConfig.java: "which
//! will use the RangeAssignor by default"). Every member lists `range` first,
//! so each votes for it and the coordinator picks it (group-coordinator
//! `classic/ClassicGroup.java` `selectProtocol`). The rebalance protocol is
//! EAGER, the only one both assignors support (`ConsumerCoordinator`'s
//! constructor keeps the protocols common to all assignors): on a rebalance
//! every member gives up every partition first (`onJoinPrepare`, `case
//! EAGER`), then takes its new ones from their committed offsets.
//!
//! The rule (clients `consumer/RangeAssignor.java`, `assignRanges` and
//! `TopicAssignmentState`): members in lexicographic order of member id,
//! partitions in numeric order; each member gets `P / N` consecutive
//! partitions, and the first `P % N` members one more. A member id is
//! `client.id + "-" + UUID` (`ClassicGroup.generateMemberId`); the model
//! takes each listener's `client.id` to be its name (`orders-A`, ...), so
//! ids sort in listener order. (With the same default `client.id` in every
//! process the order would be the UUIDs': random per join.)

use crate::engine::ids::MemberId;

/// The owner of each partition, given the group's members (any order).
/// Members past the `P`th get nothing; with no member nothing is owned.
pub fn range_assign(members: &[MemberId], partitions: u32) -> Vec<Option<MemberId>> {
    let mut sorted = members.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut owners = vec![None; partitions as usize];
    if sorted.is_empty() {
        return owners;
    }
    let n = sorted.len() as u32;
    let (per, extra) = (partitions / n, partitions % n);
    let mut next = 0u32;
    for (i, &m) in sorted.iter().enumerate() {
        let take = per + u32::from((i as u32) < extra);
        for p in next..next + take {
            owners[p as usize] = Some(m);
        }
        next += take;
    }
    owners
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(owners: &[Option<MemberId>]) -> String {
        owners
            .iter()
            .map(|o| o.map_or('-', MemberId::name))
            .collect()
    }

    fn members(n: u8) -> Vec<MemberId> {
        (0..n).map(MemberId).collect()
    }

    #[test]
    fn one_member_per_partition_when_counts_match() {
        assert_eq!(names(&range_assign(&members(3), 3)), "ABC");
    }

    /// RangeAssignor's own Javadoc: C0 gets t0p0, t0p1 and C1 gets t0p2.
    #[test]
    fn the_first_members_take_the_extra_partitions() {
        assert_eq!(names(&range_assign(&members(2), 3)), "AAB");
        assert_eq!(names(&range_assign(&members(3), 8)), "AAABBBCC");
        assert_eq!(names(&range_assign(&members(4), 3)), "ABC");
    }

    #[test]
    fn the_order_is_by_member_id_not_by_arrival() {
        let late_first = [MemberId(2), MemberId(0)];
        assert_eq!(names(&range_assign(&late_first, 3)), "AAC");
    }

    /// A crash of B in a group of three: the eager rebalance reassigns all
    /// of it over A and C, and B's partition 1 goes to A.
    #[test]
    fn after_a_member_leaves_the_ranges_are_recomputed() {
        assert_eq!(names(&range_assign(&[MemberId(0), MemberId(2)], 3)), "AAC");
        assert_eq!(names(&range_assign(&[], 3)), "---");
    }
}

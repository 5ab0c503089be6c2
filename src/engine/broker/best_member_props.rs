//! `Broker::best_member` (one pass, a rotate) against the plain statement of
//! nats-streaming-server's `findBestQueueSub` it replaced: the same pick and
//! the same list afterwards, for any list, closed and failed members,
//! unacked counts and limit.

use super::{Broker, Channel, MemberId, MAX_MEMBERS};
use proptest::prelude::*;

/// The earlier implementation, written as the rule reads: the first open
/// member with the fewest unacked among those neither stalled nor with a
/// failed heartbeat, else the first open one; a pick at the front moves to
/// the back.
fn reference(
    order: &mut Vec<MemberId>,
    pending: &[u32; MAX_MEMBERS],
    closed: &[bool; MAX_MEMBERS],
    failed: &[bool; MAX_MEMBERS],
    max: u32,
) -> Option<MemberId> {
    let open = order.iter().copied().filter(|m| !closed[m.index()]);
    let first = open.clone().next()?;
    let pick = open
        .filter(|m| !failed[m.index()] && pending[m.index()] < max)
        .min_by_key(|m| pending[m.index()])
        .unwrap_or(first);
    let open_count = order.iter().filter(|m| !closed[m.index()]).count();
    if open_count > 1 && pick == first {
        order.retain(|&m| m != pick);
        order.push(pick);
    }
    Some(pick)
}

proptest! {
    #[test]
    fn picks_and_rotates_as_find_best_queue_sub(
        members in 1u8..=8,
        shuffle in proptest::collection::vec(any::<u32>(), 8),
        pending in proptest::array::uniform8(0u32..4),
        closed in proptest::array::uniform8(proptest::bool::weighted(0.3)),
        failed in proptest::array::uniform8(proptest::bool::weighted(0.3)),
        max in 1u32..4,
        calls in 1usize..6,
    ) {
        let mut order: Vec<MemberId> = (0..members).map(MemberId).collect();
        order.sort_by_key(|m| shuffle[m.index()]);
        let mut b = Broker::default();
        b.order[1] = order.clone();
        b.pending[1] = pending;
        b.closed = closed;
        b.failed_hb = failed;
        for _ in 0..calls {
            let want = reference(&mut order, &pending, &closed, &failed, max);
            prop_assert_eq!(b.best_member(Channel::TicketUpdated, max), want);
            prop_assert_eq!(&b.order[1], &order);
        }
    }
}

//! Messages as tokens on the stage: one per message in play, placed along
//! its journey (lane -> wire -> member -> Orders row, or back to the ack
//! wait), at most `PER_PLACE` drawn in one place and the rest counted.

use super::layout::{Layout, Point, DB_ROWS, PER_PLACE};
use super::place::{locate, Phase, Recent, Whereabouts};
use crate::engine::{Channel, Message, MessageId, Simulation, TicketId};

/// One message drawn as a token carrying its version.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub msg: MessageId,
    pub channel: Channel,
    pub seq: u64,
    /// The version as printed on the token (long timestamps shortened).
    pub label: String,
    /// The whole story in words, for the accessible name and the tooltip.
    pub describe: String,
    pub at: Point,
    pub phase: Phase,
    /// The place it is in (for keys that change when it moves, and for counts).
    pub place: Place,
    pub countdown_ms: Option<u64>,
    /// How many times it has been delivered (shown from the second).
    pub deliveries: u32,
    /// Refused in the latest transition: it bounces back.
    pub bounced: bool,
    /// Published in the latest transition: it enters from the Tickets service.
    pub fresh: bool,
}

/// A place tokens gather; `Overflow` counts what is not drawn there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Lane(Channel),
    Member(usize),
    AckWait,
    Dead,
    Orders,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overflow {
    pub place: Place,
    pub at: Point,
    pub count: usize,
}

/// Short enough for a token: a 13-digit timestamp shows its last 4 digits.
pub fn short_version(v: u64) -> String {
    let s = v.to_string();
    if s.len() > 5 {
        format!("v…{}", &s[s.len() - 4..])
    } else {
        format!("v{s}")
    }
}

fn row_of(sim: &Simulation, ticket: TicketId) -> usize {
    sim.tickets()
        .iter()
        .position(|t| t.id == ticket)
        .unwrap_or(DB_ROWS)
        .min(DB_ROWS)
}

fn describe(sim: &Simulation, m: &Message, w: &Whereabouts) -> String {
    let member = w
        .member
        .and_then(|i| sim.members().get(i))
        .map(|l| l.member);
    let to = member.map_or_else(String::new, |l| l.to_string());
    let where_ = match w.phase {
        Phase::Queued if m.deliveries > 0 => "queued again for redelivery".to_string(),
        Phase::Queued => "waiting in the channel".to_string(),
        Phase::Wire => format!("on the wire to listener {to}"),
        Phase::Processing => format!("read by listener {to}, about to write"),
        Phase::AckWait => format!(
            "not acked by {to}; redelivered in {} ms",
            w.countdown_ms.unwrap_or(0)
        ),
        Phase::Landed => format!("written to Orders by {to} and acked"),
        Phase::Skipped => format!("acked and skipped by {to}"),
        Phase::DeadLettered => "dead-lettered".to_string(),
    };
    let title = sim.titles().get(m.event.title);
    format!(
        "{} #{}: {} {title} ${} version {}, {where_}",
        m.channel, m.seq, m.event.ticket, m.event.price, m.event.version
    )
}

/// Every token in play at virtual time `at` (`recent`: what the transitions
/// new to the viewer did), and the counts of those not drawn.
pub fn tokens(
    sim: &Simulation,
    layout: &Layout,
    at: u64,
    recent: &Recent,
) -> (Vec<Token>, Vec<Overflow>) {
    let mut found: Vec<(&Message, Whereabouts)> = Vec::new();
    // Queued messages in the broker's order, so the lane's head goes next.
    let messages = sim.messages();
    for id in sim.world().broker().queue() {
        if let Some(m) = messages.get(id.index()) {
            found.extend(locate(sim, m, at, recent).map(|w| (m, w)));
        }
    }
    for m in messages.iter().filter(|m| !m.is_queued()) {
        found.extend(locate(sim, m, at, recent).map(|w| (m, w)));
    }
    // Landed tokens stack in the order they were written, the latest on top
    // (drawn last), so the row's version is the one a reader sees landing.
    let landed_at = |m: &Message| recent.done.iter().position(|(id, _)| *id == m.id);
    found.sort_by_cached_key(|(m, w)| (w.phase == Phase::Landed).then(|| landed_at(m)));
    let mut drawn: Vec<Token> = Vec::new();
    let mut overflow: Vec<Overflow> = Vec::new();
    for (m, w) in found {
        let member = w.member.unwrap_or(0);
        let place = match w.phase {
            Phase::Queued => Place::Lane(m.channel),
            Phase::Wire | Phase::Processing | Phase::Skipped => Place::Member(member),
            Phase::AckWait => Place::AckWait,
            Phase::DeadLettered => Place::Dead,
            Phase::Landed => Place::Orders,
        };
        let k = drawn.iter().filter(|t| t.place == place).count();
        if k >= PER_PLACE {
            match overflow.iter_mut().find(|o| o.place == place) {
                Some(o) => o.count += 1,
                None => overflow.push(Overflow {
                    place,
                    at: count_spot(layout, place),
                    count: 1,
                }),
            }
            continue;
        }
        let row = layout.orders_row(row_of(sim, m.event.ticket));
        let at_point = match w.phase {
            Phase::Queued => Layout::slot(layout.lane(m.channel), k),
            Phase::Wire => layout
                .exit(m.channel)
                .lerp(layout.at_member(member, k), w.progress),
            // Processing carries the token from the member towards its row;
            // it stops short so the landing (the write) is a visible move.
            Phase::Processing => layout
                .at_member(member, k)
                .lerp(row, 0.15 + 0.55 * w.progress),
            Phase::Skipped => layout.at_member(member, k),
            Phase::AckWait => Layout::slot(layout.ack_wait, k),
            Phase::DeadLettered => Layout::slot(layout.dead, k),
            Phase::Landed => Point::new(row.x + k as f32 * 3.0, row.y - k as f32 * 2.0),
        };
        drawn.push(Token {
            msg: m.id,
            channel: m.channel,
            seq: m.seq,
            label: short_version(m.event.version.0),
            describe: describe(sim, m, &w),
            at: at_point,
            phase: w.phase,
            place,
            countdown_ms: w.countdown_ms,
            deliveries: m.deliveries,
            bounced: recent.refused.contains(&m.id),
            fresh: recent.published.contains(&m.id),
        });
    }
    (drawn, overflow)
}

/// Where "+N" is written for a place.
fn count_spot(layout: &Layout, place: Place) -> Point {
    let left_of = |lane: crate::stage::layout::Rect| Point::new(lane.x + 14.0, lane.y + 14.0);
    match place {
        Place::Lane(c) => left_of(layout.lane(c)),
        Place::AckWait => left_of(layout.ack_wait),
        Place::Dead => left_of(layout.dead),
        Place::Member(i) => {
            let r = layout.members[i.min(layout.members.len() - 1)];
            Point::new(r.right() - 18.0, r.y + 30.0)
        }
        Place::Orders => Point::new(layout.orders_db.right() - 18.0, layout.orders_db.y + 14.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_shortened_and_small_versions_kept() {
        assert_eq!(short_version(2), "v2");
        assert_eq!(short_version(30000), "v30000");
        assert_eq!(short_version(1_700_000_000_031), "v…0031");
    }
}

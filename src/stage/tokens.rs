//! Messages as tokens on the stage: one per message in play, placed along
//! its journey (lane -> wire -> its listener -> Orders' landing strip, or
//! back to the ack wait), at most `PER_PLACE` drawn in one place and the
//! rest counted. Each place is a row of slots of its own (`layout::Strip`),
//! so tokens and counts never sit on a text label.

use super::layout::{Layout, Point, Rect, Strip, BADGE, PER_PLACE};
use super::place::{locate, Phase, Place, Recent, Whereabouts};
use super::text::{self, Anchor, Label, Spot};
use crate::engine::config::BrokerKind;
use crate::engine::order::sorted_by;
use crate::engine::{Channel, Message, MessageId, Simulation, Stage};

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
    /// The listener holding it (on the wire to it, processing), or which
    /// just handled it (landed, skipped) or did not ack it (ack wait).
    pub member: Option<usize>,
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

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overflow {
    pub place: Place,
    /// Where "+N" is written: the middle of its baseline.
    pub at: Point,
    pub count: usize,
}

impl Overflow {
    /// "+N", as drawn.
    pub fn label(&self) -> Label {
        Label::new(
            count_text(self.count),
            Spot::new(self.at.x, self.at.y, Anchor::Middle, text::STRONG),
        )
    }
}

fn count_text(n: usize) -> String {
    format!("+{n}")
}

/// The width of a token's pill for `label` (`src/app/stage/token.rs`).
pub fn token_width(label: &str) -> f32 {
    14.0 + 7.0 * label.chars().count() as f32
}

impl Token {
    /// Everything drawn for it: the pill, the redelivery badge (from the
    /// second delivery), the ack-wait countdown under it.
    pub fn rect(&self) -> Rect {
        let w = token_width(&self.label);
        let (mut x0, mut y0) = (self.at.x - w / 2.0, self.at.y - 10.0);
        let (mut x1, mut y1) = (self.at.x + w / 2.0, self.at.y + 10.0);
        if self.deliveries > 1 {
            x1 = x1.max(self.at.x + w / 2.0 + BADGE);
            y0 = y0.min(self.at.y - 9.0 - BADGE);
        }
        if let (Phase::AckWait, Some(ms)) = (self.phase, self.countdown_ms) {
            let r = self.countdown_spot().rect(&countdown_text(ms));
            x0 = x0.min(r.x);
            x1 = x1.max(r.right());
            y1 = y1.max(r.bottom());
        }
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }

    /// Where the countdown goes, under the pill.
    pub fn countdown_spot(&self) -> Spot {
        Spot::new(self.at.x, self.at.y + 23.0, Anchor::Middle, text::COUNTDOWN)
    }
}

/// An ack wait's time left as a token shows it: "4.9 s".
pub fn countdown_text(ms: u64) -> String {
    format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
}

/// Whether the view may slide a token from `from` to `to` (the same
/// message in two frames): only if on the straight way it passes no
/// listener's box but its own, not Orders unless it lands there, and no
/// waiting lane it is not leaving or entering. Otherwise the view draws it
/// anew where it now is, rather than through a box its message never
/// passes (a listener's write landing past another listener, say).
pub fn glides(layout: &Layout, from: &Token, to: &Token) -> bool {
    // A listener's box is its own at an end where it is in that box (on
    // the wire to it, processing, skipped), or where it landed its write.
    let own = |t: &Token| match t.place {
        Place::Member(i) => Some(i),
        Place::Orders => t.member,
        _ => None,
    };
    let mut blocked: Vec<Rect> = layout
        .members
        .iter()
        .enumerate()
        .filter(|(i, _)| own(from) != Some(*i) && own(to) != Some(*i))
        .map(|(_, r)| *r)
        .collect();
    if to.phase != Phase::Landed && from.phase != Phase::Landed {
        blocked.push(layout.orders_db);
    }
    for (place, lane) in [
        (Place::AckWait, layout.ack_wait),
        (Place::Dead, layout.dead),
    ] {
        // Kafka's are empty (`stage::kafka`).
        #[cfg(feature = "kafka")]
        if lane.w == 0.0 {
            continue;
        }
        if from.place != place && to.place != place {
            blocked.push(lane);
        }
    }
    let (a, b) = (from.rect(), to.rect());
    // The box swept: the larger extent of the two ends around the centre.
    let left = (from.at.x - a.x).max(to.at.x - b.x);
    let right = (a.right() - from.at.x).max(b.right() - to.at.x);
    let up = (from.at.y - a.y).max(to.at.y - b.y);
    let down = (a.bottom() - from.at.y).max(b.bottom() - to.at.y);
    let dist = ((to.at.x - from.at.x).powi(2) + (to.at.y - from.at.y).powi(2)).sqrt();
    let n = (dist / 2.0).ceil().max(1.0) as usize;
    (0..=n).all(|k| {
        let p = from.at.lerp(to.at, k as f32 / n as f32);
        let r = Rect::new(p.x - left, p.y - up, left + right, up + down);
        blocked.iter().all(|b| !r.overlaps(b))
    })
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

fn describe(sim: &Simulation, m: &Message, w: &Whereabouts) -> String {
    let member = w
        .member
        .and_then(|i| sim.members().get(i))
        .map(|l| l.member);
    let to = member.map_or_else(String::new, |l| l.to_string());
    let kafka = sim.world().broker_kind() == BrokerKind::Kafka;
    let where_ = match w.phase {
        Phase::Queued if m.deliveries > 0 => "queued again for redelivery".to_string(),
        Phase::Queued => "waiting in the channel".to_string(),
        Phase::Wire if w.held => format!("held on the wire to listener {to}"),
        Phase::Wire => format!("on the wire to listener {to}"),
        Phase::Processing => format!("read by listener {to}, about to write"),
        Phase::AckWait => format!(
            "not acked by {to}; redelivered in {} ms",
            w.countdown_ms.unwrap_or(0)
        ),
        // Kafka has no per-message ack: the offset commit follows the write.
        Phase::Landed if kafka => {
            format!("written to Orders by {to}; its offset is committed next")
        }
        Phase::Skipped if kafka => format!("skipped by {to}; its offset is committed next"),
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

fn place_of(m: &Message, w: &Whereabouts) -> Place {
    match w.phase {
        Phase::Queued => Place::Lane(m.channel),
        Phase::Wire | Phase::Processing | Phase::Skipped => Place::Member(w.member.unwrap_or(0)),
        Phase::AckWait => Place::AckWait,
        Phase::DeadLettered => Place::Dead,
        Phase::Landed => Place::Orders,
    }
}

fn strip_of(layout: &Layout, place: Place) -> Strip {
    match place {
        Place::Lane(c) => Layout::lane_strip(layout.lane(c)),
        #[cfg(feature = "kafka")]
        Place::Partition(p) => Layout::lane_strip(
            layout
                .partitions
                .iter()
                .find(|(q, _)| *q == p)
                .map_or(layout.broker, |(_, r)| *r),
        ),
        Place::AckWait => Layout::lane_strip(layout.ack_wait),
        Place::Dead => Layout::lane_strip(layout.dead),
        Place::Member(i) => layout.member_strip(i),
        Place::Orders => layout.landing_strip(),
    }
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
    // The rest; a listener's most advanced first, as its status names it:
    // the writes next (soonest first), then what is on the wire to it.
    let rest: Vec<(&Message, Whereabouts)> = messages
        .iter()
        .filter(|m| !m.is_queued())
        .filter_map(|m| locate(sim, m, at, recent).map(|w| (m, w)))
        .collect();
    let in_hand = |m: &Message, w: &Whereabouts| {
        w.member
            .and_then(|i| sim.members().get(i))
            .and_then(|l| l.hand.iter().find(|d| d.msg == m.id))
            .map(|d| (d.stage != Stage::Write, d.due_at))
    };
    // Not in a hand first, then writes before reads, each soonest first
    // (a held delivery's due time is the largest).
    let rest = sorted_by(rest, |(m, w)| {
        in_hand(m, w).map_or(0, |(reading, due)| {
            1 + (u64::from(reading) << 62) + due.min((1 << 62) - 2)
        })
    });
    found.extend(rest);
    // Landed tokens line up in the order they were written, the latest last
    // (drawn on top), so the row's version is the one a reader sees land.
    let landed_at = |m: &Message| recent.done.iter().position(|(id, _)| *id == m.id);
    let found = sorted_by(found, |(m, w)| {
        match (w.phase == Phase::Landed, landed_at(m)) {
            (false, _) => 0,
            (true, None) => 1,
            (true, Some(p)) => 2 + p as u64,
        }
    });

    // Each place's first `PER_PLACE` get a slot; the rest are counted.
    #[cfg(feature = "kafka")]
    let (found, kafka) = kafka_places(sim, layout, found);
    let mut places: Vec<(Place, Vec<usize>, usize)> = Vec::new();
    let mut slot_of: Vec<Option<(usize, usize)>> = Vec::with_capacity(found.len());
    for (i, (m, w)) in found.iter().enumerate() {
        #[cfg(feature = "kafka")]
        let place = kafka[i].unwrap_or_else(|| place_of(m, w));
        #[cfg(not(feature = "kafka"))]
        let place = place_of(m, w);
        let p = match places.iter().position(|(q, _, _)| *q == place) {
            Some(p) => p,
            None => {
                places.push((place, Vec::new(), 0));
                places.len() - 1
            }
        };
        let (_, shown, hidden) = &mut places[p];
        if shown.len() < PER_PLACE {
            slot_of.push(Some((p, shown.len())));
            shown.push(i);
        } else {
            slot_of.push(None);
            *hidden += 1;
        }
    }
    let mut overflow: Vec<Overflow> = Vec::new();
    let slots: Vec<Vec<Point>> = places
        .iter()
        .map(|(place, shown, hidden)| {
            let w = shown
                .iter()
                .map(|&i| token_width(&short_version(found[i].0.event.version.0)))
                .fold(0.0, f32::max);
            let count = (*hidden > 0).then(|| text::STRONG.width(&count_text(*hidden)));
            let strip = strip_of(layout, *place);
            let (slots, count_at) = strip.arrange(shown.len(), w, count);
            if let Some(c) = count_at {
                overflow.push(Overflow {
                    place: *place,
                    // The baseline of text centred on the token row.
                    at: Point::new(c.x, c.y + 4.0),
                    count: *hidden,
                });
            }
            slots
        })
        .collect();

    let mut drawn: Vec<(usize, Token)> = Vec::new();
    for ((m, w), slot) in found.iter().zip(slot_of) {
        let Some((p, k)) = slot else { continue };
        // Drawn later is drawn on top: a place's head over the tokens
        // queued behind it; in Orders the latest write.
        let z = match places[p].0 {
            Place::Orders => PER_PLACE + k,
            _ => PER_PLACE - k,
        };
        let at_slot = slots[p][k];
        let at_point = match w.phase {
            // On the wire the token runs from its lane to its slot in its
            // listener's box, along the bus.
            // Held on the wire (no arrival time): on the bus, level with
            // the box it goes to, until it is let arrive.
            Phase::Wire if w.held => wire(sim, layout, m, at_slot)[2],
            Phase::Wire => Layout::along(&wire(sim, layout, m, at_slot), w.progress),
            _ => at_slot,
        };
        #[cfg(feature = "kafka")]
        let in_partition = matches!(places[p].0, Place::Partition(_));
        #[cfg(not(feature = "kafka"))]
        let in_partition = false;
        drawn.push((
            z,
            Token {
                msg: m.id,
                channel: m.channel,
                seq: m.seq,
                label: short_version(m.event.version.0),
                describe: kafka_describe(sim, m, in_partition)
                    .unwrap_or_else(|| describe(sim, m, w)),
                at: at_point,
                phase: w.phase,
                member: w.member,
                place: places[p].0,
                // Kafka has no ack wait: a record waits for the commit.
                countdown_ms: w.countdown_ms.filter(|_| !in_partition),
                deliveries: m.deliveries,
                bounced: recent.refused.contains(&m.id),
                fresh: recent.published.contains(&m.id),
            },
        ));
    }
    let drawn = sorted_by(drawn, |(z, _)| *z as u64);
    (drawn.into_iter().map(|(_, t)| t).collect(), overflow)
}

/// The path on the wire to `slot`: from the message's channel lane, or
/// under Kafka from its partition's.
fn wire(sim: &Simulation, layout: &Layout, m: &Message, slot: Point) -> [Point; 4] {
    #[cfg(feature = "kafka")]
    if let Some(head) = sim
        .world()
        .kafka_record(m.id)
        .and_then(|(p, _)| super::kafka::head(layout, p))
    {
        return layout.wire_from(head, slot);
    }
    let _ = sim;
    layout.wire(m.channel, slot)
}

#[cfg(feature = "kafka")]
fn kafka_describe(sim: &Simulation, m: &Message, in_partition: bool) -> Option<String> {
    in_partition
        .then(|| super::kafka::describe(sim, m))
        .flatten()
}

#[cfg(not(feature = "kafka"))]
fn kafka_describe(_: &Simulation, _: &Message, _: bool) -> Option<String> {
    None
}

/// Under Kafka, records not in a hand go to their partition's lane, oldest
/// at its head; a record of a partition not drawn is left off (counted on
/// the broker's title line).
#[cfg(feature = "kafka")]
type Found<'a> = Vec<(&'a Message, Whereabouts)>;

#[cfg(feature = "kafka")]
fn kafka_places<'a>(
    sim: &Simulation,
    layout: &Layout,
    found: Found<'a>,
) -> (Found<'a>, Vec<Option<Place>>) {
    if sim.world().kafka_partitions().is_none() {
        let none = vec![None; found.len()];
        return (found, none);
    }
    let kept: Vec<((&Message, Whereabouts), Option<Place>, u64)> = found
        .into_iter()
        .filter_map(|(m, w)| {
            let Some((place, offset)) = super::kafka::place(sim, m, w.phase) else {
                return Some(((m, w), None, 0));
            };
            let Place::Partition(p) = place else {
                return None;
            };
            layout
                .partitions
                .iter()
                .any(|(q, _)| *q == p)
                .then_some(((m, w), Some(place), offset))
        })
        .collect();
    let kept = sorted_by(kept, |(_, _, offset)| *offset);
    kept.into_iter().map(|(f, p, _)| (f, p)).unzip()
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

    #[test]
    fn the_widest_token_is_the_layouts() {
        assert_eq!(token_width("v…0031"), super::super::layout::TOKEN_W);
        assert_eq!(token_width("v30000"), super::super::layout::TOKEN_W);
    }
}

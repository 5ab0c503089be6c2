//! Kafka on the stage (full module only: the first-visit one has no Kafka
//! run to draw). The broker box is topic `tickets`, one lane per partition
//! naming its owner in the group's current generation (or "rebalancing"
//! while the coordinator forms the next one, Kafka's
//! `GroupCoordinator` PreparingRebalance) and its committed offset against
//! the log end offset (what `kafka-consumer-groups --describe` prints as
//! CURRENT-OFFSET and LOG-END-OFFSET). A record not yet committed sits in
//! its partition's lane, oldest at the head: in Kafka a record stays in
//! the log until the committed offset passes it, whoever has read it.
//! More partitions than lanes fit: those holding uncommitted records are
//! shown first, the rest counted on the broker's title line.

use super::layout::{Layout, Orientation, Point, Rect};
use super::place::Phase;
use super::place::Place;
use crate::engine::world::PartitionState;
use crate::engine::{Message, Simulation};

/// Lanes that fit the broker box: Across one column (the box grows down
/// past six), Down two columns in the room of the ack wait and channels.
const LANES_ACROSS: usize = 6;
const LANES_DOWN: usize = 4;
const LANE_H: f32 = 46.0;
const LANE_GAP: f32 = 6.0;

/// One partition's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionLane {
    pub partition: u32,
    pub state: PartitionState,
    pub area: Rect,
}

impl PartitionLane {
    /// Its title, longest wording first (`Frame::texts` takes the first
    /// that fits the lane).
    pub fn titles(&self) -> [String; 3] {
        let s = &self.state;
        let owner = match (s.rebalancing, s.owner) {
            (true, _) => "rebalancing".to_string(),
            (false, Some(m)) => m.to_string(),
            (false, None) => "no owner".to_string(),
        };
        let c = s.committed.unwrap_or(0);
        let p = self.partition;
        let owned = if s.rebalancing {
            owner.clone()
        } else {
            format!("owner {owner}")
        };
        [
            format!("P{p} · {owned} · committed {c} of {}", s.end),
            format!("P{p} · {owner} · committed {c}/{}", s.end),
            format!("P{p} · {owner} · {c}/{}", s.end),
        ]
    }
}

/// The lanes drawn, and how many partitions are only counted; `None`
/// under another broker. Lays the lanes out in `layout`'s broker box
/// (taking the place of the channels, the ack wait and dead letters).
pub fn lanes(sim: &Simulation, layout: &mut Layout) -> Option<(Vec<PartitionLane>, usize)> {
    let states = sim.world().kafka_partitions()?;
    let room = match layout.orientation {
        Orientation::Across => LANES_ACROSS,
        Orientation::Down => LANES_DOWN,
    };
    // Uncommitted records first, then by number; drawn by number.
    let waiting = |s: &PartitionState| s.end > s.committed.unwrap_or(0);
    let mut shown: Vec<u32> = (0..states.len() as u32)
        .filter(|&p| waiting(&states[p as usize]))
        .chain((0..states.len() as u32).filter(|&p| !waiting(&states[p as usize])))
        .take(room)
        .collect();
    shown.sort_unstable();
    let areas = areas(layout, shown.len());
    let lanes = shown
        .iter()
        .zip(areas)
        .map(|(&p, area)| PartitionLane {
            partition: p,
            state: states[p as usize],
            area,
        })
        .collect::<Vec<_>>();
    layout.partitions = lanes.iter().map(|l| (l.partition, l.area)).collect();
    Some((lanes, states.len() - shown.len()))
}

/// `n` lanes in the broker box, which grows to hold them (Across).
fn areas(layout: &mut Layout, n: usize) -> Vec<Rect> {
    let b = layout.broker;
    // No ack wait and no dead letters under Kafka: empty, so neither is
    // drawn nor in a token's way (`glides`).
    layout.ack_wait = Rect::new(b.x, b.y, 0.0, 0.0);
    layout.dead = layout.ack_wait;
    match layout.orientation {
        Orientation::Across => {
            let (x, w) = (layout.lanes[0].x, layout.lanes[0].w);
            let y0 = layout.lanes[0].y;
            let areas: Vec<Rect> = (0..n)
                .map(|i| Rect::new(x, y0 + i as f32 * (LANE_H + LANE_GAP), w, LANE_H))
                .collect();
            if let Some(last) = areas.last() {
                let bottom = b.bottom().max(last.bottom() + 8.0);
                layout.broker.h = bottom - b.y;
                layout.height = layout.height.max((bottom + 8.0).ceil());
            }
            areas
        }
        Orientation::Down => {
            // The ack wait's top is the first row's; two columns as wide
            // as the channels were.
            let (x0, y0) = (layout.lanes[0].x, b.y + 24.0);
            let w = layout.lanes[0].w;
            let dx = layout.lanes[1].x - x0;
            (0..n)
                .map(|i| {
                    let (r, c) = ((i / 2) as f32, (i % 2) as f32);
                    Rect::new(x0 + c * dx, y0 + r * (LANE_H + LANE_GAP), w, LANE_H)
                })
                .collect()
        }
    }
}

/// Where a record not in a listener's hand goes: its partition's lane
/// (queued, or handled and waiting for the commit past it).
pub fn place(sim: &Simulation, m: &Message, phase: Phase) -> Option<(Place, u64)> {
    match phase {
        Phase::Queued | Phase::AckWait | Phase::DeadLettered => {
            let (p, offset) = sim.world().kafka_record(m.id)?;
            Some((Place::Partition(p), offset))
        }
        _ => None,
    }
}

/// A record in its lane, in words.
pub fn describe(sim: &Simulation, m: &Message) -> Option<String> {
    let (p, offset) = sim.world().kafka_record(m.id)?;
    Some(format!(
        "{} {} version {}: partition {p} offset {offset}, not committed yet",
        m.event.ticket, m.event.price, m.event.version
    ))
}

/// A lane's head, where the next record leaves for the bus.
pub fn head(layout: &Layout, partition: u32) -> Option<Point> {
    let (_, area) = layout.partitions.iter().find(|(p, _)| *p == partition)?;
    let s = Layout::lane_strip(*area);
    Some(Point::new(
        s.x1 - super::layout::BADGE - super::layout::TOKEN_W / 2.0,
        s.y,
    ))
}

//! Where each part of the system sits on the stage, in SVG user units.
//!
//! Two arrangements of the same parts: `Across` (left to right, for wide
//! screens) and `Down` (top to bottom, 360 units wide, so a 375 px phone
//! shows it at about 1:1 and the 12-unit text stays readable).

use crate::engine::Channel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Orientation {
    Across,
    Down,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }

    /// The point a fraction `p` (0..=1) of the way from `self` to `to`.
    pub fn lerp(self, to: Point, p: f32) -> Point {
        let p = p.clamp(0.0, 1.0);
        Point::new(self.x + (to.x - self.x) * p, self.y + (to.y - self.y) * p)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }
}

/// Rows of a database box shown before "+N more".
pub const DB_ROWS: usize = 4;
/// Tokens drawn in one place before the rest are only counted.
pub const PER_PLACE: usize = 5;
/// Distance between neighbouring tokens in a lane.
pub const SLOT: f32 = 38.0;
const ROW_H: f32 = 18.0;
const DB_HEAD: f32 = 24.0;
const LANE_H: f32 = 44.0;
/// The ack-wait lane also shows each token's countdown under it.
const WAIT_H: f32 = 60.0;
const MEMBER_H: f32 = 56.0;

/// The broker's lanes from `top`: the two channels, the ack wait, dead
/// letters; and the broker box's height around them.
fn lanes_from(x: f32, top: f32, w: f32) -> ([Rect; 2], Rect, Rect, f32) {
    let lane = |y: f32, h: f32| Rect::new(x, y, w, h);
    let created = lane(top, LANE_H);
    let updated = lane(created.bottom() + 6.0, LANE_H);
    let wait = lane(updated.bottom() + 6.0, WAIT_H);
    let dead = lane(wait.bottom() + 6.0, LANE_H);
    let broker_h = dead.bottom() + 8.0 - (top - 26.0);
    ([created, updated], wait, dead, broker_h)
}

/// The fixed geometry of one stage, given how many listeners there are.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub orientation: Orientation,
    pub width: f32,
    pub height: f32,
    pub tickets: Rect,
    pub tickets_db: Rect,
    pub broker: Rect,
    /// `ticket:created`, `ticket:updated`.
    pub lanes: [Rect; 2],
    /// Refused or unacked deliveries wait out their ack wait here.
    pub ack_wait: Rect,
    pub dead: Rect,
    pub group: Rect,
    pub members: Vec<Rect>,
    pub orders_db: Rect,
}

impl Layout {
    pub fn new(orientation: Orientation, listeners: usize) -> Layout {
        let listeners = listeners.max(1);
        let db_h = DB_HEAD + ROW_H * (DB_ROWS as f32 + 1.0) + 6.0;
        match orientation {
            Orientation::Across => {
                let (lanes, ack_wait, dead, broker_h) = lanes_from(196.0, 34.0, 200.0);
                let members: Vec<Rect> = (0..listeners)
                    .map(|i| Rect::new(440.0, 42.0 + i as f32 * 62.0, 104.0, MEMBER_H))
                    .collect();
                let group_h = 42.0 + listeners as f32 * 62.0;
                let height = (8.0 + group_h.max(broker_h).max(56.0 + db_h) + 8.0).ceil();
                Layout {
                    orientation,
                    width: 720.0,
                    height,
                    tickets: Rect::new(8.0, 8.0, 160.0, 44.0),
                    tickets_db: Rect::new(8.0, 64.0, 160.0, db_h),
                    broker: Rect::new(188.0, 8.0, 216.0, broker_h),
                    lanes,
                    ack_wait,
                    dead,
                    group: Rect::new(432.0, 8.0, 120.0, group_h),
                    members,
                    orders_db: Rect::new(562.0, 8.0, 150.0, db_h),
                }
            }
            Orientation::Down => {
                let (lanes, ack_wait, dead, broker_h) = lanes_from(16.0, 170.0, 328.0);
                let cols = listeners.min(4);
                let rows = listeners.div_ceil(4);
                let w = (328.0 - 8.0 * (cols as f32 - 1.0)) / cols as f32;
                let group_y = 144.0 + broker_h + 16.0;
                let members: Vec<Rect> = (0..listeners)
                    .map(|i| {
                        let (r, c) = ((i / 4) as f32, (i % 4) as f32);
                        Rect::new(16.0 + c * (w + 8.0), group_y + 26.0 + r * 64.0, w, MEMBER_H)
                    })
                    .collect();
                let group_h = 26.0 + rows as f32 * 64.0 + 2.0;
                let orders_y = group_y + group_h + 16.0;
                Layout {
                    orientation,
                    width: 360.0,
                    height: (orders_y + db_h + 8.0).ceil(),
                    tickets: Rect::new(8.0, 8.0, 168.0, 44.0),
                    tickets_db: Rect::new(184.0, 8.0, 168.0, db_h),
                    broker: Rect::new(8.0, 144.0, 344.0, broker_h),
                    lanes,
                    ack_wait,
                    dead,
                    group: Rect::new(8.0, group_y, 344.0, group_h),
                    members,
                    orders_db: Rect::new(8.0, orders_y, 344.0, db_h),
                }
            }
        }
    }

    pub fn lane(&self, channel: Channel) -> Rect {
        match channel {
            Channel::TicketCreated => self.lanes[0],
            Channel::TicketUpdated => self.lanes[1],
        }
    }

    /// Slot `k` of a lane, counted from the lane's exit (the queue's head,
    /// nearest the listeners) backwards.
    pub fn slot(lane: Rect, k: usize) -> Point {
        Point::new(lane.right() - 22.0 - k as f32 * SLOT, lane.y + 29.0)
    }

    /// Where a token leaves the broker towards the listeners: its lane's
    /// head across; drawn down, the broker's bottom edge below it, so a token
    /// on the wire never sits in the ack-wait or dead-letter lane.
    pub fn exit(&self, channel: Channel) -> Point {
        let head = Self::slot(self.lane(channel), 0);
        match self.orientation {
            Orientation::Across => head,
            Orientation::Down => Point::new(head.x, self.broker.bottom() + 8.0),
        }
    }

    /// Where a token sits at a listener (`k`: its place among several).
    pub fn at_member(&self, member: usize, k: usize) -> Point {
        let r = self.members[member.min(self.members.len() - 1)];
        Point::new(r.x + 20.0 + k as f32 * 6.0, r.y + 32.0 - k as f32 * 4.0)
    }

    /// The y of row `i` of a database box (the "+N more" line for i >= DB_ROWS).
    pub fn db_row(db: Rect, i: usize) -> f32 {
        db.y + DB_HEAD + ROW_H * (i.min(DB_ROWS) as f32 + 0.5)
    }

    /// Where a write lands: the gutter at the start of the ticket's Orders
    /// row, left of its text (`orders_text_x`), so a landed token never hides
    /// the price and version the verdict is about.
    pub fn orders_row(&self, row: usize) -> Point {
        let db = self.orders_db;
        let gutter = match self.orientation {
            Orientation::Across => 4.0,
            Orientation::Down => 20.0,
        };
        Point::new(db.x + gutter, Self::db_row(db, row))
    }

    /// Where the text of an Orders row starts (after the landing gutter).
    pub fn orders_text_x(&self) -> f32 {
        self.orders_row(0).x + 16.0
    }

    /// Where a token sits just after the broker handed it to Tickets' publish.
    pub fn publisher(&self) -> Point {
        let t = self.tickets;
        Point::new(t.right() - 20.0, t.y + t.h / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apart(a: &Rect, b: &Rect) -> bool {
        a.right() <= b.x || b.right() <= a.x || a.bottom() <= b.y || b.bottom() <= a.y
    }

    #[test]
    fn every_part_fits_inside_the_view_box_and_members_do_not_overlap() {
        for orientation in [Orientation::Across, Orientation::Down] {
            for n in 1..=8 {
                let l = Layout::new(orientation, n);
                let view = Rect::new(0.0, 0.0, l.width, l.height);
                let boxes = [l.tickets, l.tickets_db, l.broker, l.group, l.orders_db];
                let mut parts = boxes.to_vec();
                parts.extend(l.lanes);
                parts.extend([l.ack_wait, l.dead]);
                parts.extend(&l.members);
                for r in &parts {
                    let corner = Point::new(r.right(), r.bottom());
                    assert!(view.contains(Point::new(r.x, r.y)) && view.contains(corner));
                }
                for (i, a) in boxes.iter().enumerate() {
                    for b in &boxes[i + 1..] {
                        assert!(apart(a, b), "{orientation:?} {n}: {a:?} overlaps {b:?}");
                    }
                }
                for lane in l.lanes.iter().chain([&l.ack_wait, &l.dead]) {
                    assert!(l.broker.contains(Point::new(lane.x, lane.y)));
                    assert!(l.broker.contains(Point::new(lane.right(), lane.bottom())));
                }
                for (i, a) in l.members.iter().enumerate() {
                    for b in &l.members[i + 1..] {
                        assert!(apart(a, b), "{orientation:?} {n}: {a:?} overlaps {b:?}");
                    }
                }
                let last = Layout::slot(l.lanes[0], PER_PLACE - 1);
                assert!(
                    l.lanes[0].contains(last),
                    "all {PER_PLACE} slots fit a lane"
                );
            }
        }
    }

    #[test]
    fn the_narrow_stage_is_phone_sized() {
        assert!(Layout::new(Orientation::Down, 8).width <= 360.0);
    }

    #[test]
    fn lerp_clamps_to_the_segment() {
        let (a, b) = (Point::new(0.0, 0.0), Point::new(10.0, 20.0));
        assert_eq!(a.lerp(b, 0.5), Point::new(5.0, 10.0));
        assert_eq!(a.lerp(b, 2.0), b);
    }
}

//! Where each part of the system sits on the stage, in SVG user units.
//!
//! Two arrangements of the same parts: `Across` (left to right, for wide
//! screens) and `Down` (top to bottom, 360 units wide, so a 375 px phone
//! shows it at about 1:1 and the 12-unit text stays readable).
//!
//! Tokens have places of their own, clear of every text label: a row of
//! slots under each lane's title, between a listener's name and its status,
//! and a landing strip between the Orders title and its rows (`Down`: right
//! of the title, which keeps the phone's stage short); a place's
//! "+N" count takes the far end of its row. A token on the wire runs along
//! the queue group's bus (a strip beside the listeners, no listener's box)
//! and enters only its own listener's box.

pub use super::geometry::{Point, Rect};
use super::text::{Anchor, Spot, NOTE, STRONG, TITLE};
use crate::engine::Channel;

/// One of the two database boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Db {
    Tickets,
    Orders,
}

/// Every place a text label goes (see `Layout::spot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    TicketsTitle,
    TicketsNote,
    DbTitle(Db),
    /// Row `i` of a database: ticket, price, version.
    Cell(Db, usize),
    /// How Orders row `i` compares with Tickets (when not in sync).
    Mark(usize),
    /// "+N more" under the rows shown.
    More(Db),
    /// "no rows yet".
    Empty(Db),
    BrokerTitle,
    /// "N acked", at the broker's top right.
    Acked,
    ChannelTitle(Channel),
    WaitTitle,
    DeadTitle,
    /// Kafka: partition `p`'s lane (its owner, committed and end offsets).
    #[cfg(feature = "kafka")]
    PartitionTitle(u32),
    /// "queue group", a line of its own.
    GroupNote,
    /// "orders-service", under it.
    GroupTitle,
    /// JetStream: the consumer's waiting pull requests, in order (Across:
    /// the note's line, at its right end; Down: right of the bus).
    Pulls,
    MemberTitle(usize),
    /// What listener `i` is doing.
    MemberStatus(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Orientation {
    Across,
    Down,
}

/// Rows of a database box shown before "+N more".
pub const DB_ROWS: usize = 4;
/// Tokens drawn in one place before the rest are only counted.
pub const PER_PLACE: usize = 5;
/// The widest token: a six-character version ("v…0031", "v30000").
pub const TOKEN_W: f32 = 56.0;
/// A token's redelivery badge sticks out this far right of its pill.
pub const BADGE: f32 = 7.0;
/// Room between two tokens side by side.
const GAP: f32 = 4.0;
const ROW_H: f32 = 18.0;
const DB_HEAD: f32 = 24.0;
/// Orders' landing strip, between its title and its rows.
const LAND_H: f32 = 26.0;
const LANE_H: f32 = 46.0;
/// The ack-wait lane also shows each token's countdown under it.
const WAIT_H: f32 = 62.0;
/// A token's centre below the top of a lane (under the lane's title).
const LANE_TOKEN_Y: f32 = 33.0;
const MEMBER_H: f32 = 62.0;
const MEMBER_GAP: f32 = 6.0;
/// A token's centre below the top of a listener's box (between its name
/// and its status).
const MEMBER_TOKEN_Y: f32 = 34.0;
/// The bus a token on the wire runs along: a token's width and badge, and
/// a little room on each side.
const BUS_W: f32 = TOKEN_W + BADGE + 8.0;
/// Down: the Tickets service's box, its title and note on one line.
const DOWN_SERVICE_H: f32 = 26.0;
/// Down: the room between the stage's rows (service, broker, group,
/// databases) and above the first.
const DOWN_GAP: f32 = 6.0;
/// Down: the broker's title line above its lanes.
const DOWN_BROKER_HEAD: f32 = 24.0;
/// Down: the ack wait, wide enough for its title (JetStream's says the
/// unacked count against MaxAckPending); dead letters beside it.
const DOWN_WAIT_W: f32 = 216.0;
/// Across: the broker's lanes, wide enough for "JetStream: stream TICKETS"
/// and its acked count on the title line above them.
const ACROSS_LANE_W: f32 = 264.0;
/// The note a pull consumer's group has (`BrokerView::group_note`), which
/// the pulls go right of, Across.
const PULL_NOTE: &str = "pull consumer";
/// Down: the queue group's title line above its listeners.
const DOWN_GROUP_HEAD: f32 = 22.0;
/// Down: a listener's box, its status just under its token row.
const DOWN_MEMBER_H: f32 = 58.0;
/// Down: a listener's status baseline below the top of its box.
const DOWN_MEMBER_STATUS_Y: f32 = 53.0;
/// Down: a database's rows and "+N more" line under its head.
const DOWN_DB_BODY: f32 = ROW_H * (DB_ROWS as f32 + 1.0) + 2.0;
/// Down: a database's head; Orders' has its landing strip right of its
/// title, and Tickets' is as tall, so the rows side by side line up.
const DOWN_DB_HEAD: f32 = 28.0;
/// Down: Tickets DB's width; Orders takes the rest of the row, its landing
/// strip room for a token and a three-digit count.
const DOWN_TICKETS_DB_W: f32 = 146.0;
/// Down: Orders' title ("Orders DB", `Frame::texts`), which its landing
/// strip starts right of.
const ORDERS_TITLE: &str = "Orders DB";

/// A row of token slots: from its head (where tokens leave, or the first
/// to arrive) towards its tail, where the "+N" count goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Strip {
    pub x0: f32,
    pub x1: f32,
    /// The tokens' centre line.
    pub y: f32,
    /// Whether the head is at the right end.
    pub head_right: bool,
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
    /// Kafka: the partitions drawn, each with its lane (`stage::kafka`),
    /// in place of the channels, the ack wait and dead letters; empty
    /// under another broker.
    #[cfg(feature = "kafka")]
    pub partitions: Vec<(u32, Rect)>,
    pub group: Rect,
    pub members: Vec<Rect>,
    /// The centre line of the bus from the broker to the listeners
    /// (vertical: its x).
    pub bus_x: f32,
    pub orders_db: Rect,
}

impl Layout {
    pub fn new(orientation: Orientation, listeners: usize) -> Layout {
        let listeners = listeners.max(1);
        let tickets_h = DB_HEAD + ROW_H * (DB_ROWS as f32 + 1.0) + 6.0;
        let orders_h = tickets_h + LAND_H;
        let lane = |x: f32, y: f32, w: f32, h: f32| Rect::new(x, y, w, h);
        match orientation {
            Orientation::Across => {
                // Lanes top to bottom: the channels, the ack wait, dead letters.
                let (x, w) = (196.0, ACROSS_LANE_W);
                let created = lane(x, 34.0, w, LANE_H);
                let updated = lane(x, created.bottom() + 6.0, w, LANE_H);
                let ack_wait = lane(x, updated.bottom() + 6.0, w, WAIT_H);
                let dead = lane(x, ack_wait.bottom() + 6.0, w, LANE_H);
                let broker = Rect::new(188.0, 8.0, w + 16.0, dead.bottom() + 8.0 - 8.0);
                // The queue group: the bus on its left, the listeners right of it.
                let group_x = broker.right() + 6.0;
                let member_x = group_x + BUS_W;
                let members: Vec<Rect> = (0..listeners)
                    .map(|i| {
                        let y = 42.0 + i as f32 * (MEMBER_H + MEMBER_GAP);
                        Rect::new(member_x, y, 104.0, MEMBER_H)
                    })
                    .collect();
                let last = members[listeners - 1];
                let group = Rect::new(
                    group_x,
                    8.0,
                    last.right() + 8.0 - group_x,
                    last.bottom() + 8.0 - 8.0,
                );
                let orders_db = Rect::new(group.right() + 8.0, 8.0, 150.0, orders_h);
                let tickets_db = Rect::new(8.0, 64.0, 160.0, tickets_h);
                let bottom = [group, broker, tickets_db, orders_db]
                    .iter()
                    .map(Rect::bottom)
                    .fold(0.0, f32::max);
                Layout {
                    orientation,
                    width: orders_db.right() + 8.0,
                    height: (bottom + 8.0).ceil(),
                    tickets: Rect::new(8.0, 8.0, 160.0, 44.0),
                    tickets_db,
                    broker,
                    lanes: [created, updated],
                    ack_wait,
                    dead,
                    #[cfg(feature = "kafka")]
                    partitions: Vec::new(),
                    group,
                    bus_x: group_x + 4.0 + TOKEN_W / 2.0,
                    members,
                    orders_db,
                }
            }
            Orientation::Down => {
                // Compact, so a phone's first screen shows the whole stage
                // under the lesson and Play: the Tickets service on top, on
                // one line; in the broker the ack wait and dead letters side
                // by side, then the two channels side by side, below them,
                // so a token leaving a channel crosses neither; the queue
                // group's title on one line; the two databases side by side
                // at the foot, Orders under the group's centre.
                let tickets = Rect::new(8.0, DOWN_GAP, 344.0, DOWN_SERVICE_H);
                let broker_y = tickets.bottom() + DOWN_GAP;
                let row_y = broker_y + DOWN_BROKER_HEAD;
                let ack_wait = lane(16.0, row_y, DOWN_WAIT_W, WAIT_H);
                let dead_x = ack_wait.right() + 6.0;
                let dead = lane(dead_x, row_y, 344.0 - dead_x, WAIT_H);
                let channel_w = (328.0 - 6.0) / 2.0;
                let created = lane(16.0, ack_wait.bottom() + 6.0, channel_w, LANE_H);
                let updated = lane(created.right() + 6.0, created.y, channel_w, LANE_H);
                let broker = Rect::new(8.0, broker_y, 344.0, updated.bottom() + 6.0 - broker_y);
                // Two columns of listeners with the bus between them.
                let group_y = broker.bottom() + DOWN_GAP;
                let col_w = (328.0 - BUS_W) / 2.0;
                let members: Vec<Rect> = (0..listeners)
                    .map(|i| {
                        let (r, c) = ((i / 2) as f32, (i % 2) as f32);
                        Rect::new(
                            16.0 + c * (col_w + BUS_W),
                            group_y + DOWN_GROUP_HEAD + r * (DOWN_MEMBER_H + MEMBER_GAP),
                            col_w,
                            DOWN_MEMBER_H,
                        )
                    })
                    .collect();
                let last = members[listeners - 1];
                let group = Rect::new(8.0, group_y, 344.0, last.bottom() + 6.0 - group_y);
                let db_y = group.bottom() + DOWN_GAP;
                let tickets_db =
                    Rect::new(8.0, db_y, DOWN_TICKETS_DB_W, DOWN_DB_HEAD + DOWN_DB_BODY);
                let orders_x = tickets_db.right() + 8.0;
                let orders_db = Rect::new(
                    orders_x,
                    db_y,
                    352.0 - orders_x,
                    DOWN_DB_HEAD + DOWN_DB_BODY,
                );
                Layout {
                    orientation,
                    width: 360.0,
                    height: (orders_db.bottom().max(tickets_db.bottom()) + DOWN_GAP).ceil(),
                    tickets,
                    tickets_db,
                    broker,
                    lanes: [created, updated],
                    ack_wait,
                    dead,
                    #[cfg(feature = "kafka")]
                    partitions: Vec::new(),
                    group,
                    bus_x: 16.0 + col_w + 4.0 + TOKEN_W / 2.0,
                    members,
                    orders_db,
                }
            }
        }
    }

    pub fn lane(&self, channel: Channel) -> Rect {
        match channel {
            Channel::TicketCreated => self.lanes[0],
            // A delete is rare and short-lived: it shares the updated
            // lane (its token says "deleted") so the phone's layout keeps
            // two lanes.
            Channel::TicketUpdated | Channel::TicketDeleted => self.lanes[1],
        }
    }

    fn member(&self, i: usize) -> Rect {
        self.members[i.min(self.members.len() - 1)]
    }

    /// The token row of a lane (the channels', the ack wait's, dead
    /// letters'): its head, nearest the listeners, at the right.
    pub fn lane_strip(lane: Rect) -> Strip {
        Strip {
            x0: lane.x + 4.0,
            x1: lane.right() - 4.0,
            y: lane.y + LANE_TOKEN_Y,
            head_right: true,
        }
    }

    /// The token row of listener `i`'s box, its head on the bus's side.
    pub fn member_strip(&self, i: usize) -> Strip {
        let r = self.member(i);
        Strip {
            x0: r.x + 4.0,
            x1: r.right() - 4.0,
            y: r.y + MEMBER_TOKEN_Y,
            head_right: r.x < self.bus_x,
        }
    }

    /// Orders' landing strip: writes land here while their row flashes
    /// (Down: right of its title, where the head has room).
    pub fn landing_strip(&self) -> Strip {
        let db = self.orders_db;
        let (x0, y) = match self.orientation {
            Orientation::Across => (db.x + 6.0, db.y + DB_HEAD + 13.0),
            Orientation::Down => (db.x + 8.0 + TITLE.width(ORDERS_TITLE) + 6.0, db.y + 17.0),
        };
        Strip {
            x0,
            x1: db.right() - 6.0,
            y,
            head_right: false,
        }
    }

    /// A token's path on the wire from `channel`'s lane to `slot` in a
    /// listener's box: out of the lane's head, along the bus, and into that
    /// box from the bus's side, through no other box.
    pub fn wire(&self, channel: Channel, slot: Point) -> [Point; 4] {
        let strip = Self::lane_strip(self.lane(channel));
        self.wire_from(Point::new(strip.x1 - BADGE - TOKEN_W / 2.0, strip.y), slot)
    }

    /// The same path from any lane's `head` (Kafka: a partition's).
    pub fn wire_from(&self, head: Point, slot: Point) -> [Point; 4] {
        let on_bus = match self.orientation {
            // Straight out of the lane to the bus.
            Orientation::Across => Point::new(self.bus_x, head.y),
            // Down out of the broker, into the queue group's head, between
            // its title and its note.
            Orientation::Down => Point::new(self.bus_x, self.group.y + DOWN_GROUP_HEAD / 2.0),
        };
        [head, on_bus, Point::new(self.bus_x, slot.y), slot]
    }

    /// The point a fraction `p` of the way along a path, by length.
    pub fn along(path: &[Point], p: f32) -> Point {
        let total: f32 = path.windows(2).map(|w| w[0].distance(w[1])).sum();
        let mut left = total * p.clamp(0.0, 1.0);
        for w in path.windows(2) {
            let d = w[0].distance(w[1]);
            if left <= d && d > 0.0 {
                return w[0].lerp(w[1], left / d);
            }
            left -= d;
        }
        path[path.len() - 1]
    }

    /// The y of row `i` of a database box (the "+N more" line for i >= DB_ROWS).
    pub fn db_row(&self, db: Db, i: usize) -> f32 {
        let (r, head) = match (db, self.orientation) {
            (Db::Tickets, Orientation::Across) => (self.tickets_db, DB_HEAD),
            (Db::Orders, Orientation::Across) => (self.orders_db, DB_HEAD + LAND_H),
            (Db::Tickets, Orientation::Down) => (self.tickets_db, DOWN_DB_HEAD),
            (Db::Orders, Orientation::Down) => (self.orders_db, DOWN_DB_HEAD),
        };
        r.y + head + ROW_H * (i.min(DB_ROWS) as f32 + 0.5)
    }

    fn db_rect(&self, db: Db) -> Rect {
        match db {
            Db::Tickets => self.tickets_db,
            Db::Orders => self.orders_db,
        }
    }

    /// Where a text label sits; `src/app/stage/parts.rs` draws each one here.
    pub fn spot(&self, text: Text) -> Spot {
        let start = |x: f32, y: f32, font| Spot::new(x, y, Anchor::Start, font);
        let (t, b, g) = (self.tickets, self.broker, self.group);
        let lane_title = |r: Rect| start(r.x + 6.0, r.y + 13.0, NOTE);
        let down = self.orientation == Orientation::Down;
        match text {
            // Down: one line, the note at the right end.
            Text::TicketsTitle if down => start(t.x + 8.0, t.y + 17.0, TITLE),
            Text::TicketsNote if down => Spot::new(t.right() - 8.0, t.y + 17.0, Anchor::End, NOTE),
            Text::TicketsTitle => start(t.x + 8.0, t.y + 18.0, TITLE),
            Text::TicketsNote => start(t.x + 8.0, t.y + 35.0, NOTE),
            Text::DbTitle(db) => start(self.db_rect(db).x + 8.0, self.db_rect(db).y + 16.0, TITLE),
            Text::Cell(db, i) => start(self.db_rect(db).x + 8.0, self.db_row(db, i) + 4.0, NOTE),
            Text::Mark(i) => Spot::new(
                self.orders_db.right() - 6.0,
                self.db_row(Db::Orders, i) + 4.0,
                Anchor::End,
                STRONG,
            ),
            Text::More(db) => start(
                self.db_rect(db).x + 8.0,
                self.db_row(db, DB_ROWS) + 4.0,
                NOTE,
            ),
            Text::Empty(db) => start(self.db_rect(db).x + 8.0, self.db_row(db, 0) + 4.0, NOTE),
            Text::BrokerTitle => start(b.x + 8.0, b.y + 17.0, TITLE),
            Text::Acked => Spot::new(b.right() - 8.0, b.y + 17.0, Anchor::End, NOTE),
            Text::ChannelTitle(c) => lane_title(self.lane(c)),
            #[cfg(feature = "kafka")]
            Text::PartitionTitle(p) => lane_title(
                self.partitions
                    .iter()
                    .find(|(q, _)| *q == p)
                    .map_or(b, |(_, r)| *r),
            ),
            Text::WaitTitle => lane_title(self.ack_wait),
            Text::DeadTitle => lane_title(self.dead),
            // Down: one line, the title left of the bus and the note at
            // the right end.
            Text::GroupNote if down => Spot::new(g.right() - 8.0, g.y + 17.0, Anchor::End, NOTE),
            Text::GroupNote => start(g.x + 8.0, g.y + 15.0, NOTE),
            Text::GroupTitle if down => start(g.x + 8.0, g.y + 17.0, TITLE),
            Text::GroupTitle => start(g.x + 8.0, g.y + 29.0, TITLE),
            Text::Pulls if down => Spot::new(g.right() - 8.0, g.y + 17.0, Anchor::End, NOTE),
            Text::Pulls => Spot::new(g.right() - 8.0, g.y + 15.0, Anchor::End, NOTE),
            Text::MemberTitle(i) => start(self.member(i).x + 6.0, self.member(i).y + 14.0, TITLE),
            Text::MemberStatus(i) => {
                let y = if down { DOWN_MEMBER_STATUS_Y } else { 56.0 };
                start(self.member(i).x + 6.0, self.member(i).y + y, NOTE)
            }
        }
    }
}

impl Layout {
    /// Whether the pulls' `text` fits its line: Across right of the pull
    /// consumer's note, Down right of the bus (where tokens pass).
    pub fn pulls_fit(&self, text: &str) -> bool {
        let r = self.spot(Text::Pulls).rect(text);
        let left = match self.orientation {
            Orientation::Across => self.spot(Text::GroupNote).rect(PULL_NOTE).right() + 6.0,
            Orientation::Down => self.bus_x + TOKEN_W / 2.0 + BADGE + 4.0,
        };
        r.x >= left
    }
}

impl Strip {
    /// Centres for `n` tokens at most `w` wide (badge aside), from the head,
    /// side by side when they fit and closer together when not; and where a
    /// count `count_w` wide goes (its centre), at the tail, clear of them.
    pub fn arrange(&self, n: usize, w: f32, count_w: Option<f32>) -> (Vec<Point>, Option<Point>) {
        let tail_room = count_w.map_or(0.0, |c| c + GAP);
        // Centres run from `first` towards the tail by `step`, the last no
        // further than `last`.
        let (first, last) = if self.head_right {
            (self.x1 - BADGE - w / 2.0, self.x0 + tail_room + w / 2.0)
        } else {
            (self.x0 + w / 2.0, self.x1 - tail_room - BADGE - w / 2.0)
        };
        let room = (first - last).abs();
        let step = match n {
            0 | 1 => 0.0,
            _ => (w + BADGE + GAP).min(room / (n - 1) as f32),
        };
        let dir = if self.head_right { -1.0 } else { 1.0 };
        let slots = (0..n)
            .map(|k| Point::new(first + dir * step * k as f32, self.y))
            .collect();
        let count = count_w.map(|c| {
            let x = if self.head_right {
                self.x0 + c / 2.0
            } else {
                self.x1 - c / 2.0
            };
            Point::new(x, self.y)
        });
        (slots, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apart(a: &Rect, b: &Rect) -> bool {
        !a.overlaps(b)
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
                    assert!(l.group.contains(Point::new(a.x, a.y)));
                    assert!(l.group.contains(Point::new(a.right(), a.bottom())));
                    for b in &l.members[i + 1..] {
                        assert!(apart(a, b), "{orientation:?} {n}: {a:?} overlaps {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_bus_runs_between_the_broker_and_the_listeners_boxes() {
        for orientation in [Orientation::Across, Orientation::Down] {
            for n in 1..=8 {
                let l = Layout::new(orientation, n);
                // The widest token with its badge, anywhere along the bus.
                let (x0, x1) = (l.bus_x - TOKEN_W / 2.0, l.bus_x + TOKEN_W / 2.0 + BADGE);
                for m in &l.members {
                    assert!(
                        x1 < m.x || x0 > m.right(),
                        "{orientation:?} {n}: bus over {m:?}"
                    );
                }
                assert!(x0 > l.group.x && x1 < l.group.right());
                assert!(x0 > l.ack_wait.right() || l.orientation == Orientation::Down);
            }
        }
    }

    #[test]
    fn a_strip_fits_its_tokens_and_count_between_its_ends() {
        let s = Strip {
            x0: 0.0,
            x1: 96.0,
            y: 10.0,
            head_right: false,
        };
        let (slots, count) = s.arrange(PER_PLACE, TOKEN_W, Some(29.0));
        let count = count.unwrap();
        for p in &slots {
            assert!(p.x - TOKEN_W / 2.0 >= 0.0);
            assert!(p.x + TOKEN_W / 2.0 + BADGE + GAP <= count.x - 29.0 / 2.0 + 0.01);
        }
        let (slots, _) = Strip {
            head_right: true,
            ..s
        }
        .arrange(2, 28.0, None);
        assert!(slots[0].x > slots[1].x, "the head is at the right");
        assert_eq!(slots[0].x - slots[1].x, 28.0 + BADGE + GAP, "side by side");
    }

    #[test]
    fn the_narrow_stage_is_phone_sized() {
        assert!(Layout::new(Orientation::Down, 8).width <= 360.0);
        // Short enough that a phone's first screen (375 x 740) shows all
        // of it under the lesson text and Play (tests/e2e/firstvisit.test.mjs):
        // a row of listeners adds only its own height.
        for (n, most) in [(1, 406.0), (2, 406.0), (3, 470.0), (8, 598.0)] {
            let l = Layout::new(Orientation::Down, n);
            assert!(l.height <= most, "{n} listeners: {} high", l.height);
        }
    }

    #[test]
    fn lerp_clamps_to_the_segment() {
        let (a, b) = (Point::new(0.0, 0.0), Point::new(10.0, 20.0));
        assert_eq!(a.lerp(b, 0.5), Point::new(5.0, 10.0));
        assert_eq!(a.lerp(b, 2.0), b);
    }

    #[test]
    fn along_a_path_goes_by_length() {
        let path = [
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(10.0, 30.0),
        ];
        assert_eq!(Layout::along(&path, 0.0), path[0]);
        assert_eq!(Layout::along(&path, 0.25), path[1]);
        assert_eq!(Layout::along(&path, 0.5), Point::new(10.0, 10.0));
        assert_eq!(Layout::along(&path, 1.0), path[2]);
    }
}

//! The fixed parts of the stage: services, databases, channels, the queue
//! group and its listeners, and the links a token travels along.

use crate::fixed::coordinate;
use crate::stage::{mark_word, Db, DbRow, Frame, Layout, Orientation, Rect, Text};
use std::collections::HashMap;
use yew::prelude::*;

fn f(v: f32) -> String {
    coordinate(f64::from(v))
}

fn boxed(r: Rect, class: &'static str) -> Html {
    html! { <rect class={class} x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="6" /> }
}

/// The frame's texts (`Frame::texts`) with where each goes.
struct Texts<'a> {
    layout: &'a Layout,
    texts: HashMap<Text, String>,
}

impl Texts<'_> {
    /// Text `what` at its spot (`Layout::spot`), where the stage keeps
    /// tokens off it; nothing if the frame has no such text.
    fn label(&self, what: Text, class: &'static str) -> Html {
        let Some(text) = self.texts.get(&what) else {
            return Html::default();
        };
        let spot = self.layout.spot(what);
        html! {
            <text class={class} x={f(spot.at.x)} y={f(spot.at.y)} text-anchor={spot.anchor.svg()}>{ text.clone() }</text>
        }
    }
}

/// A database box: its rows, and on Orders how each compares with Tickets
/// (Orders also has its landing strip, between its title and its rows).
fn database(t: &Texts, db: Db, rows: &[DbRow]) -> Html {
    let l = t.layout;
    let r = match db {
        Db::Tickets => l.tickets_db,
        Db::Orders => l.orders_db,
    };
    let marks = db == Db::Orders;
    html! {
        <g class="db-box">
            { boxed(r, "part db") }
            { t.label(Text::DbTitle(db), "part-title") }
            for (i, row) in rows.iter().enumerate() {
                <g key={row.ticket.clone()} class={classes!("db-row", marks.then_some(mark_word(row.mark).replace(' ', "-")),
                        row.flash.then_some("flash"), row.deleted.then_some("deleted"))}>
                    <rect class="db-row-bg" x={f(r.x + 4.0)} y={f(l.db_row(db, i) - 9.0)}
                        width={f(r.w - 8.0)} height="18" rx="3" />
                    { t.label(Text::Cell(db, i), "db-cell") }
                    if marks {
                        { t.label(Text::Mark(i), "db-mark") }
                    }
                </g>
            }
            { t.label(Text::More(db), "db-cell muted") }
            { t.label(Text::Empty(db), "db-cell muted") }
        </g>
    }
}

pub fn links(l: &Layout) -> Html {
    let line = |x1: f32, y1: f32, x2: f32, y2: f32| {
        html! { <line class="link" x1={f(x1)} y1={f(y1)} x2={f(x2)} y2={f(y2)} /> }
    };
    let (t, b, g, o) = (l.tickets, l.broker, l.group, l.orders_db);
    html! {
        <g class="links" aria-hidden="true">
            if l.orientation == Orientation::Across {
                { line(t.right(), t.y + t.h / 2.0, b.x, t.y + t.h / 2.0) }
                { line(b.right(), b.y + 40.0, g.x, b.y + 40.0) }
                { line(g.right(), o.y + 40.0, o.x, o.y + 40.0) }
            } else {
                { line(t.x + t.w / 2.0, t.bottom(), t.x + t.w / 2.0, b.y) }
                { line(b.right() - 40.0, b.bottom(), b.right() - 40.0, g.y) }
                { line(g.x + g.w / 2.0, g.bottom(), g.x + g.w / 2.0, o.y) }
            }
        </g>
    }
}

/// Kafka: a lane per partition drawn (`stage::kafka`).
#[cfg(feature = "kafka")]
fn partitions(fr: &Frame, t: &Texts) -> Html {
    html! {
        for p in &fr.partitions {
            <g key={format!("p{}", p.partition)} class="lane partition">
                { boxed(p.area, "lane-box") }
                { t.label(Text::PartitionTitle(p.partition), "lane-title") }
            </g>
        }
    }
}

#[cfg(not(feature = "kafka"))]
fn partitions(_: &Frame, _: &Texts) -> Html {
    Html::default()
}

pub fn parts(fr: &Frame) -> Html {
    let l = &fr.layout;
    let t = Texts {
        layout: l,
        texts: fr.texts().into_iter().collect(),
    };
    html! {
        <g class="parts">
            { boxed(l.tickets, "part service") }
            { t.label(Text::TicketsTitle, "part-title") }
            { t.label(Text::TicketsNote, "part-note") }
            { database(&t, Db::Tickets, &fr.tickets) }
            { boxed(l.broker, "part broker") }
            { t.label(Text::BrokerTitle, "part-title") }
            { t.label(Text::Acked, "part-note") }
            for c in &fr.channels {
                <g key={c.name} class="lane">
                    { boxed(c.area, "lane-box") }
                    { t.label(Text::ChannelTitle(c.channel), "lane-title") }
                </g>
            }
            // Kafka's are empty: no box, and no title in the frame's texts.
            { boxed(l.ack_wait, "lane-box wait") }
            { t.label(Text::WaitTitle, "lane-title") }
            { boxed(l.dead, "lane-box dead") }
            { t.label(Text::DeadTitle, "lane-title") }
            { partitions(fr, &t) }
            { boxed(l.group, "part group") }
            { t.label(Text::GroupNote, "part-note") }
            { t.label(Text::GroupTitle, "part-title") }
            { t.label(Text::Pulls, "part-note pulls") }
            for (i, m) in fr.members.iter().enumerate() {
                <g key={m.name.clone()} class={classes!("member", (!m.up).then_some("down"))}>
                    <title>{ format!("Listener {}: {}; last decision: {}", m.name, m.status, m.last) }</title>
                    { boxed(m.area, "member-box") }
                    { t.label(Text::MemberTitle(i), "member-title") }
                    { t.label(Text::MemberStatus(i), "member-note") }
                </g>
            }
            { database(&t, Db::Orders, &fr.orders) }
        </g>
    }
}

//! The fixed parts of the stage: services, databases, channels, the queue
//! group and its listeners, and the links a token travels along.

use crate::stage::{layout, DbRow, Frame, Layout, Mark, Rect};
use yew::prelude::*;

fn f(v: f32) -> String {
    format!("{v:.1}")
}

fn boxed(r: Rect, class: &'static str) -> Html {
    html! { <rect class={class} x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="6" /> }
}

fn label(x: f32, y: f32, class: &'static str, text: String) -> Html {
    html! { <text class={class} x={f(x)} y={f(y)}>{ text }</text> }
}

fn mark_word(m: Mark) -> &'static str {
    match m {
        Mark::InSync => "in sync",
        Mark::Lagging => "lagging",
        Mark::Diverged => "diverged",
    }
}

/// A database box: its rows, and on Orders how each compares with Tickets.
/// `text_x`: where a row's text starts (Orders leaves a gutter for landings).
fn database(
    db: Rect,
    title: &'static str,
    rows: &[DbRow],
    more: usize,
    marks: bool,
    text_x: f32,
) -> Html {
    html! {
        <g class="db-box">
            { boxed(db, "part db") }
            { label(db.x + 8.0, db.y + 16.0, "part-title", title.to_string()) }
            for (i, r) in rows.iter().enumerate() {
                <g key={r.ticket.clone()} class={classes!("db-row", marks.then_some(mark_word(r.mark).replace(' ', "-")),
                        r.flash.then_some("flash"))}>
                    <rect class="db-row-bg" x={f(db.x + 4.0)} y={f(Layout::db_row(db, i) - 9.0)}
                        width={f(db.w - 8.0)} height="18" rx="3" />
                    { label(text_x, Layout::db_row(db, i) + 4.0, "db-cell",
                        format!("{} {} {}", r.ticket, r.price, r.version)) }
                    if marks && r.mark != Mark::InSync {
                        { label(db.right() - 6.0, Layout::db_row(db, i) + 4.0, "db-mark", mark_word(r.mark).to_string()) }
                    }
                </g>
            }
            if more > 0 {
                { label(db.x + 8.0, Layout::db_row(db, layout::DB_ROWS) + 4.0, "db-cell muted", format!("+{more} more")) }
            }
            if rows.is_empty() {
                { label(db.x + 8.0, Layout::db_row(db, 0) + 4.0, "db-cell muted", "no rows yet".to_string()) }
            }
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
            if l.orientation == layout::Orientation::Across {
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

pub fn parts(fr: &Frame) -> Html {
    let l = &fr.layout;
    html! {
        <g class="parts">
            { boxed(l.tickets, "part service") }
            { label(l.tickets.x + 8.0, l.tickets.y + 18.0, "part-title", "Tickets service".into()) }
            { label(l.tickets.x + 8.0, l.tickets.y + 35.0, "part-note", "saves, then publishes".into()) }
            { database(l.tickets_db, "Tickets DB", &fr.tickets, fr.more_tickets, false, l.tickets_db.x + 8.0) }
            { boxed(l.broker, "part broker") }
            { label(l.broker.x + 8.0, l.broker.y + 17.0, "part-title", "NATS Streaming".into()) }
            { label(l.broker.right() - 8.0, l.broker.y + 17.0, "part-note end", format!("{} acked", fr.acked)) }
            for c in &fr.channels {
                <g key={c.name} class="lane">
                    { boxed(c.area, "lane-box") }
                    { label(c.area.x + 6.0, c.area.y + 13.0, "lane-title", format!("{}  seq #{}", c.name, c.seq)) }
                </g>
            }
            { boxed(l.ack_wait, "lane-box wait") }
            { label(l.ack_wait.x + 6.0, l.ack_wait.y + 13.0, "lane-title", "no ack: waiting out ack wait".into()) }
            { boxed(l.dead, "lane-box dead") }
            { label(l.dead.x + 6.0, l.dead.y + 13.0, "lane-title", "dead letters".into()) }
            { boxed(l.group, "part group") }
            if l.orientation == layout::Orientation::Across {
                { label(l.group.x + 8.0, l.group.y + 15.0, "part-note", "queue group".into()) }
                { label(l.group.x + 8.0, l.group.y + 29.0, "part-title", "orders-service".into()) }
            } else {
                { label(l.group.x + 8.0, l.group.y + 17.0, "part-title", "queue group orders-service".into()) }
            }
            for m in &fr.members {
                <g key={m.name.clone()} class={classes!("member", (!m.up).then_some("down"))}>
                    { boxed(m.area, "member-box") }
                    { label(m.area.x + 6.0, m.area.y + 14.0, "member-title", format!("Listener {}", m.name)) }
                    { label(m.area.right() - 6.0, m.area.y + 40.0, "member-note end",
                        if m.up { m.last.to_string() } else { "crashed".to_string() }) }
                </g>
            }
            { database(l.orders_db, "Orders DB", &fr.orders, fr.more_tickets, true, l.orders_text_x()) }
        </g>
    }
}

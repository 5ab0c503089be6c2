//! The scenario on a real nats-server (the `conform` feature): a fresh
//! stream and durable pull consumer named after `tag`, one connection per
//! Orders listener (a task that pulls one message at a time, decides with
//! the engine's own `Strategy::decide`, takes the model's processing time
//! for that delivery, then writes and acks, naks or stays silent), and
//! Tickets publishing the scripted actions at their times. Everything goes
//! through the server's wire API (`$JS.API.*`, `$JS.ACK.*` replies), so the
//! server, not a client library, decides every delivery.

use super::model::{verdict, Prediction};
use super::observed::{ack_subject, Delivery, Observed, OrderRow, Refused};
use async_nats::{Client, HeaderMap};
use futures_util::StreamExt;
use occ_playground::engine::config::Deletes;
use occ_playground::engine::strategy::{Decision, OnConflict};
use occ_playground::engine::tickets::{Event, EventKind};
use occ_playground::engine::version::Version;
use occ_playground::engine::{Action, MemberId, Replica, Scenario, TicketId, TitleId};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{sleep, sleep_until, Instant};

const CONSUMER: &str = "orders-service";
const NS_PER_MS: u64 = 1_000_000;

pub fn run(url: &str, s: &Scenario, p: &Prediction, tag: &str) -> Result<Observed, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(run_async(url, s, p, tag))
}

/// The listeners' shared world: the Orders replica, what arrived, and the
/// scripted "lose the next ack".
#[derive(Default)]
struct Orders {
    replica: Replica,
    deliveries: Vec<Delivery>,
    /// Each message's latest arrival, for a redelivery's gap.
    arrived: std::collections::BTreeMap<u64, Instant>,
    lose_next_ack: bool,
}

struct Ticket {
    title: TitleId,
    price: u64,
    version: u64,
    /// The stream's last sequence on `ticket.updated.<id>` as Tickets saw it.
    last_update_seq: u64,
    /// Deleted: Tickets refuses any later edit (the engine's
    /// `ActionError::TicketDeleted`), so nothing is published for it.
    deleted: bool,
}

struct Names {
    stream: String,
    subjects: String,
}

impl Names {
    fn subject(&self, kind: EventKind, id: TicketId) -> String {
        let k = match kind {
            EventKind::Created => "created",
            EventKind::Updated => "updated",
            EventKind::Deleted => "deleted",
        };
        format!("{}.ticket.{k}.{id}", self.subjects)
    }
    fn next(&self) -> String {
        format!("$JS.API.CONSUMER.MSG.NEXT.{}.{CONSUMER}", self.stream)
    }
}

async fn connect(url: &str) -> Result<Client, String> {
    async_nats::connect(url)
        .await
        .map_err(|e| format!("cannot connect to {url}: {e}"))
}

/// A `$JS.API` request; an `error` in the answer is the server's refusal.
async fn api(c: &Client, subject: String, body: Value) -> Result<Value, String> {
    let m = (c.request(subject.clone(), body.to_string().into()).await)
        .map_err(|e| format!("{subject}: {e}"))?;
    let v: Value = serde_json::from_slice(&m.payload).map_err(|e| format!("{subject}: {e}"))?;
    match v.get("error") {
        Some(e) => Err(format!("{subject}: the server said {e}")),
        None => Ok(v),
    }
}

async fn setup(c: &Client, s: &Scenario, n: &Names) -> Result<(), String> {
    let js = &s.config.jetstream;
    let stream = json!({
        "name": n.stream,
        "subjects": [format!("{}.>", n.subjects)],
        "storage": "memory",
        "duplicate_window": js.duplicate_window_ms * NS_PER_MS,
    });
    api(c, format!("$JS.API.STREAM.CREATE.{}", n.stream), stream).await?;
    let mut config = json!({
        "durable_name": CONSUMER,
        "deliver_policy": "all",
        "ack_policy": "explicit",
        "ack_wait": s.config.ack_wait_ms * NS_PER_MS,
        "max_deliver": s.config.max_deliver.map_or(-1, i64::from),
        "max_ack_pending": js.max_ack_pending,
    });
    if !js.backoff_ms.is_empty() {
        let steps: Vec<u64> = js.backoff_ms.iter().map(|ms| ms * NS_PER_MS).collect();
        config["backoff"] = json!(steps);
    }
    let subject = format!("$JS.API.CONSUMER.DURABLE.CREATE.{}.{CONSUMER}", n.stream);
    api(
        c,
        subject,
        json!({ "stream_name": n.stream, "config": config }),
    )
    .await?;
    Ok(())
}

async fn run_async(url: &str, s: &Scenario, p: &Prediction, tag: &str) -> Result<Observed, String> {
    let names = Arc::new(Names {
        stream: format!("CONFORM_{tag}"),
        subjects: format!("conform_{tag}"),
    });
    let tickets_conn = connect(url).await?;
    setup(&tickets_conn, s, &names).await?;
    let result = drive(url, s, p, tag, &names, &tickets_conn).await;
    // The stream goes whatever happened, so runs leave nothing behind.
    let _ = api(
        &tickets_conn,
        format!("$JS.API.STREAM.DELETE.{}", names.stream),
        json!({}),
    )
    .await;
    result
}

async fn drive(
    url: &str,
    s: &Scenario,
    p: &Prediction,
    tag: &str,
    names: &Arc<Names>,
    tickets: &Client,
) -> Result<Observed, String> {
    let mut o = Orders::default();
    o.replica
        .set_tombstones(s.config.on_delete == Deletes::Tombstone);
    let orders = Arc::new(Mutex::new(o));
    let times = Arc::new(p.processing_ms.clone());
    let mut tasks = Vec::new();
    // Pull requests join the waiting queue in member order (A first, as
    // the model's `js_pull_all`): each is flushed before the next.
    for i in 0..s.config.listeners {
        let member = MemberId(i);
        let c = connect(url).await?;
        let inbox = format!("_INBOX.{tag}.{member}");
        let sub = (c.subscribe(inbox.clone()).await).map_err(|e| e.to_string())?;
        pull(&c, names, &inbox).await?;
        let l = Listener {
            member,
            client: c,
            inbox,
            names: names.clone(),
            orders: orders.clone(),
            times: times.clone(),
            scenario: s.clone(),
        };
        tasks.push(tokio::spawn(l.listen(sub)));
    }
    let start = Instant::now();
    let mut t = Tickets {
        client: tickets,
        names,
        scenario: s,
        tickets: Vec::new(),
        titles: Vec::new(),
        last: None,
        published: 0,
        tag,
        refused: Vec::new(),
        duplicates: Vec::new(),
    };
    let mut actions = s.actions.clone();
    actions.sort_by_key(|a| a.at_ms);
    for a in &actions {
        sleep_until(start + Duration::from_millis(a.at_ms)).await;
        if let Action::LoseNextAck = a.action {
            orders.lock().unwrap().lose_next_ack = true;
        } else {
            t.act(&a.action).await?;
        }
    }
    // Past the model's end by more than any ack wait, so a redelivery the
    // model did not predict shows up.
    let c = &s.config;
    let longest = (c.jetstream.backoff_ms.iter().copied())
        .chain([c.ack_wait_ms])
        .max()
        .unwrap_or(c.ack_wait_ms);
    let end = p.end_ms.max(actions.last().map_or(0, |a| a.at_ms));
    sleep_until(start + Duration::from_millis(end + longest.min(5_000) + 300)).await;
    for task in &tasks {
        task.abort();
    }
    for task in tasks {
        if let Ok(Err(e)) = task.await {
            return Err(e);
        }
    }
    let o = orders.lock().unwrap();
    let rows: Vec<OrderRow> = (o.replica.rows().iter().enumerate())
        .filter_map(|(i, r)| {
            r.map(|r| OrderRow {
                ticket: TicketId(i as u32).to_string(),
                price: r.price,
                version: r.version.0,
                deleted: r.deleted,
            })
        })
        .collect();
    let latest: Vec<OrderRow> = (t.tickets.iter().enumerate())
        .map(|(i, x)| OrderRow {
            ticket: TicketId(i as u32).to_string(),
            price: x.price,
            version: x.version,
            deleted: x.deleted,
        })
        .collect();
    Ok(Observed {
        deliveries: o.deliveries.clone(),
        refused: t.refused,
        duplicates: t.duplicates,
        verdict: verdict(&rows, &latest).into(),
        rows,
    }
    .sorted())
}

/// One pull request, batch 1, no expiry: it waits in the consumer's queue
/// until a message goes to it (`processNextMsgRequest`).
async fn pull(c: &Client, names: &Names, inbox: &str) -> Result<(), String> {
    let body = json!({ "batch": 1 }).to_string();
    (c.publish_with_reply(names.next(), inbox.to_string(), body.into())
        .await)
        .map_err(|e| e.to_string())?;
    c.flush().await.map_err(|e| e.to_string())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Wire {
    kind: EventKind,
    ticket: u32,
    title: u32,
    price: u64,
    version: u64,
}

impl Wire {
    fn event(&self) -> Event {
        Event {
            kind: self.kind,
            ticket: TicketId(self.ticket),
            title: TitleId(self.title),
            price: self.price,
            version: Version(self.version),
            prev_version: (self.kind != EventKind::Created)
                .then(|| Version(self.version.saturating_sub(1))),
        }
    }
}

struct Listener {
    member: MemberId,
    client: Client,
    inbox: String,
    names: Arc<Names>,
    orders: Arc<Mutex<Orders>>,
    times: Arc<std::collections::BTreeMap<(u64, u32), u64>>,
    scenario: Scenario,
}

impl Listener {
    async fn listen(self, mut sub: async_nats::Subscriber) -> Result<(), String> {
        while let Some(m) = sub.next().await {
            let Some(reply) = m.reply.as_ref().map(|r| r.to_string()) else {
                continue; // a status message (no reply): nothing to ack
            };
            let Some((number, seq)) = ack_subject(&reply) else {
                return Err(format!("unexpected ack subject {reply:?}"));
            };
            let wire: Wire = serde_json::from_slice(&m.payload).map_err(|e| e.to_string())?;
            let event = wire.event();
            let decision = {
                let mut o = self.orders.lock().unwrap();
                let now = Instant::now();
                let before = o.arrived.insert(seq, now);
                o.deliveries.push(Delivery {
                    seq,
                    number,
                    listener: self.member.to_string(),
                    after_ms: before.map(|t| (now - t).as_millis() as u64),
                });
                self.scenario
                    .config
                    .strategy
                    .decide(o.replica.row(event.ticket), &event)
            };
            let ack = match decision {
                Decision::Skip(_) => true,
                Decision::Refuse(_) => false,
                Decision::Apply(plan) => {
                    let ms = self.times.get(&(seq, number)).copied().unwrap_or(0);
                    sleep(Duration::from_millis(ms)).await;
                    let mut o = self.orders.lock().unwrap();
                    if plan.condition.holds(o.replica.row(event.ticket)) {
                        o.replica.put(event.ticket, plan.row, event.version);
                        true
                    } else {
                        plan.on_conflict == OnConflict::AckSkip
                    }
                }
            };
            self.answer(&reply, ack).await?;
            pull(&self.client, &self.names, &self.inbox).await?;
        }
        Ok(())
    }

    /// Ack, or (refused) nak with the configured delay, or stay silent.
    async fn answer(&self, reply: &str, ack: bool) -> Result<(), String> {
        let body = if ack {
            let mut o = self.orders.lock().unwrap();
            if std::mem::take(&mut o.lose_next_ack) {
                return Ok(());
            }
            "+ACK".to_string()
        } else {
            match self.scenario.config.jetstream.nak_delay_ms {
                None => return Ok(()),
                Some(0) => "-NAK".to_string(),
                Some(ms) => format!("-NAK {}", json!({ "delay": ms * NS_PER_MS })),
            }
        };
        (self.client.publish(reply.to_string(), body.into()).await).map_err(|e| e.to_string())
    }
}

struct Tickets<'a> {
    client: &'a Client,
    names: &'a Names,
    scenario: &'a Scenario,
    tickets: Vec<Ticket>,
    titles: Vec<String>,
    /// The latest publish, for a retry: (subject, payload, its Msg-Id,
    /// the expected last subject sequence it carried).
    last: Option<(String, String, String, Option<u64>)>,
    published: u64,
    tag: &'a str,
    refused: Vec<Refused>,
    duplicates: Vec<u64>,
}

enum Published {
    Stored(u64),
    Duplicate(u64),
    WrongLastSequence,
}

impl Tickets<'_> {
    fn title(&mut self, t: &str) -> TitleId {
        let i = (self.titles.iter().position(|x| x == t)).unwrap_or_else(|| {
            self.titles.push(t.to_string());
            self.titles.len() - 1
        });
        TitleId(i as u32)
    }

    async fn act(&mut self, a: &Action) -> Result<(), String> {
        match a {
            Action::CreateTicket { title, price } => {
                let id = TicketId(self.tickets.len() as u32);
                let title = self.title(title);
                let w = Wire {
                    kind: EventKind::Created,
                    ticket: id.0,
                    title: title.0,
                    price: *price,
                    version: 0,
                };
                if let Published::Stored(_) = self.publish(&w, None).await? {
                    self.tickets.push(Ticket {
                        title,
                        price: *price,
                        version: 0,
                        last_update_seq: 0,
                        deleted: false,
                    });
                }
            }
            Action::DeleteTicket { id } => {
                let Some(t) = self.live(*id)? else {
                    return Ok(());
                };
                let w = Wire {
                    kind: EventKind::Deleted,
                    ticket: id.0,
                    title: t.title.0,
                    price: t.price,
                    version: t.version + 1,
                };
                // The header checks the subject the delete goes to,
                // `ticket.deleted.<id>`, which has no message yet: 0
                // (`World::js_publish_allowed`).
                let expect = (self.scenario.config.jetstream.expect_last_subject_seq).then_some(0);
                if let Published::Stored(_) = self.publish(&w, expect).await? {
                    let t = &mut self.tickets[id.0 as usize];
                    (t.version, t.deleted) = (t.version + 1, true);
                }
            }
            Action::UpdateTicket { id, title, price } => {
                let Some(t) = self.live(*id)? else {
                    return Ok(());
                };
                let (old_title, old_price, expected) = (t.title, t.price, t.last_update_seq);
                let title = title.as_deref().map_or(old_title, |x| self.title(x));
                self.update(*id, title, price.unwrap_or(old_price), expected)
                    .await?;
            }
            Action::TwoEditors {
                id,
                first_price,
                second_price,
            } => {
                let Some(t) = self.live(*id)? else {
                    return Ok(());
                };
                let (title, version, expected) = (t.title, t.version, t.last_update_seq);
                self.update(*id, title, *first_price, expected).await?;
                // The second editor loaded the same copy: with the header the
                // stream refuses it; without, Tickets' own save does.
                if self.scenario.config.jetstream.expect_last_subject_seq {
                    let w = Wire {
                        kind: EventKind::Updated,
                        ticket: id.0,
                        title: title.0,
                        price: *second_price,
                        version: version + 1,
                    };
                    if let Published::Stored(seq) = self.publish(&w, Some(expected)).await? {
                        let t = &mut self.tickets[id.0 as usize];
                        (t.price, t.version, t.last_update_seq) = (*second_price, version + 1, seq);
                    }
                }
            }
            Action::RetryPublish { msg_id } => {
                // The same message sent again, its headers included (an
                // expected last subject sequence too: 2.9 answers the
                // Msg-Id first, `processJetStreamMsg`).
                let (subject, body, id, expected) = self
                    .last
                    .clone()
                    .ok_or("retry-publish before any publish")?;
                let h = headers(msg_id.then_some(id.as_str()), expected);
                if let Published::Duplicate(seq) = self.send(subject, h, body).await? {
                    self.duplicates.push(seq);
                }
            }
            other => return Err(format!("conform cannot replay {other:?}")),
        }
        Ok(())
    }

    /// The ticket an edit loads; `None` once deleted (the engine refuses
    /// the action, so nothing is published).
    fn live(&self, id: TicketId) -> Result<Option<&Ticket>, String> {
        let t = (self.tickets.get(id.0 as usize)).ok_or_else(|| format!("no ticket {id}"))?;
        Ok((!t.deleted).then_some(t))
    }

    async fn update(
        &mut self,
        id: TicketId,
        title: TitleId,
        price: u64,
        expected: u64,
    ) -> Result<(), String> {
        let version = self.tickets[id.0 as usize].version + 1;
        let w = Wire {
            kind: EventKind::Updated,
            ticket: id.0,
            title: title.0,
            price,
            version,
        };
        let expect = self
            .scenario
            .config
            .jetstream
            .expect_last_subject_seq
            .then_some(expected);
        if let Published::Stored(seq) = self.publish(&w, expect).await? {
            let t = &mut self.tickets[id.0 as usize];
            (t.title, t.price, t.version, t.last_update_seq) = (title, price, version, seq);
        }
        Ok(())
    }

    /// Publishes an event with its `Nats-Msg-Id` (and the expected last
    /// subject sequence when set); a 10071 refusal is recorded.
    async fn publish(&mut self, w: &Wire, expected: Option<u64>) -> Result<Published, String> {
        let subject = self.names.subject(w.kind, TicketId(w.ticket));
        let body = serde_json::to_string(w).map_err(|e| e.to_string())?;
        self.published += 1;
        let id = format!("{}-{}", self.tag, self.published);
        let h = headers(Some(id.as_str()), expected);
        let r = self.send(subject.clone(), h, body.clone()).await?;
        match r {
            Published::WrongLastSequence => self.refused.push(Refused {
                ticket: TicketId(w.ticket).to_string(),
                expected: expected.unwrap_or(0),
            }),
            _ => self.last = Some((subject, body, id, expected)),
        }
        Ok(r)
    }

    async fn send(&self, subject: String, h: HeaderMap, body: String) -> Result<Published, String> {
        let m = (self
            .client
            .request_with_headers(subject.clone(), h, body.into())
            .await)
            .map_err(|e| format!("publish to {subject}: {e}"))?;
        let v: Value = serde_json::from_slice(&m.payload).map_err(|e| e.to_string())?;
        if let Some(e) = v.get("error") {
            return match e["err_code"].as_u64() {
                Some(10071) => Ok(Published::WrongLastSequence),
                _ => Err(format!("publish to {subject}: the server said {e}")),
            };
        }
        let seq = v["seq"]
            .as_u64()
            .ok_or_else(|| format!("publish ack without seq: {v}"))?;
        Ok(if v["duplicate"].as_bool() == Some(true) {
            Published::Duplicate(seq)
        } else {
            Published::Stored(seq)
        })
    }
}

/// A publish's headers: its `Nats-Msg-Id` and, when set, the expected
/// last subject sequence.
fn headers(msg_id: Option<&str>, expected: Option<u64>) -> HeaderMap {
    let mut h = HeaderMap::new();
    if let Some(id) = msg_id {
        h.insert("Nats-Msg-Id", id);
    }
    if let Some(e) = expected {
        h.insert(
            "Nats-Expected-Last-Subject-Sequence",
            e.to_string().as_str(),
        );
    }
    h
}

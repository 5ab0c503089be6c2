//! In-browser component tests: controls dispatch the right messages, tables render
//! the rows they are given, bad input shows a message and dispatches nothing.
#![cfg(target_arch = "wasm32")]

use occ_playground::app::controls::{Controls, ControlsProps};
use occ_playground::app::orders_panel::{OrdersPanel, OrdersPanelProps};
use occ_playground::app::tickets_panel::{TicketsPanel, TicketsPanelProps};
use occ_playground::app::verdict::{Verdict, VerdictProps};
use occ_playground::engine::{MemberId, Strategy, TicketId, VersionScheme};
use occ_playground::playground::view::*;
use occ_playground::playground::Msg;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlSelectElement;

mod web_support;

use web_support::{button, recorder, root, set_input};

wasm_bindgen_test_configure!(run_in_browser);

fn controls_view() -> ControlsView {
    ControlsView {
        strategy: Strategy::Naive,
        scheme: VersionScheme::Increment,
        on_delete: Default::default(),
        broker: Default::default(),
        jetstream: Default::default(),
        kafka: Default::default(),
        produce_retry_permille: 0,
        listeners: 2,
        ack_wait_ms: 5000,
        delivery_ms: (1, 20),
        processing_ms: (1, 10),
        seed: 7,
        members: vec![MemberId(0), MemberId(1)],
        playing: false,
        speed: 4,
        step: 3,
        now_ms: 12,
        finished: false,
    }
}

#[wasm_bindgen_test]
async fn controls_dispatch_messages() {
    let (on_msg, seen) = recorder();
    let r = root();
    yew::Renderer::<Controls>::with_root_and_props(
        r.clone(),
        ControlsProps {
            folded: false,
            skipped: None,
            view: controls_view(),
            on_msg,
        },
    )
    .render();
    yew::scheduler::flush().await;

    for (label, msg) in [
        ("Play", Msg::Play),
        ("Step", Msg::Step),
        ("Step back", Msg::StepBack),
        ("Reset", Msg::Reset),
        ("Shuffle", Msg::Shuffle),
        ("Burst", Msg::Burst(200)),
        ("Crash B", Msg::Crash(MemberId(1))),
        ("Lose next ack", Msg::LoseNextAck),
        ("Delay spike", Msg::DelaySpike),
    ] {
        button(&r, label).click();
        assert_eq!(seen.borrow().last(), Some(&msg), "{label}");
    }

    let strategy: HtmlSelectElement = r
        .query_selector("#strategy")
        .unwrap()
        .unwrap()
        .unchecked_into();
    strategy.set_value("occ");
    strategy
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    assert_eq!(seen.borrow().last(), Some(&Msg::SetStrategy(Strategy::Occ)));

    set_input(&r, "#listeners", "3", "change");
    assert_eq!(seen.borrow().last(), Some(&Msg::SetListeners(3)));

    // Issue 28: Settings' Deletes picks hard or tombstone deletes.
    let deletes: HtmlSelectElement = r
        .query_selector("#on-delete")
        .unwrap()
        .expect("the Deletes setting")
        .unchecked_into();
    deletes.set_value("tombstone");
    web_support::fire(&deletes, "change");
    assert_eq!(
        seen.borrow().last(),
        Some(&Msg::SetOnDelete(
            occ_playground::engine::config::Deletes::Tombstone
        ))
    );
}

#[wasm_bindgen_test]
async fn out_of_range_input_shows_a_message_and_changes_nothing() {
    let (on_msg, seen) = recorder();
    let r = root();
    yew::Renderer::<Controls>::with_root_and_props(
        r.clone(),
        ControlsProps {
            folded: false,
            skipped: None,
            view: controls_view(),
            on_msg,
        },
    )
    .render();
    yew::scheduler::flush().await;

    set_input(&r, "#listeners", "9", "change");
    yew::scheduler::flush().await;
    assert!(
        seen.borrow().is_empty(),
        "nothing dispatched: {:?}",
        seen.borrow()
    );
    let msg = r
        .query_selector("#listeners-error")
        .unwrap()
        .expect("an error message next to the field");
    assert_eq!(
        msg.text_content().unwrap(),
        "Enter a whole number from 1 to 8."
    );

    set_input(&r, "#seed", "-4", "change");
    yew::scheduler::flush().await;
    assert!(seen.borrow().is_empty());
    assert!(r.query_selector("#seed-error").unwrap().is_some());
}

fn ticket(id: &str, price: &str, version: &str) -> TicketRow {
    TicketRow {
        ticket: TicketId::parse(id).unwrap(),
        id: id.into(),
        title: "concert".into(),
        price: price.into(),
        version: version.into(),
    }
}

#[wasm_bindgen_test]
async fn tickets_panel_renders_rows_and_validates_the_form() {
    let (on_msg, seen) = recorder();
    let r = root();
    let tickets = vec![ticket("CZQ", "15", "2"), ticket("ABC", "20", "0")];
    yew::Renderer::<TicketsPanel>::with_root_and_props(
        r.clone(),
        TicketsPanelProps { tickets, on_msg },
    )
    .render();
    yew::scheduler::flush().await;

    let caption = r.query_selector("table caption").unwrap().unwrap();
    assert_eq!(caption.text_content().unwrap(), "Tickets database");
    let rows = r.query_selector_all("table tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    assert_eq!(
        rows.item(0).unwrap().text_content().unwrap(),
        "CZQconcert152"
    );

    set_input(&r, "#create-title", "opera", "input");
    set_input(&r, "#create-price", "30", "input");
    yew::scheduler::flush().await;
    button(&r, "Create ticket").click();
    yew::scheduler::flush().await;
    assert_eq!(
        seen.borrow().last(),
        Some(&Msg::Create {
            title: "opera".into(),
            price: 30
        })
    );

    set_input(&r, "#create-price", "lots", "input");
    yew::scheduler::flush().await;
    button(&r, "Create ticket").click();
    yew::scheduler::flush().await;
    assert_eq!(
        seen.borrow().len(),
        1,
        "an invalid price dispatches nothing"
    );
    assert!(r.query_selector("#create-price-error").unwrap().is_some());

    set_input(&r, "#update-price", "10", "input");
    yew::scheduler::flush().await;
    button(&r, "Update").click();
    assert_eq!(
        seen.borrow().last(),
        Some(&Msg::Update {
            id: TicketId::parse("CZQ").unwrap(),
            title: None,
            price: Some(10)
        })
    );
    button(&r, "Two editors").click();
    assert_eq!(
        seen.borrow().last(),
        Some(&Msg::TwoEditors {
            id: TicketId::parse("CZQ").unwrap(),
            first_price: 10,
            second_price: 15
        })
    );
}

#[wasm_bindgen_test]
async fn orders_table_marks_each_row_against_its_source() {
    let r = root();
    let row = |id: &str, sync| ReplicaRow {
        id: id.into(),
        title: "concert".into(),
        price: "10".into(),
        version: "1".into(),
        sync,
    };
    let props = OrdersPanelProps {
        members: vec![MemberView {
            member: MemberId(0),
            name: "A".into(),
            up: false,
            in_hand: vec![],
            last_decision: "applied v1".into(),
        }],
        rows: vec![
            row("CZQ", Sync::Diverged),
            row("ABC", Sync::InSync),
            row("QRS", Sync::Lagging),
        ],
    };
    yew::Renderer::<OrdersPanel>::with_root_and_props(r.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(
        r.query_selector("table caption")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Orders database"
    );
    let marks: Vec<String> = (0..3)
        .map(|i| {
            r.query_selector_all("tbody .sync")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(marks, ["diverged", "in sync", "lagging"]);
    assert!(r.text_content().unwrap().contains("Listener A (crashed)"));
}

#[wasm_bindgen_test]
async fn verdict_is_a_status_with_words_and_colour() {
    let r = root();
    let verdict = VerdictView {
        kind: VerdictKind::Diverged,
        reason: "Orders has price 10 for ticket CZQ; Tickets has 15".into(),
    };
    yew::Renderer::<Verdict>::with_root_and_props(r.clone(), VerdictProps { verdict }).render();
    yew::scheduler::flush().await;
    let status = r.query_selector("[role=status]").unwrap().unwrap();
    assert!(status.class_list().contains("bad"));
    assert_eq!(
        status.text_content().unwrap(),
        // The "?" explains the verdict word (its sentence is the ?'s name).
        "Diverged?Orders has price 10 for ticket CZQ; Tickets has 15"
    );
}

#[wasm_bindgen_test]
async fn a_term_explains_itself_on_focus_and_in_the_glossary() {
    use occ_playground::app::explain::{Explain, ExplainProps, Glossary};
    let r = root();
    yew::Renderer::<Explain>::with_root_and_props(
        r.clone(),
        ExplainProps {
            term: "ack-wait".into(),
        },
    )
    .render();
    yew::scheduler::flush().await;
    let q = r
        .query_selector(".explain")
        .unwrap()
        .expect("a ? for the term");
    assert_eq!(
        q.get_attribute("tabindex").as_deref(),
        Some("0"),
        "reachable by keyboard"
    );
    let name = q.get_attribute("aria-label").unwrap();
    assert!(
        name.starts_with("Ack wait: ") && name.contains("redelivers"),
        "{name}"
    );
    let g = root();
    yew::Renderer::<Glossary>::with_root(g.clone()).render();
    yew::scheduler::flush().await;
    let text = g.text_content().unwrap();
    for term in [
        "Queue group",
        "newest-wins",
        "prev-version",
        "Livelock",
        "Quiescence",
        "Delay spike",
    ] {
        assert!(text.contains(term), "{term} in the glossary");
    }
}

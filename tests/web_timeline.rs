//! In-browser component test: the virtualized timeline renders only what is in view,
//! follows scrolling and the current step, and selects steps by mouse and keyboard.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use occ_playground::app::{Timeline, ROW_HEIGHT};
use occ_playground::playground::view::{Lane, TimelineRow, TimelineRows};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const LANES: [&str; 5] = [
    "Tickets",
    "NATS broker",
    "Listener A",
    "Listener B",
    "Orders DB",
];
const KINDS: [&str; 6] = ["publish", "deliver", "read", "write", "ack", "redeliver"];

fn rows(n: u64) -> TimelineRows {
    TimelineRows::from(
        (0..n)
            .map(|i| TimelineRow {
                step: i,
                time_ms: i * 3,
                from: (i % 5) as usize,
                to: if i % 7 == 0 {
                    (i % 5) as usize
                } else {
                    ((i + 1) % 5) as usize
                },
                label: format!("event {i}"),
                detail: format!("details of step {i}"),
                kind: KINDS[(i % 6) as usize].to_string(),
                flagged: i % 97 == 0,
            })
            .collect::<Vec<_>>(),
    )
}

/// What the wrapper saw, and a handle to change `current` from the test.
#[derive(Default)]
struct Probe {
    selected: RefCell<Vec<u64>>,
    set_current: RefCell<Option<UseStateSetter<Option<u64>>>>,
}

#[derive(Properties)]
struct WrapProps {
    rows: TimelineRows,
    initial: Option<u64>,
    probe: Rc<Probe>,
}

impl PartialEq for WrapProps {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows && Rc::ptr_eq(&self.probe, &other.probe)
    }
}

/// Plays the page: selecting a step makes it current.
#[component]
fn Wrapper(props: &WrapProps) -> Html {
    let current = use_state(|| props.initial);
    *props.probe.set_current.borrow_mut() = Some(current.setter());
    let on_select = {
        let (current, probe) = (current.clone(), props.probe.clone());
        Callback::from(move |step: u64| {
            probe.selected.borrow_mut().push(step);
            current.set(Some(step));
        })
    };
    let lanes: Vec<Lane> = LANES
        .iter()
        .map(|n| Lane {
            name: n.to_string(),
        })
        .collect();
    html! { <Timeline {lanes} rows={props.rows.clone()} current={*current} {on_select} /> }
}

/// Mounts a timeline with the page's stylesheet (the 320px scroll container comes from it).
async fn mount(n: u64, initial: Option<u64>) -> (Element, Rc<Probe>) {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("page-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("page-css");
        style.set_text_content(Some(include_str!("../static/style.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let probe = Rc::new(Probe::default());
    let props = WrapProps {
        rows: rows(n),
        initial,
        probe: probe.clone(),
    };
    yew::Renderer::<Wrapper>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, probe)
}

fn scroller(root: &Element) -> Element {
    root.query_selector(".tl-scroll")
        .unwrap()
        .expect("scroll container")
}

fn row_count(root: &Element) -> u32 {
    root.query_selector_all(".tl-row").unwrap().length()
}

fn row(root: &Element, step: u64) -> Option<HtmlElement> {
    let el = root
        .query_selector(&format!(".tl-row[data-step=\"{step}\"]"))
        .unwrap();
    el.map(|e| e.dyn_into().unwrap())
}

async fn scroll_to(root: &Element, top: i32) {
    let el = scroller(root);
    el.set_scroll_top(top);
    el.dispatch_event(&Event::new("scroll").unwrap()).unwrap();
    yew::scheduler::flush().await;
}

async fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn active_step() -> Option<String> {
    let document = web_sys::window().unwrap().document().unwrap();
    document.active_element()?.get_attribute("data-step")
}

fn has_class(el: &Element, class: &str) -> bool {
    el.class_name().split_whitespace().any(|c| c == class)
}

fn detail_text(root: &Element) -> String {
    root.query_selector(".tl-detail")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn ten_thousand_rows_render_a_bounded_window_with_lanes() {
    let (root, _) = mount(10_000, None).await;
    let count = row_count(&root);
    assert!(count > 0 && count < 100, "{count} rows in the DOM");
    assert!(row(&root, 0).is_some());
    assert!(row(&root, 9_999).is_none());

    let head = root
        .query_selector(".tl-head")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    for lane in LANES {
        assert!(
            head.contains(lane),
            "lane {lane} missing from header: {head}"
        );
    }
    let el = scroller(&root);
    assert_eq!(el.get_attribute("role").as_deref(), Some("listbox"));
    assert_eq!(el.get_attribute("aria-label").as_deref(), Some("Timeline"));
    let height = el.client_height(); // 320px from style.css, less borders and scrollbar
    assert!(
        (250..=320).contains(&height),
        "fixed-height container: {height}px"
    );
    assert!(
        el.scroll_height() >= 10_000 * ROW_HEIGHT,
        "spacer holds every row"
    );

    let first = row(&root, 1).unwrap();
    let name = first.text_content().unwrap();
    assert!(
        name.contains("event 1") && name.contains("3 ms"),
        "accessible name: {name}"
    );
    assert_eq!(first.title(), "details of step 1");
    // One tab stop only (roving tabindex).
    assert_eq!(
        root.query_selector_all(".tl-row[tabindex=\"0\"]")
            .unwrap()
            .length(),
        1
    );
    assert!(root
        .query_selector(".tl-row.tl-k-deliver .tl-arrow")
        .unwrap()
        .is_some());
    assert!(has_class(&row(&root, 0).unwrap(), "tl-flagged"));
    assert!(
        row(&root, 7)
            .unwrap()
            .query_selector(".tl-dot")
            .unwrap()
            .is_some(),
        "self step"
    );
}

#[wasm_bindgen_test]
async fn scrolling_renders_rows_near_the_offset() {
    let (root, _) = mount(10_000, None).await;
    scroll_to(&root, 5_000 * ROW_HEIGHT).await;
    assert_eq!(scroller(&root).scroll_top(), 5_000 * ROW_HEIGHT);
    assert!(
        row(&root, 5_000).is_some(),
        "row 5000 rendered after scrolling"
    );
    assert!(row(&root, 5_005).is_some());
    assert!(row(&root, 0).is_none(), "rows far above are gone");
    assert!(row_count(&root) < 100);
    let top = row(&root, 5_000).unwrap().offset_top();
    assert_eq!(top, 5_000 * ROW_HEIGHT, "row positioned at its offset");
}

#[wasm_bindgen_test]
async fn a_hundred_thousand_rows_stay_bounded() {
    let t0 = js_sys::Date::now();
    let (root, _) = mount(100_000, None).await;
    let t1 = js_sys::Date::now();
    scroll_to(&root, 99_990 * ROW_HEIGHT).await;
    let t2 = js_sys::Date::now();
    console_log!(
        "100k rows: mount {} ms, scroll re-render {} ms",
        t1 - t0,
        t2 - t1
    );
    assert!(row(&root, 99_999).is_some(), "last row reachable");
    assert!(row_count(&root) < 100);
}

#[wasm_bindgen_test]
async fn current_row_is_highlighted_and_scrolled_into_view() {
    let (root, probe) = mount(10_000, Some(7_000)).await;
    let current = row(&root, 7_000).expect("current row rendered");
    assert!(has_class(&current, "tl-current"));
    assert_eq!(
        current.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let top = scroller(&root).scroll_top();
    let rows_height = scroller(&root).client_height() - 28; // less the sticky header
    assert!(
        top <= 7_000 * ROW_HEIGHT && 7_001 * ROW_HEIGHT <= top + rows_height,
        "top {top}"
    );
    assert!(
        detail_text(&root).contains("details of step 7000"),
        "current step's details"
    );
    assert_eq!(root.query_selector_all(".tl-current").unwrap().length(), 1);

    // The page moves `current` (e.g. playing): the timeline follows.
    let set = probe.set_current.borrow().clone().unwrap();
    set.set(Some(200));
    yew::scheduler::flush().await;
    let current = row(&root, 200).expect("new current row rendered");
    assert!(has_class(&current, "tl-current"));
    assert!(row(&root, 7_000).is_none());
}

#[wasm_bindgen_test]
async fn clicking_a_row_selects_its_step() {
    let (root, probe) = mount(10_000, None).await;
    scroll_to(&root, 300 * ROW_HEIGHT).await;
    row(&root, 303).unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(*probe.selected.borrow(), vec![303]);
    assert!(has_class(&row(&root, 303).unwrap(), "tl-current"));
}

#[wasm_bindgen_test]
async fn hover_and_focus_show_details() {
    let (root, _) = mount(100, None).await;
    assert!(
        detail_text(&root).contains("Hover"),
        "hint before any hover"
    );
    let r = row(&root, 4).unwrap();
    r.dispatch_event(&MouseEvent::new("mouseenter").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(
        detail_text(&root).contains("details of step 4"),
        "{}",
        detail_text(&root)
    );
    scroller(&root)
        .dispatch_event(&MouseEvent::new("mouseleave").unwrap())
        .unwrap();
    row(&root, 9).unwrap().focus().unwrap();
    yew::scheduler::flush().await;
    assert!(
        detail_text(&root).contains("details of step 9"),
        "{}",
        detail_text(&root)
    );
}

#[wasm_bindgen_test]
async fn arrows_move_focus_and_enter_selects() {
    let (root, probe) = mount(10_000, None).await;
    row(&root, 0).unwrap().focus().unwrap();
    yew::scheduler::flush().await;
    key(&row(&root, 0).unwrap(), "ArrowDown").await;
    assert_eq!(active_step().as_deref(), Some("1"));
    for _ in 0..20 {
        let at = active_step().unwrap().parse::<u64>().unwrap();
        key(&row(&root, at).unwrap(), "ArrowDown").await;
    }
    assert_eq!(active_step().as_deref(), Some("21"));
    assert!(scroller(&root).scroll_top() > 0, "focused row kept in view");
    key(&row(&root, 21).unwrap(), "ArrowUp").await;
    assert_eq!(active_step().as_deref(), Some("20"));
    key(&row(&root, 20).unwrap(), "Enter").await;
    assert_eq!(*probe.selected.borrow(), vec![20]);
    assert!(detail_text(&root).contains("details of step 20"));

    key(&row(&root, 20).unwrap(), "End").await;
    assert_eq!(
        active_step().as_deref(),
        Some("9999"),
        "End reaches the last row"
    );
    key(&row(&root, 9_999).unwrap(), "Home").await;
    assert_eq!(active_step().as_deref(), Some("0"));
}

//! The playground's reducer, natively: messages become engine commands, and the
//! verdict and tables shown follow the engine's checker.

use occ_playground::engine::{MemberId, Strategy, TicketId};
use occ_playground::import::open_file;
use occ_playground::offload::task::{Done, FileSource, Job, JobEvent};
use occ_playground::playground::keys::{shortcut, timeline_key, KeyContext, RowKey};
use occ_playground::playground::lessons::LESSONS;
use occ_playground::playground::provenance::{Fragment, From};
use occ_playground::playground::view::{Sync, VerdictKind};
use occ_playground::playground::work::Heard;
use occ_playground::playground::{persist, project, ImportMsg, Msg, Playground, Tab};
use occ_playground::share::{self, SharedState};
use std::rc::Rc;

fn fresh() -> Rc<Playground> {
    Rc::new(Playground::default())
}

fn lecture() -> Rc<Playground> {
    fresh().reduce(Msg::Lesson(0))
}

fn run_to_end(mut s: Rc<Playground>) -> Rc<Playground> {
    for _ in 0..10_000 {
        if s.sim().finished() {
            return s;
        }
        s = s.reduce(Msg::Step);
    }
    panic!("the run did not finish");
}

#[test]
fn naive_diverges_then_occ_converges_on_the_same_story() {
    let s = run_to_end(lecture());
    let v = project::verdict(&s.sim());
    assert_eq!(v.kind, VerdictKind::Diverged);
    assert!(v.reason.starts_with("Orders has price"), "{}", v.reason);
    assert_eq!(project::replica(&s.sim())[0].sync, Sync::Diverged);

    let s = run_to_end(s.reduce(Msg::SetStrategy(Strategy::Occ)));
    assert_eq!(project::verdict(&s.sim()).kind, VerdictKind::Consistent);
    let row = &project::replica(&s.sim())[0];
    assert_eq!((row.price.as_str(), row.sync), ("15", Sync::InSync));
    assert!(project::timeline(&s.sim())
        .iter()
        .any(|r| r.kind == "redeliver"));
}

#[test]
fn step_back_then_forward_is_the_same_state() {
    let mut s = lecture();
    for _ in 0..7 {
        s = s.reduce(Msg::Step);
    }
    let snapshot = |s: &Playground| {
        let sim = s.sim();
        (
            sim.steps_taken(),
            sim.now_ms(),
            project::tickets(&sim),
            project::replica(&sim),
            project::messages(&sim),
            project::verdict(&sim),
        )
    };
    let before = snapshot(&s);
    let s = s.reduce(Msg::StepBack);
    assert_eq!(s.sim().steps_taken(), 6);
    let s = s.reduce(Msg::Step);
    assert_eq!(snapshot(&s), before);
}

#[test]
fn actions_apply_and_bad_ones_leave_a_notice() {
    let s = fresh();
    assert_eq!(
        project::tickets(&s.sim()).len(),
        1,
        "the page opens with ticket CZQ"
    );
    let s = s.reduce(Msg::Create {
        title: "opera".into(),
        price: 30,
    });
    assert_eq!(project::tickets(&s.sim()).len(), 2);
    let nope = TicketId(500);
    let s = s.reduce(Msg::Update {
        id: nope,
        title: None,
        price: Some(1),
    });
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains(&nope.to_string()),
        "{:?}",
        s.notice
    );
    let s = s.reduce(Msg::Crash(MemberId(25)));
    assert!(s.notice.is_some(), "no listener Z");
    let s = s.reduce(Msg::Burst(200));
    assert!(s.playing, "the burst plays");
    assert_eq!(s.sim().tickets()[0].version.to_string(), "200");
}

#[test]
fn a_paused_tick_is_the_same_state_and_play_stops_at_the_end() {
    let s = lecture();
    let same = s.clone().reduce(Msg::Tick);
    assert!(Rc::ptr_eq(&s, &same), "a paused tick changes nothing");
    let mut s = s.reduce(Msg::Play);
    assert!(s.playing);
    for _ in 0..10_000 {
        if !s.playing {
            break;
        }
        s = s.reduce(Msg::Tick);
    }
    assert!(
        !s.playing && s.sim().finished(),
        "play stops when the run is over"
    );
    assert!(!s.clone().reduce(Msg::Play).playing, "nothing left to play");
}

#[test]
fn tabs_pause_the_live_run_and_load_keeps_the_panels() {
    let s = lecture().reduce(Msg::Play);
    let s = s.reduce(Msg::ShowTab(Tab::Experiments));
    assert!(!s.playing, "the live run pauses while away");
    let state = SharedState {
        scenario: s.sim().scenario().clone(),
        step: 3,
        lesson: None,
    };
    let s = s.reduce(Msg::Open {
        state: Box::new(state),
        from: From::File,
    });
    assert_eq!(
        (s.tab, s.sim().steps_taken(), s.lesson),
        (Tab::Live, 3, None)
    );
}

#[test]
fn import_opens_a_good_file_and_a_bad_one_changes_nothing() {
    let s = lecture().reduce(Msg::Step).reduce(Msg::Step);
    let file = s.export_scenario();
    // What the page sends for an import (`app/effects/file.rs`), and what
    // the engine worker reads it into (`Job::Open`).
    let import = |s: std::rc::Rc<Playground>, text: &str| {
        let s = s.reduce(Msg::Import(ImportMsg::Read("blob:picked".into())));
        let order = s.import_order().expect("the import is a job");
        assert!(
            matches!(&order.jobs[..], [Job::Open { file: FileSource::Blob(u) }] if u == "blob:picked")
        );
        let event = JobEvent::Finished(open_file(text).map(|file| Done::Opened {
            file: Box::new(file),
        }));
        let s = s.reduce(Msg::Import(ImportMsg::Heard(Heard {
            run: order.run,
            job: 0,
            event,
        })));
        assert!(s.import_order().is_none(), "the job is over");
        s
    };
    let s2 = import(fresh(), &file);
    assert_eq!(s2.shared(), s.shared());
    let s3 = import(s2.clone(), "{\"format\": 99}");
    assert!(occ_playground::import::imported("{\"format\": 99}").is_err());
    assert!(s3
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("could not be imported"));
    assert_eq!(
        s3.shared(),
        s2.shared(),
        "a bad file leaves the run as it was"
    );
    let trace: serde_json::Value = serde_json::from_str(&s.export_trace()).unwrap();
    assert_eq!(trace["step"], 2);
    assert!(trace["trace"]["steps"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
}

#[test]
fn a_refused_copy_shows_the_text_and_says_why() {
    let s = fresh().reduce(Msg::Copied {
        text: "http://x/#v1.abc".into(),
        what: "link",
        copied: false,
    });
    assert_eq!(s.shown_link.as_deref(), Some("http://x/#v1.abc"));
    assert!(s
        .share_said
        .as_deref()
        .unwrap_or("")
        .contains("select the link"));
    let s = s.reduce(Msg::Copied {
        text: "t".into(),
        what: "link",
        copied: true,
    });
    assert_eq!(
        s.share_said.as_deref(),
        Some("Copied the link to the clipboard."),
        "copying is confirmed"
    );
}

#[test]
fn the_page_opens_a_link_else_storage_else_the_default() {
    let s = lecture().reduce(Msg::Step);
    let link = format!("#{}", share::encode(&s.shared()));
    assert_eq!(persist::initial(&link, None).shared(), s.shared());
    let stored = serde_json::to_string(&s.shared()).unwrap();
    assert_eq!(persist::initial("", Some(&stored)).shared(), s.shared());
    let bad = persist::initial("#v1.garbage", Some(&stored));
    assert!(bad
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("could not be opened"));
    // The saved work stays open (and is not overwritten) when a link fails.
    assert_eq!(bad.shared(), s.shared());
    assert_eq!(
        persist::initial("#v1.garbage", None).shared(),
        Playground::default().shared()
    );
    // Nothing saved that reads: what a new visitor sees, lesson 1 ready to play.
    let new_visitor = persist::initial("", Some("{oops"));
    assert_eq!(new_visitor.lesson, Some(0));
    assert_eq!(new_visitor.shared().step, 0);
    assert_eq!(new_visitor.came_from(), From::Lesson);
    assert_eq!(persist::initial("", None).shared(), new_visitor.shared());
    assert!(persist::is_embed_query("?a=1&embed"));
    assert!(persist::is_embed_query("?embed=1"));
    assert!(!persist::is_embed_query("?embedded"));
    let code = persist::embed_code("https://c/p/", &s.shared());
    assert!(
        code.starts_with("<iframe src=\"https://c/p/?embed#v1."),
        "{code}"
    );
    let reopened = share::decode(
        persist::share_link("https://c/p/", &s.shared())
            .split_once('#')
            .unwrap()
            .1,
    );
    assert_eq!(reopened.unwrap(), s.shared());
}

#[test]
fn links_and_lessons_open_as_not_yet_saved_and_query_options_apply() {
    use occ_playground::embed_options;
    let s = lecture().reduce(Msg::Step);
    let link = format!("#{}", share::encode(&s.shared()));
    let none = embed_options::parse("");
    let o = persist::opening(&link, None, &none);
    assert_eq!(o.shared(), s.shared());
    assert_eq!(o.came_from(), From::Link, "a link is opened, not own work");
    let keep = o.to_keep().unwrap();
    assert!(!keep.store);
    assert_eq!(
        keep.fragment,
        Fragment::InAddress,
        "the address holds the link's run as opened"
    );
    let moved = persist::opening(&link, None, &embed_options::parse("?step=1"));
    assert_eq!(
        moved.to_keep().unwrap().fragment,
        Fragment::ToMake,
        "?step= opens another state than the link's"
    );
    let stored = serde_json::to_string(&s.shared()).unwrap();
    let own = persist::opening("", Some(&stored), &none);
    assert_eq!(own.came_from(), From::Own);
    assert!(own.to_keep().unwrap().store);
    let lesson = persist::opening(
        "",
        Some(&stored),
        &embed_options::parse("?embed&lesson=2&step=3"),
    );
    assert_eq!(lesson.came_from(), From::Lesson);
    let keep = lesson.to_keep().unwrap();
    assert!(!keep.store, "a lesson is opened from outside");
    assert_eq!(
        keep.fragment,
        Fragment::ToMake,
        "a lesson is not in the address's fragment"
    );
    assert_eq!(keep.state.step, 3);
    assert_eq!(keep.state.lesson.as_deref(), Some(LESSONS[1].id));
    let missing = persist::opening("", None, &embed_options::parse("?lesson=nope"));
    assert!(missing.notice.unwrap().contains("no lesson"));
    assert!(persist::embed_code("https://c/p/", &s.shared()).contains("occ-playground:resize"));
}

#[test]
fn nothing_is_saved_while_playing_and_the_host_hears_each_step() {
    let s = lecture();
    assert!(s.to_keep().is_some());
    let playing = s.clone().reduce(Msg::Play);
    assert_eq!(playing.to_keep(), None, "not on every animation tick");
    let r0 = s.report();
    let r1 = s.reduce(Msg::Step).report();
    assert_eq!((r0.step, r1.step), (0, 1));
    assert_eq!(r1.tag, "occ-playground");
    assert_eq!(
        serde_json::to_value(&r1).unwrap()["timeMs"],
        serde_json::json!(r1.time_ms)
    );
}

#[test]
fn keyboard_shortcuts_and_timeline_keys() {
    let free = KeyContext::default();
    assert_eq!(shortcut(" ", free), Some(Msg::TogglePlay));
    assert_eq!(shortcut("ArrowRight", free), Some(Msg::Step));
    assert_eq!(shortcut("ArrowLeft", free), Some(Msg::StepBack));
    assert_eq!(shortcut("x", free), None);
    let typing = KeyContext {
        on_control: true,
        ..free
    };
    assert_eq!(
        shortcut(" ", typing),
        None,
        "space in a field is the field's"
    );
    let ctrl = KeyContext {
        modified: true,
        ..free
    };
    assert_eq!(shortcut("ArrowLeft", ctrl), None);
    assert_eq!(timeline_key("ArrowDown", 3, 9, 5), Some(RowKey::MoveTo(4)));
    assert_eq!(timeline_key("ArrowDown", 9, 9, 5), Some(RowKey::MoveTo(9)));
    assert_eq!(timeline_key("ArrowUp", 0, 9, 5), Some(RowKey::MoveTo(0)));
    assert_eq!(timeline_key("PageDown", 3, 9, 5), Some(RowKey::MoveTo(8)));
    assert_eq!(timeline_key("PageUp", 3, 9, 5), Some(RowKey::MoveTo(0)));
    assert_eq!(timeline_key("End", 3, 9, 5), Some(RowKey::MoveTo(9)));
    assert_eq!(timeline_key("Home", 3, 9, 5), Some(RowKey::MoveTo(0)));
    assert_eq!(timeline_key("Enter", 30, 9, 5), Some(RowKey::Select(9)));
    assert_eq!(timeline_key("a", 3, 9, 5), None);
}

/// Issue 24, Settings' Broker choice: choosing JetStream rebuilds the run
/// with that broker, same story (the lecture's create and two updates),
/// replayed to the same step; its knobs come back to their defaults when
/// NATS Streaming is chosen again (they mean nothing there, and the
/// engine refuses them by name).
#[test]
fn choosing_jetstream_rebuilds_the_run_with_that_broker() {
    use occ_playground::engine::config::{BrokerKind, JetStreamSettings};
    let s = lecture()
        .reduce(Msg::Step)
        .reduce(Msg::Step)
        .reduce(Msg::Step);
    let steps = s.sim().steps_taken();
    let actions = s.sim().scenario().actions.clone();
    let js = s.reduce(Msg::SetBroker(BrokerKind::JetStream));
    // Lesson 1 assigns at random, which only NATS Streaming does: said.
    assert_eq!(
        js.notice.as_deref(),
        Some("random assignment is NATS Streaming's: off under jetstream.")
    );
    assert_eq!(js.sim().scenario().config.broker, BrokerKind::JetStream);
    assert_eq!(js.sim().world().broker_kind(), BrokerKind::JetStream);
    assert_eq!(js.sim().scenario().actions, actions, "the same story");
    assert_eq!(js.sim().steps_taken(), steps, "replayed to the same point");
    assert_eq!(
        project::controls(&js.sim(), false, 30, 0).broker,
        BrokerKind::JetStream
    );
    // A knob of its own, then back to NATS Streaming: the knob goes.
    let one = JetStreamSettings {
        max_ack_pending: 1,
        ..JetStreamSettings::default()
    };
    let js = js.reduce(Msg::SetJetStream(one));
    assert_eq!(js.notice, None);
    assert_eq!(js.sim().scenario().config.jetstream.max_ack_pending, 1);
    let stan = js.reduce(Msg::SetBroker(BrokerKind::Stan));
    assert_eq!(
        stan.notice, None,
        "JetStream's knobs do not block the way back"
    );
    assert_eq!(stan.sim().scenario().config.broker, BrokerKind::Stan);
    assert!(stan.sim().scenario().config.jetstream.is_default());
    // Played to the end under JetStream: a run like any other.
    let end = run_to_end(lecture().reduce(Msg::SetBroker(BrokerKind::JetStream)));
    assert!(end.sim().finished());
}

/// An invalid knob (MaxAckPending 0) is a notice naming the field and its
/// range; the run stays as it was.
#[test]
fn an_invalid_broker_knob_gets_a_notice_and_changes_nothing() {
    use occ_playground::engine::config::{BrokerKind, JetStreamSettings};
    let js = lecture().reduce(Msg::SetBroker(BrokerKind::JetStream));
    let before = js.sim().scenario().clone();
    let bad = js.clone().reduce(Msg::SetJetStream(JetStreamSettings {
        max_ack_pending: 0,
        ..JetStreamSettings::default()
    }));
    let notice = bad.notice.clone().expect("a notice");
    assert!(
        notice.contains("max_ack_pending") && notice.contains("1..100000"),
        "{notice}"
    );
    assert_eq!(*bad.sim().scenario(), before, "the run stays");
}

/// Issue 24: choosing Kafka rebuilds the run under Kafka (the same story,
/// replayed); Kafka's knobs and its producer fault change the run as a
/// whole, and one out of range is a notice that changes nothing.
#[test]
fn choosing_kafka_rebuilds_the_run_and_its_knobs_change_it() {
    use occ_playground::engine::config::{BrokerKind, KafkaSettings};
    use occ_playground::engine::kafka::OnRefuse;
    let start = lecture();
    let actions = start.sim().scenario().actions.clone();
    let kafka = start.reduce(Msg::SetBroker(BrokerKind::Kafka));
    assert_eq!(kafka.sim().scenario().config.broker, BrokerKind::Kafka);
    assert_eq!(kafka.sim().world().broker_kind(), BrokerKind::Kafka);
    assert_eq!(kafka.sim().scenario().actions, actions, "the same story");
    let view = project::controls(&kafka.sim(), false, 30, 0);
    assert_eq!(view.kafka, KafkaSettings::default());
    let settings = KafkaSettings {
        partitions: 8,
        on_refuse: OnRefuse::SkipAndCommit,
        idempotence: false,
        max_in_flight: 2,
        ..KafkaSettings::default()
    };
    let set = kafka.reduce(Msg::SetKafka {
        settings,
        produce_retry_permille: 200,
    });
    assert_eq!(set.notice, None);
    assert_eq!(set.sim().scenario().config.kafka, settings);
    assert_eq!(
        set.sim().scenario().config.faults.produce_retry_permille,
        200
    );
    assert_eq!(set.sim().world().kafka_partitions().unwrap().len(), 8);
    let view = project::controls(&set.sim(), false, 30, 0);
    assert_eq!((view.kafka, view.produce_retry_permille), (settings, 200));
    // Back to NATS Streaming: Kafka's knobs and fault go with it.
    let stan = set.reduce(Msg::SetBroker(BrokerKind::Stan));
    assert_eq!(stan.notice, None);
    assert_eq!(
        stan.sim().scenario().config.faults.produce_retry_permille,
        0
    );
    assert_eq!(stan.sim().scenario().config.kafka, KafkaSettings::default());
}

/// A Kafka knob out of range (17 partitions; 6 in flight with idempotence)
/// is the engine's notice naming it; the run stays as it was.
#[test]
fn an_invalid_kafka_knob_gets_a_notice_and_changes_nothing() {
    use occ_playground::engine::config::{BrokerKind, KafkaSettings};
    let kafka = lecture().reduce(Msg::SetBroker(BrokerKind::Kafka));
    let before = kafka.sim().scenario().clone();
    for (settings, names) in [
        (
            KafkaSettings {
                partitions: 17,
                ..KafkaSettings::default()
            },
            "partitions",
        ),
        (
            KafkaSettings {
                max_in_flight: 6,
                ..KafkaSettings::default()
            },
            "in_flight",
        ),
    ] {
        let bad = kafka.clone().reduce(Msg::SetKafka {
            settings,
            produce_retry_permille: 0,
        });
        let notice = bad.notice.clone().expect("a notice");
        assert!(notice.contains(names), "{notice}");
        assert_eq!(*bad.sim().scenario(), before, "the run stays");
    }
}

/// JetStream's BackOff typed as a list: each delivery's ack wait; text that
/// is not a list of ms is a notice saying how to write it, and an empty
/// field is no BackOff.
#[test]
fn jetstream_backoff_is_a_list_of_ms_and_bad_text_is_a_notice() {
    use occ_playground::engine::config::BrokerKind;
    let js = lecture().reduce(Msg::SetBroker(BrokerKind::JetStream));
    let set = js.reduce(Msg::SetBackOff("1000, 5000ms,30000".into()));
    assert_eq!(set.notice, None);
    assert_eq!(
        set.sim().scenario().config.jetstream.backoff_ms,
        vec![1000, 5000, 30000]
    );
    let before = set.sim().scenario().clone();
    let bad = set.clone().reduce(Msg::SetBackOff("1000, soon".into()));
    let notice = bad.notice.clone().expect("a notice");
    assert!(
        notice.starts_with("BackOff: \"soon\" is not a whole number of ms"),
        "{notice}"
    );
    assert_eq!(*bad.sim().scenario(), before, "the run stays");
    let cleared = set.reduce(Msg::SetBackOff("  ".into()));
    assert!(cleared
        .sim()
        .scenario()
        .config
        .jetstream
        .backoff_ms
        .is_empty());
}

//! Every user action on the page, as one typed enum. The reducer (`reduce.rs`)
//! maps each to engine commands; components only emit these. Names that come
//! from the page's fields are parsed by the component that owns the field, so a
//! message never carries a name that still has to be checked.

use super::provenance::From;
use super::work::Heard;
#[cfg(feature = "jobs")]
use crate::engine::config::KafkaSettings;
use crate::engine::config::{BrokerKind, JetStreamSettings};
use crate::engine::{Channel, MemberId, Strategy, TicketId, VersionScheme};
use crate::share::SharedState;

/// The page's three views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Live,
    Experiments,
    Explorer,
}

/// The whole-number fields of the experiments and explorer forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Trials,
    Updates,
    Listeners,
    Seed,
}

/// What the experiments panel asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum ExperimentMsg {
    /// `None`: all five strategies.
    SetStrategy(Option<Strategy>),
    /// `None`: all three schemes.
    SetScheme(Option<VersionScheme>),
    /// The broker every trial runs under: the same matrix per broker.
    SetBroker(BrokerKind),
    /// The burst ends in a delete, and the listeners' deletes (`None`: no
    /// delete): every cell of the matrix runs the delete case.
    SetDeletes(Option<crate::engine::config::Deletes>),
    SetText(Field, String),
    Run,
    /// What a worker reported about the run's trials.
    Heard(Heard),
    Cancel,
}

/// An import: the page hands the picked file to an engine worker (as a
/// `blob:` URL it fetches itself), which reads and checks it.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportMsg {
    /// Read the file at this `blob:` URL (a newer import replaces an older).
    Read(String),
    /// What the worker reported.
    Heard(Heard),
}

/// What the explorer panel asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreMsg {
    SetStrategy(Strategy),
    SetScheme(VersionScheme),
    /// The broker whose rules to explore.
    SetBroker(BrokerKind),
    /// The burst ends in a delete, and the listeners' deletes (`None`: no
    /// delete).
    SetDeletes(Option<crate::engine::config::Deletes>),
    SetText(Field, String),
    Run,
    /// What the worker reported about the exploration.
    Heard(Heard),
    Cancel,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    // Tickets service
    Create {
        title: String,
        price: u64,
    },
    Update {
        id: TicketId,
        title: Option<String>,
        price: Option<u64>,
    },
    TwoEditors {
        id: TicketId,
        first_price: u64,
        second_price: u64,
    },
    /// Tickets destroys the record (`Action::DeleteTicket`).
    Delete {
        id: TicketId,
    },
    // Configuration (rebuilds the run from the same seed and actions)
    SetStrategy(Strategy),
    SetScheme(VersionScheme),
    /// The listeners' deletes: remove the row, or keep its tombstone.
    SetOnDelete(crate::engine::config::Deletes),
    /// The broker whose rules the run follows. The first-visit module
    /// hands a broker it lacks over to the full page (`BrokerKind::built_in`,
    /// `app::effects::handover`), which then sends this.
    SetBroker(BrokerKind),
    /// JetStream's knobs, as a whole (`broker: jetstream` only); a value
    /// out of range is the engine's to refuse, as a notice.
    SetJetStream(JetStreamSettings),
    /// JetStream's BackOff as typed: ms per delivery, comma-separated
    /// (empty: none); text that is not such a list is a notice. Only the
    /// full page has this and `SetKafka` (the first visit hands any broker
    /// but NATS Streaming over).
    #[cfg(feature = "jobs")]
    SetBackOff(String),
    /// Kafka's knobs, as a whole, with the producer's retry fault
    /// (`broker: kafka` only); out of range is the engine's to refuse.
    #[cfg(feature = "jobs")]
    SetKafka {
        settings: KafkaSettings,
        produce_retry_permille: u16,
    },
    SetListeners(u8),
    SetAckWait(u64),
    SetDelivery {
        min: u64,
        max: u64,
    },
    SetProcessing {
        min: u64,
        max: u64,
    },
    SetSeed(u64),
    // Faults
    Crash(MemberId),
    LoseNextAck,
    DelaySpike,
    // The network
    Shuffle,
    Route {
        channel: Channel,
        seq: u64,
        member: MemberId,
    },
    /// "You are the network": hold every delivery on the wire until the
    /// student lets it arrive (`Config::manual_network`), or stop holding.
    SetManualNetwork(bool),
    /// The copy of this message held on the wire to `member` arrives now.
    Arrive {
        channel: Channel,
        seq: u64,
        member: MemberId,
    },
    // Time
    Play,
    Pause,
    TogglePlay,
    Step,
    StepBack,
    JumpTo(u64),
    /// Back to the start of the opened scenario (lesson, trial, link...), ready to play.
    Reset,
    /// Empty the run: same settings, no tickets, no actions.
    Clear,
    SetSpeed(u32),
    /// Advance the animation (sent by the play timer).
    Tick,
    /// N quick updates of one ticket, the lecture's "repeat 200x", live.
    Burst(u64),
    /// Switch between the live view, experiments and the explorer.
    ShowTab(Tab),
    /// Open lesson N (its scenario replaces the run).
    Lesson(usize),
    LeaveLesson,
    /// The free sandbox: one ticket, naive listeners, no lesson.
    FreePlay,
    /// Open a whole state: a share link, a trial of an experiment, a
    /// counterexample, a recent run, the host page's. `from` decides whether
    /// it is saved before it is changed (`provenance`).
    Open {
        state: Box<SharedState>,
        from: From,
    },
    /// An imported file, read by an engine worker.
    Import(ImportMsg),
    /// A link or snippet was produced for copying; `copied` is false when the
    /// browser refused the clipboard (then the text is shown to copy by hand).
    Copied {
        text: String,
        what: &'static str,
        copied: bool,
    },
    Experiment(ExperimentMsg),
    Explore(ExploreMsg),
    /// Tell the user something (e.g. an import that failed).
    Notice(String),
    DismissNotice,
}

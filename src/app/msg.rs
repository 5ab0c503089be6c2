//! Every user action on the page, as one enum. The reducer (`state.rs`) maps each
//! to engine commands; components only emit these.

/// The page's three views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Live,
    Experiments,
    Explorer,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    // Tickets service
    Create {
        title: String,
        price: u64,
    },
    Update {
        id: String,
        title: Option<String>,
        price: Option<u64>,
    },
    TwoEditors {
        id: String,
        first_price: u64,
        second_price: u64,
    },
    // Configuration (rebuilds the run from the same seed and actions)
    SetStrategy(String),
    SetScheme(String),
    SetListeners(u64),
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
    Crash(String),
    LoseNextAck,
    DelaySpike,
    // The network
    Shuffle,
    Route {
        channel: String,
        seq: u64,
        member: String,
    },
    // Time
    Play,
    Pause,
    TogglePlay,
    Step,
    StepBack,
    JumpTo(u64),
    Reset,
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
    /// Open a whole state: from a share link, an imported file, a trial of an
    /// experiment, the host page.
    Load(Box<crate::share::SharedState>),
    /// Tell the user something (e.g. an import that failed).
    Notice(String),
    DismissNotice,
}

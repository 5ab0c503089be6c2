//! What a person should know about a run that its outcome does not say, as
//! data: the words are made when shown (as `note.rs` does), so the CLI's
//! `warnings` and the page's notices read the same list.

use super::action::{Action, ActionError, ScriptedAction};
use super::version::clock_tie_notice;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Timestamp saves within the clock's 1 ms resolution
    /// (`VersionScheme::clock_tie`).
    ClockTies { ties: u32 },
    /// An ack wait a real client cannot ask for: not whole seconds.
    AckWait { ms: u64 },
    /// A scripted action (`actions[index]`) that could not apply when its
    /// time came; the run went on without it.
    Refused {
        index: usize,
        at_ms: u64,
        action: &'static str,
        error: ActionError,
    },
}

impl Warning {
    pub(crate) fn refused(index: usize, a: &ScriptedAction, error: ActionError) -> Warning {
        Warning::Refused {
            index,
            at_ms: a.at_ms,
            action: Action::type_name(&a.action),
            error,
        }
    }
}

/// `ms` as seconds with no trailing zeros: 500 -> "0.5", 1250 -> "1.25".
fn seconds(ms: u64) -> String {
    let frac = format!("{:03}", ms % 1000);
    format!("{}.{}", ms / 1000, frac.trim_end_matches('0'))
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::ClockTies { ties } => {
                f.write_str(&clock_tie_notice(*ties).unwrap_or_default())
            }
            // stan.js `subscribe`: `sr.setAckWaitInSecs(opts.ackWait / 1000)`,
            // unrounded, into the int32 `AckWaitInSecs`; google-protobuf
            // (3.21, what npm installs for it) asserts an integer when it
            // encodes one (`writeSignedVarint32`); nats-streaming-server
            // `processSubscriptionRequest` refuses `AckWaitInSecs <= 0`.
            Warning::AckWait { ms } if *ms < 1000 => write!(
                f,
                "ack wait {ms} ms: a real client cannot ask for it. stan.js sends ackWait / 1000 = {} s, \
                 which google-protobuf refuses to encode as the whole seconds the protocol carries \
                 (subscribe throws \"Assertion failed\"), and nats-streaming-server refuses an ack wait \
                 under 1 s (\"invalid ack wait time, should be >= 1s\"). The shortest a real broker runs \
                 is 1000 ms; milliseconds are kept here for a fast demo.",
                seconds(*ms)
            ),
            Warning::AckWait { ms } => write!(
                f,
                "ack wait {ms} ms: not whole seconds, so a real client cannot ask for it. stan.js sends \
                 ackWait / 1000 = {} s, which google-protobuf refuses to encode as the whole seconds \
                 the protocol carries (subscribe throws \"Assertion failed\"); a real broker runs {} ms \
                 or {} ms.",
                seconds(*ms),
                ms / 1000 * 1000,
                (ms / 1000 + 1) * 1000
            ),
            Warning::Refused {
                index,
                at_ms,
                action,
                error,
            } => write!(
                f,
                "actions[{index}] ({action} at {at_ms} ms) could not apply, so the run went on without it: {error}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ack_wait(ms: u64) -> [Warning; 1] {
        [Warning::AckWait { ms }]
    }

    #[test]
    fn an_ack_wait_says_what_stan_js_sends_and_what_a_real_broker_runs() {
        let under = ack_wait(500)[0].to_string();
        assert!(
            under.starts_with("ack wait 500 ms: a real client cannot ask for it. stan.js sends ackWait / 1000 = 0.5 s"),
            "{under}"
        );
        assert!(under.contains("refuses an ack wait under 1 s"), "{under}");
        let between = ack_wait(1_500)[0].to_string();
        assert!(between.contains("= 1.5 s"), "{between}");
        assert!(
            between.ends_with("a real broker runs 1000 ms or 2000 ms."),
            "{between}"
        );
        assert_eq!(seconds(10), "0.01");
        assert_eq!(seconds(61_250), "61.25");
    }
}

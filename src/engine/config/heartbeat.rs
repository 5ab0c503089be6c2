//! When the server notices a crashed client, from its heartbeat settings.
//! nats-streaming-server `server/server.go` (v0.10.0): `finishConnectRequest`
//! starts a client's heartbeat timer at its connect; `checkClientHealth`
//! pings, waits up to the timeout for the reply, counts a miss (`fhb++`),
//! sets the timer again to the interval, and closes the client once `fhb`
//! exceeds the fail count. A healthy client answers at once, so its pings go
//! out every interval from its connect; only a crashed one's are modelled
//! (as at most two wake-ups), so healthy members keep no run going.

use super::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Heartbeats {
    pub interval_ms: u64,
    pub timeout_ms: u64,
    pub fail_count: u32,
}

impl Heartbeats {
    /// When the server counts the first miss of a client that connected at
    /// `connected_at` and crashed at `crashed_at`: the first ping due at or
    /// after the crash goes unanswered, and the server gives up on it a
    /// timeout later.
    pub fn first_miss(self, connected_at: u64, crashed_at: u64) -> u64 {
        let since = crashed_at.saturating_sub(connected_at);
        let pings = since.div_ceil(self.interval_ms.max(1)).max(1);
        connected_at
            .saturating_add(pings.saturating_mul(self.interval_ms))
            .saturating_add(self.timeout_ms)
    }

    /// From the first miss to the close: each further ping goes out an
    /// interval after the last miss and is missed a timeout later; the
    /// server closes the client at miss `fail_count + 1`.
    pub fn close_after_first_miss(self) -> u64 {
        u64::from(self.fail_count).saturating_mul(self.interval_ms.saturating_add(self.timeout_ms))
    }

    /// The latest a close can come after a crash (a crash just after a
    /// ping): (interval + timeout) x (fail count + 1), 440 s by default.
    pub fn latest_close_ms(self) -> u64 {
        (u64::from(self.fail_count) + 1)
            .saturating_mul(self.interval_ms.saturating_add(self.timeout_ms))
    }

    /// The settings an old `heartbeat_fail_ms: close_ms` meant. The old
    /// model closed a crashed member exactly `close_ms` after its crash;
    /// now the close depends on where the crash falls between two pings,
    /// so the old number becomes the latest close, `latest_close_ms`. The
    /// fail count is the server's 10, or the largest below it that divides
    /// `close_ms` (so the latest close is exactly `close_ms`), and the
    /// timeout a quarter of interval + timeout, the server's 10 s of 40 s:
    /// 440_000 gives the defaults exactly. `close_ms` 0 (closed at once)
    /// becomes a 1 ms interval with no timeout and no tolerated miss.
    pub fn from_close_ms(close_ms: u64) -> Heartbeats {
        let default = u64::from(super::HB_FAIL_COUNT);
        let fail_count = (0..=default)
            .rev()
            .find(|f| close_ms.is_multiple_of(f + 1))
            .unwrap_or(0);
        let period = close_ms / (fail_count + 1);
        if period == 0 {
            return Heartbeats {
                interval_ms: 1,
                timeout_ms: 0,
                fail_count: 0,
            };
        }
        let timeout_ms = period / 4;
        Heartbeats {
            interval_ms: period - timeout_ms,
            timeout_ms,
            fail_count: fail_count as u32,
        }
    }
}

impl Config {
    pub fn heartbeats(&self) -> Heartbeats {
        Heartbeats {
            interval_ms: self.hb_interval_ms,
            timeout_ms: self.hb_timeout_ms,
            fail_count: self.hb_fail_count,
        }
    }

    pub fn set_heartbeats(&mut self, hb: Heartbeats) {
        self.hb_interval_ms = hb.interval_ms;
        self.hb_timeout_ms = hb.timeout_ms;
        self.hb_fail_count = hb.fail_count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Heartbeats {
        let (interval_ms, timeout_ms, fail_count) = super::super::COURSE_HB;
        Heartbeats {
            interval_ms,
            timeout_ms,
            fail_count,
        }
    }

    #[test]
    fn the_first_ping_at_or_after_the_crash_is_missed_a_timeout_later() {
        let hb = course();
        // Pings at 5, 10, 15 s from a connect at 0.
        assert_eq!(hb.first_miss(0, 0), 10_000);
        assert_eq!(hb.first_miss(0, 5_000), 10_000);
        assert_eq!(hb.first_miss(0, 5_001), 15_000);
        // From a reconnect at 7 s: pings at 12, 17 s.
        assert_eq!(hb.first_miss(7_000, 8_000), 17_000);
        // Missed at 10 s, then pings at 15 and 25 s missed at 20 and 30 s.
        assert_eq!(hb.close_after_first_miss(), 20_000);
        assert_eq!(hb.latest_close_ms(), 30_000);
        assert_eq!(Config::default().heartbeats().latest_close_ms(), 440_000);
    }

    #[test]
    fn an_old_close_time_maps_to_settings_closing_at_latest_then() {
        assert_eq!(
            Heartbeats::from_close_ms(440_000),
            Config::default().heartbeats()
        );
        for close_ms in [0, 1, 7, 10_000, 20_000, 20_001, 3_600_000] {
            let hb = Heartbeats::from_close_ms(close_ms);
            let c = Config {
                hb_interval_ms: hb.interval_ms,
                hb_timeout_ms: hb.timeout_ms,
                hb_fail_count: hb.fail_count,
                ..Config::default()
            };
            c.validate().unwrap();
            assert_eq!(hb.latest_close_ms(), close_ms.max(1), "{close_ms}: {hb:?}");
        }
    }
}

//! Options in the page's address for course pages:
//! `?embed&lesson=occ&step=5&panels=tickets,orders,timeline&host=https://course.example`.
//!
//! `embed` picks the compact layout, `lesson` (an id like `occ`, or its number
//! from 1) opens that lesson when the address has no share link, `step` opens
//! at that step, `panels` shows only the named panels of the live view
//! (tickets, broker, orders, timeline, controls), `host` pins the embedding
//! page's origin (`HostPin`). Unknown parts are ignored, and a bad value is
//! reported, never a reason not to open.

/// The live view's panels that `panels=` can pick.
pub const PANELS: [&str; 6] = [
    "tickets", "broker", "orders", "timeline", "controls", "stage",
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    pub embed: bool,
    /// A lesson id or number as given (the app knows the lessons).
    pub lesson: Option<String>,
    pub step: Option<u64>,
    /// Panels to show; `None`: all of them.
    pub panels: Option<Vec<&'static str>>,
    /// `host=` as given: `host_pin` reads it (the full page only, so the
    /// first-visit module, never in a frame, links no origin parser).
    pub host: Option<String>,
    /// Sentences about values that were ignored.
    pub problems: Vec<String>,
}

/// Whose messages the playground takes (always only its embedding parent's),
/// and where its reports go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum HostPin {
    /// No `host=`: the parent, whatever its origin; reports go to `"*"`.
    #[default]
    Any,
    /// `host=https://course.example`: the parent only at this origin (as
    /// `MessageEvent.origin` spells it); reports go to it alone.
    Origin(String),
    /// A `host=` that is not an origin: no one, rather than guess (a typo
    /// must not quietly trust every page).
    Nobody,
}

/// `value` as a browser serializes an origin (`scheme://host[:port]`,
/// lower case, the default port left out), or `None` if it is not an http(s)
/// origin: a path, query, user name or wildcard is refused, not trimmed.
pub fn origin(value: &str) -> Option<String> {
    let value = value.trim().to_ascii_lowercase();
    let (scheme, rest) = value.split_once("://")?;
    let default_port = match scheme {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    // `[::1]:3000`: the port follows the bracket; otherwise the last colon.
    let split = match authority.find(']') {
        Some(end) if authority.starts_with('[') => end + 1,
        _ => authority.rfind(':').unwrap_or(authority.len()),
    };
    let (host, port) = authority.split_at(split);
    let port = match port.strip_prefix(':') {
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u16>().ok()?;
            Some(p)
        }
        None if port.is_empty() => None,
        _ => return None,
    };
    let bracketed = host.starts_with('[') && host.ends_with(']');
    let host_ok = !host.is_empty()
        && host.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '.' || (bracketed && "[]:".contains(c))
        });
    if !host_ok {
        return None;
    }
    Some(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// Minimal `%XX` and `+` decoding for query values (ASCII ids and numbers).
fn unescape(value: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = value.as_bytes();
    let (mut out, mut i) = (Vec::with_capacity(bytes.len()), 0);
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the query string (with or without its `?`).
pub fn parse(query: &str) -> EmbedOptions {
    let mut o = EmbedOptions::default();
    for part in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let value = unescape(value);
        match key {
            "embed" => o.embed = true,
            "lesson" if !value.trim().is_empty() => o.lesson = Some(value.trim().to_string()),
            "step" => match value.trim().parse::<u64>() {
                Ok(step) => o.step = Some(step),
                Err(_) => o.problems.push(format!(
                    "step=\"{value}\" in the address is not a whole number of steps"
                )),
            },
            "panels" => {
                let mut picked = Vec::new();
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    match PANELS.iter().find(|p| p.eq_ignore_ascii_case(name)) {
                        Some(p) if !picked.contains(p) => picked.push(*p),
                        Some(_) => {}
                        None => o.problems.push(format!(
                            "panels: \"{name}\" is not a panel (known: {})",
                            PANELS.join(", ")
                        )),
                    }
                }
                o.panels = Some(picked);
            }
            "host" => o.host = Some(value),
            _ => {}
        }
    }
    o
}

impl EmbedOptions {
    /// Whose messages are taken: `host=` read as an origin, or why not.
    pub fn host_pin(&self) -> (HostPin, Option<String>) {
        let Some(value) = &self.host else {
            return (HostPin::Any, None);
        };
        match origin(value) {
            Some(origin) => (HostPin::Origin(origin), None),
            None => (
                HostPin::Nobody,
                Some(format!(
                    "host=\"{value}\" in the address is not an origin like https://course.example, so no page's messages are taken and nothing is reported"
                )),
            ),
        }
    }

    /// Whether a live-view panel is shown.
    pub fn shows(&self, panel: &str) -> bool {
        self.panels.as_ref().is_none_or(|p| p.contains(&panel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_options() {
        let o = parse("?embed&lesson=occ&step=5&panels=tickets,Orders,timeline,orders");
        assert!(o.embed);
        assert_eq!(o.lesson.as_deref(), Some("occ"));
        assert_eq!(o.step, Some(5));
        assert_eq!(o.panels, Some(vec!["tickets", "orders", "timeline"]));
        assert!(o.shows("tickets") && !o.shows("broker"));
        assert!(o.problems.is_empty());
        let none = parse("");
        assert!(!none.embed && none.shows("broker") && none.lesson.is_none());
        assert_eq!(
            parse("embed=1&lesson=mystery%20source").lesson.as_deref(),
            Some("mystery source")
        );
    }

    #[test]
    fn bad_values_are_reported_and_ignored() {
        let o = parse("step=-3&panels=tickets,chat&lesson=&x=%zz&lesson=2%");
        assert_eq!(o.step, None);
        assert_eq!(o.panels, Some(vec!["tickets"]));
        assert_eq!(o.lesson.as_deref(), Some("2%"));
        assert_eq!(o.problems.len(), 2, "{:?}", o.problems);
        assert!(o.problems[0].contains("step=\"-3\""));
        assert!(o.problems[1].contains("\"chat\" is not a panel"));
    }

    #[test]
    fn host_pins_an_origin_as_the_browser_spells_it() {
        assert_eq!(parse("embed").host_pin(), (HostPin::Any, None));
        let pinned = |q: &str| {
            let (pin, problem) = parse(q).host_pin();
            assert_eq!(problem, None, "{q}");
            pin
        };
        let origin = |o: &str| HostPin::Origin(o.into());
        assert_eq!(
            pinned("host=https://course.example"),
            origin("https://course.example")
        );
        assert_eq!(
            pinned("embed&host=https%3A%2F%2FCourse.Example%2F"),
            origin("https://course.example")
        );
        assert_eq!(
            pinned("host=https://course.example:443"),
            origin("https://course.example")
        );
        assert_eq!(
            pinned("host=http://127.0.0.2:8080"),
            origin("http://127.0.0.2:8080")
        );
        assert_eq!(
            pinned("host=http://[::1]:3000"),
            origin("http://[::1]:3000")
        );
    }

    #[test]
    fn a_host_that_is_not_an_origin_trusts_no_one_and_says_so() {
        for bad in [
            "course.example",
            "https://course.example/lecture/12",
            "https://*.example",
            "https://user@course.example",
            "javascript:alert(1)",
            "file:///tmp",
            "https://course.example:99999",
            "https://",
            "",
        ] {
            let o = parse(&format!("host={bad}"));
            assert!(o.problems.is_empty(), "said by the full page, in a frame");
            let (pin, problem) = o.host_pin();
            assert_eq!(pin, HostPin::Nobody, "{bad}");
            assert!(
                problem.is_some_and(|p| p.contains("is not an origin like https://course.example"))
            );
        }
    }
}

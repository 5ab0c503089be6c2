//! Options in the page's address for course pages:
//! `?embed&lesson=occ&step=5&panels=tickets,orders,timeline`.
//!
//! `embed` picks the compact layout, `lesson` (an id like `occ`, or its number
//! from 1) opens that lesson when the address has no share link, `step` opens
//! at that step, `panels` shows only the named panels of the live view
//! (tickets, broker, orders, timeline, controls). Unknown parts are ignored,
//! and a bad value is reported, never a reason not to open.

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
    /// Sentences about values that were ignored.
    pub problems: Vec<String>,
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
                    "step={value:?} in the address is not a whole number of steps"
                )),
            },
            "panels" => {
                let mut picked = Vec::new();
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    match PANELS.iter().find(|p| p.eq_ignore_ascii_case(name)) {
                        Some(p) if !picked.contains(p) => picked.push(*p),
                        Some(_) => {}
                        None => o.problems.push(format!(
                            "panels: {name:?} is not a panel (known: {})",
                            PANELS.join(", ")
                        )),
                    }
                }
                o.panels = Some(picked);
            }
            _ => {}
        }
    }
    o
}

impl EmbedOptions {
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
}

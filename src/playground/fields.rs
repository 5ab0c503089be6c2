//! What the page's fields accept, checked the same way everywhere: whole
//! numbers in a range, ticket titles, and the text of a form field that keeps
//! its error next to it until corrected.

pub const MAX_PRICE: u64 = 1_000_000;
pub const MAX_TITLE: usize = 40;

/// Parses a whole number and checks its range; the message names the allowed range.
pub fn parse_in_range(text: &str, min: u64, max: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("Enter a whole number from {min} to {max}.")),
    }
}

/// A ticket title: trimmed, 1 to `MAX_TITLE` characters.
pub fn check_title(t: &str) -> Result<String, String> {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > MAX_TITLE {
        Err(format!("Enter a title of 1 to {MAX_TITLE} characters."))
    } else {
        Ok(t.to_string())
    }
}

/// A field's text and, once checked, why it is not acceptable.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldText {
    pub text: String,
    pub error: Option<String>,
    pub min: u64,
    pub max: u64,
}

impl FieldText {
    pub fn new(value: u64, min: u64, max: u64) -> Self {
        FieldText {
            text: value.to_string(),
            error: None,
            min,
            max,
        }
    }

    pub fn value(&self) -> Result<u64, String> {
        parse_in_range(&self.text, self.min, self.max)
    }

    /// The same text, checked: the error is shown next to the field.
    pub fn checked(&self) -> Self {
        FieldText {
            error: self.value().err(),
            ..self.clone()
        }
    }

    pub fn with_text(&self, text: String) -> Self {
        FieldText {
            text,
            ..self.clone()
        }
        .checked()
    }
}

/// 1234567 as "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

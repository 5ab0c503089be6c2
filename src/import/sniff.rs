//! Cheap checks before any parsing: size, emptiness, binary files, nesting
//! depth. They run in one pass without allocating, so a 20 MB PNG or a
//! million nested brackets is named for what it is and costs nothing.

use super::Problem;

/// Largest input read from a file, a host message or a JS API call. An
/// exported scenario is far smaller; anything bigger is not ours.
pub const MAX_TEXT_BYTES: usize = 8 << 20;
/// Deepest JSON nesting read; a trace is 6 levels deep, serde_json stops at 128.
pub const MAX_DEPTH: usize = 32;

/// Magic numbers of files people pick by mistake. A file read as text in the
/// browser turns each invalid byte into U+FFFD (bytes EF BF BD), so both
/// spellings of the PNG and JPEG signatures are listed.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xEF\xBF\xBDPNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (
        b"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
        "a binary file (an image?)",
    ),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"\xFF\xFE", "UTF-16 text (save it as UTF-8)"),
    (b"\xFE\xFF", "UTF-16 text (save it as UTF-8)"),
    (b"\0asm", "a WebAssembly module"),
];

/// The input as trimmed UTF-8 text, or why it is not.
pub fn text(bytes: &[u8]) -> Result<&str, Problem> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(Problem::TooLarge {
            bytes: bytes.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(Problem::Binary(kind));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Problem::Binary("binary data"))?;
    if text.contains('\0') {
        return Err(Problem::Binary("binary data"));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Empty);
    }
    Ok(text)
}

/// A share link alone (`v1.…`) or at the end of a URL (`https://…#v1.…`).
pub fn looks_like_link(text: &str) -> bool {
    // JSON first: a big compact document is not scanned for whitespace.
    if text.starts_with(['{', '[']) || text.contains(char::is_whitespace) {
        return false;
    }
    let fragment = text.rsplit_once('#').map_or(text, |(_, f)| f);
    let version = fragment.split_once('.').map_or("", |(v, _)| v);
    text.contains('#')
        || (version.len() > 1
            && version.starts_with('v')
            && version[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses JSON nested deeper than `MAX_DEPTH` (brackets outside strings).
pub fn check_depth(text: &str) -> Result<(), Problem> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Problem::TooDeep);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

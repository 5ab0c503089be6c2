//! Fuzzing the three decoders on stable Rust (cargo-fuzz needs nightly): a
//! seeded mutation loop over the seed corpora in `fuzz/corpus/<decoder>/`, plus
//! proptest with arbitrary bytes. Each input must decode or be refused with a
//! message naming its source, never panic, and stay within the memory caps
//! below, measured by a counting global allocator (per thread, so parallel
//! tests do not disturb each other).
//!
//! `cargo test --test fuzz_decoders` runs a short pass (FUZZ_INPUTS per decoder,
//! default 3,000); `make fuzz` runs a long one in release mode and prints the
//! figures (`-- --nocapture`).
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::host_message;
use occ_playground::import::{self, Source};
use occ_playground::share::{self, MAX_JSON_BYTES};
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Instant;

// ---- a counting allocator -------------------------------------------------

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grew(n: usize) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + n);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

fn shrank(n: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(n)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        shrank(layout.size());
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new) };
        if !q.is_null() {
            // Old and new blocks may both exist for a moment: count the new first.
            grew(new);
            shrank(layout.size());
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, returning its result and the most memory it held at once.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    (out, PEAK.with(Cell::get) - start)
}

// ---- the stated caps ------------------------------------------------------

/// Memory a decoder may hold at once for an input of `len` bytes: a small
/// multiple of the input (parsed values, error text), plus, for a link, its
/// inflated JSON (at most `MAX_JSON_BYTES`) and the values read from it.
fn cap(len: usize, inflates: bool) -> usize {
    let inflated = if inflates { 8 * MAX_JSON_BYTES } else { 0 };
    16 * len + inflated + (256 << 10)
}

// ---- a small seeded mutator -----------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: enough to vary inputs, and reproducible from the seed.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that matter to JSON, to the formats and to the share link.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "null",
    "true",
    "-1",
    "0",
    "1e309",
    "-0.0",
    "18446744073709551616",
    "9007199254740993",
    "\"scenario\"",
    "\"format\"",
    "\"seed\"",
    "\"step\"",
    "\"lesson\"",
    "\"trace\"",
    "\"config\"",
    "\"actions\"",
    "\"schedule\"",
    "\"type\"",
    "\"occ-playground\"",
    "\"command\"",
    "\"load\"",
    "\\u0000",
    "\\ud800",
    "é",
    "\u{FFFD}",
    "💥",
    "v1.",
    "#",
    "\0",
    "\u{FEFF}",
];

const MAX_INPUT: usize = 64 << 10;

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => out[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => out[at.min(len - 1)] = rng.next() as u8,
            2 => {
                let end = (at + rng.below(32)).min(len);
                out.drain(at..end);
            }
            3 => {
                let bytes: Vec<u8> = (0..rng.below(8) + 1).map(|_| rng.next() as u8).collect();
                out.splice(at..at, bytes);
            }
            4 => {
                let end = (at + rng.below(64)).min(len);
                let chunk = out[at..end].to_vec();
                out.splice(
                    at..at,
                    chunk
                        .iter()
                        .copied()
                        .cycle()
                        .take(chunk.len() * (rng.below(8) + 1)),
                );
            }
            5 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(256)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            6 | 7 => {
                let token = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out.truncate(MAX_INPUT);
    out
}

/// A structure-aware mutant: valid JSON with one value changed, so inputs get
/// past the parser to the field checks and the scenario's validation.
fn mutate_json(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(input).ok()?;
    for _ in 0..=rng.below(3) {
        // Pick a random path (read-only), then change what is there.
        let (mut pointer, mut at) = (String::new(), &value);
        for _ in 0..rng.below(6) {
            let (step, next) = match at {
                serde_json::Value::Object(o) if !o.is_empty() => {
                    let (k, v) = o.iter().nth(rng.below(o.len()))?;
                    (k.replace('~', "~0").replace('/', "~1"), v)
                }
                serde_json::Value::Array(a) if !a.is_empty() => {
                    let i = rng.below(a.len());
                    (i.to_string(), &a[i])
                }
                _ => break,
            };
            pointer = format!("{pointer}/{step}");
            at = next;
        }
        let node = value.pointer_mut(&pointer)?;
        const VALUES: &[&str] = &[
            "null",
            "-1",
            "0",
            "1",
            "4294967296",
            "18446744073709551615",
            "1e300",
            "\"\"",
            "\"nonsense\"",
            "\"CZQ\"",
            "\"occ\"",
            "[]",
            "{}",
            "true",
            "\"💥\"",
        ];
        match rng.below(3) {
            0 => *node = serde_json::from_str(VALUES[rng.below(VALUES.len())]).ok()?,
            1 => match node {
                serde_json::Value::Object(o) if !o.is_empty() => {
                    let key = o.keys().nth(rng.below(o.len())).cloned()?;
                    o.remove(&key);
                }
                serde_json::Value::Array(a) if !a.is_empty() => {
                    let item = a[rng.below(a.len())].clone();
                    a.insert(rng.below(a.len() + 1), item);
                }
                _ => *node = serde_json::json!({ "unexpected": 1 }),
            },
            _ => {
                if let serde_json::Value::Object(o) = node {
                    o.insert("unexpected".into(), serde_json::Value::Null);
                }
            }
        }
    }
    serde_json::to_vec(&value).ok()
}

fn corpus(decoder: &str) -> Vec<Vec<u8>> {
    let dir = format!("{}/fuzz/corpus/{decoder}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(!seeds.is_empty(), "{dir} holds no seeds");
    seeds
}

fn inputs_per_decoder() -> usize {
    std::env::var("FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(3_000)
}

/// Feeds `n` inputs (the seeds first, then mutants) to `check`, which returns
/// whether the input was accepted; asserts the memory cap for each.
fn fuzz(decoder: &str, seed: u64, inflates: bool, check: impl Fn(&[u8]) -> bool) {
    let corpus = corpus(decoder);
    let n = inputs_per_decoder().max(corpus.len());
    let mut rng = Rng(seed);
    let (mut accepted, mut worst, mut most) = (0usize, 0f64, 0usize);
    let started = Instant::now();
    for i in 0..n {
        let input = match i < corpus.len() {
            true => corpus[i].clone(),
            false => {
                let pick = rng.below(corpus.len());
                let structural = (rng.below(2) == 0)
                    .then(|| mutate_json(&mut rng, &corpus[pick]))
                    .flatten();
                structural.unwrap_or_else(|| mutate(&mut rng, &corpus[pick], &corpus))
            }
        };
        let (ok, peak) = peak_of(|| check(&input));
        let limit = cap(input.len(), inflates);
        assert!(
            peak <= limit,
            "{decoder}: {peak} bytes held for a {}-byte input (cap {limit}): {:?}",
            input.len(),
            String::from_utf8_lossy(&input)
        );
        worst = worst.max(peak as f64 / limit as f64);
        most = most.max(peak);
        accepted += usize::from(ok);
    }
    report(decoder, n, started, accepted, worst, most);
}

/// The figures README quotes: inputs, time, accepted, and the most memory
/// held at once (as bytes, and as the largest share of an input's cap).
fn report(decoder: &str, n: usize, started: Instant, accepted: usize, worst: f64, most: usize) {
    println!(
        "fuzz {decoder}: {n} inputs in {:.1} s, {accepted} accepted, 0 crashes, peak memory at most {:.1}% of the cap (largest {} KB)",
        started.elapsed().as_secs_f64(),
        worst * 100.0,
        most.div_ceil(1024)
    );
}

// ---- the properties -------------------------------------------------------

/// An import either yields a valid state that survives a share link, or a
/// refusal that names its source.
fn import_holds(source: Source, input: &[u8]) -> bool {
    match import::from_bytes(source, input) {
        Ok(state) => {
            assert!(
                state.scenario.validate().is_ok(),
                "accepted an invalid scenario"
            );
            let again = share::decode(&share::encode(&state)).expect("re-encoded link decodes");
            assert_eq!(again, state, "a link round trip changed the state");
            true
        }
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with(&source.to_string()), "{text}");
            false
        }
    }
}

fn host_holds(input: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(input) else {
        return false; // the browser half only ever passes JSON.stringify's text
    };
    match host_message::parse(text) {
        Some(Ok(_)) => true,
        Some(Err(e)) => {
            assert!(e.to_string().starts_with("the host page's message"), "{e}");
            false
        }
        None => false,
    }
}

/// Deflates and encodes JSON as a link, so mutants reach the inner parser.
fn as_link(json: &[u8]) -> Vec<u8> {
    use base64::Engine as _;
    let packed = miniz_oxide::deflate::compress_to_vec(json, 6);
    let body = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
    format!("v1.{body}").into_bytes()
}

#[test]
fn fuzz_share_link_decoder() {
    // Mutants of the link text (the version, base64 and deflate layers)...
    fuzz("share_link", 0x5EED_0001, true, |input| {
        import_holds(Source::Link, input)
    });
    // ...and links made from mutants of the JSON inside (the document layer).
    let inner: Vec<Vec<u8>> = corpus("share_link")
        .iter()
        .filter_map(|l| share::unpack(std::str::from_utf8(l).ok()?).ok())
        .collect();
    assert!(!inner.is_empty());
    let mut rng = Rng(0x5EED_0002);
    let (mut accepted, mut worst, mut most) = (0usize, 0f64, 0usize);
    let started = Instant::now();
    for _ in 0..inputs_per_decoder() {
        let pick = rng.below(inner.len());
        let json = match rng.below(2) {
            0 => mutate_json(&mut rng, &inner[pick]),
            _ => None,
        };
        let json = json.unwrap_or_else(|| mutate(&mut rng, &inner[pick], &inner));
        let link = as_link(&json);
        let (ok, peak) = peak_of(|| import_holds(Source::Link, &link));
        let limit = cap(link.len(), true);
        assert!(peak <= limit, "{}", String::from_utf8_lossy(&json));
        worst = worst.max(peak as f64 / limit as f64);
        most = most.max(peak);
        accepted += usize::from(ok);
    }
    let n = inputs_per_decoder();
    report(
        "share_link (JSON inside)",
        n,
        started,
        accepted,
        worst,
        most,
    );
}

#[test]
fn fuzz_scenario_and_trace_importer() {
    fuzz("import", 0x5EED_0003, true, |input| {
        import_holds(Source::File, input)
    });
}

#[test]
fn fuzz_host_message_parser() {
    fuzz("host_message", 0x5EED_0004, false, host_holds);
}

#[test]
fn hostile_inputs_stay_within_the_caps() {
    let hostile: Vec<Vec<u8>> = vec![
        "[".repeat(1 << 20).into_bytes(),
        format!(
            "{{\"format\":1,\"seed\":1,\"actions\":[{}]}}",
            "{},".repeat(200_000)
        )
        .into_bytes(),
        format!(
            "{{\"scenario\":1,\"trace\":[{}1]}}",
            "[1,2,3],".repeat(100_000)
        )
        .into_bytes(),
        "\"".repeat(1 << 20).into_bytes(),
        as_link(&vec![b' '; MAX_JSON_BYTES + 1]),
        as_link(
            format!(
                "{{\"format\":1,\"seed\":1,\"actions\":[{}]}}",
                "{},".repeat(400_000)
            )
            .as_bytes(),
        ),
    ];
    for input in hostile {
        for source in [Source::Link, Source::File] {
            let (accepted, peak) = peak_of(|| import_holds(source, &input));
            assert!(!accepted);
            assert!(
                peak <= cap(input.len(), true),
                "{peak} for {} bytes",
                input.len()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        import_holds(Source::File, &bytes);
        import_holds(Source::Link, &bytes);
        host_holds(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,256}") {
        import_holds(Source::HostMessage, text.as_bytes());
        host_holds(text.as_bytes());
        let _ = occ_playground::api::explore(&text);
    }
}

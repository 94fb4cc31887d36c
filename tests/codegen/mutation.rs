//! A deterministic mutation test of the generator over the real table:
//! copies with bytes flipped, cells replaced by hostile pieces, lines
//! duplicated, swapped and cut. For each, `codegen::generate` either returns
//! code with one variant for each record of the table, or problems that each
//! give a line (where the problem is in a row) and a fix — and never panics.
//!
//! `cargo test --test codegen mutants` runs 2,000 mutants in seconds. For a
//! longer run, set the count and the seed:
//!
//! ```sh
//! ZNS_MUTANTS=50000 ZNS_MUTATION_SEED=7 cargo test --release --test codegen mutants
//! ```

use crate::codegen;
use codegen::messages::{self, Lang};

const TABLE: &[u8] = include_bytes!("../../data/zns_error_codes.csv");

/// A deterministic generator (xorshift), so every run sees the same mutants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What a hostile cell can hold: CSV and Rust syntax, keywords, invisible
/// and direction characters, huge and negative numbers, pasted dashes,
/// garbled Vietnamese.
const HOSTILE: &[&str] = &[
    "\"",
    "\"\"",
    "\",\"",
    ",",
    "\n",
    "\r",
    "\r\n",
    "",
    " ",
    "\u{a0}",
    "*/",
    "/*",
    "//",
    "#[cfg(any())]",
    "#![deny(warnings)]",
    "} fn main() {",
    "r#\"",
    "\\",
    "\\u{0}",
    "```rust",
    "fn",
    "self",
    "Self",
    "crate",
    "type",
    "r#type",
    "\0",
    "\u{7}",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "99999999999999999999",
    "-2147483649",
    "2147483647",
    "-2147483648",
    "-0",
    "+5",
    "1e3",
    "0x10",
    "\u{2212}108",
    "\u{2013}5",
    "\u{2014}7",
    "PhoneNumberInvalid",
    "PHONE_NUMBER_INVALID",
    "Phonenumberinvalid",
    "success",
    "never",
    "sender",
    "other_channel",
    "á»¨ng dá»¥ng",
    "KhĂ´ng",
    "🇻🇳",
    "<script>",
    "&amp;",
    "|",
];

fn mutate(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = TABLE.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            // Flip one bit of a byte.
            0 if !bytes.is_empty() => {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            0 => {}
            // Replace a cell (the text between two separators) by a hostile piece.
            1 => {
                let separators: Vec<usize> = bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b',' || b == b'\n')
                    .map(|(i, _)| i)
                    .collect();
                if separators.len() > 1 {
                    let i = rng.below(separators.len() - 1);
                    let piece = HOSTILE[rng.below(HOSTILE.len())].as_bytes();
                    bytes.splice(separators[i] + 1..separators[i + 1], piece.iter().copied());
                }
            }
            // Insert a hostile piece anywhere.
            2 => {
                let at = rng.below(bytes.len() + 1);
                let piece = HOSTILE[rng.below(HOSTILE.len())].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            // Duplicate, swap or cut lines.
            3..=5 => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                match rng.below(4) {
                    0 => lines.insert(b, lines[a]),
                    1 => lines.swap(a, b),
                    2 => {
                        lines.remove(a);
                    }
                    _ => lines.truncate(a),
                }
                bytes = lines.join("\n").into_bytes();
                if rng.below(4) == 0 {
                    let cut = rng.below(bytes.len() + 1);
                    bytes.truncate(cut);
                }
            }
            _ => unreachable!(),
        }
    }
    bytes
}

/// Runs `count` mutants from `seed`; returns how many generated code.
fn run(seed: u64, count: usize) -> usize {
    let mut rng = Rng(seed | 1);
    let mut generated = 0;
    for index in 0..count {
        let bytes = mutate(&mut rng);
        let lines = bytes.split(|&b| b == b'\n' || b == b'\r').count() as u64;
        let outcome = std::panic::catch_unwind(|| codegen::generate(&bytes));
        let Ok(outcome) = outcome else {
            panic!(
                "mutant {index} of seed {seed} panicked; its table:\n{}",
                String::from_utf8_lossy(&bytes)
            );
        };
        match outcome {
            Ok(code) => {
                generated += 1;
                // Accepted: every record of the table became a variant, none
                // dropped or merged. (Parsing alone proves nothing: the
                // generator's fallback, a `compile_error!`, parses too.)
                let records = records(&bytes);
                let variants = variants(&code.code);
                assert_eq!(
                    variants,
                    Some(records),
                    "mutant {index} of seed {seed}: {records} records, generated {variants:?} variants; its table:\n{}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            Err(problems) => {
                assert!(
                    !problems.is_empty(),
                    "mutant {index}: refused without a problem"
                );
                for problem in &problems {
                    let message = problem.render("t.csv", Lang::En);
                    let context = || format!("mutant {index} of seed {seed}: {message}");
                    assert!(message.contains(" Fix: "), "{}", context());
                    assert!(!message.ends_with(" Fix: "), "{}", context());
                    assert!(!message.contains('\n'), "{}", context());
                    assert!(
                        crate::codegen_tools::blanks(&message).is_empty(),
                        "a blank left unfilled: {}",
                        context()
                    );
                    match problem.line() {
                        Some(line) => {
                            assert!(
                                message.starts_with(&format!("t.csv:{line}: ")),
                                "{}",
                                context()
                            );
                            assert!(
                                (1..=lines + 1).contains(&line),
                                "line {line} of {lines}: {}",
                                context()
                            );
                        }
                        // Only a problem of the file as a whole has no line.
                        None => assert!(
                            [
                                messages::NO_ROWS,
                                messages::TOO_MANY_ROWS,
                                messages::GARBLED_FILE
                            ]
                            .contains(&problem.what.text),
                            "{}",
                            context()
                        ),
                    }
                }
            }
        }
    }
    generated
}

/// The records of a table, read by the csv crate on its own.
fn records(bytes: &[u8]) -> usize {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes)
        .records()
        .filter(|r| {
            r.as_ref()
                .is_ok_and(|r| r.iter().any(|c| !c.trim().is_empty()))
        })
        .count()
}

/// The variants of `enum ErrorCode` in generated code, if it declares one.
fn variants(code: &str) -> Option<usize> {
    let file = syn::parse_file(code).ok()?;
    file.items.iter().find_map(|item| match item {
        syn::Item::Enum(e) if e.ident == "ErrorCode" => Some(e.variants.len()),
        _ => None,
    })
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutants_of_the_real_table_generate_valid_code_or_explain_every_problem() {
    let count = setting("ZNS_MUTANTS", 2000) as usize;
    let seed = setting("ZNS_MUTATION_SEED", 0x2545_f491_4f6c_dd1d);
    // Two halves on two threads: the machines have two cores.
    let halves = std::thread::scope(|scope| {
        let first = scope.spawn(|| run(seed, count / 2));
        let second = scope.spawn(|| run(seed.rotate_left(17) ^ 0x9e37_79b9, count - count / 2));
        (first.join().unwrap(), second.join().unwrap())
    });
    let generated = halves.0 + halves.1;
    eprintln!("{generated} of {count} mutants generated code");
    // Both outcomes are exercised: some mutants stay valid, most do not.
    assert!(
        generated > count / 20,
        "only {generated} of {count} mutants generated code"
    );
    assert!(
        generated < count - count / 20,
        "{generated} of {count} mutants generated code"
    );
}

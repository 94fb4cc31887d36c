//! A text copy of the page runs a row's cells together ("Phone number
//! invalidSố điện thoại không hợp lệKiểm tra lại…"). To apply such a row,
//! its cells are split again: for a code the table has, around the cells that
//! did not change; for a new code, where an English description meets the
//! Vietnamese text and where that text's explanation meets its remedy.

use crate::page::{Cells, squeezed};
use crate::table_row::TableRow;

/// A row's description, explanation and remedy. `acronyms` are the words
/// in capitals the table already uses (ZNS, OA, …), which tell where two
/// glued ones part ("ZNSOA").
pub fn cells(cells: &Cells, acronyms: &[String]) -> (String, String, String) {
    match cells {
        Cells::Split {
            description,
            info,
            remedy,
        } => (description.clone(), info.clone(), remedy.clone()),
        Cells::Joined(text) => guess(text, acronyms),
    }
}

/// The words in capitals (two letters or more, digits allowed) of `texts`.
pub fn acronyms<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<String> = texts
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 2 && w.chars().any(char::is_alphabetic))
        .filter(|w| w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether a row's cells had to be guessed from a text copy.
pub fn is_guessed(cells: &Cells) -> bool {
    matches!(cells, Cells::Joined(_))
}

/// The one cell of `known` that the page's run-together `text` changed, and
/// its new text; `None` when more than one cell changed, or when the change
/// could as well be in a neighbouring cell (a new cell text that starts
/// with a lower-case letter began inside the cell before it).
pub fn changed_cell(known: &TableRow, text: &str) -> Option<(usize, String)> {
    let (which, new) = one_changed_cell(known, text)?;
    let starts_a_cell = new.chars().next().is_none_or(|c| !c.is_lowercase());
    (which == 0 || starts_a_cell).then_some((which, new))
}

fn one_changed_cell(known: &TableRow, text: &str) -> Option<(usize, String)> {
    let page = squeezed(text);
    let (d, i, r) = (
        squeezed(&known.description),
        squeezed(&known.info),
        squeezed(&known.remedy),
    );
    let before = format!("{d}{i}");
    if page.starts_with(&before) {
        return Some((2, after_squeezed(text, before.chars().count())));
    }
    let after = format!("{i}{r}");
    if page.ends_with(&after) {
        let keep = page.chars().count() - after.chars().count();
        return Some((0, before_squeezed(text, keep)));
    }
    if page.starts_with(&d)
        && page.ends_with(&r)
        && page.chars().count() >= d.chars().count() + r.chars().count()
    {
        let rest = after_squeezed(text, d.chars().count());
        let keep = squeezed(&rest).chars().count() - r.chars().count();
        return Some((1, before_squeezed(&rest, keep)));
    }
    None
}

/// The part of `text` after its first `count` characters that are not white
/// space, trimmed.
fn after_squeezed(text: &str, count: usize) -> String {
    let mut seen = 0;
    for (at, c) in text.char_indices() {
        if seen == count {
            return text[at..].trim().to_owned();
        }
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    String::new()
}

/// The part of `text` up to its first `count` characters that are not white
/// space, trimmed.
fn before_squeezed(text: &str, count: usize) -> String {
    let mut seen = 0;
    for (at, c) in text.char_indices() {
        if seen == count {
            return text[..at].trim().to_owned();
        }
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    text.trim().to_owned()
}

/// Splits a new row's run-together text: the description ends where a word
/// runs into the next cell's capital ("invalidSố", "OAỨng"); the explanation
/// ends at the next such joint on the first line ("lệKiểm", "ZNSKiểm",
/// "hoạt- B1"); the lines after the first belong to the remedy.
fn guess(text: &str, acronyms: &[String]) -> (String, String, String) {
    let (first, more) = text.split_once('\n').unwrap_or((text, ""));
    let Some(at) = description_end(first, acronyms) else {
        return (text.trim().to_owned(), String::new(), String::new());
    };
    let (description, rest) = first.split_at(at);
    let (info, remedy_start) = match joint(rest, 1) {
        Some(at) => (rest[..at].to_owned(), rest[at..].to_owned()),
        None => (rest.to_owned(), String::new()),
    };
    let remedy = [remedy_start.trim(), more.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    (
        description.trim().to_owned(),
        info.trim().to_owned(),
        remedy,
    )
}

/// Where the English description ends: at the first joint before the first
/// letter beyond ASCII; or else at the capital that starts the word holding
/// that letter; or else inside the glued capitals of the word before it,
/// where two acronyms of the table meet.
fn description_end(line: &str, acronyms: &[String]) -> Option<usize> {
    let first_vietnamese = line
        .char_indices()
        .find(|(_, c)| c.is_alphabetic() && !c.is_ascii());
    if let Some(at) = joint(line, 1) {
        if first_vietnamese.is_none_or(|(v, _)| at <= v) {
            return Some(at);
        }
    }
    let (v, letter) = first_vietnamese?;
    // Back from that letter to the capital that starts its word.
    let word_start = line[..v + letter.len_utf8()]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(v, |(at, _)| at);
    if let Some((at, _)) = line[word_start..v + letter.len_utf8()]
        .char_indices()
        .find(|(_, c)| c.is_uppercase())
    {
        return Some(word_start + at).filter(|&at| at > 0);
    }
    // The word before it, all capitals: two acronyms glued ("ZNSOA").
    let before = line[..word_start].trim_end();
    let glued_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(at, _)| at)?;
    let glued = &before[glued_start..];
    glued
        .char_indices()
        .skip(1)
        .find(|&(at, _)| {
            acronyms.iter().any(|a| a == &glued[..at]) && acronyms.iter().any(|a| a == &glued[at..])
        })
        .map(|(at, _)| glued_start + at)
}

/// The first place, from character `from` on, where one cell's text runs
/// into the next: a lower-case letter, a digit or `)` followed by a capital;
/// a capital followed by a capital and a lower-case letter (the end of an
/// acronym, "ZNSKiểm"); or a letter followed by "- " (a list's first item).
fn joint(text: &str, from: usize) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    (from.max(1)..chars.len()).find_map(|k| {
        let (at, c) = chars[k];
        let before = chars[k - 1].1;
        let after = chars.get(k + 1).map(|p| p.1);
        let glued = c.is_uppercase()
            && (before.is_lowercase()
                || before == ')'
                || (before.is_uppercase()
                    && after.is_some_and(char::is_lowercase)
                    && k >= 2
                    && chars[k - 2].1.is_uppercase()));
        let list = c == '-' && before.is_alphabetic() && after == Some(' ');
        (glued || list).then_some(at)
    })
}

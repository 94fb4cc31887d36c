//! Writes a page's changes into the table's bytes: a changed row is written
//! again with the page's text in its page columns, a code the page dropped
//! gets the date in its `dropped_on` cell (and loses it when the page lists
//! it again), a new row is inserted where the page lists it, and every other
//! byte — a byte-order mark, the line ends, the quoting a spreadsheet chose —
//! stays as it was.

use std::collections::BTreeMap;

use crate::codegen::columns;
use crate::codegen::messages::Phrase;
use crate::diff::{Diff, new_row_cells};
use crate::page::Cells;
use crate::split;
use crate::table_row::page_columns;
use crate::text;

/// What applying a diff did.
#[derive(Debug, Default)]
pub struct Applied {
    /// The table's new bytes.
    pub bytes: Vec<u8>,
    /// What was written to rows the table had, and what could not be.
    pub notes: Vec<Phrase>,
    /// The codes added as new rows, with their suggested variant and whether
    /// their cells were split from a text copy's run-together text.
    pub added: Vec<(i32, String, bool)>,
    /// Whether every difference was written.
    pub complete: bool,
}

/// A record of the file: its byte range (its line end included) and cells.
struct Record {
    start: usize,
    end: usize,
    cells: Vec<String>,
}

/// The records of the file, after the header, with the header's cells.
fn records(bytes: &[u8], skip: usize) -> (Vec<String>, Vec<Record>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[skip..]);
    let mut found: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.byte_records().flatten() {
        // The reader may place a record at the line feed of the CRLF before it.
        let mut start = skip + record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let cells = record
            .iter()
            .map(|cell| String::from_utf8_lossy(cell).into_owned())
            .collect();
        found.push((start, cells));
    }
    if found.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let header = found.remove(0).1;
    let ends: Vec<usize> = found
        .iter()
        .skip(1)
        .map(|(start, _)| *start)
        .chain([bytes.len()])
        .collect();
    let rows = found
        .into_iter()
        .zip(ends)
        .map(|((start, cells), end)| Record { start, end, cells })
        .collect();
    (header, rows)
}

/// The line end the file uses.
fn line_end(bytes: &[u8]) -> &'static str {
    if bytes.windows(2).any(|w| w == b"\r\n") {
        "\r\n"
    } else if bytes.contains(&b'\n') {
        "\n"
    } else if bytes.contains(&b'\r') {
        "\r"
    } else {
        "\n"
    }
}

/// One record as CSV, quoted as needed, its cells' line breaks and its end
/// written as the file writes them.
fn encode(cells: &[String], end: &str) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| {
            c.replace("\r\n", "\n")
                .replace('\r', "\n")
                .replace('\n', end)
        })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(&cells);
    let line = String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned();
    format!("{}{end}", line.strip_suffix('\n').unwrap_or(&line))
}

/// Writes the differences of `diff` into `bytes`; `saved_on` is the date of
/// the page copy, written for each code it dropped.
pub fn apply(bytes: &[u8], diff: &Diff, saved_on: &str) -> Applied {
    let bom = if bytes.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let end = line_end(bytes);
    let (header, rows) = records(bytes, bom);
    let position = |name: &str| {
        header.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        })
    };
    let code_at = position(columns::CODE);
    let code_of =
        |record: &Record| -> Option<i32> { record.cells.get(code_at?)?.trim().parse().ok() };
    let find = |code: i32| rows.iter().find(|r| code_of(r) == Some(code));
    let find_whole = |code: i32| {
        rows.iter()
            .position(|r| code_of(r) == Some(code))
            .filter(|&i| rows[i].cells.len() == header.len())
    };

    // The rows written again, by their index in `rows`: each once, with every
    // change it gets.
    let mut rewritten: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    // Edits as (start, end, text), applied from the last to the first.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut notes = Vec::new();
    let mut added = Vec::new();
    let mut complete = true;
    let page_columns = page_columns();

    for (known, page_row, _) in &diff.changed {
        let Some(index) = find_whole(known.code) else {
            notes.push(Phrase::new(text::NOT_APPLIED_UNREADABLE).with("code", known.code));
            complete = false;
            continue;
        };
        let new_cells: Vec<(usize, String)> = match &page_row.cells {
            Cells::Split {
                description,
                info,
                remedy,
            } => vec![
                (0, description.clone()),
                (1, info.clone()),
                (2, remedy.clone()),
            ],
            Cells::Joined(page_text) => match split::changed_cell(known, page_text) {
                Some(change) => vec![change],
                None => {
                    notes.push(
                        Phrase::new(text::NOT_APPLIED_JOINED)
                            .with("code", known.code)
                            .with("variant", &known.variant),
                    );
                    complete = false;
                    continue;
                }
            },
        };
        let cells = rewritten
            .entry(index)
            .or_insert_with(|| rows[index].cells.clone());
        let mut written = Vec::new();
        for (which, value) in new_cells {
            let name = page_columns[which];
            let Some(at) = position(name) else { continue };
            if cells[at].trim() != value.trim() {
                cells[at] = value;
                written.push(format!("`{name}`"));
            }
        }
        notes.push(
            Phrase::new(text::APPLIED_CHANGE)
                .with("code", known.code)
                .with("variant", &known.variant)
                .with("columns", written.join(", ")),
        );
        if split::is_guessed(&page_row.cells) {
            notes.push(text::APPLIED_SPLIT_GUESSED.into());
        }
    }

    // The mark of a code the page dropped: written, or cleared when the page
    // lists the code again.
    let marks = diff
        .removed
        .iter()
        .map(|row| (row, saved_on, text::APPLIED_DROPPED))
        .chain(
            diff.relisted
                .iter()
                .map(|row| (row, "", text::APPLIED_RELISTED)),
        );
    for (row, mark, note) in marks {
        let (Some(index), Some(at)) = (find_whole(row.code), position(columns::DROPPED_ON)) else {
            notes.push(
                Phrase::new(text::NOT_APPLIED_MARK)
                    .with("code", row.code)
                    .with("column", columns::DROPPED_ON),
            );
            complete = false;
            continue;
        };
        let cells = rewritten
            .entry(index)
            .or_insert_with(|| rows[index].cells.clone());
        cells[at] = mark.to_owned();
        notes.push(
            Phrase::new(note)
                .with("code", row.code)
                .with("variant", &row.variant)
                .with(
                    "date",
                    if mark.is_empty() {
                        &row.dropped_on
                    } else {
                        mark
                    },
                ),
        );
    }
    for (index, cells) in &rewritten {
        let record = &rows[*index];
        edits.push((record.start, record.end, encode(cells, end)));
    }

    for (page_row, after) in &diff.new {
        let by_name = new_row_cells(page_row, &diff.acronyms);
        let mut cells = vec![String::new(); header.len()];
        for (name, value) in &by_name {
            if let Some(at) = position(name) {
                cells[at] = value.clone();
            }
        }
        // After the row of the code the page lists before it, or else first.
        let at = match after.and_then(find) {
            Some(record) => record.end,
            None => rows.first().map_or(bytes.len(), |r| r.start),
        };
        let needs_break = at == bytes.len()
            && !bytes.is_empty()
            && !bytes.ends_with(b"\n")
            && !bytes.ends_with(b"\r");
        let text = format!(
            "{}{}",
            if needs_break { end } else { "" },
            encode(&cells, end)
        );
        edits.push((at, at, text));
        let variant = by_name
            .iter()
            .find(|(n, _)| *n == columns::VARIANT)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        added.push((page_row.code, variant, split::is_guessed(&page_row.cells)));
    }

    // Insertions at one place keep the page's order.
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut from = 0;
    for (start, stop, text) in &edits {
        out.extend_from_slice(&bytes[from..*start]);
        out.extend_from_slice(text.as_bytes());
        from = *stop;
    }
    out.extend_from_slice(&bytes[from..]);
    Applied {
        bytes: out,
        notes,
        added,
        complete,
    }
}

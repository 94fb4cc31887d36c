//! How a copy of the page and the table differ: codes that are new, removed
//! or changed, compared ignoring white space and the columns the page does
//! not have.

use std::collections::HashSet;

use similar::{Algorithm, ChangeTag};

use crate::codegen::columns::{self, COLUMNS};
use crate::codegen::messages::{Lang, Phrase};
use crate::page::{Cells, Form, Page, PageRow, squeezed};
use crate::split;
use crate::table_row::{TableRow, page_columns};
use crate::text;

/// A cell whose text differs between the table and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedCell {
    /// The table's column, or "text" for a text copy, whose cells run together.
    pub column: &'static str,
    pub table: String,
    pub page: String,
}

/// How the page and the table differ.
#[derive(Debug, Default)]
pub struct Diff {
    /// Codes on the page that the table lacks, with the last code the table
    /// has that the page lists before each (the new row goes after its row).
    pub new: Vec<(PageRow, Option<i32>)>,
    /// Codes in the table, not yet marked dropped, that the page no longer
    /// lists: `--apply` marks them.
    pub removed: Vec<TableRow>,
    /// Codes marked dropped that the page lists again: `--apply` clears the
    /// mark.
    pub relisted: Vec<TableRow>,
    /// Codes marked dropped that the page still does not list: as the table
    /// says, so not a difference.
    pub dropped: Vec<TableRow>,
    /// Codes whose text changed, with the page's row and each cell that differs.
    pub changed: Vec<(TableRow, PageRow, Vec<ChangedCell>)>,
    /// Codes the page lists more than once.
    pub repeated: Vec<i32>,
    pub unchanged: usize,
    /// The words in capitals the table uses, for splitting a text copy.
    pub acronyms: Vec<String>,
}

impl Diff {
    pub fn agrees(&self) -> bool {
        self.new.is_empty()
            && self.removed.is_empty()
            && self.relisted.is_empty()
            && self.changed.is_empty()
            && self.repeated.is_empty()
    }

    /// The one-line summary, in `lang`.
    pub fn summary(&self, page: &Page, table_rows: usize) -> Phrase {
        let form = match page.form {
            Form::Text => text::FORM_TEXT,
            Form::Html => text::FORM_HTML,
        };
        Phrase::new(text::SUMMARY)
            .with("new", self.new.len())
            .with("removed", self.removed.len())
            .with("changed", self.changed.len())
            .with("unchanged", self.unchanged)
            .with_phrase("form", form.into())
            .with("page", page.rows.len())
            .with("table", table_rows)
            .with_phrase(
                "agreement",
                if self.agrees() {
                    text::AGREE
                } else {
                    text::DIFFER
                }
                .into(),
            )
    }

    /// The lines for CHANGELOG.md, for a page copy saved on `date`: the
    /// comparison's counts, then each code the page dropped or lists again.
    pub fn changelog(&self, date: &str) -> Vec<Phrase> {
        let mut lines = vec![
            Phrase::new(text::CHANGELOG_COMPARED)
                .with("date", date)
                .with("new", self.new.len())
                .with("removed", self.removed.len())
                .with("changed", self.changed.len()),
        ];
        let marked = self
            .removed
            .iter()
            .map(|row| (row, text::CHANGELOG_REMOVED))
            .chain(
                self.relisted
                    .iter()
                    .map(|row| (row, text::CHANGELOG_RELISTED)),
            );
        for (row, sentence) in marked {
            lines.push(
                Phrase::new(sentence)
                    .with("code", row.code)
                    .with("variant", &row.variant),
            );
        }
        lines
    }

    /// The report: each new, removed, changed and repeated code, then the
    /// summary.
    pub fn render(&self, page: &Page, table_rows: usize, lang: Lang) -> String {
        let mut out = String::new();
        let mut line = |phrase: Phrase| {
            out.push_str(&phrase.render(lang));
            out.push('\n');
        };
        for (row, _) in &self.new {
            line(Phrase::new(text::NEW_CODE).with("code", row.code));
            match &row.cells {
                Cells::Joined(page_text) => {
                    line(Phrase::new(text::NEW_CODE_PAGE).with("text", indent(page_text)));
                    line(text::NEW_CODE_TEXT_COPY.into());
                }
                Cells::Split { .. } => {
                    line(text::NEW_CODE_ROW.into());
                    line(Phrase::new(text::NEW_CODE_PAGE).with(
                        "text",
                        indent(&csv_line(&new_row_cells(row, &self.acronyms))),
                    ));
                }
            }
        }
        for row in &self.removed {
            line(
                Phrase::new(text::REMOVED_CODE)
                    .with("code", row.code)
                    .with("variant", &row.variant),
            );
            line(text::REMOVED_CODE_KEEP.into());
        }
        // The marked codes: listed again (a difference), or still dropped.
        let marked = self
            .relisted
            .iter()
            .map(|row| (row, text::RELISTED_CODE))
            .chain(self.dropped.iter().map(|row| (row, text::DROPPED_CODE)));
        for (row, sentence) in marked {
            line(
                Phrase::new(sentence)
                    .with("code", row.code)
                    .with("variant", &row.variant)
                    .with("date", &row.dropped_on),
            );
        }
        for (row, _, cells) in &self.changed {
            line(
                Phrase::new(text::CHANGED_CODE)
                    .with("code", row.code)
                    .with("variant", &row.variant),
            );
            for cell in cells {
                let (old, new) = word_diff(&cell.table, &cell.page);
                line(
                    Phrase::new(text::CHANGED_IN_TABLE)
                        .with("column", cell.column)
                        .with("text", indent(&old)),
                );
                line(
                    Phrase::new(text::CHANGED_ON_PAGE)
                        .with("column", cell.column)
                        .with("text", indent(&new)),
                );
            }
        }
        for code in &self.repeated {
            line(Phrase::new(text::REPEATED_CODE).with("code", code));
        }
        line(self.summary(page, table_rows));
        out
    }
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n        ")
}

/// Compares the page with the table.
pub fn compare(page: &Page, table: &[TableRow]) -> Diff {
    let mut diff = Diff {
        acronyms: split::acronyms(
            table
                .iter()
                .flat_map(|r| [r.description.as_str(), r.info.as_str(), r.remedy.as_str()]),
        ),
        ..Diff::default()
    };
    let mut seen = HashSet::new();
    let mut previous: Option<i32> = None;
    for row in &page.rows {
        if !seen.insert(row.code) {
            diff.repeated.push(row.code);
            continue;
        }
        let Some(known) = table.iter().find(|t| t.code == row.code) else {
            diff.new.push((row.clone(), previous));
            continue;
        };
        previous = Some(row.code);
        if !known.dropped_on.is_empty() {
            diff.relisted.push(known.clone());
        }
        let cells = changed_cells(known, &row.cells);
        if cells.is_empty() {
            diff.unchanged += 1;
        } else {
            diff.changed.push((known.clone(), row.clone(), cells));
        }
    }
    let (dropped, removed) = table
        .iter()
        .filter(|t| !seen.contains(&t.code))
        .cloned()
        .partition(|t| !t.dropped_on.is_empty());
    diff.dropped = dropped;
    diff.removed = removed;
    diff
}

fn changed_cells(known: &TableRow, cells: &Cells) -> Vec<ChangedCell> {
    match cells {
        Cells::Joined(page_text) => {
            let old = known.joined();
            if squeezed(&old) == squeezed(page_text) {
                vec![]
            } else {
                vec![ChangedCell {
                    column: "text",
                    table: old,
                    page: page_text.clone(),
                }]
            }
        }
        Cells::Split {
            description,
            info,
            remedy,
        } => {
            let [d, i, r] = page_columns();
            [
                (d, &known.description, description),
                (i, &known.info, info),
                (r, &known.remedy, remedy),
            ]
            .into_iter()
            .filter(|(_, old, new)| squeezed(old) != squeezed(new))
            .map(|(column, old, new)| ChangedCell {
                column,
                table: old.clone(),
                page: new.clone(),
            })
            .collect()
        }
    }
}

/// `old` and `new` with the words that differ marked, each keeping its own
/// line breaks: words only in `old` as `[-word-]`, words only in `new` as
/// `{+word+}`.
pub fn word_diff(old: &str, new: &str) -> (String, String) {
    let (mut marked_old, mut marked_new) = (String::new(), String::new());
    for (tag, piece) in similar::utils::diff_words(Algorithm::Myers, old, new) {
        let blank = piece.trim().is_empty();
        match tag {
            ChangeTag::Equal => {
                marked_old.push_str(piece);
                marked_new.push_str(piece);
            }
            ChangeTag::Delete if blank => marked_old.push_str(piece),
            ChangeTag::Insert if blank => marked_new.push_str(piece),
            ChangeTag::Delete => mark(&mut marked_old, piece, "[-", "-]"),
            ChangeTag::Insert => mark(&mut marked_new, piece, "{+", "+}"),
        }
    }
    (marked_old, marked_new)
}

/// Marks a piece, leaving the white space at its ends outside the marks.
fn mark(out: &mut String, piece: &str, open: &str, close: &str) {
    let start = piece.len() - piece.trim_start().len();
    let end = piece.trim_end().len();
    out.push_str(&piece[..start]);
    out.push_str(open);
    out.push_str(&piece[start..end]);
    out.push_str(close);
    out.push_str(&piece[end..]);
}

/// The cells of a new row, by column name: the code, a suggested variant and
/// the page's text; every other cell empty, for the editor to fill in.
pub fn new_row_cells(row: &PageRow, acronyms: &[String]) -> Vec<(&'static str, String)> {
    let (description, info, remedy) = split::cells(&row.cells, acronyms);
    let variant = crate::codegen::names::suggest_variant(&description).unwrap_or_default();
    let [d, i, r] = page_columns();
    COLUMNS
        .iter()
        .map(|column| {
            let value = match column.name {
                columns::CODE => row.code.to_string(),
                columns::VARIANT => variant.clone(),
                name if name == d => description.clone(),
                name if name == i => info.clone(),
                name if name == r => remedy.clone(),
                _ => String::new(),
            };
            (column.name, value)
        })
        .collect()
}

/// Cells as one CSV line, quoted where a spreadsheet would quote them.
pub fn csv_line(cells: &[(&str, String)]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(cells.iter().map(|(_, value)| value.as_str()));
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_owned()
}

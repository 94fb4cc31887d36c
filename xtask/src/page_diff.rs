//! `cargo xtask page-diff PAGE|URL|--live [--apply] [--saved-on YYYY-MM-DD]
//! [--report FILE]`: what changed on Zalo's page, optionally written into
//! the table, and told as the body of a pull request.

use std::path::Path;

use crate::Outcome;
use crate::codegen::messages::{Lang, Phrase};
use crate::codegen::table;
use crate::diff::{self, Diff};
use crate::fetch::{self, Limits};
use crate::page::{self, Page};
use crate::table_row;
use crate::workspace::{PAGE_COPY, TABLE};
use crate::{apply, check, date, report, text};

/// What `page-diff` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// A saved copy's path, or the page's web address.
    pub page: String,
    /// Write the page's changes into the table and keep the page.
    pub apply: bool,
    /// The date the copy was saved (default: today).
    pub saved_on: Option<String>,
    /// Where to write the pull request's body.
    pub report: Option<String>,
}

pub fn run(root: &Path, request: &Request, limits: &Limits, lang: Lang) -> Outcome {
    let page_path = request.page.as_str();
    let bytes = if fetch::is_url(page_path) {
        match fetch::fetch(page_path, limits) {
            Ok(bytes) => bytes,
            Err(reason) => return Outcome::cannot_run(reason.render(lang)),
        }
    } else {
        match std::fs::read(page_path) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Outcome::cannot_run(
                    Phrase::new(text::CANNOT_READ_PAGE)
                        .with("file", page_path)
                        .with("error", error)
                        .render(lang),
                );
            }
        }
    };
    let not_the_page = |reason: Phrase| {
        Outcome::cannot_run(
            Phrase::new(text::NOT_THE_PAGE)
                .with("file", page_path)
                .with_phrase("reason", reason)
                .render(lang),
        )
    };
    let page = match page::read(&bytes) {
        Ok(page) => page,
        Err(reason) => return not_the_page(reason),
    };
    let table_path = root.join(TABLE);
    let bytes = match check::read_file(&table_path, TABLE, lang) {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::cannot_run(message),
    };

    // A table with problems is reported as `check` reports it; the
    // comparison goes on with the rows whose code could be read.
    let mut out = String::new();
    let reading = table::read_all(&bytes);
    let rows = table_row::table_rows(&reading);
    if !reading.problems.is_empty() {
        for problem in &reading.problems {
            out.push_str(&problem.render(TABLE, lang));
            out.push('\n');
        }
        out.push_str(
            &Phrase::new(text::TABLE_HAS_PROBLEMS)
                .with("count", reading.problems.len())
                .with("rows", rows.len())
                .render(lang),
        );
        out.push('\n');
    }
    // A table with fewer than half the codes the table has from the page is
    // a part of the page or another table: nothing is written from it.
    let listed = rows.iter().filter(|r| r.dropped_on.is_empty()).count();
    if page.rows.len() * 2 < listed {
        return not_the_page(
            Phrase::new(text::PAGE_TOO_FEW)
                .with("page", page.rows.len())
                .with("listed", listed),
        );
    }
    let found = diff::compare(&page, &rows);
    let status = u8::from(!found.agrees());
    out.push_str(&found.render(&page, rows.len(), lang));

    let saved_on = request.saved_on.clone().unwrap_or_else(date::today);
    if request.apply {
        match write(root, &bytes, &page, &found, &saved_on, lang) {
            Ok(said) => out.push_str(&said),
            Err(message) => {
                return Outcome {
                    stdout: out,
                    stderr: message + "\n",
                    status: 2,
                };
            }
        }
    }
    if let Some(file) = &request.report {
        let markdown = report::markdown(&found, &page, &saved_on, request.apply);
        if let Err(error) = std::fs::write(file, markdown) {
            return Outcome {
                stdout: out,
                stderr: Phrase::new(text::CANNOT_WRITE)
                    .with("file", file)
                    .with("error", error)
                    .render(lang)
                    + "\n",
                status: 2,
            };
        }
    }
    Outcome {
        stdout: out,
        stderr: String::new(),
        status,
    }
}

/// Writes the page's changes into the table and keeps the page as the copy
/// the table follows; returns what it did, to print.
fn write(
    root: &Path,
    bytes: &[u8],
    page: &Page,
    found: &Diff,
    saved_on: &str,
    lang: Lang,
) -> Result<String, String> {
    let mut out = String::new();
    let mut say = |phrase: Phrase| {
        out.push_str(&phrase.render(lang));
        out.push('\n');
    };
    let cannot_write = |file: &str, error: std::io::Error| {
        Phrase::new(text::CANNOT_WRITE)
            .with("file", file)
            .with("error", error)
            .render(lang)
    };
    let mut complete = true;
    if found.agrees() {
        say(text::NOTHING_TO_APPLY.into());
    } else {
        let applied = apply::apply(bytes, found, saved_on);
        complete = applied.complete;
        if applied.bytes != bytes {
            std::fs::write(root.join(TABLE), &applied.bytes).map_err(|e| cannot_write(TABLE, e))?;
        }
        for note in applied.notes {
            say(note);
        }
        // Where the new rows landed, read from the table as written.
        let written = table::read_all(&applied.bytes);
        for (code, variant, guessed) in &applied.added {
            let place = written
                .drafts
                .iter()
                .find(|d| d.code() == Some(*code))
                .map(|d| d.place);
            say(Phrase::new(text::APPLIED_NEW)
                .with("code", code)
                .with("variant", variant)
                .with("line", place.map_or(0, |p| p.line))
                .with("row", place.and_then(|p| p.row).unwrap_or_default()));
            if *guessed {
                say(text::APPLIED_SPLIT_GUESSED.into());
            }
        }
        say(text::changelog_add());
        for line in found.changelog(saved_on) {
            say(line);
        }
    }
    // The copy the table follows: replaced only when every change was
    // written, and only when its rows differ, so that a second run changes
    // nothing.
    if complete {
        let path = root.join(PAGE_COPY);
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        let same_rows = page::read(stored.as_bytes()).is_ok_and(|kept| kept.rows == page.rows);
        if !same_rows {
            std::fs::write(&path, page::stored(page, saved_on))
                .map_err(|e| cannot_write(PAGE_COPY, e))?;
            say(Phrase::new(text::PAGE_COPY_SAVED)
                .with("file", PAGE_COPY)
                .with("date", saved_on));
        }
    }
    Ok(out)
}

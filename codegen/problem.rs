//! A problem found in the data, worded for the person who edits the CSV.

use std::fmt::Write as _;

/// One thing wrong with the table: where it is, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line of the file where the offending row starts (the header is line 1).
    pub line: Option<u64>,
    /// The column the problem is in, by its header name.
    pub column: Option<String>,
    /// What is wrong, in plain words.
    pub what: String,
    /// How to fix it, in plain words.
    pub fix: String,
}

impl Problem {
    /// A problem in the file as a whole.
    pub fn in_file(what: impl Into<String>, fix: impl Into<String>) -> Problem {
        Problem {
            line: None,
            column: None,
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// A problem on one line, outside any particular column.
    pub fn at_line(line: u64, what: impl Into<String>, fix: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            column: None,
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// A problem in one cell.
    pub fn in_cell(
        line: u64,
        column: &str,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) -> Problem {
        Problem {
            line: Some(line),
            column: Some(column.to_owned()),
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// The message on one line, starting with `file:line`, as Cargo shows it.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::from(file);
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
        }
        out.push_str(": ");
        if let Some(column) = &self.column {
            let _ = write!(out, "column `{column}`: ");
        }
        let _ = write!(out, "{} Fix: {}", self.what, self.fix);
        // Cargo reads one directive a line: a stray line break would cut the message.
        out.replace(['\r', '\n'], " ")
    }
}

/// Quotes a cell's text for a message, showing invisible characters.
pub fn quoted(text: &str) -> String {
    const MAX: usize = 60;
    let shown: String = text.chars().take(MAX).collect();
    let more = if text.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("\"{}{more}\"", shown.escape_debug())
}

//! A row of the table in the page's columns: what a copy of the page is
//! compared with, and what a text copy's run-together cells are split
//! against. Both the comparison (diff.rs) and the splitting (split.rs) use
//! it; it uses neither.

use crate::codegen::columns::{self, COLUMNS, Kind};
use crate::codegen::table::Reading;

/// A row of the table as the file has it, in the page's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub code: i32,
    pub variant: String,
    pub description: String,
    pub info: String,
    pub remedy: String,
    /// The date the table says Zalo's page stopped listing the code; empty
    /// while the page lists it.
    pub dropped_on: String,
}

impl TableRow {
    /// The page's cells of the row, run together as a text copy shows them.
    pub fn joined(&self) -> String {
        format!("{}{}{}", self.description, self.info, self.remedy)
    }
}

/// The columns the page's three text columns are copied into, in order.
pub fn page_columns() -> [&'static str; 3] {
    let mut names = COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Page { .. }))
        .map(|c| c.name);
    let mut next = || names.next().unwrap_or_default();
    [next(), next(), next()]
}

/// The rows of the table whose code could be read, whatever else is wrong
/// with them.
pub fn table_rows(reading: &Reading) -> Vec<TableRow> {
    let cell = |cells: &[String], name: &str| {
        columns::index(name)
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let [description, info, remedy] = page_columns();
    reading
        .drafts
        .iter()
        .filter_map(|draft| {
            Some(TableRow {
                code: draft.code()?,
                variant: cell(&draft.cells, columns::VARIANT),
                description: cell(&draft.cells, description),
                info: cell(&draft.cells, info),
                remedy: cell(&draft.cells, remedy),
                dropped_on: cell(&draft.cells, columns::DROPPED_ON),
            })
        })
        .collect()
}

//! Edits of the real table's text the way a spreadsheet or a slip of the
//! hand would make them, by row and column name, so that the tests hold
//! whatever rows and columns the table has.

/// A data row of a table: its byte range in the text and its cells.
pub struct Record {
    pub start: usize,
    pub end: usize,
    pub cells: Vec<String>,
}

/// The header's cells and every data row of `table` (a blank line is not a row).
pub fn records(table: &str) -> (Vec<String>, Vec<Record>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(table.as_bytes());
    let mut all: Vec<(usize, Vec<String>)> = reader
        .records()
        .map(|r| {
            let r = r.expect("the table reads as CSV");
            // The reader may place a record at the line feed of the CRLF before it.
            let mut start = r.position().unwrap().byte() as usize;
            while matches!(table.as_bytes().get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            (start, r.iter().map(str::to_owned).collect())
        })
        .collect();
    let header = all.remove(0).1;
    let starts: Vec<usize> = all
        .iter()
        .map(|(s, _)| *s)
        .skip(1)
        .chain([table.len()])
        .collect();
    let rows = all
        .into_iter()
        .zip(starts)
        .map(|((start, cells), end)| Record { start, end, cells })
        .collect();
    (header, rows)
}

/// The position of the column `name` in the header.
pub fn column(table: &str, name: &str) -> usize {
    records(table)
        .0
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("the table has no column {name}"))
}

/// The cell of data row `n` (1 for the first) in the column `name`.
pub fn cell(table: &str, n: usize, name: &str) -> String {
    records(table).1[n - 1].cells[column(table, name)].clone()
}

/// One CSV line (with its line break) holding exactly `cells`.
pub fn line(cells: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(cells).unwrap();
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// `table` with data row `n` replaced by `cells`.
pub fn with_row(table: &str, n: usize, cells: &[String]) -> String {
    let (_, rows) = records(table);
    let row = &rows[n - 1];
    format!(
        "{}{}{}",
        &table[..row.start],
        line(cells),
        &table[row.end..]
    )
}

/// `table` with the given cells of data row `n` changed.
pub fn with_cells(table: &str, n: usize, changes: &[(&str, &str)]) -> String {
    let mut cells = records(table).1[n - 1].cells.clone();
    for (name, value) in changes {
        cells[column(table, name)] = (*value).to_owned();
    }
    with_row(table, n, &cells)
}

/// The line of the file where data row `n` starts.
pub fn line_of(table: &str, n: usize) -> usize {
    let start = records(table).1[n - 1].start;
    table[..start].matches('\n').count() + 1
}

/// The spreadsheet letter of the column `name`.
pub fn letter(table: &str, name: &str) -> char {
    char::from(b'A' + column(table, name) as u8)
}

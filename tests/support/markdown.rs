//! Reading the tables of the project's Markdown files in tests.

/// The first cells (backticks taken off) of the table in `doc` whose
/// header row starts with `| label |`.
pub fn first_column(doc: &str, label: &str) -> Vec<String> {
    let header = format!("\n| {label} |");
    let start = doc
        .find(&header)
        .unwrap_or_else(|| panic!("no table headed {header:?}"));
    doc[start + 1..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.split('|')
                .nth(1)
                .unwrap_or_default()
                .trim()
                .trim_matches('`')
                .to_owned()
        })
        .collect()
}

/// The headings of `doc` (lines starting with `#`), leaving out fenced code.
#[allow(
    dead_code,
    reason = "each test file that includes this module uses some of its functions"
)]
pub fn headings(doc: &str) -> Vec<&str> {
    let mut in_code = false;
    doc.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            !in_code && line.starts_with('#')
        })
        .collect()
}

/// The body rows of every table in `doc`, each as its cells, with the line
/// number of the row.
#[allow(
    dead_code,
    reason = "each test file that includes this module uses some of its functions"
)]
pub fn table_rows(doc: &str) -> Vec<(usize, Vec<&str>)> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut rows = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let is_row = |l: &str| l.starts_with('|');
        let is_rule = |l: &str| l.starts_with("|---") || l.starts_with("| ---");
        // A body row: a row that is not the rule, below a rule.
        let below_rule = lines[..index]
            .iter()
            .rev()
            .take_while(|l| is_row(l))
            .any(|l| is_rule(l));
        if is_row(line) && !is_rule(line) && below_rule {
            let cells = line.trim_matches('|').split('|').map(str::trim).collect();
            rows.push((index + 1, cells));
        }
    }
    rows
}

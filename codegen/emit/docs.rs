//! The documentation written from the table: each item's rustdoc, and the
//! Markdown table on the crate's front page.
//!
//! Cell text is shown, never interpreted: Markdown and HTML in a cell are
//! escaped, invisible characters are shown as `\u{…}`, and nothing a cell holds
//! can become a code block (a doctest) or a warning of rustdoc's.

use std::fmt::Write as _;

use super::super::columns::{COLUMNS, Column, Kind};
use super::super::table::Row;

/// The lines of the rustdoc of a row's variant and constant: the code and
/// the description, a section for each other text column, and a line with the
/// row's labels, each linked to its value's documentation.
pub fn item_doc(row: &Row) -> Vec<String> {
    let mut lines = vec![
        format!("`{}` — {}", row.code, inline(row.description())),
        String::new(),
    ];
    for column in COLUMNS.iter().filter(|c| c.is_optional_text()) {
        match row.text(column.name) {
            Some(date) if column.kind == Kind::Date => {
                lines.push(format!("**{}:**", column.title));
                lines.push(dropped_note(date));
                lines.push(String::new());
            }
            Some(text) => {
                lines.push(format!("**{}:**", column.title));
                lines.extend(block(text));
                lines.push(String::new());
            }
            None => {}
        }
    }
    let labels: Vec<String> = COLUMNS
        .iter()
        .filter_map(|column| {
            let Kind::Label(vocabulary) = column.kind else {
                return None;
            };
            let (_, variant) = row.label(column.name)?;
            Some(format!(
                "{}: [`{variant}`](crate::{}::{variant}).",
                column.title, vocabulary.type_name
            ))
        })
        .collect();
    lines.push(labels.join(" "));
    lines
}

/// What the documentation says of a code Zalo's page stopped listing.
fn dropped_note(date: &str) -> String {
    format!(
        "Zalo's page no longer lists this code: the copy saved on {} lacked it. \
         It is kept so that programs that still receive it keep working.",
        inline(date)
    )
}

/// The date Zalo's page stopped listing the row's code, if it did (the
/// column of kind [`Kind::Date`]), for the front page's table.
fn dropped_on(row: &Row) -> Option<&str> {
    COLUMNS
        .iter()
        .filter(|c| c.kind == Kind::Date)
        .find_map(|c| row.text(c.name))
}

/// The lines of the rustdoc of a row's constant: the variant's, and a link to it.
pub fn constant_doc(row: &Row) -> Vec<String> {
    let mut lines = item_doc(row);
    lines.push(String::new());
    lines.push(format!(
        "The number of [`ErrorCode::{0}`](crate::ErrorCode::{0}).",
        row.variant
    ));
    lines
}

/// The Markdown table of every code, included in the crate's documentation:
/// code, variant, description, and each label column.
pub fn markdown_table(rows: &[Row]) -> String {
    let labels: Vec<&Column> = COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Label(_)))
        .collect();
    let mut out = String::from("| Code | Variant | Description |");
    for column in &labels {
        let _ = write!(out, " {} |", column.title);
    }
    out.push_str("\n|---:|---|---|");
    out.push_str(&"---|".repeat(labels.len()));
    out.push('\n');
    for row in rows {
        let dropped = dropped_on(row)
            .map(|date| format!(" (not on Zalo's page since {})", inline(date)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "| {} | [`{}`](crate::ErrorCode::{}) | {}{dropped} |",
            row.code,
            row.variant,
            row.variant,
            inline(row.description()),
        );
        for column in &labels {
            let spelling = row.label(column.name).map_or("", |l| l.0);
            let _ = write!(out, " `{spelling}` |");
        }
        out.push('\n');
    }
    out
}

/// A multi-line cell as doc lines: each line escaped, leading white space
/// dropped (four spaces would start a code block), empty lines dropped (they
/// would split the section).
fn block(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(inline)
        .collect()
}

/// One line of cell text as Markdown that shows exactly that text.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        // A bare URL is a rustdoc warning: make it an autolink, `<url>`, with
        // the characters rustdoc's URL pattern takes.
        let rest = &text[at..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-@:%._+~#?&/=".contains(c)))
                .unwrap_or(rest.len());
            let url = &rest[..len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            for _ in 1..url.chars().count() {
                chars.next();
            }
            previous = url.chars().last();
            continue;
        }
        match c {
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c if shown_escaped(previous, c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    // A line of only `-` or `=` under a paragraph would turn it into a heading.
    if out.chars().all(|c| c == '-' || c == '=') && !out.is_empty() {
        out.insert(0, '\\');
    }
    // A leading `+`, `-` or digit-dot is left alone: the page's lists render as lists.
    out
}

/// Whether a character must not be written raw into a comment: the text
/// direction controls rustc denies there, and every other character that
/// `escape_debug` would escape, except combining marks after a base letter
/// (decomposed Vietnamese), which are visible.
fn shown_escaped(previous: Option<char>, c: char) -> bool {
    const TEXT_DIRECTION: &[char] = &[
        '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
        '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ];
    if TEXT_DIRECTION.contains(&c) {
        return true;
    }
    if c.escape_debug().count() == 1 {
        return false;
    }
    // `str::escape_debug` keeps a combining mark raw when it follows a visible
    // character; `char::escape_debug` would escape it.
    let pair: String = [previous.unwrap_or(' '), c].iter().collect();
    let kept = pair.escape_debug().to_string() == pair;
    !(kept && previous.is_some())
}

#[cfg(test)]
mod tests {
    use super::super::super::table::fixture::{row as fixture_row, table};
    use super::super::super::table::read;
    use super::*;

    fn row(remedy_vi: Option<&str>) -> Row {
        let mut cells = vec![
            ("code", "-108"),
            ("variant", "PhoneNumberInvalid"),
            ("description", "Phone number invalid"),
            ("info_vi", "Số điện thoại không hợp lệ"),
            ("info_en", "The phone number is invalid"),
            ("category", "request"),
            ("retry", "after_fix"),
        ];
        // The English remedy has the Vietnamese one's lines, as the reader asks.
        let remedy_en = remedy_vi.map(|r| vec!["Check it"; r.trim().lines().count()].join("\n"));
        if let (Some(remedy), Some(english)) = (remedy_vi, &remedy_en) {
            cells.extend([("remedy_vi", remedy), ("remedy_en", english.as_str())]);
        }
        read(&table(&fixture_row(&cells))).unwrap().remove(0)
    }

    #[test]
    fn item_doc_shows_code_texts_category_and_retry() {
        let doc = item_doc(&row(Some("Kiểm tra:\n- 84xxxx\n    - 0xxxx\n\n")));
        assert_eq!(doc[0], "`-108` — Phone number invalid");
        assert!(doc.contains(&"**Thông tin lỗi:**".to_owned()));
        assert!(doc.contains(&"Số điện thoại không hợp lệ".to_owned()));
        let remedy = doc
            .iter()
            .position(|l| l == "**Hướng dẫn xử lý:**")
            .unwrap();
        assert_eq!(
            doc[remedy + 1..remedy + 4],
            ["Kiểm tra:", "- 84xxxx", "- 0xxxx"]
        );
        assert!(
            doc.last().unwrap().starts_with(
                "Category: [`Request`](crate::Category::Request). Retry: [`AfterFix`](crate::Retry::AfterFix)."
            ),
            "{doc:?}"
        );
    }

    #[test]
    fn constant_doc_links_its_variant() {
        let doc = constant_doc(&row(None));
        assert_eq!(doc[..doc.len() - 2], item_doc(&row(None))[..]);
        assert_eq!(
            doc.last().unwrap(),
            "The number of [`ErrorCode::PhoneNumberInvalid`](crate::ErrorCode::PhoneNumberInvalid)."
        );
    }

    #[test]
    fn sections_without_text_are_left_out() {
        let doc = item_doc(&row(None));
        assert!(
            !doc.iter()
                .any(|l| l.contains("Hướng dẫn") || l.contains("Remedy"))
        );
        // The description is the first line, not a section of its own.
        let sections: Vec<&String> = doc.iter().filter(|l| l.starts_with("**")).collect();
        assert_eq!(sections, ["**Thông tin lỗi:**", "**Info:**"], "{doc:?}");
    }

    #[test]
    fn a_dropped_code_says_since_when_and_why_it_stays() {
        let cells = fixture_row(&[
            ("code", "-131"),
            ("variant", "TemplateNotApproved"),
            ("dropped_on", "2027-01-15"),
        ]);
        let rows = read(&table(&cells)).unwrap();
        let doc = item_doc(&rows[0]);
        let at = doc
            .iter()
            .position(|l| l == "**Dropped from Zalo's page:**")
            .expect("a section");
        assert!(
            doc[at + 1].contains("the copy saved on 2027-01-15 lacked it"),
            "{doc:?}"
        );
        assert!(doc[at + 1].contains("kept so that programs that still receive it"));
        let front = markdown_table(&rows);
        assert!(
            front.contains("(not on Zalo's page since 2027-01-15)"),
            "{front}"
        );
    }

    #[test]
    fn markdown_and_html_are_shown_not_interpreted() {
        assert_eq!(
            inline("<thoigian> *a* `b` [c](d) #e | f & g"),
            "\\<thoigian\\> \\*a\\* \\`b\\` \\[c\\](d) \\#e \\| f \\& g"
        );
        assert_eq!(inline("```"), "\\`\\`\\`");
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("a\\b"), "a\\\\b");
        assert_eq!(
            inline("[x](https://zalo.me/a_b?c=1) http://x.vn."),
            "\\[x\\](<https://zalo.me/a_b?c=1>) <http://x.vn.>"
        );
    }

    #[test]
    fn printable_ascii_is_written_as_it_is_and_ascii_controls_escaped() {
        // Quotes are ASCII that `escape_debug` would escape: they stay raw.
        let printable: String = (' '..='~')
            .filter(|c| !"\\`*_[]<>&#|~!$".contains(*c))
            .collect();
        assert_eq!(inline(&printable), printable);
        assert_eq!(inline("say \"hi\", it's"), "say \"hi\", it's");
        assert_eq!(inline("'"), "'");
        // Controls are ASCII too, and are shown as escapes.
        assert_eq!(inline("a\tb"), "a\\\\u{9}b");
        assert_eq!(inline("\u{0}\u{1b}\u{7f}"), "\\\\u{0}\\\\u{1b}\\\\u{7f}");
        assert_eq!(inline("a\rb"), "a\\\\u{d}b");
        // Beyond ASCII, visible text stays raw as well.
        assert_eq!(inline("Số “x”"), "Số “x”");
        assert_eq!(inline(""), "");
        assert_eq!(inline("==="), "\\===");
        assert_eq!(inline("-=a"), "-=a");
    }

    #[test]
    fn invisible_characters_are_shown_as_escapes() {
        assert_eq!(inline("a\u{202e}b"), "a\\\\u{202e}b");
        assert_eq!(inline("a\u{200b}b"), "a\\\\u{200b}b");
        assert_eq!(inline("\u{feff}x"), "\\\\u{feff}x");
        // Decomposed Vietnamese keeps its combining marks.
        assert_eq!(inline("Sô\u{301}"), "Sô\u{301}");
        assert_eq!(inline("\u{301}"), "\\\\u{301}");
    }

    #[test]
    fn the_table_links_every_variant() {
        let table = markdown_table(&[row(None)]);
        assert!(table.starts_with("| Code | Variant | Description | Category | Retry |"));
        assert!(table.contains("| -108 | [`PhoneNumberInvalid`](crate::ErrorCode::PhoneNumberInvalid) | Phone number invalid | `request` | `after_fix` |"));
    }
}

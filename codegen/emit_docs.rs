//! The documentation written from the table: each item's rustdoc, and the
//! Markdown table on the crate's front page.
//!
//! Cell text is shown, never interpreted: Markdown and HTML in a cell are
//! escaped, invisible characters are shown as `\u{…}`, and nothing a cell holds
//! can become a code block (a doctest) or a warning of rustdoc's.

use std::fmt::Write as _;

use super::table::Row;

/// The lines of the rustdoc of a row's variant and constant.
pub fn item_doc(row: &Row) -> Vec<String> {
    let mut lines = vec![
        format!("`{}` — {}", row.code, inline(&row.description)),
        String::new(),
    ];
    let mut section = |title: &str, text: Option<&str>| {
        if let Some(text) = text {
            lines.push(format!("**{title}:**"));
            lines.extend(block(text));
            lines.push(String::new());
        }
    };
    section("Thông tin lỗi", row.info_vi.as_deref());
    section("Hướng dẫn xử lý", row.remedy_vi.as_deref());
    section("Info", row.info_en.as_deref());
    section("Remedy", row.remedy_en.as_deref());
    lines.push(format!(
        "Category: [`{0}`](crate::Category::{0}). Retry: [`{1}`](crate::Retry::{1}).",
        row.category.variant_name(),
        row.retry.variant_name()
    ));
    lines
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

/// The Markdown table of every code, included in the crate's documentation.
pub fn markdown_table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| Code | Variant | Description | Category | Retry |\n|---:|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | [`{}`](crate::ErrorCode::{}) | {} | `{}` | `{}` |",
            row.code,
            row.variant,
            row.variant,
            inline(&row.description),
            row.category.as_str(),
            row.retry.as_str(),
        );
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
    use super::super::vocabulary::{Category, Retry};
    use super::*;

    fn row(remedy_vi: Option<&str>) -> Row {
        Row {
            line: 2,
            code: -108,
            variant: "PhoneNumberInvalid".into(),
            description: "Phone number invalid".into(),
            info_vi: Some("Số điện thoại không hợp lệ".into()),
            remedy_vi: remedy_vi.map(Into::into),
            category: Category::Request,
            retry: Retry::AfterFix,
            info_en: Some("The phone number is invalid".into()),
            remedy_en: remedy_vi.map(|_| "Check it".into()),
        }
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
        assert_eq!(
            doc.last().unwrap(),
            "Category: [`Request`](crate::Category::Request). Retry: [`AfterFix`](crate::Retry::AfterFix)."
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
        assert!(table.contains("| -108 | [`PhoneNumberInvalid`](crate::ErrorCode::PhoneNumberInvalid) | Phone number invalid | `request` | `after_fix` |"));
    }
}

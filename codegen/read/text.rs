//! Stage 1 of reading the table: from the file's bytes to text with plain
//! line ends, whatever the spreadsheet program that saved it.

use super::super::messages;
use super::super::problem::{Place, Problem};

/// The byte-order mark read as Windows-1252 or 1258 and saved again: the
/// first sign of a file opened with the wrong encoding.
pub const GARBLED_BOM: &str = "\u{ef}\u{bb}\u{bf}";

/// The file's text, and whether it started with a garbled byte-order mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// UTF-8, without a byte-order mark (garbled or not), every line ending
    /// in `\n` (inside quoted cells too).
    pub text: String,
    pub garbled_bom: bool,
}

/// Decodes the file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Box<Problem>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            // A file that is not UTF-8 cannot be split into rows reliably: the
            // place is the line of the first bad byte.
            let line = 1 + count_lines(&bytes[..error.valid_up_to()]);
            return Err(Box::new(Problem::in_row(
                Place { line, row: None },
                messages::NOT_UTF8,
                messages::SAVE_AS_CSV_UTF8,
            )));
        }
    };
    // Excel's "CSV UTF-8" starts the file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let garbled_bom = text.starts_with(GARBLED_BOM);
    let text = text.strip_prefix(GARBLED_BOM).unwrap_or(text);
    // Windows line ends become plain ones before the CSV reader counts lines
    // (it counts a CRLF file's lines wrong). A file with carriage returns
    // alone (old Mac Excel) gets line feeds instead.
    let text = if text.contains('\n') {
        text.replace("\r\n", "\n")
    } else {
        text.replace('\r', "\n")
    };
    Ok(Decoded { text, garbled_bom })
}

/// The line breaks in `bytes`, counting CRLF and a lone CR as one each.
fn count_lines(bytes: &[u8]) -> u64 {
    let mut lines = 0;
    let mut previous = 0u8;
    for &b in bytes {
        if b == b'\n' && previous != b'\r' || b == b'\r' {
            lines += 1;
        }
        previous = b;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::super::messages::Lang;
    use super::*;

    #[test]
    fn a_bom_and_every_kind_of_line_end_become_plain_text() {
        let text = |bytes: &[u8]| decode(bytes).unwrap().text;
        assert_eq!(
            text(b"\xef\xbb\xbfa,b\r\n\"x\r\ny\"\r\n"),
            "a,b\n\"x\ny\"\n"
        );
        assert_eq!(text(b"a\rb\r"), "a\nb\n");
        assert_eq!(text(b"a\nb"), "a\nb");
        assert!(!decode(b"\xef\xbb\xbfa").unwrap().garbled_bom);
    }

    #[test]
    fn a_garbled_byte_order_mark_is_taken_off_and_noted() {
        let decoded = decode("ï»¿code,x\n".as_bytes()).unwrap();
        assert_eq!(decoded.text, "code,x\n");
        assert!(decoded.garbled_bom);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed_on_their_line() {
        for bytes in [&b"a\nb\nS\xf4"[..], b"a\r\nb\r\nS\xf4", b"a\rb\rS\xf4"] {
            let problem = decode(bytes).unwrap_err();
            assert_eq!(problem.line(), Some(3));
            assert!(
                problem
                    .render("t.csv", Lang::En)
                    .starts_with("t.csv:3: the file is not UTF-8 text")
            );
        }
    }
}

//! Finds text garbled by a wrong encoding: UTF-8 bytes read as a Windows code
//! page (1252, or 1258 under Vietnamese settings) and saved again as UTF-8.
//! Excel does this when it opens a UTF-8 CSV without a byte-order mark:
//! "Ứng dụng" becomes "á»¨ng dá»¥ng", which is valid UTF-8 and would pass
//! every other check.
//!
//! A piece is garbled when its characters are the code page's reading of the
//! bytes of one UTF-8 character, and that character is one Vietnamese or its
//! punctuation uses: a letter with its marks, a tone mark, a dash, a quote,
//! an ellipsis, the đồng sign. Legitimate text does not hold such pieces:
//! "Ã©" or "á»¨" are not words, and emoji or CJK are outside both code pages.

/// The characters Windows-1252 gives bytes 0x80–0xFF; an undefined byte
/// becomes the C1 control of the same number, as Windows reads it.
static CP1252: [char; 128] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
    '\u{a0}', '\u{a1}', '\u{a2}', '\u{a3}', '\u{a4}', '\u{a5}', '\u{a6}', '\u{a7}', '\u{a8}',
    '\u{a9}', '\u{aa}', '\u{ab}', '\u{ac}', '\u{ad}', '\u{ae}', '\u{af}', '\u{b0}', '\u{b1}',
    '\u{b2}', '\u{b3}', '\u{b4}', '\u{b5}', '\u{b6}', '\u{b7}', '\u{b8}', '\u{b9}', '\u{ba}',
    '\u{bb}', '\u{bc}', '\u{bd}', '\u{be}', '\u{bf}', '\u{c0}', '\u{c1}', '\u{c2}', '\u{c3}',
    '\u{c4}', '\u{c5}', '\u{c6}', '\u{c7}', '\u{c8}', '\u{c9}', '\u{ca}', '\u{cb}', '\u{cc}',
    '\u{cd}', '\u{ce}', '\u{cf}', '\u{d0}', '\u{d1}', '\u{d2}', '\u{d3}', '\u{d4}', '\u{d5}',
    '\u{d6}', '\u{d7}', '\u{d8}', '\u{d9}', '\u{da}', '\u{db}', '\u{dc}', '\u{dd}', '\u{de}',
    '\u{df}', '\u{e0}', '\u{e1}', '\u{e2}', '\u{e3}', '\u{e4}', '\u{e5}', '\u{e6}', '\u{e7}',
    '\u{e8}', '\u{e9}', '\u{ea}', '\u{eb}', '\u{ec}', '\u{ed}', '\u{ee}', '\u{ef}', '\u{f0}',
    '\u{f1}', '\u{f2}', '\u{f3}', '\u{f4}', '\u{f5}', '\u{f6}', '\u{f7}', '\u{f8}', '\u{f9}',
    '\u{fa}', '\u{fb}', '\u{fc}', '\u{fd}', '\u{fe}', '\u{ff}',
];

/// The same for Windows-1258 (Vietnamese).
static CP1258: [char; 128] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{8a}', '\u{2039}', '\u{152}', '\u{8d}', '\u{8e}', '\u{8f}', '\u{90}',
    '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2dc}',
    '\u{2122}', '\u{9a}', '\u{203a}', '\u{153}', '\u{9d}', '\u{9e}', '\u{178}', '\u{a0}', '\u{a1}',
    '\u{a2}', '\u{a3}', '\u{a4}', '\u{a5}', '\u{a6}', '\u{a7}', '\u{a8}', '\u{a9}', '\u{aa}',
    '\u{ab}', '\u{ac}', '\u{ad}', '\u{ae}', '\u{af}', '\u{b0}', '\u{b1}', '\u{b2}', '\u{b3}',
    '\u{b4}', '\u{b5}', '\u{b6}', '\u{b7}', '\u{b8}', '\u{b9}', '\u{ba}', '\u{bb}', '\u{bc}',
    '\u{bd}', '\u{be}', '\u{bf}', '\u{c0}', '\u{c1}', '\u{c2}', '\u{102}', '\u{c4}', '\u{c5}',
    '\u{c6}', '\u{c7}', '\u{c8}', '\u{c9}', '\u{ca}', '\u{cb}', '\u{300}', '\u{cd}', '\u{ce}',
    '\u{cf}', '\u{110}', '\u{d1}', '\u{309}', '\u{d3}', '\u{d4}', '\u{1a0}', '\u{d6}', '\u{d7}',
    '\u{d8}', '\u{d9}', '\u{da}', '\u{db}', '\u{dc}', '\u{1af}', '\u{303}', '\u{df}', '\u{e0}',
    '\u{e1}', '\u{e2}', '\u{103}', '\u{e4}', '\u{e5}', '\u{e6}', '\u{e7}', '\u{e8}', '\u{e9}',
    '\u{ea}', '\u{eb}', '\u{301}', '\u{ed}', '\u{ee}', '\u{ef}', '\u{111}', '\u{f1}', '\u{323}',
    '\u{f3}', '\u{f4}', '\u{1a1}', '\u{f6}', '\u{f7}', '\u{f8}', '\u{f9}', '\u{fa}', '\u{fb}',
    '\u{fc}', '\u{1b0}', '\u{20ab}', '\u{ff}',
];

/// The code pages a garbled file was read with.
pub static CODE_PAGES: [&[char; 128]; 2] = [&CP1252, &CP1258];

/// A garbled piece of a cell, and the cell as it should read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Garbled {
    /// The first garbled piece, as the cell shows it ("á»¨").
    pub piece: String,
    /// That piece repaired ("Ứ").
    pub meant: String,
    /// The whole cell with every garbled piece repaired.
    pub repaired: String,
}

/// The byte a code page gives `c`, if it gives one.
fn byte_of(c: char, page: &[char; 128]) -> Option<u8> {
    let code = u32::from(c);
    if code < 0x80 {
        return Some(code as u8);
    }
    // Most of the upper half is Latin-1, where the byte is the code point.
    if (0xa0..=0xff).contains(&code) && page[code as usize - 0x80] == c {
        return Some(code as u8);
    }
    let others = &reverse()[usize::from(!std::ptr::eq(page, &CP1252))];
    others
        .binary_search_by_key(&c, |&(other, _)| other)
        .ok()
        .map(|i| others[i].1)
}

/// For each code page, its characters that are not Latin-1 at their own
/// byte, sorted, with their bytes.
fn reverse() -> &'static [Vec<(char, u8)>; 2] {
    static REVERSE: std::sync::OnceLock<[Vec<(char, u8)>; 2]> = std::sync::OnceLock::new();
    REVERSE.get_or_init(|| {
        CODE_PAGES.map(|page| {
            let mut others: Vec<(char, u8)> = page
                .iter()
                .enumerate()
                .map(|(i, &c)| (c, 0x80 + i as u8))
                .filter(|&(c, byte)| u32::from(c) != u32::from(byte) || byte < 0xa0)
                .collect();
            others.sort_unstable();
            others
        })
    })
}

/// Whether a character is one Vietnamese text uses beyond ASCII: its
/// letters, its five tone marks, its punctuation and the đồng sign.
fn is_vietnamese(c: char) -> bool {
    matches!(c,
        '\u{c0}'..='\u{c3}' | '\u{c8}'..='\u{ca}' | '\u{cc}' | '\u{cd}' | '\u{d2}'..='\u{d5}'
        | '\u{d9}' | '\u{da}' | '\u{dd}' | '\u{e0}'..='\u{e3}' | '\u{e8}'..='\u{ea}' | '\u{ec}'
        | '\u{ed}' | '\u{f2}'..='\u{f5}' | '\u{f9}' | '\u{fa}' | '\u{fd}'
        | '\u{102}' | '\u{103}' | '\u{110}' | '\u{111}' | '\u{128}' | '\u{129}' | '\u{168}'
        | '\u{169}' | '\u{1a0}' | '\u{1a1}' | '\u{1af}' | '\u{1b0}'
        | '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'
        | '\u{1ea0}'..='\u{1ef9}'
        | '\u{2013}' | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}'
        | '\u{2022}' | '\u{2026}' | '\u{20ab}'
    )
}

/// The number of bytes after a UTF-8 lead byte, for the leads of two to four
/// byte characters.
fn continuation_count(lead: u8) -> Option<usize> {
    match lead {
        0xc2..=0xdf => Some(1),
        0xe0..=0xef => Some(2),
        0xf0..=0xf4 => Some(3),
        _ => None,
    }
}

/// The character that `chars` (one code page's reading of its UTF-8 bytes)
/// stands for, if they start with exactly such a reading of a character
/// that `wanted` accepts; and how many of `chars` it took.
fn reading_of(
    chars: &[char],
    page: &[char; 128],
    wanted: fn(char) -> bool,
) -> Option<(char, usize)> {
    let first = *chars.first()?;
    if first.is_ascii() {
        return None;
    }
    let lead = byte_of(first, page)?;
    let count = continuation_count(lead)?;
    if chars.len() < count + 1 {
        return None;
    }
    let mut bytes = [lead, 0, 0, 0];
    for (slot, &c) in bytes[1..=count].iter_mut().zip(&chars[1..=count]) {
        *slot = byte_of(c, page).filter(|b| (0x80..=0xbf).contains(b))?;
    }
    let meant = std::str::from_utf8(&bytes[..=count]).ok()?.chars().next()?;
    wanted(meant).then_some((meant, count + 1))
}

/// The first reading, in either code page, at the start of `chars`.
fn first_reading(chars: &[char], wanted: fn(char) -> bool) -> Option<(char, usize)> {
    CODE_PAGES
        .iter()
        .find_map(|page| reading_of(chars, page, wanted))
}

/// The garbled pieces of `text`, if it has any. A cell is garbled when one
/// of its pieces is a code page's reading of a Vietnamese character; then
/// every such reading in it is repaired, whatever character it stands for.
pub fn find(text: &str) -> Option<Garbled> {
    if text.is_ascii() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let (at, (meant, length)) =
        (0..chars.len()).find_map(|i| first_reading(&chars[i..], is_vietnamese).map(|r| (i, r)))?;
    let piece: String = chars[at..at + length].iter().collect();
    let mut repaired = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match first_reading(&chars[i..], |_| true) {
            Some((c, length)) => {
                repaired.push(c);
                i += length;
            }
            None => {
                repaired.push(chars[i]);
                i += 1;
            }
        }
    }
    Some(Garbled {
        piece,
        meant: meant.to_string(),
        repaired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_read_as_a_windows_code_page_is_found_and_repaired() {
        let garbled = find("á»¨ng dá»¥ng").expect("garbled");
        assert_eq!(garbled.piece, "á»¨");
        assert_eq!(garbled.meant, "Ứ");
        assert_eq!(garbled.repaired, "Ứng dụng");
        // "ô" read as Windows-1258 ("Ă´") and as Windows-1252 ("Ã´").
        assert_eq!(find("khĂ´ng").unwrap().repaired, "không");
        assert_eq!(find("khÃ´ng").unwrap().repaired, "không");
        // A dash and an ellipsis.
        assert_eq!(find("a â€“ b â€¦").unwrap().repaired, "a – b …");
        // A byte Windows-1252 leaves undefined comes back as a C1 control.
        assert_eq!(find("cá»\u{81}").unwrap().repaired, "cề");
    }

    #[test]
    fn a_byte_is_found_for_ascii_latin1_and_each_pages_own_characters() {
        // ASCII is its own byte, up to 0x7f; U+0080 is on neither page.
        for page in CODE_PAGES {
            assert_eq!(byte_of('\0', page), Some(0));
            assert_eq!(byte_of('a', page), Some(b'a'));
            assert_eq!(byte_of('\u{7f}', page), Some(0x7f));
            assert_eq!(byte_of('\u{80}', page), None);
            // Latin-1 where the page agrees, from 0xa0 to 0xff.
            assert_eq!(byte_of('\u{a0}', page), Some(0xa0));
            assert_eq!(byte_of('é', page), Some(0xe9));
            assert_eq!(byte_of('ÿ', page), Some(0xff));
            // Beyond 0xff: the page's own characters, at their bytes.
            assert_eq!(byte_of('€', page), Some(0x80));
            assert_eq!(byte_of('“', page), Some(0x93));
            assert_eq!(byte_of('\u{81}', page), Some(0x81));
            assert_eq!(byte_of('Ÿ', page), Some(0x9f));
            // A character on neither page.
            assert_eq!(byte_of('Ā', page), None);
        }
        // Windows-1258's own characters, and Windows-1252's it does not have.
        let cp1258 = CODE_PAGES[1];
        assert_eq!(byte_of('Ă', cp1258), Some(0xc3));
        assert_eq!(byte_of('₫', cp1258), Some(0xfe));
        assert_eq!(byte_of('\u{8a}', cp1258), Some(0x8a));
        assert_eq!(byte_of('Š', cp1258), None);
        assert_eq!(byte_of('Ã', cp1258), None);
        assert_eq!(byte_of('þ', cp1258), None);
        assert_eq!(byte_of('Ã', CODE_PAGES[0]), Some(0xc3));
        assert_eq!(byte_of('þ', CODE_PAGES[0]), Some(0xfe));
        // Windows-1252's own characters are checked through `find`:
        // `byte_of` tells Windows-1252 by its address, which is the same
        // as CODE_PAGES[0]'s only within this file's code, not its tests'.
    }

    #[test]
    fn the_reverse_tables_hold_what_is_not_latin1_at_its_own_byte() {
        let [cp1252, cp1258] = reverse();
        for (others, page) in [(cp1252, &CP1252), (cp1258, &CP1258)] {
            assert!(others.windows(2).all(|w| w[0] < w[1]), "{others:?}");
            for &(c, byte) in others {
                assert_eq!(page[usize::from(byte) - 0x80], c, "{c:?} at {byte:#x}");
            }
            // Every byte from 0x80 to 0x9f, C1 controls included, and no
            // Latin-1 character at its own byte (0xa0 is the first).
            for byte in 0x80..0xa0u8 {
                assert!(others.iter().any(|&(_, b)| b == byte), "{byte:#x}");
            }
            assert!(!others.contains(&('\u{a0}', 0xa0)));
        }
        // Windows-1252's upper half is all Latin-1; Windows-1258 replaces
        // fourteen of its characters.
        assert_eq!(cp1252.len(), 32);
        assert_eq!(cp1258.len(), 32 + 14);
        assert_eq!(cp1252.first(), Some(&('\u{81}', 0x81)));
        assert_eq!(cp1252.last(), Some(&('\u{2122}', 0x99)));
        assert!(cp1258.contains(&('Ă', 0xc3)));
        assert!(cp1258.contains(&('\u{323}', 0xf2)));
        assert!(!cp1258.iter().any(|&(c, _)| c == 'Š'));
    }

    #[test]
    fn a_reading_needs_the_right_page_for_each_of_its_characters() {
        // "Ê" is C3 8A: Windows-1252 reads "ÃŠ", Windows-1258 "Ă\u{8a}".
        // Each reading takes one page's characters only ("Ã" and "Š" are
        // not on Windows-1258, "Ă" is not on Windows-1252).
        let garbled = find("ÃŠ").expect("garbled");
        assert_eq!(
            (garbled.piece.as_str(), garbled.meant.as_str()),
            ("ÃŠ", "Ê")
        );
        let garbled = find("Ă\u{8a}").expect("garbled");
        assert_eq!(
            (garbled.piece.as_str(), garbled.meant.as_str()),
            ("Ă\u{8a}", "Ê")
        );
        assert_eq!(find("ÃŠ ÃŽ").unwrap().repaired, "Ê Î");
        assert_eq!(find("ĂŠ"), None);
        assert_eq!(find("Ă\u{8a} Ã\u{8a}").unwrap().repaired, "Ê Ã\u{8a}");
        // "Ị" is E1 BB 8A.
        assert_eq!(find("á»Š").unwrap().meant, "Ị");
        assert_eq!(find("á»\u{8a}").unwrap().meant, "Ị");
    }

    #[test]
    fn every_reading_in_a_garbled_cell_is_repaired_whatever_its_length() {
        // Two, three and four bytes: "ô", "Ứ" and an emoji (F0 9F 91 8D).
        let garbled = find("Ã´ á»¨ ðŸ‘\u{8d}").expect("garbled");
        assert_eq!(garbled.piece, "Ã´");
        assert_eq!(garbled.meant, "ô");
        assert_eq!(garbled.repaired, "ô Ứ 👍");
        // The first garbled piece, after text that is not.
        let garbled = find("xy dá»¥ng").expect("garbled");
        assert_eq!(garbled.piece, "á»¥");
        assert_eq!(garbled.repaired, "xy dụng");
        // A reading cut short by the end of the text is left as it is.
        assert_eq!(find("dá»¥ng cá»").unwrap().repaired, "dụng cá»");
        assert_eq!(find("dá»¥ng Ã").unwrap().repaired, "dụng Ã");
        assert_eq!(find("á»"), None);
        assert_eq!(find("Ã"), None);
    }

    #[test]
    fn legitimate_text_is_not_garbled() {
        for text in [
            "Số điện thoại không hợp lệ",
            "Thanh toán ZCA thất bại (ví không đủ số dư,…)",
            "Café – “quoted” naïve façade Ñandú Æsop",
            "CAFÉ… Ô“ À¡ Ă ",
            "emoji 🇻🇳👍🏽 ₫ € ©",
            "So\u{302}\u{301} decomposed Vietnamese: Ca\u{300}… e\u{301}—",
            "漢字 かな Кириллица",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}

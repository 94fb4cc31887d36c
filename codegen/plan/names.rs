//! The rules for variant names, and the names derived from them.

use super::super::messages::{self, Phrase};
use super::super::problem::is_invisible;

/// Rust's keywords, strict, reserved and weak. A variant whose name is one of
/// them in any case is refused, so no derived spelling of it is a keyword.
pub const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "gen",
    "macro",
    "override",
    "priv",
    "try",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "macro_rules",
    "raw",
    "safe",
    "union",
];

/// Why a variant name is not acceptable, or `None` when it is.
///
/// A name is UpperCamelCase ASCII: a capital letter first, then letters and
/// digits, never two capitals in a row (acronyms are written as words: `Oa`,
/// `Rsa`, `E2ee`), so the constant name derived from it is unambiguous.
pub fn variant_name_problem(name: &str) -> Option<Phrase> {
    let Some(first) = name.chars().next() else {
        return Some(Phrase::new(messages::NAME_EMPTY));
    };
    if let Some(bad) = name.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Some(
            Phrase::new(messages::NAME_HAS_CHARACTER).with_phrase("character", describe_char(bad)),
        );
    }
    if !first.is_ascii_uppercase() {
        return Some(Phrase::new(messages::NAME_LOWER_FIRST));
    }
    let bytes = name.as_bytes();
    if let Some(pair) = bytes
        .windows(2)
        .find(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
    {
        return Some(
            Phrase::new(messages::NAME_CAPITALS_TOGETHER)
                .with("pair", format!("{}{}", pair[0] as char, pair[1] as char)),
        );
    }
    let lower = name.to_ascii_lowercase();
    if KEYWORDS.contains(&lower.as_str()) {
        return Some(Phrase::new(messages::NAME_KEYWORD).with("keyword", lower));
    }
    None
}

/// The constant name of a variant: SCREAMING_SNAKE_CASE, with an underscore
/// before each capital that follows a lower-case letter or a digit.
pub fn constant_name(variant: &str) -> String {
    let mut out = String::with_capacity(variant.len() + 4);
    let mut previous: Option<char> = None;
    for c in variant.chars() {
        if c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
        previous = Some(c);
    }
    out
}

/// A valid variant name made from free text (a description, or a name that
/// broke the rules): its ASCII words, each capitalised, acronyms as words.
/// `None` when the text has no ASCII letter to build on.
pub fn suggest_variant(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        for part in split_camel(word) {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
        }
    }
    // A name cannot start with a digit.
    let start = out.find(|c: char| c.is_ascii_alphabetic())?;
    let mut name = out[start..].to_owned();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    if variant_name_problem(&name).is_some() {
        name.push_str("Code");
    }
    variant_name_problem(&name).is_none().then_some(name)
}

/// Splits `PhoneNumberInvalid` or `QRCode` into its words.
fn split_camel(word: &str) -> Vec<&str> {
    let bytes = word.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        let boundary = bytes[i].is_ascii_uppercase()
            && (bytes[i - 1].is_ascii_lowercase()
                || (bytes[i - 1].is_ascii_uppercase()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase)));
        if boundary {
            parts.push(&word[start..i]);
            start = i;
        }
    }
    parts.push(&word[start..]);
    parts
}

/// Names a character for a message: itself when visible, and its code point.
pub fn describe_char(c: char) -> Phrase {
    let hex = format!("{:04X}", c as u32);
    let name = match c {
        '\t' => Some(messages::TAB),
        '\r' => Some(messages::CARRIAGE_RETURN),
        '\n' => Some(messages::LINE_BREAK),
        ' ' => Some(messages::SPACE),
        '\u{a0}' => Some(messages::NO_BREAK_SPACE),
        _ => None,
    };
    match name {
        Some(name) => Phrase::new(messages::CHARACTER_NAMED)
            .with_phrase("name", name.into())
            .with("hex", hex),
        None if c.is_control() => Phrase::new(messages::CHARACTER_CONTROL).with("hex", hex),
        None if is_invisible(c) => Phrase::new(messages::CHARACTER_INVISIBLE).with("hex", hex),
        None => Phrase::new(messages::CHARACTER_SHOWN)
            .with("character", c)
            .with("hex", hex),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::messages::Lang;
    use super::*;

    #[test]
    fn constant_names_put_an_underscore_before_each_new_word() {
        assert_eq!(constant_name("PhoneNumberInvalid"), "PHONE_NUMBER_INVALID");
        assert_eq!(constant_name("NotE2eeTemplate"), "NOT_E2EE_TEMPLATE");
        assert_eq!(constant_name("GetE2eeKeyFailed"), "GET_E2EE_KEY_FAILED");
        assert_eq!(constant_name("Success"), "SUCCESS");
    }

    fn why(name: &str) -> String {
        variant_name_problem(name)
            .map(|p| p.render(Lang::En))
            .unwrap_or_default()
    }

    #[test]
    fn variant_names_follow_upper_camel_case_with_acronyms_as_words() {
        assert_eq!(variant_name_problem("PhoneNumberInvalid"), None);
        assert_eq!(variant_name_problem("E2eeKey"), None);
        assert!(why("phoneNumber").contains("capital letter"));
        assert!(why("QRCode").contains("the capitals \"QR\" side by side"));
        assert!(why("Phone Number").contains("contains a space (U+0020)"));
        assert!(why("Số").contains("contains \"ố\" (U+1ED1)"));
        assert!(why("Self").contains("reserves (`self`)"));
        assert!(why("Type").contains("reserves (`type`)"));
        assert_eq!(why(""), "is empty");
    }

    #[test]
    fn characters_are_named_as_the_editor_sees_them() {
        let named = |c| describe_char(c).render(Lang::En);
        assert_eq!(named('\t'), "a tab (U+0009)");
        assert_eq!(named('\r'), "a carriage return (U+000D)");
        assert_eq!(named('\n'), "a line break (U+000A)");
        assert_eq!(named('\u{a0}'), "a non-breaking space (U+00A0)");
        assert_eq!(named('\u{7}'), "the control character U+0007");
        assert_eq!(named('\u{200b}'), "the invisible character U+200B");
        assert_eq!(named('−'), "\"−\" (U+2212)");
        assert_eq!(
            describe_char(' ').render(Lang::Vi),
            "một khoảng trắng (U+0020)"
        );
    }

    #[test]
    fn suggestions_are_valid_names_built_from_the_words() {
        assert_eq!(
            suggest_variant("Phone number invalid").as_deref(),
            Some("PhoneNumberInvalid")
        );
        assert_eq!(
            suggest_variant("QR code cannot be generated").as_deref(),
            Some("QrCodeCannotBeGenerated")
        );
        assert_eq!(
            suggest_variant("Not an E2EE template").as_deref(),
            Some("NotAnE2eeTemplate")
        );
        assert_eq!(suggest_variant("QRCode").as_deref(), Some("QrCode"));
        assert_eq!(
            suggest_variant("phone_number_invalid").as_deref(),
            Some("PhoneNumberInvalid")
        );
        assert_eq!(suggest_variant("type").as_deref(), Some("TypeCode"));
        assert_eq!(
            suggest_variant("10PM-6AM window").as_deref(),
            Some("Pm6amWindow")
        );
        // A new word at a capital after a lower-case letter; none after a digit.
        assert_eq!(
            suggest_variant("ZaloOA token").as_deref(),
            Some("ZaloOaToken")
        );
        assert_eq!(
            suggest_variant("OTP2Fa code").as_deref(),
            Some("Otp2faCode")
        );
        assert_eq!(suggest_variant("ố"), None);
    }
}

//! The API of [`ErrorCode`]: lookups, the table's texts, and the standard traits.
//!
//! Every accessor is one load from a generated array, at the row the index in
//! lookup.rs gives.

use core::fmt;
use core::str::FromStr;

use crate::code::name_hash::{EMPTY_SLOT, name_hash};
use crate::code::table::ErrorCode;
use crate::code::table::{self, CODE_INDEX};
use crate::code::vocabulary::Category;
use crate::code::vocabulary::Retry;
use crate::code::vocabulary::Scope;

impl ErrorCode {
    /// Every code of the table, in the order of Zalo's page.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// assert!(ErrorCode::ALL.contains(&ErrorCode::PhoneNumberInvalid));
    /// assert!(ErrorCode::ALL.iter().all(|&c| ErrorCode::from_code(c.code()) == Some(c)));
    /// ```
    pub const ALL: &'static [ErrorCode] = &table::ALL;

    /// The code with this number, or `None` for a number this version does
    /// not know (keep it with [`UnknownCode`](crate::UnknownCode) or
    /// [`Failure`](crate::Failure)).
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::from_code(-108), Some(ErrorCode::PhoneNumberInvalid));
    /// assert_eq!(ErrorCode::from_code(-99999), None);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_code(code: i32) -> Option<ErrorCode> {
        CODE_INDEX.find(code)
    }

    /// The number Zalo sends in the `error` field.
    ///
    /// ```
    /// assert_eq!(zalo_zns_errors::ErrorCode::AccessTokenInvalid.code(), -124);
    /// ```
    #[inline]
    #[must_use]
    pub const fn code(self) -> i32 {
        self as i32
    }

    #[inline]
    const fn row(self) -> usize {
        CODE_INDEX.row(self)
    }

    /// The variant's name, as written in Rust.
    ///
    /// ```
    /// assert_eq!(zalo_zns_errors::ErrorCode::PhoneNumberInvalid.name(), "PhoneNumberInvalid");
    /// ```
    #[inline]
    #[must_use]
    pub const fn name(self) -> &'static str {
        table::NAMES[self.row()]
    }

    /// The name of the code's constant in [`codes`](crate::codes).
    ///
    /// ```
    /// assert_eq!(zalo_zns_errors::ErrorCode::PhoneNumberInvalid.constant_name(), "PHONE_NUMBER_INVALID");
    /// ```
    #[inline]
    #[must_use]
    pub const fn constant_name(self) -> &'static str {
        table::CONSTANT_NAMES[self.row()]
    }

    /// The code whose variant name or constant name is `name`, ignoring ASCII
    /// case. Does not allocate.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::from_name("PhoneNumberInvalid"), Some(ErrorCode::PhoneNumberInvalid));
    /// assert_eq!(ErrorCode::from_name("PHONE_NUMBER_INVALID"), Some(ErrorCode::PhoneNumberInvalid));
    /// assert_eq!(ErrorCode::from_name("phone_number_invalid"), Some(ErrorCode::PhoneNumberInvalid));
    /// assert_eq!(ErrorCode::from_name("Phone_NumberInvalid"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        let mask = table::NAME_SLOTS.len() - 1;
        let mut slot = name_hash(name.as_bytes()) as usize & mask;
        // The table is at most half full, so a probe meets an empty slot
        // long before it has seen every slot; the bound only keeps a broken
        // table from looping.
        for _ in 0..table::NAME_SLOTS.len() {
            let row = table::NAME_SLOTS[slot];
            if row == EMPTY_SLOT {
                return None;
            }
            let row = usize::from(row);
            if table::NAMES[row].eq_ignore_ascii_case(name)
                || table::CONSTANT_NAMES[row].eq_ignore_ascii_case(name)
            {
                return Some(table::ALL[row]);
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// The page's column "Mô tả lỗi": a short English description, as the
    /// page writes it. [`Display`](core::fmt::Display) shows it after the code.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// let code = ErrorCode::PhoneNumberInvalid;
    /// assert_eq!(code.to_string(), format!("-108 {}", code.description()));
    /// ```
    #[inline]
    #[must_use]
    pub const fn description(self) -> &'static str {
        table::DESCRIPTIONS[self.row()]
    }

    /// The page's column "Thông tin lỗi": what went wrong, in Vietnamese.
    /// `None` where the page says nothing more than the description.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// if let Some(info) = ErrorCode::PhoneNumberInvalid.info_vi() {
    ///     println!("Thông tin lỗi: {info}");
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub const fn info_vi(self) -> Option<&'static str> {
        table::INFO_VI[self.row()]
    }

    /// The page's column "Hướng dẫn xử lý": how to fix it, in Vietnamese.
    /// Multi-line remedies keep their line breaks (`\n`). `None` where the
    /// page gives no remedy.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// let with_steps = ErrorCode::ALL
    ///     .iter()
    ///     .filter(|c| c.remedy_vi().is_some_and(|r| r.contains('\n')))
    ///     .count();
    /// println!("{with_steps} codes have a remedy of several lines");
    /// ```
    #[inline]
    #[must_use]
    pub const fn remedy_vi(self) -> Option<&'static str> {
        table::REMEDY_VI[self.row()]
    }

    /// [`info_vi`](Self::info_vi) in English; `None` exactly where it is `None`.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// for &code in ErrorCode::ALL {
    ///     assert_eq!(code.info_en().is_some(), code.info_vi().is_some());
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub const fn info_en(self) -> Option<&'static str> {
        table::INFO_EN[self.row()]
    }

    /// [`remedy_vi`](Self::remedy_vi) in English, with the same lines; `None`
    /// exactly where it is `None`.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// for &code in ErrorCode::ALL {
    ///     let lines = |text: Option<&str>| text.map(|t| t.lines().count());
    ///     assert_eq!(lines(code.remedy_en()), lines(code.remedy_vi()));
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub const fn remedy_en(self) -> Option<&'static str> {
        table::REMEDY_EN[self.row()]
    }

    /// The date, `YYYY-MM-DD`, of the first copy of Zalo's page that no
    /// longer listed this code; `None` while the page lists it.
    ///
    /// Zalo drops codes from its page; this crate keeps them, so that a
    /// program that still receives one keeps working, and marks them.
    /// Decisions do not change: a dropped code keeps its labels.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// let listed = ErrorCode::ALL.iter().filter(|c| c.dropped_on().is_none()).count();
    /// println!("{listed} of {} codes are on Zalo's page", ErrorCode::ALL.len());
    /// for code in ErrorCode::ALL.iter().filter(|c| c.dropped_on().is_some()) {
    ///     assert_eq!(code.dropped_on().map(str::len), Some(10));
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub const fn dropped_on(self) -> Option<&'static str> {
        table::DROPPED_ON[self.row()]
    }

    /// What part of the sending setup the code points at.
    ///
    /// ```
    /// use zalo_zns_errors::{Category, ErrorCode};
    ///
    /// match ErrorCode::AccessTokenInvalid.category() {
    ///     Category::Auth => { /* alert whoever owns the OA's credentials */ }
    ///     other => println!("{other}"),
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub const fn category(self) -> Category {
        table::CATEGORIES[self.row()]
    }

    /// What to do before sending the same message again.
    ///
    /// ```
    /// use zalo_zns_errors::{ErrorCode, Retry};
    ///
    /// let waits_for_tomorrow: Vec<ErrorCode> = ErrorCode::ALL
    ///     .iter()
    ///     .copied()
    ///     .filter(|c| c.retry() == Retry::NextDay)
    ///     .collect();
    /// println!("daily limits: {waits_for_tomorrow:?}");
    /// ```
    #[inline]
    #[must_use]
    pub const fn retry(self) -> Retry {
        table::RETRIES[self.row()]
    }

    /// What the failure blocks: nothing, this message, this recipient, this
    /// template, or everything the sender sends. A bulk sender reads it to
    /// pause the right queue.
    ///
    /// ```
    /// use zalo_zns_errors::{ErrorCode, Scope};
    ///
    /// let blocked = ErrorCode::AccessTokenInvalid.scope();
    /// if blocked == Scope::Sender {
    ///     // pause every message of this OA until the token is renewed
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub const fn scope(self) -> Scope {
        table::SCOPES[self.row()]
    }

    /// Whether the code says the message was sent.
    ///
    /// ```
    /// use zalo_zns_errors::ErrorCode;
    ///
    /// assert!(ErrorCode::Success.is_success());
    /// assert!(!ErrorCode::PhoneNumberInvalid.is_success());
    /// ```
    #[inline]
    #[must_use]
    pub const fn is_success(self) -> bool {
        matches!(self.category(), Category::Success)
    }
}

/// Prints the variant name, as a derived `Debug` would; written by hand so a
/// large table does not compile a match of one arm per code.
impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Prints the code and its description: `-108 Phone number invalid`.
impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.description())
    }
}

impl std::error::Error for ErrorCode {}

/// Compares with a raw code, as an `error` field holds it:
/// `response.error == ErrorCode::AccessTokenInvalid`.
impl PartialEq<i32> for ErrorCode {
    #[inline]
    fn eq(&self, other: &i32) -> bool {
        self.code() == *other
    }
}

/// Compares a raw code with an [`ErrorCode`]:
/// `-124 == ErrorCode::AccessTokenInvalid`.
impl PartialEq<ErrorCode> for i32 {
    #[inline]
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.code()
    }
}

impl From<ErrorCode> for i32 {
    #[inline]
    fn from(code: ErrorCode) -> i32 {
        code.code()
    }
}

/// # Errors
///
/// [`UnknownCode`], which keeps the number, when this version does not know it.
impl TryFrom<i32> for ErrorCode {
    type Error = UnknownCode;

    #[inline]
    fn try_from(code: i32) -> Result<ErrorCode, UnknownCode> {
        ErrorCode::from_code(code).ok_or(UnknownCode::from_raw(code))
    }
}

/// Parses a number (`-108`), a variant name (`PhoneNumberInvalid`) or a
/// constant name (`PHONE_NUMBER_INVALID`, any ASCII case).
///
/// # Errors
///
/// [`ParseError`]: a valid number this version does not know
/// ([`ParseError::unknown_code`] keeps it), a number out of `i32`'s range, or
/// text that is no code's name.
///
/// ```
/// use zalo_zns_errors::ErrorCode;
///
/// for text in ["-108", "PhoneNumberInvalid", "PHONE_NUMBER_INVALID"] {
///     assert_eq!(text.parse::<ErrorCode>(), Ok(ErrorCode::PhoneNumberInvalid));
/// }
/// assert!("-99999".parse::<ErrorCode>().unwrap_err().unknown_code().is_some());
/// ```
impl FromStr for ErrorCode {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<ErrorCode, ParseError> {
        let numeric = text.strip_prefix(['-', '+']).unwrap_or(text);
        if !numeric.is_empty() && numeric.bytes().all(|b| b.is_ascii_digit()) {
            return match text.parse::<i32>() {
                Ok(code) => ErrorCode::try_from(code)
                    .map_err(|unknown| ParseError(ParseErrorKind::UnknownCode(unknown))),
                Err(_) => Err(ParseError(ParseErrorKind::OutOfRange(text.to_owned()))),
            };
        }
        ErrorCode::from_name(text)
            .ok_or_else(|| ParseError(ParseErrorKind::UnknownName(text.to_owned())))
    }
}

/// A number that is not in this version's table.
///
/// Zalo adds codes before any release of this crate can: the number is kept,
/// and the value works as an error on its own.
///
/// ```
/// use zalo_zns_errors::ErrorCode;
///
/// let unknown = ErrorCode::try_from(-99999).unwrap_err();
/// assert_eq!(unknown.code(), -99999);
/// assert_eq!(unknown.to_string(), "unknown ZNS error code -99999");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownCode(i32);

impl UnknownCode {
    pub(crate) const fn from_raw(code: i32) -> UnknownCode {
        UnknownCode(code)
    }

    /// The number that was not recognised.
    #[must_use]
    pub const fn code(self) -> i32 {
        self.0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown ZNS error code {}", self.0)
    }
}

impl std::error::Error for UnknownCode {}

/// Why a string is not an [`ErrorCode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(ParseErrorKind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum ParseErrorKind {
    UnknownCode(UnknownCode),
    OutOfRange(String),
    UnknownName(String),
}

impl ParseError {
    /// The number, when the string was a valid `i32` that this version does
    /// not know.
    #[must_use]
    pub fn unknown_code(&self) -> Option<UnknownCode> {
        match self.0 {
            ParseErrorKind::UnknownCode(unknown) => Some(unknown),
            _ => None,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            ParseErrorKind::UnknownCode(unknown) => unknown.fmt(f),
            ParseErrorKind::OutOfRange(text) => {
                write!(
                    f,
                    "{text:?} is not a ZNS error code: the number does not fit in an i32"
                )
            }
            ParseErrorKind::UnknownName(text) => write!(
                f,
                "{text:?} is not a ZNS error code: expected a number, a variant name or a constant name"
            ),
        }
    }
}

/// No `source()`: the message already says everything, the unknown number
/// included ([`unknown_code`](ParseError::unknown_code) gives it as a value),
/// so a report that walks the chain shows it once.
impl std::error::Error for ParseError {}

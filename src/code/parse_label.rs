//! [`FromStr`] for the labels [`Category`], [`Retry`] and [`Scope`], from
//! their CSV spelling.

use core::fmt;
use core::str::FromStr;

use crate::code::vocabulary::Category;
use crate::code::vocabulary::Retry;
use crate::code::vocabulary::Scope;

/// Why a string is not a [`Category`], [`Retry`] or [`Scope`]: it is not one
/// of the snake_case spellings the CSV and serde use. The message lists them.
///
/// ```
/// use zalo_zns_errors::Retry;
///
/// assert_eq!("backoff".parse::<Retry>(), Ok(Retry::Backoff));
/// let error = "Backoff".parse::<Retry>().unwrap_err();
/// assert!(error.to_string().starts_with("\"Backoff\" is not a ZNS retry policy; expected one of: not_needed, backoff,"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLabelError {
    text: String,
    label: &'static str,
    allowed: &'static [(&'static str, &'static str)],
}

impl ParseLabelError {
    /// The text that was not recognised.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseLabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a {}; expected one of: ",
            self.text, self.label
        )?;
        for (i, (spelling, _)) in self.allowed.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(spelling)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseLabelError {}

macro_rules! from_str {
    ($name:ident, $label:literal) => {
        /// Parses the snake_case spelling the CSV and serde use (see
        /// [`as_str`](Self::as_str)); exact, case included.
        ///
        /// # Errors
        ///
        /// [`ParseLabelError`] when the text is not one of the spellings; its
        /// message lists them.
        impl FromStr for $name {
            type Err = ParseLabelError;

            fn from_str(text: &str) -> Result<$name, ParseLabelError> {
                $name::from_spelling(text).ok_or_else(|| ParseLabelError {
                    text: text.to_owned(),
                    label: $label,
                    allowed: $name::LABELS,
                })
            }
        }
    };
}

from_str!(Category, "ZNS error category");
from_str!(Retry, "ZNS retry policy");
from_str!(Scope, "ZNS failure scope");

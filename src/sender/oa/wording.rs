//! Pieces of the texts for a person that the OA's holds and alerts share.

use core::fmt;

use crate::code::table::ErrorCode;

/// `-XXX Description` of a code, or the bare number for one this version
/// does not know.
pub(super) struct CodeName(pub(super) i32);

impl fmt::Display for CodeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ErrorCode::from_code(self.0) {
            Some(code) => write!(f, "{code}"),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A text as a sentence: ending with a full stop unless it ends with
/// punctuation of its own.
pub(super) struct Sentence<'a>(pub(super) &'a str);

impl fmt::Display for Sentence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.trim_end();
        f.write_str(text)?;
        if !text.ends_with(['.', '!', '?', ':']) {
            f.write_str(".")?;
        }
        Ok(())
    }
}

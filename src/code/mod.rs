//! The table's API: the codes the build generates from the table, their
//! labels, and the lookups by number and by name.

pub(crate) mod error_code;
pub(crate) mod lookup;
pub(crate) mod name_hash;
#[cfg(test)]
mod name_hash_tests;
pub(crate) mod parse_label;
pub(crate) mod table;
pub(crate) mod vocabulary;

//! The generator behind build.rs: reads and validates the error table,
//! decides how codes are looked up, and writes the Rust code and the Markdown
//! table.
//!
//! Reading goes in stages, one module each: [`text`] (bytes to text),
//! [`header`], [`rows`] (each row's cells), [`across`] (rules across rows),
//! put together by [`table`]; every stage is driven by the column definitions
//! in [`columns`] and words its problems from [`messages`]. Each step is a
//! plain function over in-memory data, so tests/codegen.rs runs them without
//! a build (it includes this module with `#[path]`, like build.rs and the
//! maintainers' tools in xtask/).

pub mod across;
pub mod columns;
pub mod date;
pub mod emit_code;
pub mod emit_docs;
pub mod garbled;
pub mod header;
pub mod messages;
pub mod names;
pub mod page_copy;
pub mod problem;
pub mod rows;
pub mod strategy;
pub mod table;
pub mod text;

#[path = "../src/name_hash.rs"]
pub mod name_hash;
#[path = "../src/vocabulary.rs"]
pub mod vocabulary;

pub use problem::Problem;

/// Everything the build writes into OUT_DIR.
pub struct Generated {
    /// The Rust source included by src/table.rs.
    pub code: String,
    /// The Markdown table included in the crate's documentation.
    pub markdown: String,
}

/// Reads the CSV bytes and produces the generated files, or every problem
/// found in the data.
pub fn generate(csv: &[u8]) -> Result<Generated, Vec<Problem>> {
    let rows = table::read(csv)?;
    let strategy = strategy::choose(&rows.iter().map(|r| r.code).collect::<Vec<_>>());
    Ok(Generated {
        code: emit_code::emit(&rows, &strategy),
        markdown: emit_docs::markdown_table(&rows),
    })
}

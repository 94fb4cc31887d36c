//! The generator behind build.rs, in three steps, a folder each:
//!
//! 1. [`read`]: reads and validates the error table, in stages;
//! 2. [`plan`]: decides the names and how codes are looked up;
//! 3. [`emit`]: writes the Rust code and the documentation.
//!
//! Beside them, what every step shares: the column definitions
//! ([`columns`]), every sentence said to the table's editor ([`messages`])
//! and the problems found ([`problem`]). Each step is a plain function over
//! in-memory data, so tests/codegen.rs runs them without a build (it
//! includes this module with `#[path]`, like build.rs and the maintainers'
//! tools in xtask/).

pub mod columns;
pub mod emit;
pub mod messages;
pub mod plan;
pub mod problem;
pub mod read;

// Each stage by its own name, as the tools and the tests call them.
pub use emit::code as emit_code;
pub use emit::docs as emit_docs;
pub use plan::{names, strategy};
pub use read::{across, date, garbled, header, page_copy, rows, table, text};

#[path = "../src/code/name_hash.rs"]
pub mod name_hash;
#[path = "../src/code/vocabulary.rs"]
pub mod vocabulary;

pub use problem::Problem;

/// Where the table is, relative to the crate: the build reads it there, and
/// the tools edit it there.
pub const TABLE_PATH: &str = "data/zns_error_codes.csv";

/// Everything the build writes into OUT_DIR.
pub struct Generated {
    /// The Rust source included by src/code/table.rs.
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

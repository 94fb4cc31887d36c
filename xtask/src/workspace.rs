//! Where the repository's files are.

use std::path::{Path, PathBuf};

/// The table, relative to the repository: messages name it so, which a pull
/// request's annotations need.
pub const TABLE: &str = crate::codegen::TABLE_PATH;
/// The copy of Zalo's page the table follows.
pub const PAGE_COPY: &str = crate::codegen::page_copy::PATH;
/// The released API the guard test holds the table to.
pub const RELEASED_API: &str = "tests/released_api.txt";

/// The repository: the nearest folder, from the current one up, that holds
/// the table and a Cargo.toml (so a copy of the repository uses its own
/// files); else the one this tool was built in.
pub fn root() -> PathBuf {
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let Ok(here) = std::env::current_dir() else {
        return built_in;
    };
    here.ancestors()
        .find(|dir| dir.join(TABLE).is_file() && dir.join("Cargo.toml").is_file())
        .map_or(built_in, Path::to_path_buf)
}

//! Writing what the build puts into OUT_DIR: the Rust code ([`code`]) and
//! the documentation, item docs and the Markdown table ([`docs`]).

pub mod code;
pub mod docs;

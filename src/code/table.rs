//! The error table: the Rust that build.rs generates from
//! data/zns_error_codes.csv (the file itself is in OUT_DIR).

include!(concat!(env!("OUT_DIR"), "/zns_error_codes.rs"));

//! The generator's unit tests (in codegen/), run without a build: the module is
//! compiled into this test crate the way build.rs compiles it.

#[allow(dead_code)]
#[path = "../codegen/mod.rs"]
mod codegen;

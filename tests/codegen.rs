//! The generator without a build: its unit tests (in codegen/), compiled into
//! this test crate the way build.rs compiles the module; property tests over
//! random tables and text; and a mutation test over the real table.

#[allow(dead_code)]
#[path = "../codegen/mod.rs"]
mod codegen;

#[path = "codegen/mutation.rs"]
mod mutation;
#[path = "codegen/properties.rs"]
mod properties;

//! The generator without a build: its unit tests (in codegen/), compiled into
//! this test crate the way build.rs compiles the module; property tests over
//! random tables and text; and a mutation test over the real table.

// The tests use a part of the generator each; the build and the tools
// use the rest.
#[allow(
    dead_code,
    unused_imports,
    reason = "the tests use a part of the generator each; the build and the tools use the rest"
)]
#[path = "../codegen/mod.rs"]
mod codegen;
#[allow(
    dead_code,
    reason = "the tests use a part of the tools' helpers; xtask uses the rest"
)]
#[path = "../xtask/src/codegen_tools.rs"]
mod codegen_tools;

#[path = "codegen/mutation.rs"]
mod mutation;
#[path = "codegen/properties.rs"]
mod properties;

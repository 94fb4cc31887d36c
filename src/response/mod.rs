//! What Zalo answers: a response body and the failure it can carry, and, with
//! the `serde` feature, how the crate's values are read and written.

pub(crate) mod body;
#[cfg(feature = "serde")]
mod buffered;
#[cfg(feature = "serde")]
mod serde_impls;

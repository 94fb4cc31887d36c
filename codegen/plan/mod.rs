//! What the emitters need decided first: the names each row's variant and
//! constant get ([`names`]), and how codes and names are looked up
//! ([`strategy`]).

pub mod names;
pub mod strategy;

//! The sender's decisions: one message's budgets ([`attempts`],
//! [`next_step`]) within a [`policy`], the whole OA's state ([`oa`]), the
//! refresh call's answer ([`oauth`]), and Vietnam's clock.

pub(crate) mod attempts;
pub(crate) mod decide;
pub(crate) mod next_step;
pub(crate) mod oa;
pub(crate) mod oauth;
pub(crate) mod policy;
pub(crate) mod vietnam_time;

//! Every public type stays `Send + Sync + Unpin` (a queue moves failures and
//! decisions across threads and tasks), the plain values stay `Copy`, and
//! the one-use leaves (permits, tickets) stay neither `Copy` nor `Clone`. A
//! change that breaks any of these is a breaking change, so it fails here
//! first.

use zalo_zns_errors::{
    Answer, Attempts, AuthoriseAgain, Category, Clearance, ErrorCode, Failure, ForeignPermit, Hold,
    HoldReason, NextStep, OaState, ParseError, ParseLabelError, Permit, Policy, PolicyError,
    RefreshOutcome, RefreshRecorded, RefreshRefused, RefreshTicket, Response, Retry, Scope,
    TokenGrant, TokenId, UnknownCode,
};

fn thread_safe<T: Send + Sync + Unpin + 'static>() {}
fn plain_value<T: Copy + Send + Sync + Unpin + Eq + std::hash::Hash + std::fmt::Debug>() {}

#[test]
fn public_types_are_thread_safe_and_unpin() {
    thread_safe::<ErrorCode>();
    thread_safe::<UnknownCode>();
    thread_safe::<ParseError>();
    thread_safe::<ParseLabelError>();
    thread_safe::<Category>();
    thread_safe::<Retry>();
    thread_safe::<Scope>();
    thread_safe::<NextStep>();
    thread_safe::<Attempts>();
    thread_safe::<Failure>();
    thread_safe::<Response<String>>();
    thread_safe::<OaState>();
    thread_safe::<Policy>();
    thread_safe::<PolicyError>();
    thread_safe::<Hold>();
    thread_safe::<HoldReason>();
    thread_safe::<RefreshOutcome>();
    thread_safe::<RefreshRefused>();
    thread_safe::<RefreshRecorded>();
    thread_safe::<TokenGrant>();
    thread_safe::<AuthoriseAgain>();
    thread_safe::<Clearance>();
    thread_safe::<Permit>();
    thread_safe::<RefreshTicket>();
}

/// Whether `T` is `Clone`, by autoref specialisation: the inherent-looking
/// method on `&Probe<T>` wins where `T: Clone`, the trait's otherwise.
struct Probe<T>(std::marker::PhantomData<T>);
trait NotClone {
    fn is_clone(&self) -> bool {
        false
    }
}
impl<T> NotClone for &Probe<T> {}
impl<T: Clone> Probe<T> {
    fn is_clone(&self) -> bool {
        true
    }
}

#[test]
fn permits_and_tickets_are_used_once() {
    // Neither Copy nor Clone: recording one answer twice does not compile.
    assert!(!(&Probe::<Permit>(std::marker::PhantomData)).is_clone());
    assert!(!(&Probe::<RefreshTicket>(std::marker::PhantomData)).is_clone());
    assert!(!(&Probe::<Clearance>(std::marker::PhantomData)).is_clone());
    // The probe tells a Clone type apart.
    assert!(Probe::<TokenId>(std::marker::PhantomData).is_clone());
}

#[test]
fn plain_values_are_copy() {
    plain_value::<ErrorCode>();
    plain_value::<UnknownCode>();
    plain_value::<Category>();
    plain_value::<Retry>();
    plain_value::<Scope>();
    plain_value::<NextStep>();
    plain_value::<Attempts>();
    plain_value::<Policy>();
    plain_value::<Answer>();
    plain_value::<TokenId>();
    plain_value::<ForeignPermit>();
}

#[test]
fn errors_can_be_boxed_across_threads() {
    fn boxed<E: std::error::Error + Send + Sync + 'static>(
        error: E,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(error)
    }
    // Boxed, each still says what it is about.
    let failure = boxed(Failure::new(-4242, "from Zalo"));
    let unknown = boxed(ErrorCode::try_from(-4242).unwrap_err());
    let parse = boxed("NoSuchCode".parse::<ErrorCode>().unwrap_err());
    let label = boxed("later".parse::<Retry>().unwrap_err());
    let mut wrong = Policy::DEFAULT;
    wrong.max_waits = 99;
    let policy = boxed(wrong.check().unwrap_err());
    for (error, says) in [
        (policy, "max_waits is 99"),
        (failure, "-4242 unknown code: from Zalo"),
        (unknown, "-4242"),
        (parse, "NoSuchCode"),
        (label, "later"),
    ] {
        assert!(error.to_string().contains(says), "{error}");
    }
}

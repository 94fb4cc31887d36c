//! Every public type stays `Send + Sync + Unpin` (a queue moves failures and
//! decisions across threads and tasks), and the plain values stay `Copy`. A
//! change that breaks either is a breaking change, so it fails here first.

use zalo_zns_errors::{
    Answer, Attempts, Category, Clearance, ErrorCode, Failure, Hold, HoldReason, NextStep, OaState,
    ParseError, ParseLabelError, Permit, Policy, PolicyError, RefreshOutcome, RefreshRefused,
    RefreshTicket, Response, Retry, Scope, TokenId, UnknownCode,
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
    plain_value::<Clearance>();
    plain_value::<Permit>();
    plain_value::<TokenId>();
    plain_value::<RefreshTicket>();
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

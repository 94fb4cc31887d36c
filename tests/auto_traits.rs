//! Every public type stays `Send + Sync + Unpin` (a queue moves failures and
//! decisions across threads and tasks), and the plain values stay `Copy`. A
//! change that breaks either is a breaking change, so it fails here first.

use zalo_zns_errors::{
    Attempts, Category, ErrorCode, Failure, NextStep, ParseError, ParseLabelError, Response, Retry,
    Scope, UnknownCode,
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
    for (error, says) in [
        (failure, "-4242 unknown code: from Zalo"),
        (unknown, "-4242"),
        (parse, "NoSuchCode"),
        (label, "later"),
    ] {
        assert!(error.to_string().contains(says), "{error}");
    }
}

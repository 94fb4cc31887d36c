//! `OaState` stored and read back (JSON and a binary format), stored states
//! no sender could have refused with the field named, and the refresh
//! call's answer parsed in every shape Zalo and gateways send.
#![cfg(feature = "serde")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{
    Answer, Attempts, Clearance, ErrorCode, OaState, Policy, RefreshOutcome, RefreshRefused, Retry,
    Scope, TokenAnswer,
};

const SECOND: Duration = Duration::from_secs(1);

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::new(1_796_180_400, 123_456_789)
}

fn code_where(retry: Retry, scope: Scope) -> i32 {
    ErrorCode::ALL
        .iter()
        .find(|code| code.retry() == retry && code.scope() == scope)
        .unwrap()
        .code()
}

/// States a sender can be in: new, mid-refresh, refused, paused, in an
/// outage with a probe out, held for a code.
fn states() -> Vec<OaState> {
    let now = now();
    let mut states = vec![OaState::new()];
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let Clearance::Send(permit) = oa.before_send(&message, now) else {
        panic!()
    };
    let token = code_where(Retry::RefreshToken, Scope::Sender);
    oa.record(permit, Answer::Code(token), &mut message, now);
    let Clearance::Refresh(ticket) = oa.before_send(&message, now) else {
        panic!()
    };
    states.push(oa.clone());
    oa.record_refresh(ticket, RefreshOutcome::Transient, now + SECOND);
    states.push(oa.clone());
    let mut refused = oa.clone();
    let Clearance::Refresh(ticket) = refused.before_send(&message, now + 60 * SECOND) else {
        panic!()
    };
    refused.record_refresh(
        ticket,
        RefreshOutcome::Refused(RefreshRefused::new(
            Some(-14020),
            "Refresh token đã hết hạn",
        )),
        now + 61 * SECOND,
    );
    states.push(refused);
    let mut paused = OaState::new();
    paused.token_granted(now, Some(Duration::from_secs(90_000)));
    let Clearance::Send(permit) = paused.before_send(&message, now) else {
        panic!()
    };
    let quota = code_where(Retry::NextDay, Scope::Sender);
    paused.record(permit, Answer::Code(quota), &mut Attempts::new(), now);
    states.push(paused);
    let mut outage = OaState::new();
    for _ in 0..Policy::DEFAULT.circuit_threshold {
        let Clearance::Send(permit) = outage.before_send(&Attempts::new(), now) else {
            panic!()
        };
        outage.record(permit, Answer::NotZns, &mut Attempts::new(), now);
    }
    let _probe = outage.before_send(&Attempts::new(), now + Duration::from_secs(30));
    states.push(outage);
    // A refresh call that outlived its timeout: the next try waits.
    let mut lapsed = OaState::new();
    let Clearance::Send(permit) = lapsed.before_send(&message, now) else {
        panic!()
    };
    lapsed.record(permit, Answer::Code(token), &mut Attempts::new(), now);
    let Clearance::Refresh(_) = lapsed.before_send(&message, now) else {
        panic!()
    };
    let _ = lapsed.before_send(&message, now + Policy::DEFAULT.call_timeout);
    states.push(lapsed);
    let mut policy = Policy::DEFAULT;
    policy.max_sends = 3;
    states.push(OaState::with_policy(policy).unwrap());
    states
}

#[test]
fn a_stored_state_reads_back_and_decides_the_same() {
    for state in states() {
        let json = serde_json::to_string(&state).unwrap();
        let back: OaState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, state, "{json}");
        let bytes = postcard::to_stdvec(&state).unwrap();
        assert_eq!(postcard::from_bytes::<OaState>(&bytes).unwrap(), state);
        let packed = rmp_serde::to_vec_named(&state).unwrap();
        assert_eq!(rmp_serde::from_slice::<OaState>(&packed).unwrap(), state);
        // The restarted sender decides as the one that stopped.
        let later = now() + Duration::from_secs(45);
        let (mut a, mut b) = (state.clone(), back);
        assert_eq!(
            a.before_send(&Attempts::new(), later),
            b.before_send(&Attempts::new(), later)
        );
        assert_eq!(a, b);
    }
}

#[test]
fn a_stored_state_no_sender_could_have_is_refused_with_the_field_named() {
    let base = serde_json::to_value(OaState::new()).unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|v| v["policy"]["max_sends"] = 999.into()),
            "max_sends",
        ),
        (
            Box::new(|v| v["circuit"]["in_row"] = 5.into()),
            "`circuit.in_row`",
        ),
        (
            Box::new(|v| {
                v["refresh"]["state"] =
                    serde_json::json!({"in_flight": {"ticket": 7, "until_ms": 5}})
            }),
            "`refresh.state`",
        ),
        (
            Box::new(|v| v["refresh"]["failures"] = 3.into()),
            "`refresh.failures`",
        ),
        (
            Box::new(|v| v["token"]["lifetime_ms"] = 1000.into()),
            "`token.lifetime_ms`",
        ),
        (
            Box::new(|v| {
                v["token"]["issued_ms"] = 5.into();
                v["token"]["lifetime_ms"] = (-1).into();
            }),
            "`token.lifetime_ms` is negative",
        ),
        (
            Box::new(|v| {
                v["refresh"]["failures"] = 1.into();
                v["refresh"]["state"] = serde_json::json!({"retry_at": {"at_ms": 5, "late": 7}});
            }),
            "waits after ticket 7",
        ),
        (Box::new(|v| v["extra"] = 1.into()), "unknown field `extra`"),
        (
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("waits_given");
            }),
            "missing field `waits_given`",
        ),
    ];
    for (edit, says) in cases {
        let mut value = base.clone();
        edit(&mut value);
        let error = serde_json::from_value::<OaState>(value.clone())
            .unwrap_err()
            .to_string();
        assert!(error.contains(says), "{value}: {error}");
    }
    // At their edges, states a sender can have: a token granted with no
    // time left, a try after the last ticket's call outlived its time.
    let mut edge = base.clone();
    edge["token"]["issued_ms"] = 5.into();
    edge["token"]["lifetime_ms"] = 0.into();
    edge["refresh"]["last_ticket"] = 7.into();
    edge["refresh"]["failures"] = 1.into();
    edge["refresh"]["state"] = serde_json::json!({"retry_at": {"at_ms": 5, "late": 7}});
    let read = serde_json::from_value::<OaState>(edge.clone());
    assert!(read.is_ok(), "{edge}: {read:?}");
}

#[test]
fn the_refresh_answer_is_read_in_every_shape() {
    let decide =
        |body: &str| RefreshOutcome::from_body(body, serde_json::from_str::<TokenAnswer>(body));
    let lifetime = Some(Duration::from_secs(90_000));
    for body in [
        r#"{"access_token":"A","refresh_token":"R","expires_in":"90000"}"#,
        r#"{"expires_in":90000,"refresh_token":"R","access_token":"A","other":[1]}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":" 90000 ","error":0}"#,
    ] {
        assert_eq!(
            decide(body),
            RefreshOutcome::Granted {
                expires_in: lifetime
            },
            "{body}"
        );
    }
    assert_eq!(
        decide(r#"{"access_token":"A","refresh_token":"R"}"#),
        RefreshOutcome::Granted { expires_in: None }
    );
    for (body, code) in [
        (
            r#"{"error":-14014,"error_name":"INVALID_REFRESH_TOKEN","error_description":"Invalid refresh token"}"#,
            Some(-14014),
        ),
        (
            r#"{"error":"-14020","error_reason":"expired","error_description":null,"ref_doc":"https://developers.zalo.me"}"#,
            Some(-14020),
        ),
        (
            r#"{"error":-14002,"error_name":123,"access_token":"A","refresh_token":"R"}"#,
            Some(-14002),
        ),
        ("", None),
        ("  \n", None),
    ] {
        let RefreshOutcome::Refused(refused) = decide(body) else {
            panic!("{body}")
        };
        assert_eq!(refused.code(), code, "{body}");
    }
    for body in [
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        r#"{"access_token":"A"}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":"-5"}"#,
        r#"{"message":"maintenance"}"#,
        r#"{"access_token":"A","refresh_tok"#,
    ] {
        assert_eq!(decide(body), RefreshOutcome::Transient, "{body}");
    }
    let RefreshOutcome::Refused(refused) = decide(
        r#"{"error":"-14014","error_name":"INVALID","error_reason":"used twice","error_description":"Invalid refresh token","ref_doc":"https://developers.zalo.me/docs"}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (
            refused.name(),
            refused.reason(),
            refused.description(),
            refused.ref_doc()
        ),
        (
            "INVALID",
            "used twice",
            "Invalid refresh token",
            "https://developers.zalo.me/docs"
        )
    );
    assert_eq!(
        refused.to_string(),
        "Zalo refused the refresh: -14014 INVALID Invalid refresh token (used twice)"
    );
}

#[test]
fn a_grant_keeps_its_secrets_out_of_debug() {
    let answer: TokenAnswer = serde_json::from_str(
        r#"{"access_token":"secret-access","refresh_token":"secret-refresh","expires_in":"90000"}"#,
    )
    .unwrap();
    let shown = format!("{answer:?} {answer:#?}");
    assert!(
        !shown.contains("secret-access") && !shown.contains("secret-refresh"),
        "{shown}"
    );
    let TokenAnswer::Granted(grant) = answer else {
        panic!()
    };
    assert_eq!(grant.access_token(), "secret-access");
    assert_eq!(grant.refresh_token(), "secret-refresh");
    assert_eq!(grant.expires_in(), Some(Duration::from_secs(90_000)));
}

#[test]
fn the_refusals_words_are_read_from_any_scalar_and_null_is_empty() {
    let body = serde_json::json!({
        "error": -14002,
        "error_name": 17,
        "error_reason": true,
        "error_description": null,
        "ref_doc": 1.5,
    });
    let TokenAnswer::Refused(refused) = serde_json::from_value::<TokenAnswer>(body).unwrap() else {
        panic!()
    };
    assert_eq!(
        (
            refused.name(),
            refused.reason(),
            refused.description(),
            refused.ref_doc()
        ),
        ("17", "true", "", "1.5")
    );
    let body =
        serde_json::json!({"error": "-14002", "error_name": -3, "error_description": "Owned"});
    let TokenAnswer::Refused(refused) = serde_json::from_value::<TokenAnswer>(body).unwrap() else {
        panic!()
    };
    assert_eq!(
        (refused.code(), refused.name(), refused.description()),
        (Some(-14002), "-3", "Owned")
    );
    assert!(!refused.is_empty_body());
    assert!(RefreshRefused::empty_body().is_empty_body());
    assert!(
        RefreshRefused::empty_body()
            .to_string()
            .contains("empty answer")
    );
    assert!(!RefreshRefused::new(Some(1), "").is_empty_body());
    // A code that is neither a number nor a string of one says what it wanted.
    let error = serde_json::from_str::<TokenAnswer>(r#"{"error":[1]}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("an integer, or a string of one"), "{error}");
    // So does a description that is neither text nor a scalar.
    let error = serde_json::from_str::<TokenAnswer>(r#"{"error":-14014,"error_description":{}}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("expected a string"), "{error}");
}

#[test]
fn a_refusal_shows_its_reason_only_when_there_is_one_the_description_does_not_say() {
    let shown = |body: &str| {
        let RefreshOutcome::Refused(refused) =
            RefreshOutcome::from_body(body, serde_json::from_str::<TokenAnswer>(body))
        else {
            panic!("{body}")
        };
        refused.to_string()
    };
    assert_eq!(
        shown(r#"{"error":-14014,"error_description":"Invalid refresh token"}"#),
        "Zalo refused the refresh: -14014 Invalid refresh token"
    );
    assert_eq!(
        shown(
            r#"{"error":-14014,"error_reason":"Invalid refresh token","error_description":"Invalid refresh token"}"#
        ),
        "Zalo refused the refresh: -14014 Invalid refresh token"
    );
    assert_eq!(
        shown(r#"{"error":-14014,"error_reason":"used twice"}"#),
        "Zalo refused the refresh: -14014 (used twice)"
    );
}

#[test]
fn a_grants_debug_shows_its_lifetime_and_hides_its_tokens() {
    let answer: TokenAnswer = serde_json::from_str(
        r#"{"access_token":"secret-access","refresh_token":"secret-refresh","expires_in":90000}"#,
    )
    .unwrap();
    let TokenAnswer::Granted(grant) = answer else {
        panic!()
    };
    let shown = format!("{grant:?}");
    assert!(shown.starts_with("TokenGrant"), "{shown}");
    assert!(
        shown.contains("<secret>") && shown.contains("90000s"),
        "{shown}"
    );
}

#[test]
fn a_null_code_or_lifetime_is_an_absent_one() {
    let answer: TokenAnswer = serde_json::from_str(
        r#"{"access_token":"A","refresh_token":"R","expires_in":null,"error":null}"#,
    )
    .unwrap();
    let TokenAnswer::Granted(grant) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(grant.expires_in(), None);
}

//! `OaState` stored and read back (JSON and a binary format), stored states
//! no sender could have refused with the field named, and the refresh
//! call's answer parsed in every shape Zalo and gateways send.
#![cfg(feature = "serde")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{
    Answer, Attempts, Clearance, ErrorCode, OaState, Policy, RefreshOutcome, RefreshRefused, Retry,
    Scope, TokenGrant,
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
    oa.record(permit, Answer::Code(token), &mut message, now)
        .unwrap();
    let Clearance::Refresh(ticket) = oa.before_send(&message, now) else {
        panic!()
    };
    states.push(oa.clone());
    let _ = oa.record_refresh(ticket, RefreshOutcome::Transient, now + SECOND);
    states.push(oa.clone());
    let mut refused = oa.clone();
    let Clearance::Refresh(ticket) = refused.before_send(&message, now + 60 * SECOND) else {
        panic!()
    };
    let _ = refused.record_refresh(
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
    paused
        .record(permit, Answer::Code(quota), &mut Attempts::new(), now)
        .unwrap();
    states.push(paused);
    let mut outage = OaState::new();
    for _ in 0..Policy::DEFAULT.circuit_min_failures {
        let Clearance::Send(permit) = outage.before_send(&Attempts::new(), now) else {
            panic!()
        };
        outage
            .record(permit, Answer::NotZns, &mut Attempts::new(), now)
            .unwrap();
    }
    let _probe = outage.before_send(&Attempts::new(), now + Duration::from_secs(30));
    states.push(outage);
    // A refresh call that outlived its timeout: the next try waits.
    let mut lapsed = OaState::new();
    let Clearance::Send(permit) = lapsed.before_send(&message, now) else {
        panic!()
    };
    lapsed
        .record(permit, Answer::Code(token), &mut Attempts::new(), now)
        .unwrap();
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
            Box::new(|v| {
                v["refresh"]["failures"] = 1_000_001.into();
                v["refresh"]["last_ticket"] = 1.into();
                v["refresh"]["state"] = serde_json::json!({"retry_at": {"at_ms": 5, "late": null}});
            }),
            "`refresh.failures` is 1000001",
        ),
        (
            Box::new(|v| {
                v["circuit"]["open"] = serde_json::json!({
                    "failed_probes": u32::MAX, "next_probe_ms": 5, "probe": null, "probes_given": 0
                })
            }),
            "`circuit.open.failed_probes` is 4294967295",
        ),
        (
            Box::new(|v| {
                v["circuit"]["open"] = serde_json::json!({
                    "failed_probes": 0, "next_probe_ms": 5,
                    "probe": {"number": 3, "until_ms": 9}, "probes_given": 2
                })
            }),
            "`circuit.open.probe` is number 3",
        ),
        (
            Box::new(|v| {
                v["refresh"]["granted_ticket"] = 2.into();
            }),
            "`refresh.granted_ticket` is 2",
        ),
        (
            Box::new(|v| {
                v["hold"] = serde_json::json!({"reason": {"code": -1}});
            }),
            "a hold without `since_ms`",
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
    // time left, a try after the last ticket's call outlived its time, the
    // most failures a store may count.
    let mut most = base.clone();
    most["refresh"]["failures"] = 1_000_000.into();
    most["refresh"]["last_ticket"] = 1.into();
    most["refresh"]["state"] = serde_json::json!({"retry_at": {"at_ms": 5, "late": null}});
    most["circuit"]["open"] = serde_json::json!({
        "failed_probes": 1_000_000, "next_probe_ms": 5, "probe": null, "probes_given": 0
    });
    let mut oa = serde_json::from_value::<OaState>(most.clone()).expect("the most failures");
    // Deciding from it neither panics nor overflows (overflow checks are on
    // in tests).
    for at in [0u64, 1, 3600, 86_400 * 365] {
        let at = now() + Duration::from_secs(at);
        if let Clearance::Send(permit) = oa.before_send(&Attempts::new(), at) {
            let _ = oa.record(permit, Answer::NotZns, &mut Attempts::new(), at);
        }
    }
    let mut edge = base.clone();
    edge["token"]["issued_ms"] = 5.into();
    edge["token"]["lifetime_ms"] = 0.into();
    edge["refresh"]["last_ticket"] = 7.into();
    edge["refresh"]["failures"] = 1.into();
    edge["refresh"]["state"] = serde_json::json!({"retry_at": {"at_ms": 5, "late": 7}});
    let read = serde_json::from_value::<OaState>(edge.clone());
    assert!(read.is_ok(), "{edge}: {read:?}");
}

fn granted(expires_in: Option<Duration>) -> RefreshOutcome {
    RefreshOutcome::Granted(TokenGrant::new("A", "R", expires_in))
}

fn decide(body: &str) -> RefreshOutcome {
    RefreshOutcome::from_http(200, body)
}

#[test]
fn the_refresh_answer_is_read_in_every_shape() {
    let lifetime = Some(Duration::from_secs(90_000));
    for body in [
        r#"{"access_token":"A","refresh_token":"R","expires_in":"90000"}"#,
        r#"{"expires_in":90000,"refresh_token":"R","access_token":"A","other":[1]}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":" 90000 ","error":0}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":90000.0}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":"90000.0"}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":"90000s"}"#,
        r#"{"access_token":"A","refresh_token":"R","expires_in":9e4,"error":"0"}"#,
    ] {
        assert_eq!(decide(body), granted(lifetime), "{body}");
    }
    for body in [
        r#"{"access_token":"A","refresh_token":"R","message":"maintenance"}"#,
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        r#"{"access_token":"A","refresh_token":"R"}"#,
    ] {
        assert_eq!(
            RefreshOutcome::from_http(502, body),
            RefreshOutcome::Transient,
            "{body}"
        );
        assert_eq!(
            RefreshOutcome::from_http(504, body),
            RefreshOutcome::Transient,
            "{body}"
        );
    }
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
        (r#"{"error":-14014.0}"#, Some(-14014)),
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
        r#"{"message":"maintenance"}"#,
        r#"{"access_token":"A","refresh_tok"#,
        r#"{"error":[1]}"#,
        "[1, 2]",
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
fn a_body_with_both_tokens_is_a_grant_whatever_its_lifetime_looks_like() {
    let grant_of = |expires_in: &str| {
        let body =
            format!(r#"{{"access_token":"A","refresh_token":"R","expires_in":{expires_in}}}"#);
        match decide(&body) {
            RefreshOutcome::Granted(grant) => grant.expires_in(),
            other => panic!("{body}: {other:?}"),
        }
    };
    // Unknown: the token is refreshed when it fails.
    for unknown in [
        r#""""#,
        "null",
        "-1",
        r#""-5""#,
        "0",
        r#""0""#,
        "0.5",
        r#""soon""#,
        "[1]",
        "{}",
    ] {
        assert_eq!(grant_of(unknown), None, "{unknown}");
    }
    // Bounded: never a refresh at every send, never a lifetime of years.
    assert_eq!(grant_of("1"), Some(TokenGrant::MIN_LIFETIME));
    assert_eq!(grant_of("599"), Some(TokenGrant::MIN_LIFETIME));
    assert_eq!(grant_of("601"), Some(Duration::from_secs(601)));
    assert_eq!(
        grant_of("99999999999999999999999"),
        Some(TokenGrant::MAX_LIFETIME)
    );
    assert_eq!(
        grant_of("18446744073709551615"),
        Some(TokenGrant::MAX_LIFETIME)
    );
    assert_eq!(grant_of(r#""1e300""#), Some(TokenGrant::MAX_LIFETIME));
    assert_eq!(grant_of("2592000"), Some(TokenGrant::MAX_LIFETIME));
    assert_eq!(grant_of("2592001"), Some(TokenGrant::MAX_LIFETIME));
    assert_eq!(grant_of("2591999"), Some(Duration::from_secs(2_591_999)));
}

#[test]
fn an_empty_body_is_a_refusal_only_with_a_success_status() {
    for status in [200, 201, 204, 299] {
        assert!(
            matches!(RefreshOutcome::from_http(status, ""), RefreshOutcome::Refused(r) if r.is_empty_body()),
            "{status}"
        );
    }
    for status in [300, 302, 400, 401, 404, 408, 429, 500, 502, 503, 504, 599] {
        assert_eq!(
            RefreshOutcome::from_http(status, ""),
            RefreshOutcome::Transient,
            "{status}"
        );
        assert_eq!(
            RefreshOutcome::from_http(status, " \n"),
            RefreshOutcome::Transient,
            "{status}"
        );
    }
    // A refusal in Zalo's words is one with a client error status too.
    assert!(matches!(
        RefreshOutcome::from_http(400, r#"{"error":-14014}"#),
        RefreshOutcome::Refused(_)
    ));
    // A 5xx is transient whatever its body says.
    assert_eq!(
        RefreshOutcome::from_http(503, r#"{"error":-14014}"#),
        RefreshOutcome::Transient
    );
}

#[test]
fn a_grant_keeps_its_secrets_out_of_debug() {
    let outcome = RefreshOutcome::from_http(
        200,
        r#"{"access_token":"secret-access","refresh_token":"secret-refresh","expires_in":"90000"}"#,
    );
    let shown = format!("{outcome:?} {outcome:#?}");
    assert!(
        !shown.contains("secret-access") && !shown.contains("secret-refresh"),
        "{shown}"
    );
    let RefreshOutcome::Granted(grant) = outcome else {
        panic!()
    };
    assert_eq!(grant.access_token(), "secret-access");
    assert_eq!(grant.refresh_token(), "secret-refresh");
    assert_eq!(grant.expires_in(), Some(Duration::from_secs(90_000)));
    let shown = format!("{grant:?}");
    assert!(shown.starts_with("TokenGrant"), "{shown}");
    assert!(
        shown.contains("<secret>") && shown.contains("90000s"),
        "{shown}"
    );
}

#[test]
fn the_refusals_words_are_read_from_any_scalar_and_null_is_empty() {
    let body = r#"{"error": -14002, "error_name": 17, "error_reason": true, "error_description": null, "ref_doc": 1.5}"#;
    let RefreshOutcome::Refused(refused) = decide(body) else {
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
    let body = r#"{"error": "-14002", "error_name": -3, "error_description": "Owned"}"#;
    let RefreshOutcome::Refused(refused) = decide(body) else {
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
    // A description that is neither text nor a scalar is left out.
    let RefreshOutcome::Refused(refused) = decide(r#"{"error":-14014,"error_description":{}}"#)
    else {
        panic!()
    };
    assert_eq!(refused.description(), "");
}

#[test]
fn a_refusal_shows_its_reason_only_when_there_is_one_the_description_does_not_say() {
    let shown = |body: &str| {
        let RefreshOutcome::Refused(refused) = decide(body) else {
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
fn a_null_code_or_lifetime_is_an_absent_one() {
    let RefreshOutcome::Granted(grant) =
        decide(r#"{"access_token":"A","refresh_token":"R","expires_in":null,"error":null}"#)
    else {
        panic!()
    };
    assert_eq!(grant.expires_in(), None);
}

/// A state as 0.3 stored it, in JSON: it reads back, the circuit's count in
/// a row gives way to the window, and a hold's `since` is kept to the
/// millisecond.
#[test]
fn a_state_stored_by_0_3_reads_back() {
    let stored = r#"{
        "policy": {"transient_retries":3,"first_transient_delay":{"secs":30,"nanos":0},
            "transient_growth":4,"max_waits":3,"max_refreshes":4,"max_sends":10,
            "max_age":{"secs":345600,"nanos":0},"morning_margin":{"secs":120,"nanos":0},
            "spread":{"secs":300,"nanos":0},"circuit_threshold":3,
            "first_probe_delay":{"secs":30,"nanos":0},"max_probe_delay":{"secs":300,"nanos":0},
            "call_timeout":{"secs":60,"nanos":0},"refresh_ahead_percent":10},
        "token": {"id":2,"issued_ms":1796180400000,"lifetime_ms":90000000,"proven":true,"dead":false},
        "refresh": {"failures":0,"last_ticket":2,"state":"idle"},
        "circuit": {"in_row":0,"open":{"failed_probes":1,"next_probe_ms":1796180460000,"probe_until_ms":1796180430000}},
        "paused_until_ms": null,
        "hold": {"since":{"secs_since_epoch":1796180400,"nanos_since_epoch":5000000},"reason":{"code":-1}},
        "waits_given": 12
    }"#;
    let oa: OaState = serde_json::from_str(stored).expect("0.3's state");
    assert_eq!(oa.policy().circuit_min_failures, 3);
    assert_eq!(oa.policy().circuit_window, Policy::DEFAULT.circuit_window);
    assert_eq!(
        oa.policy().circuit_failure_percent,
        Policy::DEFAULT.circuit_failure_percent
    );
    assert!(oa.is_circuit_open());
    let hold = oa.hold().expect("held");
    assert_eq!(
        hold.since(),
        UNIX_EPOCH + Duration::from_millis(1_796_180_400_005)
    );
    // Written again in this version's form, it reads back equal.
    let json = serde_json::to_string(&oa).unwrap();
    assert!(
        json.contains("since_ms") && !json.contains("in_row"),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<OaState>(&json).unwrap(), oa);
}

/// A hold before 1970 is stored as every other instant is.
#[test]
fn a_hold_before_1970_is_stored() {
    let before = UNIX_EPOCH - Duration::from_secs(86_400);
    let mut oa = OaState::new();
    let Clearance::Send(permit) = oa.before_send(&Attempts::new(), before) else {
        panic!()
    };
    let fix = code_where(Retry::AfterFix, Scope::Sender);
    let _ = oa.record(permit, Answer::Code(fix), &mut Attempts::new(), before);
    assert_eq!(oa.hold().unwrap().since(), before);
    let json = serde_json::to_string(&oa).unwrap();
    let back: OaState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, oa);
    let bytes = postcard::to_stdvec(&oa).unwrap();
    assert_eq!(postcard::from_bytes::<OaState>(&bytes).unwrap(), oa);
}

/// A permit is the OA's own, after a restart too: another OA's is refused,
/// and nothing is recorded.
#[test]
fn a_permit_from_another_oa_changes_nothing_and_says_so() {
    let now = now();
    let mut oa = OaState::new();
    let mut other = OaState::new();
    let Clearance::Send(foreign) = other.before_send(&Attempts::new(), now) else {
        panic!()
    };
    let before = oa.clone();
    let mut message = Attempts::new();
    let refused = oa.record(foreign, Answer::NotZns, &mut message, now);
    let error = refused.unwrap_err();
    assert!(error.to_string().contains("another OaState"), "{error}");
    assert_eq!(oa, before);
    assert_eq!(message, Attempts::new());
    // A permit given before the state was stored and read back is still its own.
    let Clearance::Send(permit) = oa.before_send(&Attempts::new(), now) else {
        panic!()
    };
    let mut restored: OaState = serde_json::from_str(&serde_json::to_string(&oa).unwrap()).unwrap();
    assert!(
        restored
            .record(permit, Answer::Sent, &mut Attempts::new(), now)
            .is_ok()
    );
}

#[test]
fn a_full_window_reads_back_and_one_call_more_is_refused() {
    let now = now();
    let mut oa = OaState::new();
    // More answers than the window holds: it keeps the last 64.
    for _ in 0..100 {
        let mut message = Attempts::new();
        let Clearance::Send(permit) = oa.before_send(&message, now) else {
            panic!()
        };
        oa.record(permit, Answer::Sent, &mut message, now).unwrap();
    }
    let mut stored = serde_json::to_value(&oa).unwrap();
    let window = stored["circuit"]["window"].as_array().unwrap().clone();
    assert_eq!(window.len(), 64);
    let back: OaState = serde_json::from_value(stored.clone()).unwrap();
    assert_eq!(back, oa);
    stored["circuit"]["window"]
        .as_array_mut()
        .unwrap()
        .push(window[0].clone());
    let error = serde_json::from_value::<OaState>(stored)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("holds 65 calls, more than its 64"),
        "{error}"
    );
}

#[test]
fn a_stored_state_holds_at_most_the_templates_a_state_holds() {
    let now = now();
    let fix = code_where(Retry::AfterFix, Scope::Template);
    let mut oa = OaState::new();
    for n in 0..OaState::MAX_HELD_TEMPLATES {
        let template = format!("2039{n:02}");
        let Clearance::Send(sent) = oa.before_send_template(&template, &Attempts::new(), now)
        else {
            panic!("{template}")
        };
        oa.record(sent, Answer::Code(fix), &mut Attempts::new(), now)
            .unwrap();
    }
    assert_eq!(oa.held_templates().count(), OaState::MAX_HELD_TEMPLATES);
    let mut stored = serde_json::to_value(&oa).unwrap();
    let back: OaState = serde_json::from_value(stored.clone()).unwrap();
    assert_eq!(back, oa);
    // One more than a state holds.
    let held = stored["held_templates"].as_array_mut().unwrap();
    let mut extra = held[0].clone();
    extra["template"] = 7.into();
    held.push(extra);
    let error = serde_json::from_value::<OaState>(stored)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(&format!(
            "holds {} templates, more than a state holds ({})",
            OaState::MAX_HELD_TEMPLATES + 1,
            OaState::MAX_HELD_TEMPLATES
        )),
        "{error}"
    );
}

#[test]
fn a_stored_state_that_is_not_a_structure_is_refused_saying_what_was_expected() {
    let error = serde_json::from_str::<OaState>(r#""a state""#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("expected struct OaState"), "{error}");
}

#[test]
fn a_timeout_or_rate_limit_status_is_transient_whatever_the_body_says() {
    let refusal = r#"{"error":-14014,"error_name":"INVALID_REFRESH_TOKEN"}"#;
    assert!(matches!(decide(refusal), RefreshOutcome::Refused(_)));
    for status in [408, 429, 500, 503] {
        assert_eq!(
            RefreshOutcome::from_http(status, refusal),
            RefreshOutcome::Transient,
            "{status}"
        );
    }
}

#[test]
fn an_error_that_is_not_a_whole_number_is_no_refusal() {
    // Neither a code nor a pair: the answer is not the endpoint's.
    assert_eq!(decide(r#"{"error":-14014.5}"#), RefreshOutcome::Transient);
    assert!(matches!(
        decide(r#"{"error":-14014.0}"#),
        RefreshOutcome::Refused(refused) if refused.code() == Some(-14014)
    ));
}

//! Parsing the documented bodies of the ZNS send API (`serde` feature).
#![cfg(feature = "serde")]

use serde::Deserialize;
use zalo_zns_errors::{Category, ErrorCode, Response, Retry, Scope, codes};

#[derive(Debug, Deserialize, PartialEq)]
struct Quota {
    #[serde(rename = "dailyQuota")]
    daily_quota: String,
    #[serde(rename = "remainingQuota")]
    remaining_quota: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Sent {
    msg_id: String,
    sent_time: String,
    sending_mode: String,
    quota: Quota,
}

const SUCCESS: &str = r#"{
    "error": 0,
    "message": "Success",
    "data": {
        "msg_id": "a1b2c3d4e5f6",
        "sent_time": "1764136800000",
        "sending_mode": "1",
        "quota": {"dailyQuota": "500", "remainingQuota": "499"}
    }
}"#;

#[test]
fn a_success_body_gives_its_data() {
    let response: Response<Sent> = serde_json::from_str(SUCCESS).unwrap();
    let sent = response.into_result().unwrap();
    assert_eq!(sent.msg_id, "a1b2c3d4e5f6");
    assert_eq!(sent.sent_time, "1764136800000");
    assert_eq!(
        sent.quota,
        Quota {
            daily_quota: "500".into(),
            remaining_quota: "499".into()
        }
    );
}

#[test]
fn a_known_failure_is_typed() {
    let body = r#"{"error":-108,"message":"Phone number invalid"}"#;
    let response: Response<Sent> = serde_json::from_str(body).unwrap();
    assert_eq!(response.data, None);
    let failure = response.into_result().unwrap_err();
    assert_eq!(failure.code(), codes::PHONE_NUMBER_INVALID);
    assert_eq!(failure.error_code(), Some(ErrorCode::PhoneNumberInvalid));
    assert_eq!(failure.message(), "Phone number invalid");
    assert_eq!(
        (failure.category(), failure.retry()),
        (Category::Request, Retry::AfterFix)
    );
    assert_eq!(
        failure.to_string(),
        "-108 Phone number invalid: Phone number invalid"
    );
    assert!(format!("{failure:#}").contains("\nRemedy: Check the recipient's phone number"));
}

#[test]
fn a_code_this_version_does_not_know_is_kept() {
    let body = r#"{"error":-177,"message":"Template <otp> rejected","data":null,"extra":[1,2]}"#;
    let failure = serde_json::from_str::<Response<Sent>>(body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!((failure.code(), failure.error_code()), (-177, None));
    assert_eq!(failure.message(), "Template <otp> rejected");
    assert_eq!(failure.retry(), Retry::AfterFix);
    assert_eq!(
        failure.to_string(),
        "-177 unknown code: Template <otp> rejected"
    );
    // It travels through `?` like any error.
    fn send() -> Result<(), Box<dyn std::error::Error>> {
        let body = r#"{"error":-177,"message":"x"}"#;
        serde_json::from_str::<Response<Sent>>(body)?.into_result()?;
        Ok(())
    }
    assert!(
        send()
            .unwrap_err()
            .to_string()
            .starts_with("-177 unknown code")
    );
}

#[test]
fn a_success_without_data_is_a_clear_failure() {
    let body = r#"{"error":0,"message":"Success"}"#;
    let failure = serde_json::from_str::<Response<Sent>>(body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert!(failure.is_missing_data());
    assert_eq!(
        failure.retry(),
        Retry::NotNeeded,
        "the message was sent: do not send it again"
    );
    assert_eq!(
        failure.to_string(),
        "0 Success: Success (the response has no `data`)"
    );
}

#[test]
fn malformed_bodies_are_serde_errors() {
    for body in [
        "",
        "[]",
        r#"{"message":"no error field"}"#,
        r#"{"error":"-108","message":"code as a string"}"#,
        r#"{"error":-108.5,"message":"not an integer"}"#,
        r#"{"error":0,"message":"Success","data":{"msg_id":5}}"#,
        r#"{"error":0"#,
    ] {
        assert!(
            serde_json::from_str::<Response<Sent>>(body).is_err(),
            "{body}"
        );
    }
}

#[test]
fn error_codes_serialize_as_their_number() {
    assert_eq!(
        serde_json::to_string(&ErrorCode::AccessTokenInvalid).unwrap(),
        "-124"
    );
    assert_eq!(
        serde_json::from_str::<ErrorCode>("-124").unwrap(),
        ErrorCode::AccessTokenInvalid
    );
    let error = serde_json::from_str::<ErrorCode>("-4242").unwrap_err();
    assert!(
        error.to_string().contains("unknown ZNS error code -4242"),
        "{error}"
    );
    for &code in ErrorCode::ALL {
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }
}

#[test]
fn category_and_retry_serialize_as_their_csv_spelling() {
    assert_eq!(
        serde_json::to_string(&Retry::AfterNightWindow).unwrap(),
        "\"after_night_window\""
    );
    assert_eq!(
        serde_json::to_string(&Category::Recipient).unwrap(),
        "\"recipient\""
    );
    for &retry in Retry::ALL {
        assert_eq!(
            serde_json::from_str::<Retry>(&serde_json::to_string(&retry).unwrap()).unwrap(),
            retry
        );
    }
    for &scope in Scope::ALL {
        assert_eq!(
            serde_json::from_str::<Scope>(&serde_json::to_string(&scope).unwrap()).unwrap(),
            scope
        );
    }
    assert_eq!(serde_json::to_string(&Scope::Sender).unwrap(), "\"sender\"");
    for &category in Category::ALL {
        assert_eq!(
            serde_json::from_str::<Category>(&serde_json::to_string(&category).unwrap()).unwrap(),
            category
        );
    }
    let error = serde_json::from_str::<Retry>("\"later\"")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unknown ZNS retry policy \"later\", expected one of: not_needed, backoff"),
        "{error}"
    );
}

#[test]
fn a_response_serializes_back() {
    let response = Response {
        error: -124,
        message: "Access token invalid".to_owned(),
        data: None::<u8>,
    };
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"error":-124,"message":"Access token invalid"}"#
    );
}

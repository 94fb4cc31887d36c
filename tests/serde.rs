//! Parsing the bodies of the ZNS send API as Zalo and gateways send them
//! (`serde` feature): every failure keeps its code and message whatever its
//! `data` holds; malformed bodies are serde errors that say what is wrong.
#![cfg(feature = "serde")]

use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{Attempts, Category, ErrorCode, Failure, Response, Retry, Scope};

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Quota {
    #[serde(rename = "dailyQuota")]
    daily_quota: String,
    #[serde(rename = "remainingQuota")]
    remaining_quota: String,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
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

fn sent() -> Sent {
    Sent {
        msg_id: "a1b2c3d4e5f6".into(),
        sent_time: "1764136800000".into(),
        sending_mode: "1".into(),
        quota: Quota {
            daily_quota: "500".into(),
            remaining_quota: "499".into(),
        },
    }
}

/// A code that is not the success code, and one this version does not know.
fn failing_code() -> ErrorCode {
    *ErrorCode::ALL.iter().find(|c| !c.is_success()).unwrap()
}

/// A code the table does not have, whatever rows it holds: below every
/// known code.
fn unknown_code() -> i32 {
    ErrorCode::ALL.iter().map(|c| c.code()).min().unwrap_or(0) - 25
}

fn success_code() -> ErrorCode {
    *ErrorCode::ALL.iter().find(|c| c.is_success()).unwrap()
}

fn failure(body: &str) -> Failure {
    serde_json::from_str::<Response<Sent>>(body)
        .unwrap_or_else(|e| panic!("{body}: {e}"))
        .into_result()
        .unwrap_err()
}

fn error(body: &str) -> String {
    serde_json::from_str::<Response<Sent>>(body)
        .expect_err(body)
        .to_string()
}

#[test]
fn the_documented_success_body_gives_its_data() {
    let response: Response<Sent> = serde_json::from_str(SUCCESS).unwrap();
    assert_eq!(response.into_result().unwrap(), sent());
    // The same with `data` first: it is held until `error` says success.
    let data_first = r#"{"data":{"quota":{"remainingQuota":"499","dailyQuota":"500"},"sending_mode":"1","sent_time":"1764136800000","msg_id":"a1b2c3d4e5f6"},"message":"Success","error":0}"#;
    let response: Response<Sent> = serde_json::from_str(data_first).unwrap();
    assert_eq!(response.into_result().unwrap(), sent());
}

#[test]
fn a_failure_keeps_its_code_and_message_whatever_data_holds() {
    let code = failing_code().code();
    for data in [
        "",
        r#","data":{}"#,
        r#","data":"""#,
        r#","data":[]"#,
        r#","data":null"#,
        r#","data":5"#,
        r#","data":{"msg_id":7,"x":[1,{"y":null}]}"#,
    ] {
        for body in [
            format!(r#"{{"error":{code},"message":"Phone number invalid"{data}}}"#),
            format!(r#"{{"error":"{code}","message":"Phone number invalid"{data}}}"#),
            // `data` before `error`: ignored once the code is read.
            format!(
                r#"{{{}"message":"Phone number invalid","error":{code}}}"#,
                data.trim_start_matches(',').to_owned() + if data.is_empty() { "" } else { "," }
            ),
        ] {
            let failure = failure(&body);
            assert_eq!(failure.code(), code, "{body}");
            assert_eq!(failure.message(), "Phone number invalid", "{body}");
            assert!(!failure.is_missing_data());
        }
    }
}

#[test]
fn a_missing_or_null_message_is_empty() {
    let code = failing_code().code();
    for body in [
        format!(r#"{{"error":{code}}}"#),
        format!(r#"{{"error":{code},"message":null}}"#),
        format!(r#"{{"message":null,"error":"{code}","data":{{}}}}"#),
    ] {
        let failure = failure(&body);
        assert_eq!((failure.code(), failure.message()), (code, ""), "{body}");
        assert_eq!(failure.to_string(), failing_code().to_string());
    }
}

#[test]
fn a_code_given_as_a_string_of_digits_is_read() {
    for (text, code) in [
        ("\"-108\"", -108),
        ("\"+5\"", 5),
        ("\"0\"", 0),
        ("\"-2147483648\"", i32::MIN),
    ] {
        let body = format!(r#"{{"error":{text},"message":"m"}}"#);
        let response: Response<Sent> = serde_json::from_str(&body).unwrap();
        assert_eq!(response.error, code, "{body}");
    }
}

#[test]
fn a_body_relayed_inside_a_gateways_own_is_read_through_a_wrapper() {
    #[derive(Deserialize)]
    struct Gateway {
        status: String,
        code: u32,
        #[serde(rename = "zaloRes")]
        zalo: Response<Sent>,
    }
    let body = r#"{"status":"failed","code":17004,"zaloRes":{"error":-118,"message":"Zalo account not existed","data":null}}"#;
    let gateway: Gateway = serde_json::from_str(body).unwrap();
    assert_eq!((gateway.status.as_str(), gateway.code), ("failed", 17004));
    let failure = gateway.zalo.into_result().unwrap_err();
    assert_eq!(failure.code(), -118);
    assert_eq!(failure.message(), "Zalo account not existed");
}

#[test]
fn a_code_this_version_does_not_know_is_kept() {
    let code = unknown_code();
    let body = format!(
        r#"{{"error":{code},"message":"Template <otp> rejected","data":null,"extra":[1,2]}}"#
    );
    let failure = failure(&body);
    assert_eq!((failure.code(), failure.error_code()), (code, None));
    assert_eq!(failure.message(), "Template <otp> rejected");
    assert_eq!(failure.retry(), Retry::AfterFix);
    assert_eq!(
        failure.to_string(),
        format!("{code} unknown code: Template <otp> rejected")
    );
    // It travels through `?` like any error.
    fn send(code: i32) -> Result<(), Box<dyn std::error::Error>> {
        let body = format!(r#"{{"error":{code},"message":"x"}}"#);
        serde_json::from_str::<Response<Sent>>(&body)?.into_result()?;
        Ok(())
    }
    assert!(
        send(code)
            .unwrap_err()
            .to_string()
            .starts_with(&format!("{code} unknown code"))
    );
}

#[test]
fn a_success_without_data_is_a_clear_failure() {
    let code = success_code();
    for body in [
        format!(r#"{{"error":{},"message":"Success"}}"#, code.code()),
        format!(
            r#"{{"error":{},"message":"Success","data":null}}"#,
            code.code()
        ),
    ] {
        let failure = failure(&body);
        assert!(failure.is_missing_data());
        assert_eq!(
            failure.retry(),
            Retry::NotNeeded,
            "the message was sent: do not send it again"
        );
        assert!(
            failure
                .to_string()
                .ends_with(" (the response has no `data`)"),
            "{failure}"
        );
    }
}

#[test]
fn malformed_bodies_are_serde_errors_that_say_what_is_wrong() {
    let success = success_code().code();
    let expecting =
        "expected a ZNS error code in the field `error` (an integer, or a string of digits)";
    let cases: Vec<(String, String)> = vec![
        ("".into(), "EOF while parsing a value".into()),
        (r#"{"error":0"#.into(), "EOF while parsing an object".into()),
        ("[]".into(), "invalid length 0, expected a ZNS response body".into()),
        ("<html>502 Bad Gateway</html>".into(), "expected value at line 1 column 1".into()),
        (r#"{"message":"no error field"}"#.into(), "missing field `error`".into()),
        (r#"{"error":-108.5}"#.into(), format!("invalid type: floating point `-108.5`, {expecting}")),
        (r#"{"error":"-10x8"}"#.into(), format!("invalid value: string \"-10x8\", {expecting}")),
        (r#"{"error":" -108"}"#.into(), format!("invalid value: string \" -108\", {expecting}")),
        (r#"{"error":"-"}"#.into(), format!("invalid value: string \"-\", {expecting}")),
        (r#"{"error":"99999999999"}"#.into(), format!("invalid value: string \"99999999999\", {expecting}")),
        (r#"{"error":5000000000}"#.into(), format!("invalid value: integer `5000000000`, {expecting}")),
        (r#"{"error":-5000000000}"#.into(), format!("invalid value: integer `-5000000000`, {expecting}")),
        (r#"{"error":true}"#.into(), format!("invalid type: boolean `true`, {expecting}")),
        (r#"{"error":null}"#.into(), format!("invalid type: null, {expecting}")),
        (r#"{"error":{}}"#.into(), format!("invalid type: map, {expecting}")),
        (r#"{"error":-108,"error":-108}"#.into(), "duplicate field `error`".into()),
        (
            r#"{"error":-108,"message":5}"#.into(),
            "invalid type: integer `5`, expected the server's message in the field `message` (a string, or null)".into(),
        ),
        // A success's data must fit the program's type: its own error says where.
        (
            format!(r#"{{"error":{success},"message":"Success","data":{{"msg_id":5}}}}"#),
            "invalid type: integer `5`, expected a string".into(),
        ),
        (
            format!(r#"{{"data":{{"msg_id":"a"}},"error":{success}}}"#),
            "missing field `sent_time`".into(),
        ),
    ];
    for (body, message) in cases {
        let found = error(&body);
        assert!(found.contains(&message), "{body}: {found}");
    }
}

#[test]
fn other_self_describing_formats_give_the_same_response() {
    // MessagePack writes structs as arrays by default and as maps on request:
    // both forms read back.
    #[derive(Serialize)]
    struct Body<'a, D> {
        error: &'a str,
        message: Option<&'a str>,
        data: D,
    }
    let code = failing_code().code().to_string();
    let success = success_code().code().to_string();
    for bytes in [
        rmp_serde::to_vec(&Body {
            error: &success,
            message: Some("Success"),
            data: sent(),
        })
        .unwrap(),
        rmp_serde::to_vec_named(&Body {
            error: &success,
            message: None,
            data: sent(),
        })
        .unwrap(),
    ] {
        let response: Response<Sent> = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(response.into_result().unwrap(), sent());
    }
    for bytes in [
        rmp_serde::to_vec(&Body {
            error: &code,
            message: None,
            data: "",
        })
        .unwrap(),
        rmp_serde::to_vec_named(&Body {
            error: &code,
            message: Some("m"),
            data: [1, 2],
        })
        .unwrap(),
    ] {
        let response: Response<Sent> = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(
            response.into_result().unwrap_err().code(),
            failing_code().code()
        );
    }
    // serde_json's Value is a deserializer of its own, with owned strings.
    let value: serde_json::Value = serde_json::from_str(SUCCESS).unwrap();
    let response = Response::<Sent>::deserialize(value).unwrap();
    assert_eq!(response.into_result().unwrap(), sent());
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

#[test]
fn a_failure_is_stored_and_read_back_unknown_codes_included() {
    let stored = [
        Failure::new(failing_code().code(), "from Zalo"),
        Failure::new(unknown_code(), "new in 2027"),
        failure(&format!(r#"{{"error":{}}}"#, success_code().code())),
    ];
    for failure in stored {
        let json = serde_json::to_string(&failure).unwrap();
        assert_eq!(
            serde_json::from_str::<Failure>(&json).unwrap(),
            failure,
            "{json}"
        );
        let packed = rmp_serde::to_vec(&failure).unwrap();
        assert_eq!(rmp_serde::from_slice::<Failure>(&packed).unwrap(), failure);
        // A format that is not self-describing.
        let bytes = postcard::to_stdvec(&failure).unwrap();
        assert_eq!(postcard::from_bytes::<Failure>(&bytes).unwrap(), failure);
    }
    assert_eq!(
        serde_json::to_string(&Failure::new(-7, "x")).unwrap(),
        r#"{"code":-7,"message":"x","missing_data":false}"#
    );
    assert_eq!(
        serde_json::from_str::<Failure>(r#"{"code":"-7"}"#).unwrap(),
        Failure::new(-7, "")
    );
    let error = serde_json::from_str::<Failure>(r#"{"message":"x"}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `code`"),
        "{error}"
    );
}

#[test]
fn error_codes_serialize_as_their_number_and_refuse_unknown_ones() {
    for &code in ErrorCode::ALL {
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, code.code().to_string());
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }
    // The same forms as `Response` accepts in `error`.
    let code = failing_code();
    let quoted = format!("\"{}\"", code.code());
    assert_eq!(serde_json::from_str::<ErrorCode>(&quoted).unwrap(), code);
    let value = serde_json::Value::String(code.code().to_string());
    assert_eq!(serde_json::from_value::<ErrorCode>(value).unwrap(), code);
    let bytes = postcard::to_stdvec(&code).unwrap();
    assert_eq!(postcard::from_bytes::<ErrorCode>(&bytes).unwrap(), code);
    let error = serde_json::from_str::<ErrorCode>("\"-12x\"").unwrap_err();
    assert!(error.to_string().contains("\"-12x\""), "{error}");
    let code = unknown_code();
    let error = serde_json::from_str::<ErrorCode>(&code.to_string()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("unknown ZNS error code {code}")),
        "{error}"
    );
}

#[test]
fn labels_serialize_as_their_csv_spelling() {
    fn round_trip<T>(all: &[T])
    where
        T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug + std::fmt::Display,
    {
        for value in all {
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(json, format!("\"{value}\""));
            assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value);
        }
    }
    round_trip(Category::ALL);
    round_trip(Retry::ALL);
    round_trip(Scope::ALL);
    for (json, message) in [
        (
            serde_json::from_str::<Retry>("\"later\"").unwrap_err(),
            "\"later\" is not a ZNS retry policy; expected one of: not_needed, backoff, refresh_token, after_night_window, next_day, after_fix, never, other_channel",
        ),
        (
            serde_json::from_str::<Retry>("5").unwrap_err(),
            "invalid type: integer `5`, expected a ZNS retry policy",
        ),
    ] {
        assert!(json.to_string().contains(message), "{json}");
    }
    let scope = serde_json::from_str::<Scope>("\"Sender\"").unwrap_err();
    assert!(
        scope.to_string().contains("\"Sender\" is not a ZNS failure scope; expected one of: nothing, message, recipient, template, sender"),
        "{scope}"
    );
}

/// A message's `Attempts` after a few answers, at an instant after 1970.
fn some_attempts() -> Attempts {
    let now = UNIX_EPOCH + Duration::from_secs(1_795_692_780);
    let mut attempts = Attempts::new();
    for retry in [Retry::Backoff, Retry::NextDay, Retry::RefreshToken] {
        let _ = retry.next_step(&mut attempts, now);
    }
    attempts
}

#[test]
fn attempts_are_stored_as_named_counters_and_read_back() {
    let states = [
        Attempts::new(),
        some_attempts(),
        {
            let mut before_1970 = Attempts::new();
            let _ =
                Retry::Backoff.next_step(&mut before_1970, UNIX_EPOCH - Duration::from_secs(90));
            before_1970
        },
        {
            // Every counter saturated, the last token failure long after
            // the first answer.
            let start = UNIX_EPOCH + Duration::from_secs(1_795_692_780);
            let mut full = Attempts::new();
            for _ in 0..300 {
                for retry in [Retry::Backoff, Retry::NextDay, Retry::AfterNightWindow] {
                    let _ = retry.next_step(&mut full, start);
                }
            }
            let _ =
                Retry::RefreshToken.next_step(&mut full, start + Duration::from_secs(300 * 3600));
            assert_eq!(
                (full.sends(), full.transient(), full.waits()),
                (255, 15, 15)
            );
            full
        },
        {
            // The first answer's instant cannot be kept.
            let mut far = Attempts::new();
            let _ = Retry::Backoff.next_step(
                &mut far,
                SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 40),
            );
            far
        },
    ];
    for attempts in states {
        let json = serde_json::to_string(&attempts).unwrap();
        assert_eq!(
            serde_json::from_str::<Attempts>(&json).unwrap(),
            attempts,
            "{json}"
        );
        let bytes = postcard::to_stdvec(&attempts).unwrap();
        assert_eq!(postcard::from_bytes::<Attempts>(&bytes).unwrap(), attempts);
        let packed = rmp_serde::to_vec_named(&attempts).unwrap();
        assert_eq!(
            rmp_serde::from_slice::<Attempts>(&packed).unwrap(),
            attempts
        );
    }
    assert_eq!(
        serde_json::to_string(&some_attempts()).unwrap(),
        r#"{"sends":3,"transient":1,"waits":1,"refreshes":1,"token_failure_hour":0,"first_answer_minute":29928213,"deliver_by":null}"#
    );
    assert_eq!(
        serde_json::to_string(&Attempts::new()).unwrap(),
        r#"{"sends":0,"transient":0,"waits":0,"refreshes":0,"token_failure_hour":null,"first_answer_minute":null,"deliver_by":null}"#
    );
    // A state read back decides as the one it was stored from.
    let stored: Attempts =
        serde_json::from_str(&serde_json::to_string(&some_attempts()).unwrap()).unwrap();
    let now = UNIX_EPOCH + Duration::from_secs(1_795_692_780);
    assert_eq!(
        Retry::RefreshToken.next_step(&mut stored.clone(), now),
        Retry::RefreshToken.next_step(&mut some_attempts(), now)
    );
}

#[test]
fn attempts_stored_by_0_2_read_back_without_a_deadline() {
    // What 0.2 wrote to a JSON column: no `deliver_by`.
    let stored = r#"{"sends":3,"transient":1,"waits":1,"refreshes":1,"token_failure_hour":0,"first_answer_minute":29928213}"#;
    let attempts: Attempts = serde_json::from_str(stored).unwrap();
    assert_eq!(attempts, some_attempts());
    assert_eq!(attempts.deliver_by(), None);
    assert_eq!(
        (
            attempts.sends(),
            attempts.transient(),
            attempts.waits(),
            attempts.refreshes()
        ),
        (3, 1, 1, 1)
    );
}

#[test]
fn a_deadline_is_stored_to_the_second_and_read_back() {
    let deliver_by = UNIX_EPOCH + Duration::new(1_795_692_780, 900_000_000);
    let mut attempts = Attempts::with_deliver_by(deliver_by);
    let _ = Retry::Backoff.next_step(&mut attempts, deliver_by - Duration::from_secs(200));
    let json = serde_json::to_string(&attempts).unwrap();
    assert!(json.ends_with(r#""deliver_by":1795692780}"#), "{json}");
    let back: Attempts = serde_json::from_str(&json).unwrap();
    assert_eq!(back, attempts);
    assert_eq!(
        back.deliver_by(),
        Some(UNIX_EPOCH + Duration::from_secs(1_795_692_780))
    );
    let bytes = postcard::to_stdvec(&attempts).unwrap();
    assert_eq!(postcard::from_bytes::<Attempts>(&bytes).unwrap(), attempts);
    let refused =
        serde_json::from_str::<Attempts>(&json.replace("1795692780", &i64::MIN.to_string()))
            .unwrap_err()
            .to_string();
    assert!(refused.contains("`deliver_by`"), "{refused}");
}

#[test]
fn stored_attempts_that_no_message_could_have_are_refused() {
    let base = r#""sends":3,"waits":1,"refreshes":1,"token_failure_hour":0"#;
    for (json, says) in [
        (
            format!(r#"{{{base},"transient":16,"first_answer_minute":5}}"#),
            "`transient` is 16, more than Attempts counts (15)",
        ),
        (
            r#"{"sends":0,"transient":0,"waits":0,"refreshes":0,"token_failure_hour":null,"first_answer_minute":5}"#.to_owned(),
            "`first_answer_minute` is 5 but `sends` is 0",
        ),
        (
            format!(r#"{{{base},"transient":1,"first_answer_minute":5,"extra":1}}"#),
            "unknown field `extra`",
        ),
        (
            format!(r#"{{{base},"transient":1}}"#),
            "missing field `first_answer_minute`",
        ),
        (
            format!(r#"{{{base},"transient":300,"first_answer_minute":5}}"#),
            "invalid value: integer `300`",
        ),
        (
            r#"{"sends":3,"transient":0,"waits":16,"refreshes":1,"token_failure_hour":0,"first_answer_minute":5}"#.to_owned(),
            "`waits` is 16, more than Attempts counts (15)",
        ),
        (
            r#"{"sends":3,"transient":0,"waits":0,"refreshes":1,"token_failure_hour":255,"first_answer_minute":5}"#.to_owned(),
            "`token_failure_hour` is 255, more than Attempts keeps (254)",
        ),
        // Counts no sender could reach: answers counted with no send.
        (
            r#"{"sends":0,"transient":5,"waits":0,"refreshes":200,"token_failure_hour":null,"first_answer_minute":null}"#.to_owned(),
            "`transient` is 5 but `sends` is 0",
        ),
        (
            r#"{"sends":0,"transient":0,"waits":0,"refreshes":1,"token_failure_hour":null,"first_answer_minute":null}"#.to_owned(),
            "`refreshes` is 1 but `sends` is 0",
        ),
        (
            r#"{"sends":0,"transient":0,"waits":0,"refreshes":0,"token_failure_hour":0,"first_answer_minute":null}"#.to_owned(),
            "`token_failure_hour` is 0 but `sends` is 0",
        ),
        (
            r#"{"sends":3,"transient":2,"waits":1,"refreshes":1,"token_failure_hour":null,"first_answer_minute":5}"#.to_owned(),
            "`transient` + `waits` + `refreshes` is 4, more than `sends` (3)",
        ),
    ] {
        let error = serde_json::from_str::<Attempts>(&json).unwrap_err().to_string();
        assert!(error.contains(says), "{json}: {error}");
    }
    // At the edge: every answer counted, and a saturated message.
    for json in [
        r#"{"sends":4,"transient":2,"waits":1,"refreshes":1,"token_failure_hour":null,"first_answer_minute":5}"#,
        r#"{"sends":255,"transient":15,"waits":15,"refreshes":255,"token_failure_hour":null,"first_answer_minute":5}"#,
    ] {
        assert!(serde_json::from_str::<Attempts>(json).is_ok(), "{json}");
    }
}

/// A field value as some formats give it: an integer, or an optional string
/// announced with `visit_none` / `visit_some` (as RON does), which JSON never
/// produces.
#[derive(Clone, Copy)]
enum Value {
    Int(i64),
    Text(Option<&'static str>),
    /// A value of the format's own that it gives no visitor, refused in its
    /// own words with what the visitor expected.
    Foreign,
}

struct ValueDeserializer(Value);

impl<'de> serde::Deserializer<'de> for ValueDeserializer {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::IntoDeserializer;
        match self.0 {
            Value::Int(v) => visitor.visit_i64(v),
            Value::Text(None) => visitor.visit_none(),
            Value::Text(Some(text)) => visitor.visit_some(text.into_deserializer()),
            Value::Foreign => Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Other("a date of the format's own"),
                &visitor,
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> serde::de::IntoDeserializer<'de, serde::de::value::Error> for Value {
    type Deserializer = ValueDeserializer;
    fn into_deserializer(self) -> ValueDeserializer {
        ValueDeserializer(self)
    }
}

/// A map of the given fields, as a format that is not JSON gives it.
fn map_of(
    fields: Vec<(&'static str, Value)>,
) -> serde::de::value::MapDeserializer<
    'static,
    std::vec::IntoIter<(&'static str, Value)>,
    serde::de::value::Error,
> {
    serde::de::value::MapDeserializer::new(fields.into_iter())
}

#[test]
fn a_message_given_as_some_or_none_or_an_owned_string_is_kept() {
    let code = failing_code().code();
    for (message, expected) in [(Some("from Zalo"), "from Zalo"), (None, "")] {
        let fields = vec![
            ("error", Value::Int(code.into())),
            ("message", Value::Text(message)),
        ];
        let response = Response::<Sent>::deserialize(map_of(fields.clone())).unwrap();
        assert_eq!(response.message, expected);
        let stored = vec![
            ("code", Value::Int(code.into())),
            ("message", Value::Text(message)),
        ];
        let failure = Failure::deserialize(map_of(stored)).unwrap();
        assert_eq!(failure.message(), expected);
    }
    // serde_json's Value hands over owned strings.
    let body = serde_json::json!({"error": code, "message": "owned text", "data": null});
    let failure = Response::<Sent>::deserialize(body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(failure.message(), "owned text");
    let stored = serde_json::json!({"code": code, "message": "owned text"});
    assert_eq!(
        Failure::deserialize(stored).unwrap().message(),
        "owned text"
    );
}

#[test]
fn a_value_a_format_cannot_give_before_the_code_says_what_was_expected() {
    let code = failing_code().code();
    let fields = vec![("data", Value::Foreign), ("error", Value::Int(code.into()))];
    let error = Response::<Sent>::deserialize(map_of(fields))
        .expect_err("a value the format cannot give is refused")
        .to_string();
    assert_eq!(
        error,
        "invalid type: a date of the format's own, expected any value"
    );
}

#[test]
fn a_code_as_a_128_bit_integer_is_read_or_refused_by_its_value() {
    use serde::de::value::{Error, I128Deserializer, U128Deserializer};
    let code = failing_code();
    let known = i128::from(code.code());
    assert_eq!(
        ErrorCode::deserialize(I128Deserializer::<Error>::new(known)),
        Ok(code)
    );
    let success = success_code();
    let zero = u128::try_from(success.code()).unwrap();
    assert_eq!(
        ErrorCode::deserialize(U128Deserializer::<Error>::new(zero)),
        Ok(success)
    );
    for error in [
        ErrorCode::deserialize(I128Deserializer::<Error>::new(i128::MIN)).unwrap_err(),
        ErrorCode::deserialize(U128Deserializer::<Error>::new(u128::MAX)).unwrap_err(),
    ] {
        assert!(error.to_string().contains("a 128-bit integer"), "{error}");
    }
}

#[test]
fn fields_named_by_their_index_are_read() {
    // Some MessagePack writers key a struct's fields by their index:
    // error, message, data.
    let code = failing_code().code();
    let mut body = std::collections::BTreeMap::new();
    body.insert(0u8, serde_json::json!(code));
    body.insert(1u8, serde_json::json!("by index"));
    body.insert(2u8, serde_json::json!({"ignored": true}));
    body.insert(7u8, serde_json::json!("another field"));
    let bytes = rmp_serde::to_vec(&body).unwrap();
    let failure = rmp_serde::from_slice::<Response<Sent>>(&bytes)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!((failure.code(), failure.message()), (code, "by index"));
    // A success keyed so gives its data.
    let mut body = std::collections::BTreeMap::new();
    body.insert(0u8, serde_json::json!(success_code().code()));
    body.insert(2u8, serde_json::to_value(sent()).unwrap());
    let bytes = rmp_serde::to_vec(&body).unwrap();
    let response: Response<Sent> = rmp_serde::from_slice(&bytes).unwrap();
    assert_eq!(response.into_result().unwrap(), sent());
    // A key that is neither a name nor an index.
    let mut odd = std::collections::BTreeMap::new();
    odd.insert(true, serde_json::json!(1));
    let bytes = rmp_serde::to_vec(&odd).unwrap();
    let error = rmp_serde::from_slice::<Response<Sent>>(&bytes).unwrap_err();
    assert!(
        error.to_string().contains("expected a field name"),
        "{error}"
    );
}

/// The stored form src/sender/attempts.rs shows is the one `Attempts` writes.
#[test]
fn the_documented_stored_form_of_attempts_is_the_written_one() {
    let source = include_str!("../src/sender/attempts.rs");
    let shown = source
        .split("/// `{\"sends\"")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .map(|rest| format!("{{\"sends\"{rest}"))
        .expect("src/sender/attempts.rs shows the stored form");
    let attempts: Attempts = serde_json::from_str(&shown).unwrap();
    assert_eq!(serde_json::to_string(&attempts).unwrap(), shown);
}

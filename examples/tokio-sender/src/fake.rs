//! A fake Zalo on 127.0.0.1, answering as Zalo does, and a fake SMS gateway.
//!
//! - `POST /message/template` (header `access_token`, JSON body `phone`,
//!   `template_id`, `template_data`, `tracking_id`): HTTP 200 with
//!   `{"error":0,"message":"Success","data":{"msg_id":…,"sent_time":…}}`, or
//!   `{"error":-124,"message":"Access token is invalid"}` for an expired or
//!   unknown token; during an outage, a gateway's HTML 502 page.
//! - `POST /v4/oa/access_token` (header `secret_key`, form body
//!   `grant_type=refresh_token`, `refresh_token`, `app_id`): HTTP 200 with a
//!   new pair and `"expires_in":"90000"` (a string, as Zalo sends it), or an
//!   empty body (still 200) for a refresh token already used.
//! - `POST /sms` (JSON body `phone`, `text`, `tracking_id`): records the SMS.
//!
//! The test scripts it: [`FakeZalo::expire_access_tokens`],
//! [`FakeZalo::hang_next_refresh`], [`FakeZalo::outage`]. It counts the
//! refresh calls in flight at once, as Zalo would see them.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Form, Json, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The app id the fake expects in a refresh call.
pub const APP_ID: &str = "4383092750192837465";
/// The app's secret key the fake expects in a refresh call's header.
pub const SECRET_KEY: &str = "fake-secret-key";

/// What a gateway in front of Zalo relays during an outage.
pub const BAD_GATEWAY_PAGE: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

/// One message Zalo accepted.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The sender's id for the message.
    pub tracking_id: String,
    /// The recipient.
    pub phone: String,
    /// When the fake accepted it.
    pub at: SystemTime,
}

/// One SMS the gateway accepted.
#[derive(Debug, Clone)]
pub struct Sms {
    /// The sender's id for the message.
    pub tracking_id: String,
    /// The recipient.
    pub phone: String,
    /// The text.
    pub text: String,
    /// When the gateway accepted it.
    pub at: SystemTime,
}

/// What the fake answered, counted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Send requests, whatever their answer.
    pub sends: usize,
    /// Sends answered with a gateway's 502 page.
    pub bad_gateway: usize,
    /// Sends answered -124 (the access token is invalid).
    pub token_invalid: usize,
    /// Refresh calls received.
    pub refresh_calls: usize,
    /// Refresh calls that hung (and never reached the token store).
    pub refresh_hung: usize,
    /// Hung refresh calls whose handler ran to its end (rather than being
    /// dropped when the client hung up).
    pub refresh_hung_answered: usize,
    /// Refresh calls answered with a new pair.
    pub refresh_granted: usize,
    /// Refresh calls answered with an empty body: a refresh token used twice.
    pub refresh_reused: usize,
    /// The most refresh calls in flight at once.
    pub most_refresh_in_flight: usize,
}

/// The fake's tokens, script and records.
#[derive(Debug)]
struct Books {
    /// The access tokens Zalo takes.
    access_tokens: HashSet<String>,
    /// The refresh token a refresh call may spend.
    refresh_token: String,
    /// How many pairs the fake gave.
    pairs: u32,
    outage_until: Option<Instant>,
    hang_next_refresh: Option<Duration>,
    deliveries: Vec<Delivery>,
    sms: Vec<Sms>,
    counts: Counts,
    msg_ids: u64,
}

#[derive(Debug)]
struct Fake {
    books: Mutex<Books>,
    refresh_in_flight: AtomicUsize,
    send_latency: Duration,
}

impl Fake {
    fn books(&self) -> MutexGuard<'_, Books> {
        self.books.lock().expect("the fake's books")
    }
}

/// A refresh call in flight at the fake, until its handler ends or is
/// dropped (hyper drops it when the client hangs up).
struct RefreshInFlight(Arc<Fake>);

impl RefreshInFlight {
    fn enter(fake: &Arc<Fake>) -> Self {
        let now = fake.refresh_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        let mut books = fake.books();
        books.counts.refresh_calls += 1;
        books.counts.most_refresh_in_flight = books.counts.most_refresh_in_flight.max(now);
        RefreshInFlight(Arc::clone(fake))
    }
}

impl Drop for RefreshInFlight {
    fn drop(&mut self) {
        self.0.refresh_in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A fake Zalo and SMS gateway, serving on 127.0.0.1 until dropped.
#[derive(Debug)]
pub struct FakeZalo {
    addr: SocketAddr,
    fake: Arc<Fake>,
    server: JoinHandle<()>,
}

impl FakeZalo {
    /// Starts the fake on an ephemeral port of 127.0.0.1. It takes
    /// `access_token` and `refresh_token`, the pair the sender starts with,
    /// and answers each send after `send_latency` (Zalo takes its time; the
    /// message is accepted before the answer leaves).
    ///
    /// # Panics
    ///
    /// When no port of 127.0.0.1 can be bound.
    pub async fn start(access_token: &str, refresh_token: &str, send_latency: Duration) -> Self {
        let fake = Arc::new(Fake {
            books: Mutex::new(Books {
                access_tokens: HashSet::from([access_token.to_owned()]),
                refresh_token: refresh_token.to_owned(),
                pairs: 0,
                outage_until: None,
                hang_next_refresh: None,
                deliveries: Vec::new(),
                sms: Vec::new(),
                counts: Counts::default(),
                msg_ids: 0,
            }),
            refresh_in_flight: AtomicUsize::new(0),
            send_latency,
        });
        let app = Router::new()
            .route("/message/template", post(send))
            .route("/v4/oa/access_token", post(refresh))
            .route("/sms", post(sms))
            .with_state(Arc::clone(&fake));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on 127.0.0.1");
        let addr = listener.local_addr().expect("the fake's address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("the fake serves");
        });
        FakeZalo { addr, fake, server }
    }

    /// `http://127.0.0.1:PORT`, where both Zalo's hosts and the SMS gateway
    /// are faked.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every access token given so far expires now: sends with them are
    /// answered -124.
    pub fn expire_access_tokens(&self) {
        self.fake.books().access_tokens.clear();
    }

    /// The next refresh call hangs this long, then answers 504 with an
    /// empty body, without ever reaching the token store (as a call lost
    /// before Zalo read it).
    pub fn hang_next_refresh(&self, hang: Duration) {
        self.fake.books().hang_next_refresh = Some(hang);
    }

    /// Sends are answered with a gateway's HTML 502 page from now on, for
    /// this long.
    pub fn outage(&self, lasting: Duration) {
        self.fake.books().outage_until = Some(Instant::now() + lasting);
    }

    /// The messages Zalo accepted, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.fake.books().deliveries.clone()
    }

    /// The SMS the gateway accepted, in order.
    pub fn sms(&self) -> Vec<Sms> {
        self.fake.books().sms.clone()
    }

    /// What the fake answered, counted.
    pub fn counts(&self) -> Counts {
        self.fake.books().counts
    }
}

impl Drop for FakeZalo {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn millis_since_epoch(at: SystemTime) -> u128 {
    at.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
}

#[derive(Deserialize)]
struct SendBody {
    phone: String,
    #[allow(
        dead_code,
        reason = "read as Zalo reads it; the fake does not check templates"
    )]
    template_id: String,
    #[allow(
        dead_code,
        reason = "read as Zalo reads it; the fake does not check templates"
    )]
    template_data: serde_json::Value,
    tracking_id: String,
}

/// The ZNS send endpoint. The answer is decided (and the message accepted)
/// when the request comes; it leaves after the latency.
async fn send(
    State(fake): State<Arc<Fake>>,
    headers: HeaderMap,
    Json(body): Json<SendBody>,
) -> Response {
    let now = SystemTime::now();
    let answer = {
        let mut books = fake.books();
        books.counts.sends += 1;
        let token = headers
            .get("access_token")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if books
            .outage_until
            .is_some_and(|until| Instant::now() < until)
        {
            books.counts.bad_gateway += 1;
            (StatusCode::BAD_GATEWAY, Html(BAD_GATEWAY_PAGE)).into_response()
        } else if !books.access_tokens.contains(token) {
            books.counts.token_invalid += 1;
            Json(json!({"error": -124, "message": "Access token is invalid"})).into_response()
        } else {
            books.msg_ids += 1;
            let msg_id = format!("{:032x}", books.msg_ids);
            books.deliveries.push(Delivery {
                tracking_id: body.tracking_id,
                phone: body.phone,
                at: now,
            });
            Json(json!({
                "error": 0,
                "message": "Success",
                "data": {"msg_id": msg_id, "sent_time": millis_since_epoch(now).to_string()},
            }))
            .into_response()
        }
    };
    tokio::time::sleep(fake.send_latency).await;
    answer
}

#[derive(Deserialize)]
struct RefreshForm {
    grant_type: String,
    refresh_token: String,
    app_id: String,
}

/// The OAuth refresh endpoint.
async fn refresh(
    State(fake): State<Arc<Fake>>,
    headers: HeaderMap,
    Form(form): Form<RefreshForm>,
) -> Response {
    let _in_flight = RefreshInFlight::enter(&fake);
    let hang = fake.books().hang_next_refresh.take();
    if let Some(hang) = hang {
        fake.books().counts.refresh_hung += 1;
        tokio::time::sleep(hang).await;
        fake.books().counts.refresh_hung_answered += 1;
        return (StatusCode::GATEWAY_TIMEOUT, "").into_response();
    }
    let secret = headers.get("secret_key").and_then(|v| v.to_str().ok());
    if form.grant_type != "refresh_token" || form.app_id != APP_ID || secret != Some(SECRET_KEY) {
        return Json(json!({
            "error": -14002,
            "error_name": "INVALID_APP",
            "error_description": "Invalid app id or secret key",
        }))
        .into_response();
    }
    let mut books = fake.books();
    if form.refresh_token != books.refresh_token {
        // Zalo's answer to a refresh token used a second time (or unknown).
        books.counts.refresh_reused += 1;
        return (StatusCode::OK, "").into_response();
    }
    books.pairs += 1;
    let access_token = format!("access-{}", books.pairs);
    let refresh_token = format!("refresh-{}", books.pairs);
    books.access_tokens.insert(access_token.clone());
    books.refresh_token.clone_from(&refresh_token);
    books.counts.refresh_granted += 1;
    Json(json!({
        "access_token": access_token,
        "refresh_token": refresh_token,
        "expires_in": "90000",
    }))
    .into_response()
}

#[derive(Deserialize)]
struct SmsBody {
    phone: String,
    text: String,
    tracking_id: String,
}

/// The SMS gateway.
async fn sms(State(fake): State<Arc<Fake>>, Json(body): Json<SmsBody>) -> Response {
    fake.books().sms.push(Sms {
        tracking_id: body.tracking_id,
        phone: body.phone,
        text: body.text,
        at: SystemTime::now(),
    });
    Json(json!({"ok": true})).into_response()
}

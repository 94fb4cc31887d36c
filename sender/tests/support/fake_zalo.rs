//! A fake Zalo on 127.0.0.1 that keeps Zalo's rules as far as they are
//! known, and a fake of the two webhooks (the other channel, the alerts).
//!
//! - `POST /message/template` (header `access_token`, JSON `phone`,
//!   `template_id`, `template_data`, `tracking_id`): after the latency, HTTP
//!   200 with `{"error":0,"message":"Success","data":{"msg_id":…}}`, or
//!   `{"error":-124,…}` for a token that expired, was ended by a newer grant
//!   or was never given; during an outage, a gateway's HTML 502 page.
//! - `POST /v4/oa/access_token` (header `secret_key`, form `grant_type`,
//!   `refresh_token`, `app_id`): a new pair with `"expires_in"` as a string,
//!   as Zalo sends it. The refresh token is single-use: a second use is
//!   answered with an empty body (HTTP 200), as Zalo does. The grant ends
//!   the earlier access tokens at once, when its answer leaves; a call
//!   scripted to hang spends the refresh token and never answers, so its
//!   pair is lost with the caller, and the earlier token lives on.
//! - `POST /other-channel`, `POST /alert`: records each JSON body.
//!
//! It counts refresh calls, refused ones, the most in flight at once, and
//! the sends Zalo accepted per `tracking_id`.
#![allow(dead_code, reason = "each test uses part of the fake")]

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::{Form, Json, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};

/// The app id the fake expects in a refresh call.
pub const APP_ID: &str = "4383092750192837465";
/// The app's secret key the fake expects.
pub const SECRET_KEY: &str = "fake-secret-key";
/// What a gateway in front of Zalo relays during an outage.
pub const BAD_GATEWAY_PAGE: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

/// What the fake answered, counted.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Send requests, whatever their answer.
    pub sends: usize,
    /// Sends answered with a gateway's 502 page.
    pub bad_gateway: usize,
    /// Sends answered -124.
    pub token_invalid: usize,
    /// Refresh calls received.
    pub refresh_calls: usize,
    /// Refresh calls answered with a new pair.
    pub refresh_granted: usize,
    /// Refresh calls refused (a refresh token used twice, or unknown).
    pub refresh_refused: usize,
    /// Refresh calls that spent the token and never answered.
    pub refresh_hung: usize,
    /// The most refresh calls in flight at once.
    pub most_refresh_in_flight: usize,
}

/// A token Zalo gave.
#[derive(Debug, Clone)]
struct Token {
    expires: Instant,
    ended: bool,
}

#[derive(Debug, Default)]
struct Books {
    access_tokens: HashMap<String, Token>,
    /// The refresh token a call may spend; `None` once spent.
    refresh_token: Option<String>,
    pairs: u32,
    outage_until: Option<Instant>,
    hang_next_refresh: bool,
    /// Deliveries per tracking id, with when.
    delivered: BTreeMap<String, Vec<SystemTime>>,
    other_channel: Vec<Value>,
    alerts: Vec<Value>,
    counts: Counts,
    /// Templates Zalo answers with a code of their own.
    refused_templates: HashMap<String, i32>,
}

#[derive(Debug)]
struct Fake {
    books: Mutex<Books>,
    refresh_in_flight: AtomicUsize,
    send_latency: Mutex<Duration>,
    /// The lifetime of each pair the refresh endpoint grants.
    expires_in: Duration,
}

impl Fake {
    fn books(&self) -> MutexGuard<'_, Books> {
        self.books.lock().expect("the fake's books")
    }
}

/// A fake Zalo and webhooks, serving on 127.0.0.1 until dropped.
pub struct FakeZalo {
    addr: SocketAddr,
    fake: Arc<Fake>,
    server: tokio::task::JoinHandle<()>,
}

impl FakeZalo {
    /// Starts the fake on an ephemeral port. It takes the pair
    /// (`access_token`, `refresh_token`), whose access token lives
    /// `expires_in`, as does every pair it grants; sends are answered after
    /// `send_latency`.
    pub async fn start(
        access_token: &str,
        refresh_token: &str,
        expires_in: Duration,
        send_latency: Duration,
    ) -> FakeZalo {
        let mut books = Books {
            refresh_token: Some(refresh_token.to_owned()),
            ..Books::default()
        };
        books.access_tokens.insert(
            access_token.to_owned(),
            Token {
                expires: Instant::now() + expires_in,
                ended: false,
            },
        );
        let fake = Arc::new(Fake {
            books: Mutex::new(books),
            refresh_in_flight: AtomicUsize::new(0),
            send_latency: Mutex::new(send_latency),
            expires_in,
        });
        let app = Router::new()
            .route("/message/template", post(send))
            .route("/v4/oa/access_token", post(refresh))
            .route("/other-channel", post(other_channel))
            .route("/alert", post(alert))
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

    /// `http://127.0.0.1:PORT`: Zalo's two hosts and the webhooks.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends are answered with a gateway's 502 page for this long.
    pub fn outage(&self, lasting: Duration) {
        self.fake.books().outage_until = Some(Instant::now() + lasting);
    }

    /// The next refresh call spends the refresh token, makes a pair, and
    /// never answers (its caller is to die with it).
    pub fn hang_next_refresh(&self) {
        self.fake.books().hang_next_refresh = true;
    }

    /// Every send of `template` is answered with `code`.
    pub fn refuse_template(&self, template: &str, code: i32) {
        self.fake
            .books()
            .refused_templates
            .insert(template.to_owned(), code);
    }

    /// Sends are answered after this long from now on.
    pub fn set_latency(&self, latency: Duration) {
        *self.fake.send_latency.lock().expect("latency") = latency;
    }

    /// A person authorised the OA again: a new pair, which ends the earlier
    /// access tokens.
    pub fn authorise_again(&self) -> (String, String) {
        let mut books = self.fake.books();
        grant(&mut books, self.fake.expires_in)
    }

    /// The sends Zalo accepted, per tracking id, with when.
    pub fn delivered(&self) -> BTreeMap<String, Vec<SystemTime>> {
        self.fake.books().delivered.clone()
    }

    /// The bodies POSTed to the other-channel webhook.
    pub fn other_channel(&self) -> Vec<Value> {
        self.fake.books().other_channel.clone()
    }

    /// The bodies POSTed to the alert webhook.
    pub fn alerts(&self) -> Vec<Value> {
        self.fake.books().alerts.clone()
    }

    /// What the fake answered, counted.
    pub fn counts(&self) -> Counts {
        self.fake.books().counts.clone()
    }

    /// Refresh calls in flight now.
    pub fn refresh_in_flight(&self) -> usize {
        self.fake.refresh_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for FakeZalo {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A new pair: the earlier access tokens end, the refresh token is the new
/// one's.
fn grant(books: &mut Books, expires_in: Duration) -> (String, String) {
    books.pairs += 1;
    let access = format!("access-{}", books.pairs);
    let refresh = format!("refresh-{}", books.pairs);
    for token in books.access_tokens.values_mut() {
        token.ended = true;
    }
    books.access_tokens.insert(
        access.clone(),
        Token {
            expires: Instant::now() + expires_in,
            ended: false,
        },
    );
    books.refresh_token = Some(refresh.clone());
    (access, refresh)
}

#[derive(Deserialize)]
struct SendBody {
    phone: String,
    template_id: String,
    template_data: Value,
    tracking_id: String,
}

async fn send(
    State(fake): State<Arc<Fake>>,
    headers: HeaderMap,
    Json(body): Json<SendBody>,
) -> Response {
    let latency = *fake.send_latency.lock().expect("latency");
    let answer = {
        let mut books = fake.books();
        books.counts.sends += 1;
        let token = headers
            .get("access_token")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let now = Instant::now();
        let valid = books
            .access_tokens
            .get(token)
            .is_some_and(|t| !t.ended && now < t.expires);
        if books.outage_until.is_some_and(|until| now < until) {
            books.counts.bad_gateway += 1;
            (StatusCode::BAD_GATEWAY, Html(BAD_GATEWAY_PAGE)).into_response()
        } else if !valid {
            books.counts.token_invalid += 1;
            Json(json!({"error": -124, "message": "Access token is invalid"})).into_response()
        } else if let Some(code) = books.refused_templates.get(&body.template_id) {
            Json(json!({"error": code, "message": "Template refused"})).into_response()
        } else {
            let _ = (&body.phone, &body.template_id, &body.template_data);
            let sends = books.delivered.entry(body.tracking_id).or_default();
            sends.push(SystemTime::now());
            let msg_id = format!("{:032x}", books.counts.sends);
            Json(json!({
                "error": 0,
                "message": "Success",
                "data": {"msg_id": msg_id, "sent_time": "0"},
            }))
            .into_response()
        }
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    answer
}

#[derive(Deserialize)]
struct RefreshForm {
    grant_type: String,
    refresh_token: String,
    app_id: String,
}

/// A refresh call in flight, until its handler ends or is dropped.
struct InFlight(Arc<Fake>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.refresh_in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn refresh(
    State(fake): State<Arc<Fake>>,
    headers: HeaderMap,
    Form(form): Form<RefreshForm>,
) -> Response {
    let now_in_flight = fake.refresh_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let _in_flight = InFlight(Arc::clone(&fake));
    let hang = {
        let mut books = fake.books();
        books.counts.refresh_calls += 1;
        books.counts.most_refresh_in_flight =
            books.counts.most_refresh_in_flight.max(now_in_flight);
        let secret = headers.get("secret_key").and_then(|v| v.to_str().ok());
        if form.grant_type != "refresh_token" || form.app_id != APP_ID || secret != Some(SECRET_KEY)
        {
            books.counts.refresh_refused += 1;
            return Json(json!({
                "error": -14002,
                "error_name": "INVALID_APP",
                "error_description": "Invalid app id or secret key",
            }))
            .into_response();
        }
        if books.refresh_token.as_deref() != Some(form.refresh_token.as_str()) {
            // Zalo's answer to a refresh token used a second time.
            books.counts.refresh_refused += 1;
            return (StatusCode::OK, "").into_response();
        }
        if books.hang_next_refresh {
            books.hang_next_refresh = false;
            books.counts.refresh_hung += 1;
            // Spent, and the pair made; its answer never leaves.
            books.refresh_token = None;
            books.pairs += 1;
            true
        } else {
            false
        }
    };
    if hang {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        return (StatusCode::GATEWAY_TIMEOUT, "").into_response();
    }
    let mut books = fake.books();
    let (access, refresh) = grant(&mut books, fake.expires_in);
    books.counts.refresh_granted += 1;
    Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": fake.expires_in.as_secs().to_string(),
    }))
    .into_response()
}

async fn other_channel(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.books().other_channel.push(body);
    Json(json!({"ok": true})).into_response()
}

async fn alert(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.books().alerts.push(body);
    Json(json!({"ok": true})).into_response()
}

//! The two calls to Zalo: the ZNS send and the OAuth refresh, each bounded
//! by the HTTP client's timeout, which must be below the policy's
//! `call_timeout` (see [`ZaloConfig::http_timeout`]).

use std::time::Duration;

use serde::Deserialize;
use zalo_zns_errors::{Answer, Response};

use crate::message::Message;

/// Where Zalo is and who the app is.
#[derive(Debug, Clone)]
pub struct ZaloConfig {
    /// The ZNS API's base URL (`https://business.openapi.zalo.me`); the send
    /// endpoint is `{api_url}/message/template`.
    pub api_url: String,
    /// Zalo's OAuth base URL (`https://oauth.zaloapp.com`); the refresh
    /// endpoint is `{oauth_url}/v4/oa/access_token`.
    pub oauth_url: String,
    /// The Zalo app's id, for the refresh call.
    pub app_id: String,
    /// The app's secret key, for the refresh call.
    pub secret_key: String,
    /// The HTTP client's timeout for a whole call. It must be below the
    /// policy's `call_timeout`: once a refresh call has been unanswered for
    /// `call_timeout`, the OA's state lets another go out, and a client
    /// still waiting for the first could spend the single-use refresh token
    /// twice (Zalo answers the second use with an empty body, and a person
    /// must authorise the OA again). `None`: 20 seconds, or three quarters
    /// of the policy's `call_timeout` when that is shorter.
    pub http_timeout: Option<Duration>,
}

impl ZaloConfig {
    /// Zalo's own hosts, with the app's id and secret key.
    pub fn new(app_id: impl Into<String>, secret_key: impl Into<String>) -> ZaloConfig {
        ZaloConfig {
            api_url: "https://business.openapi.zalo.me".to_owned(),
            oauth_url: "https://oauth.zaloapp.com".to_owned(),
            app_id: app_id.into(),
            secret_key: secret_key.into(),
            http_timeout: None,
        }
    }
}

/// What Zalo says of a message it accepted.
#[derive(Debug, Deserialize)]
struct Sent {
    #[serde(default)]
    msg_id: Option<String>,
}

/// A client of Zalo's two endpoints.
#[derive(Debug, Clone)]
pub(crate) struct Zalo {
    http: reqwest::Client,
    config: ZaloConfig,
    http_timeout: Duration,
}

impl Zalo {
    /// A client whose calls end within `http_timeout`.
    pub(crate) fn new(config: ZaloConfig, http_timeout: Duration) -> Result<Zalo, crate::Error> {
        let http = reqwest::Client::builder()
            .timeout(http_timeout)
            .connect_timeout(http_timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|error| {
                crate::Error::Config(format!("cannot make an HTTP client: {error}"))
            })?;
        Ok(Zalo {
            http,
            config,
            http_timeout,
        })
    }

    pub(crate) fn http_timeout(&self) -> Duration {
        self.http_timeout
    }

    /// POSTs the message; what came back, as the OA's state reads it, with
    /// Zalo's `msg_id` on success and its words on a failure.
    pub(crate) async fn send(&self, access_token: &str, message: &Message) -> Reply {
        let body = serde_json::json!({
            "phone": message.phone,
            "template_id": message.template_id,
            "template_data": message.template_data,
            "tracking_id": message.tracking_id,
        });
        let call = self
            .http
            .post(format!("{}/message/template", self.config.api_url))
            .header("access_token", access_token)
            .json(&body)
            .send()
            .await;
        let text = match call {
            Ok(response) => {
                let status = response.status().as_u16();
                response.text().await.map(|text| (status, text))
            }
            Err(error) => Err(error),
        };
        match text {
            Err(error) => Reply {
                answer: Answer::Transport,
                msg_id: None,
                detail: format!("no answer: {error}"),
            },
            Ok((status, text)) => match serde_json::from_str::<Response<Sent>>(&text) {
                Err(_) => Reply {
                    answer: Answer::NotZns,
                    msg_id: None,
                    detail: format!("HTTP {status}, not a ZNS body"),
                },
                Ok(response) => {
                    let result = response.into_result();
                    let answer = Answer::from(&result);
                    match result {
                        Ok(sent) => Reply {
                            answer,
                            msg_id: sent.msg_id,
                            detail: String::new(),
                        },
                        Err(failure) => Reply {
                            answer,
                            msg_id: None,
                            detail: failure.to_string(),
                        },
                    }
                }
            },
        }
    }

    /// POSTs the refresh token: the status and the body, or the transport
    /// error, as `OaState::refresh_answered` takes them.
    pub(crate) async fn refresh(&self, refresh_token: &str) -> Result<(u16, String), String> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("app_id", self.config.app_id.as_str()),
        ];
        let call = self
            .http
            .post(format!("{}/v4/oa/access_token", self.config.oauth_url))
            .header("secret_key", &self.config.secret_key)
            .form(&form)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        let status = call.status().as_u16();
        let body = call.text().await.map_err(|error| error.to_string())?;
        Ok((status, body))
    }
}

/// What a send came to.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) answer: Answer,
    pub(crate) msg_id: Option<String>,
    /// Zalo's words on a failure, or why there is no answer.
    pub(crate) detail: String,
}

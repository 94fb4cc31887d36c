//! Where the messages for the other channel and the alerts for a person go:
//! the [`Handover`] trait, and [`Webhooks`], its JSON-over-HTTP form. What
//! could not be handed over stays in the database and is handed over again;
//! each carries an id, so that a receiver can tell a repeat.

use std::future::Future;
use std::time::Duration;

use serde::Serialize;

/// A message ZNS could not deliver, for the other channel (SMS, a call).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherChannelMessage {
    /// The OA it was for.
    pub oa: String,
    /// The sender's id for it: the same on a repeat.
    pub tracking_id: String,
    /// The recipient.
    pub phone: String,
    /// The ZNS template it was for.
    pub template_id: String,
    /// The template's parameters.
    pub template_data: serde_json::Map<String, serde_json::Value>,
    /// Why ZNS did not deliver it.
    pub reason: String,
}

/// Something a person must be told, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertForPerson {
    /// The OA it is about.
    pub oa: String,
    /// Its number among the OA's alerts: the same on a repeat.
    pub seq: i64,
    /// `oa_held`, `template_held`, `authorise_again` or `paused`.
    pub kind: String,
    /// What happened and what to do, in English.
    pub english: String,
    /// The same, in Vietnamese.
    pub vietnamese: String,
    /// The `OaState` call that ends it once it is fixed:
    /// `OaState::release`, `OaState::release_template`,
    /// `OaState::end_pause` or `OaState::token_granted`.
    pub resolution: String,
    /// The same as a `zns-sender` command: `zns-sender release --oa OA`,
    /// `release-template --oa OA --template T`, `end-pause --oa OA`, or
    /// `authorise --oa OA --access-token … --refresh-token …` with the pair
    /// a person got by authorising the OA again.
    pub command: String,
    /// The template, for a template held.
    pub template_id: Option<String>,
}

/// Where the sender hands over what ZNS could not do. A call that returns
/// `Err` is tried again later (the item stays in the database).
pub trait Handover: Send + Sync + 'static {
    /// Sends a message another way.
    fn other_channel(
        &self,
        message: &OtherChannelMessage,
    ) -> impl Future<Output = Result<(), String>> + Send;

    /// Tells a person.
    fn alert(&self, alert: &AlertForPerson) -> impl Future<Output = Result<(), String>> + Send;

    /// Whether messages for the other channel are handed over at all; when
    /// not, they stay in the database with their outcome.
    fn takes_other_channel(&self) -> bool {
        true
    }

    /// Whether alerts are handed over at all; when not, `status` shows them.
    fn takes_alerts(&self) -> bool {
        true
    }
}

/// One JSON POST per message sent another way, one per alert; a 2xx answer
/// is a handover. A URL left out keeps those items in the database.
#[derive(Debug, Clone)]
pub struct Webhooks {
    other_channel_url: Option<String>,
    alert_url: Option<String>,
    http: reqwest::Client,
}

impl Webhooks {
    /// The webhooks at these URLs, each called with a 10-second timeout.
    ///
    /// # Errors
    ///
    /// When no HTTP client can be made (no TLS roots on the machine).
    pub fn new(
        other_channel_url: Option<String>,
        alert_url: Option<String>,
    ) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Webhooks {
            other_channel_url,
            alert_url,
            http,
        })
    }

    async fn post(&self, url: &str, body: &impl Serialize) -> Result<(), String> {
        self.http
            .post(url)
            .json(body)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map(|_| ())
            .map_err(|error| format!("{url}: {error}"))
    }
}

impl Handover for Webhooks {
    async fn other_channel(&self, message: &OtherChannelMessage) -> Result<(), String> {
        match &self.other_channel_url {
            Some(url) => self.post(url, message).await,
            None => Err("no OTHER_CHANNEL_URL".to_owned()),
        }
    }

    async fn alert(&self, alert: &AlertForPerson) -> Result<(), String> {
        match &self.alert_url {
            Some(url) => self.post(url, alert).await,
            None => Err("no ALERT_URL".to_owned()),
        }
    }

    fn takes_other_channel(&self) -> bool {
        self.other_channel_url.is_some()
    }

    fn takes_alerts(&self) -> bool {
        self.alert_url.is_some()
    }
}

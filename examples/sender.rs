//! A bulk sender's worker, run against a scripted Zalo in this process:
//! `cargo run --example sender`.
//!
//! Five messages of one OA: a campaign message, an OTP worth five minutes,
//! a message to a number with no Zalo account, and two of a template Zalo
//! has not approved (held once, told once). The OA's stored token has
//! expired; the first refresh call times out, the second brings a new pair.
//! The README shows `work_on`, the worker's turn; the sender crate (sender/)
//! runs the same turn with tokio, reqwest and a database.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use zalo_zns_errors::{
    Alert, Answer, Attempts, Clearance, ErrorCode, NextStep, OaState, RefreshRecorded, Retry,
    Scope, TokenGrant, TokenId,
};

/// What the sender keeps once per OA, behind one lock shared by its workers:
/// the crate's state and the pair of tokens, with the id the state gave the
/// access token. A real sender stores all of it after every call that
/// changes it (with serde, `OaState` is JSON).
pub struct Oa {
    pub name: String,
    pub state: OaState,
    pub pair: Pair,
}

/// The OA's pair of tokens, with the id the state gave the access token.
#[derive(Clone)]
pub struct Pair {
    pub token_id: TokenId,
    pub access_token: String,
    pub refresh_token: String,
}

impl Oa {
    /// Keeps a new pair under its id, before anyone sends with it: the
    /// refresh token before it is spent.
    fn store_pair(&mut self, id: TokenId, grant: &TokenGrant) {
        self.pair = Pair {
            token_id: id,
            access_token: grant.access_token().to_owned(),
            refresh_token: grant.refresh_token().to_owned(),
        };
    }
}

/// A message in the queue, with its `Attempts` for its whole life.
pub struct Queued {
    pub phone: String,
    pub template: String,
    pub attempts: Attempts,
}

/// What becomes of a message after a worker's turn.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    Delivered,
    /// Back in the queue, due at this instant.
    DueAt(SystemTime),
    /// Send it by SMS now.
    Sms,
    /// Send it by SMS now, and no more ZNS from this OA to this number.
    SmsAndSuppress,
    /// Kept until a person acts (the person was told).
    KeptForPerson,
    /// Too old to send: report it.
    Report,
}

/// Where a person is told, and the recipients who get no more ZNS, keyed by
/// OA and phone (a number is suppressed for one OA, not for all).
#[derive(Default)]
pub struct Desk {
    pub alerts: Vec<String>,
    pub suppressed: BTreeSet<(String, String)>,
}

impl Desk {
    /// Hands each alert on, in English and Vietnamese, with the call that
    /// ends it once a person has done what it says.
    fn tell(&mut self, alerts: Vec<Alert>) {
        for alert in alerts {
            let then = alert.resolution();
            self.alerts
                .push(format!("{alert}\n{}\n(then: {then})", alert.vi()));
        }
    }

    /// No more ZNS from this OA to this number.
    fn suppress(&mut self, oa: &str, phone: &str) {
        self.suppressed.insert((oa.to_owned(), phone.to_owned()));
    }
}

// ANCHOR: worker
/// One worker's turn with one message. `zalo.send` and `zalo.refresh` are
/// the HTTP calls: each gives the status and the body, or the transport
/// error. The lock is held only around the state, never during a call.
fn work_on(oa: &Mutex<Oa>, zalo: &mut Zalo, desk: &mut Desk, message: &mut Queued) -> Next {
    let (now, template, attempts) = (zalo.now, &message.template, &mut message.attempts);
    let mut locked = oa.lock().unwrap();
    let clearance = locked.state.before_send_template(template, attempts, now);
    let pair = locked.pair.clone();
    drop(locked);
    let permit = match clearance {
        Clearance::Send(permit) => permit,
        Clearance::WaitUntil(at) => return Next::DueAt(at),
        Clearance::Refresh(ticket) => {
            let reply = zalo.refresh(&pair.refresh_token);
            let mut oa = oa.lock().unwrap();
            let recorded = oa.state.refresh_answered(ticket, reply, now);
            if let Ok(RefreshRecorded::NewPair { id, grant }) = recorded {
                oa.store_pair(id, &grant); // before anyone sends with it
            }
            desk.tell(oa.state.take_alerts()); // authorise again, or the OA's hold
            return Next::DueAt(now);
        }
        Clearance::OtherChannel => return Next::Sms,
        Clearance::Held => return Next::KeptForPerson,
        _ => return Next::Report, // Expired, and what a later version adds
    };
    let answer = Answer::from_http(zalo.send(&pair.access_token, &message.phone, template));
    let mut oa = oa.lock().unwrap();
    let step = oa.state.record(permit, answer, attempts, now);
    desk.tell(oa.state.take_alerts()); // a hold of the OA or of the template, a pause
    match step.expect("this OA's permit") {
        NextStep::Done => Next::Delivered,
        NextStep::RetryAt(at) => Next::DueAt(at),
        NextStep::RefreshToken => Next::DueAt(now), // the state says who refreshes
        NextStep::OtherChannel { suppress_recipient } if suppress_recipient => Next::SmsAndSuppress,
        NextStep::OtherChannel { .. } => Next::Sms,
        _ => Next::KeptForPerson, // FixFirst: the message waits with its answer
    }
}
// ANCHOR_END: worker

/// Stands in for Zalo: the send endpoint and the OAuth refresh endpoint, as
/// a gateway relays their answers, and the clock of the run.
pub struct Zalo {
    pub now: SystemTime,
    pub refresh_calls: u32,
    valid_token: Option<String>,
    no_account: String,
    unapproved_template: String,
}

impl Zalo {
    /// POST /message/template: the token it knows sends; another gets the
    /// table's token failure (-124 "Access token invalid" today), and a number
    /// with no Zalo account the table's code that ZNS can never reach
    /// (-118 today), and a template it has not approved the table's first
    /// code that holds a template for a person.
    fn send(
        &mut self,
        access_token: &str,
        phone: &str,
        template: &str,
    ) -> Result<(u16, String), String> {
        let failure = |retry: Retry, scope: Scope| {
            let code = ErrorCode::ALL
                .iter()
                .find(|c| c.retry() == retry && c.scope() == scope);
            let code = code.expect("the table has such a code");
            format!(
                r#"{{"error":{},"message":"{}"}}"#,
                code.code(),
                code.description()
            )
        };
        let body = if self.valid_token.as_deref() != Some(access_token) {
            failure(Retry::RefreshToken, Scope::Sender)
        } else if phone == self.no_account {
            failure(Retry::Never, Scope::Recipient)
        } else if template == self.unapproved_template {
            failure(Retry::AfterFix, Scope::Template)
        } else {
            r#"{"error":0,"message":"Success","data":{"msg_id":"a1b2c3"}}"#.to_owned()
        };
        Ok((200, body))
    }

    /// POST /v4/oa/access_token: the first call times out, the next gives a
    /// pair (`expires_in` as a string, as Zalo sends it).
    fn refresh(&mut self, _refresh_token: &str) -> Result<(u16, String), String> {
        self.refresh_calls += 1;
        if self.refresh_calls == 1 {
            return Err("timed out".to_owned());
        }
        self.valid_token = Some("fresh".to_owned());
        Ok((
            200,
            r#"{"access_token":"fresh","refresh_token":"r2","expires_in":"90000"}"#.to_owned(),
        ))
    }
}

/// Runs the three messages to their end; returns what became of each, and
/// the desk.
pub fn run() -> (Vec<String>, Desk, u32) {
    let start = SystemTime::now();
    let mut state = OaState::new();
    // At start-up: the pair the sender stored, which has expired meanwhile.
    let token_id = state.token_restored(start, Some(start - Duration::from_secs(60)));
    let oa = Mutex::new(Oa {
        name: "oa-1".to_owned(),
        state,
        pair: Pair {
            token_id,
            access_token: "expired".to_owned(),
            refresh_token: "r1".to_owned(),
        },
    });
    let mut zalo = Zalo {
        now: start,
        refresh_calls: 0,
        valid_token: None,
        no_account: "84900000000".to_owned(),
        unapproved_template: "999999".to_owned(),
    };
    let mut desk = Desk::default();
    let otp_by = start + Duration::from_secs(5 * 60);
    let mut queue = vec![
        (
            "campaign",
            start,
            Queued {
                phone: "84987654321".to_owned(),
                template: "203972".to_owned(),
                attempts: Attempts::new(),
            },
        ),
        (
            "otp",
            start,
            Queued {
                phone: "84912345678".to_owned(),
                template: "203973".to_owned(),
                attempts: Attempts::with_deliver_by(otp_by),
            },
        ),
        (
            "no account",
            start,
            Queued {
                phone: "84900000000".to_owned(),
                template: "203972".to_owned(),
                attempts: Attempts::new(),
            },
        ),
        (
            "unapproved 1",
            start,
            Queued {
                phone: "84911111111".to_owned(),
                template: "999999".to_owned(),
                attempts: Attempts::new(),
            },
        ),
        (
            "unapproved 2",
            start,
            Queued {
                phone: "84922222222".to_owned(),
                template: "999999".to_owned(),
                attempts: Attempts::new(),
            },
        ),
    ];
    let mut outcomes = Vec::new();
    // The queue: the message due first, at its due time (a real queue
    // stores the due time with the message and moves on).
    while let Some(index) = (0..queue.len()).min_by_key(|&i| queue[i].1) {
        let (name, due, mut message) = queue.remove(index);
        zalo.now = zalo.now.max(due);
        let next = work_on(&oa, &mut zalo, &mut desk, &mut message);
        if next == Next::SmsAndSuppress {
            desk.suppress("oa-1", &message.phone);
        }
        match next {
            Next::DueAt(at) => queue.push((name, at, message)),
            next => {
                let after = zalo.now.duration_since(start).unwrap_or_default();
                outcomes.push(format!("{name}: {next:?} after {}s", after.as_secs()));
            }
        }
    }
    (outcomes, desk, zalo.refresh_calls)
}

fn main() {
    let (outcomes, desk, refresh_calls) = run();
    for outcome in outcomes {
        println!("{outcome}");
    }
    println!(
        "{refresh_calls} refresh calls; suppressed: {:?}",
        desk.suppressed
    );
    for alert in desk.alerts {
        println!("alert: {alert}");
    }
}

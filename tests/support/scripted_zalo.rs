//! A scripted Zalo for the sender simulation: the ZNS send endpoint (the
//! access token, a gateway outage, the OA's daily quota, the night window,
//! problem recipients, random transport errors) and the OAuth refresh
//! endpoint (grants, timeouts, a dead refresh token), with a clock of its own
//! that may be ahead of the sender's.
//!
//! Every ZNS code it answers is looked up in the crate's table by its labels,
//! never written as a number.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{Answer, ErrorCode, RefreshOutcome, Retry, Scope};

pub const HOUR: Duration = Duration::from_secs(3600);
pub const DAY: Duration = Duration::from_secs(24 * 3600);
/// What Zalo's refresh grants: an access token valid 25 hours.
pub const TOKEN_LIFE: Duration = Duration::from_secs(90_000);
/// How long an answered send takes.
pub const SEND_LATENCY: Duration = Duration::from_millis(300);
/// How long an answered refresh call takes.
pub const REFRESH_LATENCY: Duration = Duration::from_secs(1);
/// The sender's HTTP client gives up on a refresh call after this long (below
/// `Policy::call_timeout`, as the policy asks).
pub const REFRESH_CLIENT_TIMEOUT: Duration = Duration::from_secs(20);

/// A small deterministic generator (SplitMix64): the same run every time.
pub struct Dice(pub u64);

impl Dice {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, per_thousand: u64) -> bool {
        self.below(1000) < per_thousand
    }
}

/// What is wrong with a recipient, in Zalo's view.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Recipient {
    Good,
    NoZalo,
    OldApp,
    /// Declined one type of ZNS: the order notices, not the OTPs.
    DeclinedOrders,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Template {
    Otp,
    Orders,
    /// May not be sent between 22:00 and 06:00.
    NightRestricted,
}

/// The first code of the table whose labels match.
fn code_where(retry: Retry, scope: Scope, category: Option<&str>) -> i32 {
    ErrorCode::ALL
        .iter()
        .find(|c| {
            c.retry() == retry
                && c.scope() == scope
                && category.is_none_or(|cat| c.category().as_str() == cat)
        })
        .unwrap_or_else(|| panic!("the table has a {retry} {scope} code"))
        .code()
}

/// The answers the script gives, looked up in the table by their labels.
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub token: i32,
    pub transient: i32,
    pub no_zalo: i32,
    pub old_app: i32,
    pub declined_type: i32,
    pub night: i32,
    pub oa_quota: i32,
}

impl Codes {
    pub fn from_table() -> Codes {
        Codes {
            token: code_where(Retry::RefreshToken, Scope::Sender, None),
            transient: code_where(Retry::Backoff, Scope::Message, Some("internal")),
            no_zalo: code_where(Retry::Never, Scope::Recipient, None),
            old_app: code_where(Retry::OtherChannel, Scope::Recipient, None),
            declined_type: code_where(Retry::OtherChannel, Scope::Recipient, None),
            night: code_where(Retry::AfterNightWindow, Scope::Template, None),
            oa_quota: code_where(Retry::NextDay, Scope::Sender, None),
        }
    }
}

/// Seconds since 1970 of an instant (the simulation never goes before 1970).
pub fn secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).expect("after 1970").as_secs()
}

/// The second of the Vietnam day (UTC+7) an instant is in.
pub fn vn_second_of_day(t: SystemTime) -> u64 {
    (secs(t) + 7 * 3600) % (24 * 3600)
}

/// The Vietnam day (days since 1970-01-01 in Vietnam) an instant is in.
pub fn vn_day(t: SystemTime) -> u64 {
    (secs(t) + 7 * 3600) / (24 * 3600)
}

/// Whether an instant is outside the night window 22:00–06:00, Vietnam time.
pub fn is_day(t: SystemTime) -> bool {
    (6 * 3600..22 * 3600).contains(&vn_second_of_day(t))
}

/// How many 06:00s (Vietnam time) fall in `(from, to]`.
pub fn mornings_between(from: SystemTime, to: SystemTime) -> u64 {
    let mornings_up_to = |t: SystemTime| (secs(t) + 7 * 3600 - 6 * 3600) / (24 * 3600);
    mornings_up_to(to).saturating_sub(mornings_up_to(from))
}

/// `at` moved by `seconds` (earlier when negative).
pub fn shifted(at: SystemTime, seconds: i64) -> SystemTime {
    let by = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 { at + by } else { at - by }
}

/// The first 06:00 Vietnam time strictly after `t`.
pub fn next_six_oclock(t: SystemTime) -> SystemTime {
    let second = vn_second_of_day(t);
    let midnight = t
        - Duration::from_secs(second)
        - Duration::from_nanos(u64::from(
            t.duration_since(UNIX_EPOCH).unwrap().subsec_nanos(),
        ));
    let six = midnight + 6 * HOUR;
    if second < 6 * 3600 { six } else { six + DAY }
}

/// 06:00 Vietnam time on the day after `t`'s Vietnam day.
pub fn six_oclock_next_day(t: SystemTime) -> SystemTime {
    let second = vn_second_of_day(t);
    let midnight = t
        - Duration::from_secs(second)
        - Duration::from_nanos(u64::from(
            t.duration_since(UNIX_EPOCH).unwrap().subsec_nanos(),
        ));
    midnight + DAY + 6 * HOUR
}

/// How the refresh endpoint fails, by script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshScript {
    /// Every call with the current refresh token is granted.
    Works,
    /// The first call for each access token times out (the request never
    /// reaches Zalo); the next is granted.
    FirstCallTimesOut,
    /// From this instant (Zalo's clock) on, the refresh token is dead: every
    /// call is refused until a person authorises the OA again.
    DiesAt(SystemTime),
}

/// What one refresh call came to, as the sender's client sees it.
pub struct RefreshCall {
    pub outcome: RefreshOutcome,
    /// The new pair's access and refresh tokens, as the sender stores them.
    pub pair: Option<(u32, u32)>,
    /// How long the call took.
    pub took: Duration,
}

/// The scripted Zalo.
pub struct Zalo {
    pub codes: Codes,
    /// How many seconds Zalo's clock is ahead of the sender's (behind when
    /// negative).
    pub skew: i64,
    /// The access token Zalo takes, and until when (Zalo's clock).
    access: u32,
    access_expires: SystemTime,
    /// The refresh token Zalo takes (usable once).
    refresh: u32,
    refresh_script: RefreshScript,
    /// Whether the refresh token died and no one authorised the OA since.
    refresh_dead: bool,
    /// Refresh calls made for the current access token.
    calls_for_current: u32,
    /// The gateway outage (Zalo's clock).
    outage: Option<(SystemTime, SystemTime)>,
    quota_by_day: fn(u64) -> u32,
    /// The first Vietnam day of the run, for `quota_by_day`.
    first_day: u64,
    sent_today: (u64, u32),

    // What Zalo saw.
    pub sends: u64,
    pub sends_into_outage: u64,
    pub token_failures: u64,
    pub refresh_calls: u64,
    pub refresh_timeouts: u64,
    /// Refresh calls refused because the refresh token was dead.
    pub refused_dead: u64,
    /// Refresh calls refused because their refresh token was spent already
    /// (two refreshes raced): the failure the OA must never cause.
    pub refused_spent: u64,
    pub grants: u64,
    pub authorisations: u64,
}

impl Zalo {
    /// A Zalo whose first access token (0, with refresh token 0) expires at
    /// `first_expiry` (sender's clock).
    pub fn new(
        start: SystemTime,
        first_expiry: SystemTime,
        skew: i64,
        quota_by_day: fn(u64) -> u32,
        refresh_script: RefreshScript,
        outage: Option<(SystemTime, Duration)>,
    ) -> Zalo {
        Zalo {
            codes: Codes::from_table(),
            skew,
            access: 0,
            access_expires: shifted(first_expiry, skew),
            refresh: 0,
            refresh_script,
            refresh_dead: false,
            calls_for_current: 0,
            outage: outage.map(|(from, long)| (shifted(from, skew), shifted(from, skew) + long)),
            quota_by_day,
            first_day: vn_day(start),
            sent_today: (0, 0),
            sends: 0,
            sends_into_outage: 0,
            token_failures: 0,
            refresh_calls: 0,
            refresh_timeouts: 0,
            refused_dead: 0,
            refused_spent: 0,
            grants: 0,
            authorisations: 0,
        }
    }

    /// The access token Zalo takes now.
    pub fn current_access(&self) -> u32 {
        self.access
    }

    /// Zalo's clock when the sender's says `at`.
    pub fn clock(&self, at: SystemTime) -> SystemTime {
        shifted(at, self.skew)
    }

    /// Whether the gateway is out at `at` (sender's clock).
    pub fn in_outage(&self, at: SystemTime) -> bool {
        let now = self.clock(at);
        self.outage
            .is_some_and(|(from, until)| from <= now && now < until)
    }

    /// One send at `at` (sender's clock) with access token `access`: Zalo's
    /// answer, and how long the call took.
    pub fn send(
        &mut self,
        dice: &mut Dice,
        access: u32,
        recipient: Recipient,
        template: Template,
        at: SystemTime,
        client_timeout: Duration,
    ) -> (Answer, Duration) {
        let now = self.clock(at);
        let codes = self.codes;
        self.sends += 1;
        if self.in_outage(at) {
            self.sends_into_outage += 1;
            // The gateway's 502 page, or no answer at all.
            return if dice.chance(500) {
                (Answer::NotZns, SEND_LATENCY)
            } else {
                (Answer::Transport, client_timeout)
            };
        }
        if dice.chance(20) {
            return (Answer::Transport, client_timeout);
        }
        if dice.chance(10) {
            return (Answer::Code(codes.transient), SEND_LATENCY);
        }
        let answer = if access != self.access || now >= self.access_expires {
            self.token_failures += 1;
            Answer::Code(codes.token)
        } else {
            match recipient {
                Recipient::NoZalo => Answer::Code(codes.no_zalo),
                Recipient::OldApp => Answer::Code(codes.old_app),
                Recipient::DeclinedOrders if template == Template::Orders => {
                    Answer::Code(codes.declined_type)
                }
                _ if template == Template::NightRestricted && !is_day(now) => {
                    Answer::Code(codes.night)
                }
                _ => {
                    let day = vn_day(now);
                    if self.sent_today.0 != day {
                        self.sent_today = (day, 0);
                    }
                    if self.sent_today.1 >= (self.quota_by_day)(day - self.first_day) {
                        Answer::Code(codes.oa_quota)
                    } else {
                        self.sent_today.1 += 1;
                        Answer::Sent
                    }
                }
            }
        };
        (answer, SEND_LATENCY)
    }

    /// One refresh call at `at` (sender's clock) with refresh token
    /// `refresh`, decided from the body Zalo sends, as a sender does.
    pub fn refresh(&mut self, refresh: u32, at: SystemTime) -> RefreshCall {
        let now = self.clock(at);
        self.refresh_calls += 1;
        if let RefreshScript::DiesAt(dies) = self.refresh_script {
            if now >= dies && !self.refresh_dead && self.authorisations == 0 {
                self.refresh_dead = true;
            }
        }
        if self.refresh_script == RefreshScript::FirstCallTimesOut && self.calls_for_current == 0 {
            self.calls_for_current += 1;
            self.refresh_timeouts += 1;
            return RefreshCall {
                outcome: RefreshOutcome::Transient,
                pair: None,
                took: REFRESH_CLIENT_TIMEOUT,
            };
        }
        self.calls_for_current += 1;
        let body = if self.refresh_dead {
            self.refused_dead += 1;
            r#"{"error":-14014,"error_name":"Invalid refresh token","error_reason":"Invalid refresh token","ref_doc":"","error_description":"Invalid refresh token"}"#.to_owned()
        } else if refresh != self.refresh {
            // Zalo's answer to a refresh token used a second time.
            self.refused_spent += 1;
            String::new()
        } else {
            let (access, refresh) = self.issue(now);
            self.grants += 1;
            format!(
                r#"{{"access_token":"z{access}","refresh_token":"r{refresh}","expires_in":"{}"}}"#,
                TOKEN_LIFE.as_secs()
            )
        };
        let outcome = RefreshOutcome::from_http(200, &body);
        let pair = match &outcome {
            RefreshOutcome::Granted(grant) => Some((
                grant.access_token()[1..].parse().unwrap(),
                grant.refresh_token()[1..].parse().unwrap(),
            )),
            _ => None,
        };
        RefreshCall {
            outcome,
            pair,
            took: REFRESH_LATENCY,
        }
    }

    /// A person authorised the OA again at `at`: a new pair of tokens.
    pub fn authorise(&mut self, at: SystemTime) -> (u32, u32) {
        self.authorisations += 1;
        self.refresh_dead = false;
        self.issue(self.clock(at))
    }

    /// A new pair at `now` (Zalo's clock): the old access token stops working.
    fn issue(&mut self, now: SystemTime) -> (u32, u32) {
        self.access += 1;
        self.refresh += 1;
        self.access_expires = now + TOKEN_LIFE;
        self.calls_for_current = 0;
        (self.access, self.refresh)
    }
}

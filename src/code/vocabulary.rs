// The closed vocabularies of the `category`, `retry` and `scope` columns.
//
// This file is compiled twice: into the library, and into the build script
// (through `#[path]` in codegen/mod.rs), so the values the build accepts in the
// CSV are exactly the variants the crate exposes.

/// Defines a fieldless enum whose variants each have one CSV spelling.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $spelling:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in the CSV and by serde, in snake_case.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $spelling,)+
                }
            }

            /// Finds the value whose CSV spelling is exactly `spelling`.
            #[allow(dead_code, reason = "used by the build script, which includes this file, and by FromStr")]
            pub(crate) fn from_spelling(spelling: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == spelling)
            }

            /// The enum's name, for the generated code.
            #[allow(dead_code, reason = "used by the build script, which includes this file")]
            pub(crate) const TYPE_NAME: &'static str = stringify!($name);

            /// Each value's CSV spelling and variant name, for the build script.
            #[allow(dead_code, reason = "used by the build script, which includes this file")]
            pub(crate) const LABELS: &'static [(&'static str, &'static str)] = &[
                $( ($spelling, stringify!($variant)), )+
            ];
        }

        /// Prints the CSV spelling, as [`as_str`](Self::as_str) gives it.
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What part of the sending setup a code points at.
    ///
    /// Every [`ErrorCode`](crate::ErrorCode) has exactly one category, assigned
    /// in the data table. Zalo may add codes that call for a new category, so
    /// the enum is `#[non_exhaustive]`: keep a wildcard arm.
    pub enum Category {
        /// The message was sent.
        Success = "success",
        /// The sending app's id, secret, activation or OA link is wrong.
        Application = "application",
        /// The access token or the Official Account id is invalid.
        Auth = "auth",
        /// The request as it was built: method, message or template id, phone
        /// number, template data, button, body, parameters, length.
        Request = "request",
        /// The template cannot be used: not approved, disabled, not permitted
        /// for this OA or app, test-only, or not an E2EE template.
        Template = "template",
        /// This user cannot or will not receive ZNS: no Zalo account, inactive,
        /// declined, an old app, or not opted in.
        Recipient = "recipient",
        /// The OA or the app lacks a feature or a sending right.
        Permission = "permission",
        /// The balance, or the Zalo Cloud Account (ZCA) and its payments.
        Billing = "billing",
        /// A sending limit is reached: the OA's or a template's daily limit, or
        /// the number of after-sales messages one user may receive.
        Quota = "quota",
        /// The sending time is not allowed (the night window, 22:00–06:00).
        Schedule = "schedule",
        /// RSA or E2EE keys, or decrypting.
        Encryption = "encryption",
        /// The ZNS journey token.
        Journey = "journey",
        /// A failure on Zalo's side, or one Zalo does not explain.
        Internal = "internal",
    }
}

vocabulary! {
    /// What a sender should do about a code before sending the same message
    /// again.
    ///
    /// [`ErrorCode::next_step`](crate::ErrorCode::next_step) turns the policy
    /// into one bounded decision; [`Retry::not_before`] gives the earliest
    /// instant a retry can succeed. The enum is `#[non_exhaustive]`: keep a
    /// wildcard arm.
    pub enum Retry {
        /// The message was sent; there is nothing to retry.
        NotNeeded = "not_needed",
        /// A transient failure on Zalo's side: the same request may succeed
        /// later. Retry a few times at growing delays, then stop
        /// ([`NextStep::BACKOFF_DELAYS`](crate::NextStep::BACKOFF_DELAYS)).
        Backoff = "backoff",
        /// The access token is invalid, which a new token from the refresh
        /// token can fix: make sure the OA's token is fresh (one refresh for
        /// everyone: see [`NextStep::RefreshToken`](crate::NextStep::RefreshToken)),
        /// then send again. A token failure right after a refresh is held
        /// for a person.
        RefreshToken = "refresh_token",
        /// The template may not be sent between 22:00 and 06:00; retry at the
        /// next 06:00 Vietnam time, at most
        /// [`Attempts::MAX_WAITS`](crate::Attempts::MAX_WAITS) waits for one
        /// message.
        AfterNightWindow = "after_night_window",
        /// A daily limit (the OA's or the template's) is reached; it resets at
        /// midnight Vietnam time. Retry at 06:00 the next day, out of the
        /// night window, at most
        /// [`Attempts::MAX_WAITS`](crate::Attempts::MAX_WAITS) waits for one
        /// message.
        NextDay = "next_day",
        /// The sender must change something (setup, template, payload,
        /// balance, permission) before a retry can succeed.
        AfterFix = "after_fix",
        /// This recipient cannot receive ZNS from this sender until *they*
        /// change something: the account does not exist or was disabled, or
        /// they declined all ZNS from this OA. Send through another channel
        /// now, and stop sending ZNS to them (suppress them, as a mail system
        /// does after a hard bounce).
        Never = "never",
        /// This message cannot reach this recipient now, but ZNS may work
        /// later, or with another message, without the sender changing
        /// anything (an old Zalo app, an opt-in not answered yet, the
        /// account's state, the per-user after-sales limit, a type of ZNS they
        /// declined), or the page gives such reasons mixed together. Send
        /// through another channel now; do not suppress the recipient.
        OtherChannel = "other_channel",
    }
}

vocabulary! {
    /// What a failure blocks: one message, one recipient, one template, or
    /// everything the sender sends. A bulk sender reads it first, to pause the
    /// right queue.
    ///
    /// A code this version does not know is [`Scope::Message`]: it is not
    /// known to block more. The enum is `#[non_exhaustive]`: keep a wildcard
    /// arm.
    pub enum Scope {
        /// Nothing: the message was sent.
        Nothing = "nothing",
        /// This message as it was built (its payload, parameters, phone
        /// number's format, journey token), or a call that sends no message
        /// (a key's creation); other messages are fine.
        Message = "message",
        /// This recipient; messages to others are fine.
        Recipient = "recipient",
        /// Every message that uses this template (not approved, disabled,
        /// test-only, its type not allowed, its daily limit, the night
        /// window). While a wait is pending, pause this template's queue
        /// until the instant, then resume; after
        /// [`FixFirst`](crate::NextStep::FixFirst), until a person has fixed
        /// the template ([`OaState::before_send_template`](crate::OaState::before_send_template)
        /// holds it).
        Template = "template",
        /// Every message of this OA, app, access token or account
        /// (credentials, balance, permissions, features, the OA's daily
        /// limit, keys). While a wait or a refresh is pending, pause the
        /// whole queue until the instant, or until the refresh is done, then
        /// resume; after [`FixFirst`](crate::NextStep::FixFirst), until a
        /// person has fixed the cause.
        Sender = "sender",
    }
}

// The closed vocabularies of the `category` and `retry` columns.
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

            /// The Rust name of the variant.
            #[allow(dead_code)]
            pub(crate) const fn variant_name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                }
            }

            /// Finds the value whose CSV spelling is exactly `spelling`.
            #[allow(dead_code)]
            pub(crate) fn from_spelling(spelling: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == spelling)
            }

            /// The enum's name, for the generated code.
            #[allow(dead_code)]
            pub(crate) const TYPE_NAME: &'static str = stringify!($name);

            /// Each value's CSV spelling and variant name, for the build script.
            #[allow(dead_code)]
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
        /// The request itself is malformed: method, message or template id,
        /// phone number, template data, body, parameters or length.
        Request = "request",
        /// The template cannot be used: not approved, disabled, not permitted
        /// for this OA or app, test-only, or not an E2EE template.
        Template = "template",
        /// This user cannot or will not receive ZNS: no Zalo account, inactive,
        /// refused, an old app, or not opted in.
        Recipient = "recipient",
        /// The OA or the app lacks a feature or a sending right.
        Permission = "permission",
        /// The balance, or the Zalo Cloud Account (ZCA) and its payments.
        Billing = "billing",
        /// A daily limit is reached.
        Quota = "quota",
        /// The sending time is not allowed (the night window, 22:00–06:00).
        Schedule = "schedule",
        /// RSA or E2EE keys, or decoding.
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
    /// [`Retry::not_before`] turns the time-based policies into an instant.
    /// The enum is `#[non_exhaustive]`: keep a wildcard arm.
    pub enum Retry {
        /// The message was sent; there is nothing to retry.
        NotNeeded = "not_needed",
        /// A transient failure: the same request may succeed later. Retry with
        /// exponential backoff.
        Backoff = "backoff",
        /// Get a new access token, then retry once.
        RefreshToken = "refresh_token",
        /// The template may not be sent between 22:00 and 06:00; retry at 06:00
        /// Vietnam time.
        AfterNightWindow = "after_night_window",
        /// A daily quota is used up; retry after midnight Vietnam time.
        NextDay = "next_day",
        /// The sender must change something (setup, template, payload,
        /// balance, permission) before a retry can succeed.
        AfterFix = "after_fix",
        /// This message cannot reach this recipient: do not retry it, use
        /// another channel (SMS, e-mail).
        Never = "never",
    }
}

//! Verifying a webhook's signature: the Standard Webhooks scheme the API signs with.
//!
//! Each webhook comes with three headers: `webhook-id`, `webhook-timestamp` (Unix seconds) and
//! `webhook-signature`, a space-separated list of `v1,<base64>` entries. Each signature is the
//! HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with the secret (the base64 after `whsec_`);
//! the webhook is genuine when any entry matches (several are sent while a secret is rotated)
//! and its timestamp is within the tolerance of now (a replay is refused).

use crate::WebhookEvent;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far a webhook's timestamp may be from now, by default (the official SDKs': five minutes).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Why a webhook was not accepted. Its `Display` says which check failed.
#[derive(Debug)]
pub enum WebhookError {
    /// The secret is not `whsec_` followed by base64 (or base64 alone).
    Secret(String),
    /// A header the scheme needs is missing: its name.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a number of seconds: what it holds.
    Timestamp(String),
    /// The timestamp is older than the tolerance allows (a replay, or a clock far behind): its age.
    TooOld(Duration),
    /// The timestamp is further in the future than the tolerance allows: by how much.
    TooNew(Duration),
    /// `webhook-signature` holds no `v1,<base64>` entry.
    NoSignature,
    /// No signature in `webhook-signature` matches the body: a wrong secret, or a changed body.
    WrongSignature,
    /// The body is signed but is not a webhook event: the path of the field where it failed and
    /// serde's error.
    Json { path: String, error: serde_json::Error },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Secret(why) => write!(f, "the webhook secret is not `whsec_<base64>`: {why}"),
            WebhookError::MissingHeader(name) => write!(f, "the webhook has no `{name}` header"),
            WebhookError::Timestamp(text) => write!(f, "the webhook's timestamp `{text}` is not a number of seconds"),
            WebhookError::TooOld(age) => write!(f, "the webhook's timestamp is stale: {} s old, past the tolerance", age.as_secs()),
            WebhookError::TooNew(ahead) => write!(f, "the webhook's timestamp is {} s in the future, past the tolerance", ahead.as_secs()),
            WebhookError::NoSignature => f.write_str("the webhook's `webhook-signature` header has no `v1,<base64>` signature"),
            WebhookError::WrongSignature => f.write_str("no signature of the webhook matches its body and the secret"),
            WebhookError::Json { path, error } => write!(f, "the signed webhook body is not a webhook event at `{path}`: {error}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// The three headers of a webhook, by their values.
#[derive(Clone, Copy, Debug)]
pub struct WebhookHeaders<'a> {
    /// `webhook-id`.
    pub id: &'a str,
    /// `webhook-timestamp`.
    pub timestamp: &'a str,
    /// `webhook-signature`.
    pub signature: &'a str,
}

impl<'a> WebhookHeaders<'a> {
    /// The headers from a lookup by (lower-case) name, as any HTTP crate's header map gives them
    /// (`|name| headers.get(name)?.to_str().ok()`); a missing one is an error that names it.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<&'a str>) -> Result<Self, WebhookError> {
        let get = |name: &'static str| lookup(name).ok_or(WebhookError::MissingHeader(name));
        Ok(WebhookHeaders { id: get("webhook-id")?, timestamp: get("webhook-timestamp")?, signature: get("webhook-signature")? })
    }
}

/// A webhook endpoint's secret, and how far a timestamp may be from now.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: Vec<u8>,
    tolerance: Duration,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key never shows in logs.
        f.debug_struct("WebhookVerifier").field("tolerance", &self.tolerance).finish_non_exhaustive()
    }
}

impl WebhookVerifier {
    /// The verifier of the endpoint whose secret is `secret` (`whsec_...`, as the dashboard
    /// shows it), with the default tolerance ([`DEFAULT_TOLERANCE`]).
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim().strip_prefix("whsec_").unwrap_or(secret.trim());
        let key = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|e| WebhookError::Secret(e.to_string()))?;
        if key.is_empty() {
            return Err(WebhookError::Secret("it is empty".to_owned()));
        }
        Ok(WebhookVerifier { key, tolerance: DEFAULT_TOLERANCE })
    }

    /// How far from now a timestamp may be, either way.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Whether the webhook is genuine and fresh, by the clock of this machine.
    pub fn verify(&self, headers: &WebhookHeaders<'_>, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as at the time `now`.
    pub fn verify_at(&self, headers: &WebhookHeaders<'_>, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let seconds: u64 = headers.timestamp.trim().parse().map_err(|_| WebhookError::Timestamp(headers.timestamp.to_owned()))?;
        let sent = UNIX_EPOCH + Duration::from_secs(seconds);
        match now.duration_since(sent) {
            Ok(age) if age > self.tolerance => return Err(WebhookError::TooOld(age)),
            Err(ahead) if ahead.duration() > self.tolerance => return Err(WebhookError::TooNew(ahead.duration())),
            _ => {}
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).map_err(|e| WebhookError::Secret(e.to_string()))?;
        mac.update(headers.id.as_bytes());
        mac.update(b".");
        mac.update(headers.timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        let mut signatures = 0;
        for entry in headers.signature.split_whitespace() {
            let Some(signature) = entry.strip_prefix("v1,") else { continue };
            signatures += 1;
            let Ok(signature) = base64::engine::general_purpose::STANDARD.decode(signature) else { continue };
            // `verify_slice` compares in constant time.
            if mac.clone().verify_slice(&signature).is_ok() {
                return Ok(());
            }
        }
        Err(if signatures == 0 { WebhookError::NoSignature } else { WebhookError::WrongSignature })
    }

    /// The webhook's event, once its signature and timestamp are verified (the official SDKs'
    /// `unwrap`). An event of a type this crate does not know is [`WebhookEvent::Unknown`].
    pub fn unwrap(&self, headers: &WebhookHeaders<'_>, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
        self.verify(headers, body)?;
        read_event(body)
    }
}

/// A webhook's body as its event, without verifying it; an error names the field that failed.
pub fn read_event(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body))
        .map_err(|error| WebhookError::Json { path: error.path().to_string(), error: error.into_inner() })
}

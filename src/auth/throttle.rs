//! Sign-in limits: attempts counted before a password is looked at, per account and address
//! (hard), per address, and per account an hour (only the person's own addresses get through
//! past it, each try slowed a little more); refusals counted without growing the database.

use super::secrets;
use super::service::{AuthError, normalize_email};
use crate::AppState;
use std::time::Duration;

/// Password tries for one account from one address within the window: that address (only)
/// waits for the window to pass. A stranger guessing elsewhere never locks the owner out.
pub const PAIR_ATTEMPTS: u64 = 5;
/// Login attempts from one address within the window (offices share one address).
pub const ADDRESS_ATTEMPTS: u64 = 100;
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Password tries for one account from everywhere within an hour. Past it only addresses the
/// person has signed in from before get through, so guessing from many addresses stays bounded
/// at a few dozen an hour while the owner keeps signing in from the office.
pub const ACCOUNT_HOURLY: u64 = 30;
const ACCOUNT_WINDOW: Duration = Duration::from_secs(3600);
/// Past this many tries in the hour each further try is slowed down, a little more each time.
const SLOW_AFTER: u64 = 5;
const SLOWEST: Duration = Duration::from_secs(3);
/// How long an address where the person signed in counts as theirs.
const KNOWN_ADDRESS: Duration = Duration::from_secs(30 * 24 * 3600);
/// No email address is longer (RFC 5321); a longer one is refused before anything is
/// counted, looked up or stored.
pub const MAX_EMAIL: usize = 254;

/// Counters are keyed by a digest of the email: a fixed size whatever was typed.
pub(super) fn email_key(email: &str) -> String {
    secrets::hash(email)[..32].to_owned()
}

pub(super) fn failures_key(email: &str) -> String {
    format!("login-fail:{}", email_key(email))
}

/// How long an attempt waits after `tries` in the account's hour: nothing at first, then a
/// quarter second more per try, up to three seconds.
pub fn slowdown(tries: u64) -> Duration {
    let extra = tries.saturating_sub(SLOW_AFTER);
    Duration::from_millis(250u64.saturating_mul(extra)).min(SLOWEST)
}

/// Counts a password attempt before the password is looked at, atomically, so parallel
/// guesses cannot all slip under the limits; fails closed when the counters cannot be
/// reached. Returns the account's tries in the hour.
pub(super) async fn count_attempt(state: &AppState, email: &str, ip: &str) -> Result<u64, AuthError> {
    let kv = &state.kv;
    let key = email_key(email);
    let by_address = kv.hit_or_refuse(&format!("login-ip:{ip}"), THROTTLE_WINDOW).await;
    let by_pair = kv
        .hit_or_refuse(&format!("login-pair:{key}:{ip}"), THROTTLE_WINDOW)
        .await;
    let by_account = kv.hit_or_refuse(&format!("login-acct:{key}"), ACCOUNT_WINDOW).await;
    let (Some(a), Some(p), Some(n)) = (by_address, by_pair, by_account) else {
        return Err(AuthError::Throttled);
    };
    if a > ADDRESS_ATTEMPTS || p > PAIR_ATTEMPTS {
        return Err(AuthError::Throttled);
    }
    if n > ACCOUNT_HOURLY && kv.get(&format!("login-known:{key}:{ip}")).await.is_none() {
        return Err(AuthError::Throttled);
    }
    Ok(n)
}

/// Records what a login refused: a counter for every refusal, and one audit entry per
/// account and window (a flood of wrong passwords is one line, an unknown email none), so
/// refusals never grow the database.
pub async fn note_refusal(state: &AppState, email: &str, actor: &str, reason: &AuthError) {
    state.metrics.login_refused(match reason {
        AuthError::Invalid => "invalid",
        AuthError::Throttled => "throttled",
        AuthError::Suspended => "suspended",
        AuthError::TooLong => "too_long",
        AuthError::Store(_) | AuthError::Internal(_) => "error",
    });
    if email.len() > MAX_EMAIL {
        return;
    }
    let email = normalize_email(email);
    let first = state
        .kv
        .hit(&format!("login-refused:{}", email_key(&email)), THROTTLE_WINDOW)
        .await
        == 1;
    if !first {
        return;
    }
    // Apart from the answer: whether the email is an account must not show in its timing.
    let (state, actor) = (state.clone(), actor.to_owned());
    let after = serde_json::json!({ "reason": reason.to_string(), "counted": "first refusal in 15 minutes" });
    let origin = crate::audit::ORIGIN.try_with(Clone::clone).unwrap_or_default();
    tokio::spawn(crate::audit::ORIGIN.scope(origin, async move {
        if matches!(state.store.account_by_email(&email).await, Ok(Some(_))) {
            let change = crate::audit::Change::new(None, &actor, "auth.login.refused").after(after);
            crate::audit::record(&state, change).await;
        }
    }));
}

/// The right password from this address: its count starts over and the address is the
/// person's own from now on (it gets through while strangers are held off).
pub(super) async fn remember_success(state: &AppState, email: &str, ip: &str) {
    let key = email_key(email);
    state.kv.reset(&format!("login-pair:{key}:{ip}"), THROTTLE_WINDOW).await;
    state
        .kv
        .set(&format!("login-known:{key}:{ip}"), "1", KNOWN_ADDRESS)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_past_a_few_are_slowed_a_little_more_each_time() {
        assert_eq!(slowdown(1), Duration::ZERO);
        assert_eq!(slowdown(SLOW_AFTER), Duration::ZERO);
        assert_eq!(slowdown(SLOW_AFTER + 2), Duration::from_millis(500));
        assert_eq!(slowdown(10_000), SLOWEST);
    }

    #[test]
    fn counters_have_one_size_whatever_was_typed() {
        assert_eq!(email_key(&"a".repeat(200_000)).len(), 32);
        assert_ne!(email_key("budi@showroom.id"), email_key("sari@showroom.id"));
    }
}

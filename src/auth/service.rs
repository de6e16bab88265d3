//! The login flows against the store: password, second factor, first-time setup, enrolment of
//! a second factor, and reading the session behind a cookie on every panel request.

use super::session::{Lifetimes, Principal, Stage};
pub use super::throttle::{MAX_EMAIL, note_refusal};
use super::throttle::{THROTTLE_WINDOW, count_attempt, failures_key, remember_success, slowdown};
use super::{password, secrets, totp};
use crate::AppState;
use crate::domain::utc_now;
use crate::store::{AccountRecord, StoreError};
use std::time::Duration;
use uuid::Uuid;

/// Second-factor tries of one account within the window before its half-way session ends.
pub const ACCOUNT_FAILURES: u64 = 5;
/// How long a setup link works.
pub const SETUP_LINK_LIFETIME: time::Duration = time::Duration::hours(72);
/// How long a second-factor secret waits to be confirmed.
const ENROLL_WAIT: Duration = Duration::from_secs(15 * 60);

/// Which login page: a showroom's people, or the platform's super admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Realm {
    Showroom,
    Platform,
}

impl Realm {
    pub fn home(self) -> &'static str {
        match self {
            Realm::Showroom => "/dashboard",
            Realm::Platform => "/admin",
        }
    }

    pub fn login(self) -> &'static str {
        match self {
            Realm::Showroom => "/login",
            Realm::Platform => "/admin/login",
        }
    }

    pub fn of(account: &AccountRecord) -> Realm {
        if account.tenant.is_some() {
            Realm::Showroom
        } else {
            Realm::Platform
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Wrong email, password or code: always the same answer, whichever was wrong.
    #[error("invalid credentials")]
    Invalid,
    #[error("too many attempts")]
    Throttled,
    /// An email longer than any address can be.
    #[error("email too long")]
    TooLong,
    /// The password was right but the showroom is suspended.
    #[error("showroom suspended")]
    Suspended,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

/// Where a request came from, kept with the session and in the audit log.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A session just begun: the cookie value (shown to nobody else) and how far it is.
pub struct NewSession {
    pub token: String,
    pub stage: Stage,
    pub realm: Realm,
}

/// The session behind a request's cookie.
#[derive(Debug, Clone)]
pub struct Current {
    pub id_hash: String,
    pub stage: Stage,
    pub csrf_token: String,
    pub principal: Principal,
    pub has_totp: bool,
}

pub fn lifetimes(state: &AppState) -> Lifetimes {
    Lifetimes {
        idle: time::Duration::seconds(i64::from(state.settings.session_idle_secs)),
        absolute: time::Duration::seconds(i64::from(state.settings.session_max_secs)),
    }
}

pub(super) fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Whether a string looks enough like an email address to send a login to.
pub fn valid_email(raw: &str) -> bool {
    let email = raw.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Checks a password and begins a session at the stage the account needs next.
pub async fn login(
    state: &AppState,
    realm: Realm,
    email: &str,
    password_text: &str,
    origin: &Origin,
) -> Result<NewSession, AuthError> {
    if email.len() > MAX_EMAIL {
        return Err(AuthError::TooLong);
    }
    let email = normalize_email(email);
    let ip = origin.ip.as_deref().unwrap_or("-");
    let tries = count_attempt(state, &email, ip).await?;
    tokio::time::sleep(slowdown(tries)).await;
    let account = state.store.account_by_email(&email).await?;
    let matches = match account.as_ref().and_then(|a| a.password_hash.as_deref()) {
        Some(hash) => password::verify(hash, password_text),
        None => {
            password::verify_decoy(password_text);
            false
        }
    };
    let account = match account {
        Some(a) if matches && !a.disabled && Realm::of(&a) == realm => a,
        _ => return Err(AuthError::Invalid),
    };
    remember_success(state, &email, ip).await;
    let principal = principal_of(state, &account).await?;
    let stage = if account.totp_secret.is_some() {
        Stage::SecondFactor
    } else if principal.must_use_totp() {
        Stage::Enroll
    } else {
        Stage::Full
    };
    begin(state, &account, stage, origin).await
}

/// Who an account is, refusing disabled members and suspended showrooms.
pub async fn principal_of(state: &AppState, account: &AccountRecord) -> Result<Principal, AuthError> {
    let Some(tenant) = account.tenant else {
        return Ok(Principal::SuperAdmin {
            account: account.id,
            email: account.email.clone(),
        });
    };
    let standing = state
        .store
        .member_standing(tenant, account.id)
        .await?
        .filter(|s| !s.disabled)
        .ok_or(AuthError::Invalid)?;
    if standing.suspended {
        return Err(AuthError::Suspended);
    }
    Ok(Principal::Member {
        account: account.id,
        email: account.email.clone(),
        tenant,
        name: standing.name,
        role: standing.role,
    })
}

/// Starts a session with a fresh id and CSRF token.
async fn begin(
    state: &AppState,
    account: &AccountRecord,
    stage: Stage,
    origin: &Origin,
) -> Result<NewSession, AuthError> {
    let token = secrets::token();
    state
        .store
        .create_session(
            &secrets::hash(&token),
            account.id,
            stage.as_str(),
            &secrets::token(),
            utc_now(),
            (origin.ip.as_deref(), origin.user_agent.as_deref()),
        )
        .await?;
    Ok(NewSession {
        token,
        stage,
        realm: Realm::of(account),
    })
}

/// Replaces a session by a new one at `stage` (a new id after every step up).
async fn rotate(
    state: &AppState,
    old_hash: &str,
    account: &AccountRecord,
    stage: Stage,
    origin: &Origin,
) -> Result<NewSession, AuthError> {
    state.store.delete_session(old_hash).await?;
    begin(state, account, stage, origin).await
}

/// The session behind a cookie value: `None` when unknown, expired (then removed), or its
/// account can no longer sign in.
pub async fn current(state: &AppState, token: &str) -> Result<Option<Current>, AuthError> {
    let id_hash = secrets::hash(token);
    let Some(session) = state.store.session(&id_hash).await? else {
        return Ok(None);
    };
    let now = utc_now();
    let life = lifetimes(state);
    let stage = Stage::parse(&session.stage);
    let account = state.store.account_by_id(session.account).await?;
    let (Some(stage), Some(account)) = (stage, account) else {
        state.store.delete_session(&id_hash).await?;
        return Ok(None);
    };
    if account.disabled || life.expired(session.created_at, session.last_seen_at, now) {
        state.store.delete_session(&id_hash).await?;
        return Ok(None);
    }
    let principal = match principal_of(state, &account).await {
        Ok(p) => p,
        Err(AuthError::Invalid | AuthError::Suspended) => {
            state.store.delete_session(&id_hash).await?;
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if life.worth_touching(session.last_seen_at, now) {
        state.store.touch_session(&id_hash, now).await?;
    }
    Ok(Some(Current {
        id_hash,
        stage,
        csrf_token: session.csrf_token,
        principal,
        has_totp: account.totp_secret.is_some(),
    }))
}

async fn account_of(state: &AppState, current: &Current) -> Result<AccountRecord, AuthError> {
    state
        .store
        .account_by_id(current.principal.account())
        .await?
        .ok_or(AuthError::Invalid)
}

/// Counts a second-factor try before it is checked (atomically, as for passwords); over the
/// limit the half-way session ends.
async fn second_factor_attempt(state: &AppState, current: &Current, email: &str) -> Result<(), AuthError> {
    match state.kv.hit_or_refuse(&failures_key(email), THROTTLE_WINDOW).await {
        Some(n) if n <= ACCOUNT_FAILURES => Ok(()),
        _ => {
            state.store.delete_session(&current.id_hash).await?;
            Err(AuthError::Throttled)
        }
    }
}

/// Checks a TOTP code or a recovery code and signs the session in fully (with a new id).
pub async fn second_factor(
    state: &AppState,
    current: &Current,
    code: &str,
    origin: &Origin,
) -> Result<NewSession, AuthError> {
    let account = account_of(state, current).await?;
    second_factor_attempt(state, current, &account.email).await?;
    let Some(secret) = account.totp_secret.as_deref() else {
        return Err(AuthError::Invalid);
    };
    let unix = u64::try_from(utc_now().unix_timestamp()).unwrap_or(0);
    let accepted = match totp::check(secret, code, unix) {
        Some(step) => {
            state
                .store
                .use_totp_step(account.id, i64::try_from(step).unwrap_or(i64::MAX))
                .await?
        }
        None => use_recovery_code(state, &account, code).await?,
    };
    if !accepted {
        return Err(AuthError::Invalid);
    }
    state.kv.reset(&failures_key(&account.email), THROTTLE_WINDOW).await;
    rotate(state, &current.id_hash, &account, Stage::Full, origin).await
}

async fn use_recovery_code(state: &AppState, account: &AccountRecord, code: &str) -> Result<bool, AuthError> {
    let hashes: Vec<String> = serde_json::from_str(&account.recovery_codes).unwrap_or_default();
    let presented = secrets::normalize_recovery(code);
    let vault = state.store.vault();
    let Some(index) = hashes.iter().position(|h| vault.code_matches(h, &presented)) else {
        return Ok(false);
    };
    let mut remaining = hashes.clone();
    remaining.remove(index);
    let after = serde_json::to_string(&remaining).map_err(|e| AuthError::Internal(e.to_string()))?;
    Ok(state
        .store
        .use_recovery_code(account.id, &account.recovery_codes, &after)
        .await?)
}

fn enroll_key(current: &Current) -> String {
    format!("enroll:{}", current.id_hash)
}

/// The secret being set up in this session (made on first ask, kept a few minutes).
pub async fn enrolment_secret(state: &AppState, current: &Current) -> String {
    if let Some(secret) = state.kv.get(&enroll_key(current)).await {
        return secret;
    }
    let secret = totp::new_secret();
    state.kv.set(&enroll_key(current), &secret, ENROLL_WAIT).await;
    secret
}

/// Confirms a new second factor with a code from the app: stores it with fresh recovery
/// codes, returns the codes (shown once) and the new full session.
pub async fn finish_enrolment(
    state: &AppState,
    current: &Current,
    code: &str,
    origin: &Origin,
) -> Result<(NewSession, Vec<String>), AuthError> {
    let account = account_of(state, current).await?;
    let Some(secret) = state.kv.get(&enroll_key(current)).await else {
        return Err(AuthError::Invalid);
    };
    second_factor_attempt(state, current, &account.email).await?;
    let unix = u64::try_from(utc_now().unix_timestamp()).unwrap_or(0);
    let Some(step) = totp::check(&secret, code, unix) else {
        return Err(AuthError::Invalid);
    };
    state.kv.reset(&failures_key(&account.email), THROTTLE_WINDOW).await;
    let codes = secrets::recovery_codes();
    // Kept as HMACs under the platform key: the database alone cannot be searched for them.
    let hashes: Vec<String> = codes.iter().map(|c| state.store.vault().code_digest(c)).collect();
    let json = serde_json::to_string(&hashes).map_err(|e| AuthError::Internal(e.to_string()))?;
    state
        .store
        .set_totp(account.id, &secret, i64::try_from(step).unwrap_or(i64::MAX), &json)
        .await?;
    let session = rotate(state, &current.id_hash, &account, Stage::Full, origin).await?;
    Ok((session, codes))
}

/// A new one-time setup link for an account; returns the URL to hand over.
pub async fn issue_setup_link(state: &AppState, account: Uuid) -> Result<String, AuthError> {
    let token = secrets::token();
    state
        .store
        .set_setup_token(account, &secrets::hash(&token), utc_now() + SETUP_LINK_LIFETIME)
        .await?;
    Ok(setup_url(state, &token))
}

pub fn setup_url(state: &AppState, token: &str) -> String {
    format!("{}/setup/{token}", state.settings.public_url.trim_end_matches('/'))
}

/// The account a setup link opens, if the link is still good.
pub async fn setup_account(state: &AppState, token: &str) -> Result<Option<AccountRecord>, AuthError> {
    Ok(state
        .store
        .account_by_setup(&secrets::hash(token), utc_now())
        .await?
        .filter(|a| !a.disabled))
}

/// Sets the password from a setup link (using the link up) and begins a session. A suspended
/// showroom or a disabled person is refused before anything is written.
pub async fn complete_setup(
    state: &AppState,
    account: &AccountRecord,
    token: &str,
    new_password: &str,
    origin: &Origin,
) -> Result<NewSession, AuthError> {
    let principal = principal_of(state, account).await?;
    let hash = password::hash(new_password).map_err(|e| AuthError::Internal(e.to_string()))?;
    if !state
        .store
        .use_setup_link(account.id, &secrets::hash(token), &hash, utc_now())
        .await?
    {
        return Err(AuthError::Invalid);
    }
    state.store.delete_account_sessions(account.id).await?;
    let stage = if principal.must_use_totp() && account.totp_secret.is_none() {
        Stage::Enroll
    } else if account.totp_secret.is_some() {
        Stage::SecondFactor
    } else {
        Stage::Full
    };
    begin(state, account, stage, origin).await
}

/// Ends every session of the account (this one included).
pub async fn logout(state: &AppState, current: &Current) -> Result<(), AuthError> {
    state.store.delete_account_sessions(current.principal.account()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("budi@showroom.id"));
        assert!(valid_email("  budi@showroom.co.id "));
        assert!(!valid_email("budi"));
        assert!(!valid_email("budi@localhost"));
        assert!(!valid_email("bu di@showroom.id"));
        assert_eq!(normalize_email(" Budi@Showroom.ID "), "budi@showroom.id");
    }
}

//! Panel login accounts and their server-side sessions. Both are platform tables (an email or a
//! cookie is looked up before the tenant is known); a showroom member's role and name stay in
//! the tenant's `users` row, read inside the tenant's scope.

use super::vehicle_query::{Bind, bind_each};
use super::{Store, StoreError, StoreResult, tenant_tx, with_pool};
use crate::domain::TenantId;
use crate::tenants::StaffRole;
use secrecy::ExposeSecret;
use time::OffsetDateTime;
use uuid::Uuid;

const ACCOUNT_COLUMNS: &str = "SELECT id, tenant_id, email, password_hash, totp_secret, totp_last_step, \
     recovery_codes, disabled_at FROM accounts";
const INSERT_ACCOUNT: &str = "INSERT INTO accounts (id, tenant_id, email, password_hash, setup_token_hash, \
     setup_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const INSERT_MEMBER: &str =
    "INSERT INTO users (tenant_id, id, name, role, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
const SET_PASSWORD: &str = "UPDATE accounts SET password_hash = $2, setup_token_hash = NULL, \
     setup_expires_at = NULL WHERE id = $1";
const USE_SETUP: &str = "UPDATE accounts SET password_hash = $2, setup_token_hash = NULL, \
     setup_expires_at = NULL WHERE id = $1 AND setup_token_hash = $3 AND setup_expires_at > $4";
const SET_SETUP: &str = "UPDATE accounts SET setup_token_hash = $2, setup_expires_at = $3 WHERE id = $1";
const SET_TOTP: &str = "UPDATE accounts SET totp_secret = $2, totp_last_step = $3, recovery_codes = $4 WHERE id = $1";
const USE_STEP: &str = "UPDATE accounts SET totp_last_step = $2 WHERE id = $1 \
     AND (totp_last_step IS NULL OR totp_last_step < $2)";
const USE_RECOVERY: &str = "UPDATE accounts SET recovery_codes = $3 WHERE id = $1 AND recovery_codes = $2";
const SET_DISABLED: &str = "UPDATE accounts SET disabled_at = $2 WHERE id = $1";
const SET_MEMBER_DISABLED: &str = "UPDATE users SET disabled_at = $3 WHERE tenant_id = $1 AND id = $2";
/// The member with their showroom's suspension, in one round trip (read on every panel request).
const MEMBER: &str = "SELECT u.name, u.role, u.disabled_at, t.suspended_at FROM users u \
     JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = $1 AND u.id = $2";

const INSERT_SESSION: &str = "INSERT INTO sessions (id_hash, account_id, stage, csrf_token, created_at, \
     last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)";
const SESSION: &str = "SELECT account_id, stage, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = $1";
const TOUCH_SESSION: &str = "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1";
const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id_hash = $1";
const DELETE_SESSIONS: &str = "DELETE FROM sessions WHERE account_id = $1";
const DELETE_TENANT_SESSIONS: &str =
    "DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE tenant_id = $1)";

/// A login identity with its credentials (hashes only).
#[derive(Clone, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: Uuid,
    /// `None`: a platform super admin.
    pub tenant: Option<TenantId>,
    pub email: String,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    /// JSON array of the SHA-256 hashes of unused recovery codes.
    pub recovery_codes: String,
    pub disabled: bool,
}

impl std::fmt::Debug for AccountRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRecord")
            .field("id", &self.id)
            .field("tenant", &self.tenant)
            .field("email", &self.email)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

type AccountRow = (
    Uuid,
    Option<Uuid>,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
    Option<OffsetDateTime>,
);

/// What a sealed TOTP secret is for.
pub(super) const TOTP_SECRET: &str = "accounts.totp_secret";

impl Store {
    /// An account as the auth flows use it, its TOTP secret opened.
    fn account(&self, row: AccountRow) -> StoreResult<AccountRecord> {
        let (id, tenant, email, password_hash, totp_secret, totp_last_step, recovery_codes, disabled_at) = row;
        let totp_secret = totp_secret
            .map(|s| self.open_secret(TOTP_SECRET, &s).map(|s| s.expose_secret().to_owned()))
            .transpose()?;
        Ok(AccountRecord {
            id,
            tenant: tenant.map(TenantId::from_uuid),
            email,
            password_hash,
            totp_secret,
            totp_last_step,
            recovery_codes,
            disabled: disabled_at.is_some(),
        })
    }
}

/// A new account: who, and either a password (super admins from the command line) or a
/// one-time setup link.
pub struct NewAccount<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub password_hash: Option<&'a str>,
    pub setup: Option<(&'a str, OffsetDateTime)>,
}

/// A showroom member to add with their login.
pub struct NewMember<'a> {
    pub name: &'a str,
    pub role: StaffRole,
    pub phone: Option<&'a str>,
    pub account: Option<NewAccount<'a>>,
}

/// A showroom member's standing, read in the tenant's scope on every panel request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStanding {
    pub name: String,
    pub role: StaffRole,
    pub disabled: bool,
    /// Their showroom is suspended.
    pub suspended: bool,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub account: Uuid,
    pub stage: String,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

impl Store {
    /// Creates a platform super admin's account.
    pub async fn create_super_admin(&self, new: &NewAccount<'_>, now: OffsetDateTime) -> StoreResult<()> {
        with_pool!(self, |pool| {
            sqlx::query(INSERT_ACCOUNT)
                .bind(new.id)
                .bind(None::<Uuid>)
                .bind(new.email)
                .bind(new.password_hash)
                .bind(new.setup.map(|s| s.0))
                .bind(new.setup.map(|s| s.1))
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(StoreError::classify)
        })?;
        Ok(())
    }

    /// Adds a showroom member and, when given, their login, in one transaction.
    pub async fn add_member(&self, tenant: TenantId, member: &NewMember<'_>, now: OffsetDateTime) -> StoreResult<Uuid> {
        let id = member.account.as_ref().map_or_else(Uuid::now_v7, |a| a.id);
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(INSERT_MEMBER)
                .bind(tenant.as_uuid())
                .bind(id)
                .bind(member.name)
                .bind(member.role.as_str())
                .bind(member.phone)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::classify)?;
            if let Some(new) = &member.account {
                sqlx::query(INSERT_ACCOUNT)
                    .bind(id)
                    .bind(tenant.as_uuid())
                    .bind(new.email)
                    .bind(new.password_hash)
                    .bind(new.setup.map(|s| s.0))
                    .bind(new.setup.map(|s| s.1))
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::classify)?;
            }
        });
        Ok(id)
    }

    pub async fn account_by_email(&self, email: &str) -> StoreResult<Option<AccountRecord>> {
        let sql = format!("{ACCOUNT_COLUMNS} WHERE email = $1");
        let row: Option<AccountRow> = with_pool!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(email)
                .fetch_optional(pool)
                .await
        })?;
        row.map(|r| self.account(r)).transpose()
    }

    pub async fn account_by_id(&self, id: Uuid) -> StoreResult<Option<AccountRecord>> {
        let sql = format!("{ACCOUNT_COLUMNS} WHERE id = $1");
        let row: Option<AccountRow> = with_pool!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.map(|r| self.account(r)).transpose()
    }

    /// The account an unexpired setup link belongs to.
    pub async fn account_by_setup(&self, token_hash: &str, now: OffsetDateTime) -> StoreResult<Option<AccountRecord>> {
        let sql = format!("{ACCOUNT_COLUMNS} WHERE setup_token_hash = $1 AND setup_expires_at > $2");
        let row: Option<AccountRow> = with_pool!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(token_hash)
                .bind(now)
                .fetch_optional(pool)
                .await
        })?;
        row.map(|r| self.account(r)).transpose()
    }

    /// Sets a password; a setup link is used up by it.
    pub async fn set_password(&self, account: Uuid, password_hash: &str) -> StoreResult<()> {
        self.account_update(SET_PASSWORD, account, &[Bind::Text(password_hash.to_owned())])
            .await
    }

    /// Sets the password through a setup link, using the link up in the same statement:
    /// `false` when the link was used (or replaced, or expired) meanwhile, so two submissions
    /// of one link cannot both succeed.
    pub async fn use_setup_link(
        &self,
        account: Uuid,
        token_hash: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let binds = [
            Bind::Text(password_hash.to_owned()),
            Bind::Text(token_hash.to_owned()),
            Bind::Time(now),
        ];
        Ok(update_account(self, USE_SETUP, account, &binds).await? == 1)
    }

    /// Issues a new setup link (the previous one stops working).
    pub async fn set_setup_token(&self, account: Uuid, token_hash: &str, expires: OffsetDateTime) -> StoreResult<()> {
        self.account_update(
            SET_SETUP,
            account,
            &[Bind::Text(token_hash.to_owned()), Bind::Time(expires)],
        )
        .await
    }

    /// Turns on the second factor with its first accepted step and the recovery codes' hashes.
    pub async fn set_totp(&self, account: Uuid, secret: &str, step: i64, recovery_json: &str) -> StoreResult<()> {
        let binds = [
            Bind::Text(self.vault.seal(TOTP_SECRET, secret)),
            Bind::Int(step),
            Bind::Text(recovery_json.to_owned()),
        ];
        self.account_update(SET_TOTP, account, &binds).await
    }

    async fn account_update(&self, sql: &'static str, account: Uuid, binds: &[Bind]) -> StoreResult<()> {
        if update_account(self, sql, account, binds).await? == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Accepts a TOTP step once: `false` when this step (or a later one) was used already.
    pub async fn use_totp_step(&self, account: Uuid, step: i64) -> StoreResult<bool> {
        Ok(update_account(self, USE_STEP, account, &[Bind::Int(step)]).await? == 1)
    }

    /// Replaces the unused recovery codes if nobody changed them meanwhile (so one code cannot
    /// be used by two requests at once).
    pub async fn use_recovery_code(&self, account: Uuid, before: &str, after: &str) -> StoreResult<bool> {
        let binds = [Bind::Text(before.to_owned()), Bind::Text(after.to_owned())];
        Ok(update_account(self, USE_RECOVERY, account, &binds).await? == 1)
    }

    /// Disables or re-enables an account; disabling ends all its sessions.
    pub async fn set_account_disabled(&self, account: Uuid, disabled_at: Option<OffsetDateTime>) -> StoreResult<()> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(SET_DISABLED)
                .bind(account)
                .bind(disabled_at)
                .execute(&mut *tx)
                .await?;
            if disabled_at.is_some() {
                sqlx::query(DELETE_SESSIONS).bind(account).execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Disables or re-enables a showroom member within their showroom: in chat (their phone
    /// and Telegram stop counting as staff) and in the panel (their sessions end, their login
    /// is refused). The platform's own disable (`set_account_disabled`) is separate, so a
    /// showroom cannot undo it.
    pub async fn set_member_disabled(
        &self,
        tenant: TenantId,
        member: Uuid,
        disabled_at: Option<OffsetDateTime>,
    ) -> StoreResult<bool> {
        let changed = tenant_tx!(self, tenant, Write, |tx| {
            let changed = sqlx::query(SET_MEMBER_DISABLED)
                .bind(tenant.as_uuid())
                .bind(member)
                .bind(disabled_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed > 0 && disabled_at.is_some() {
                sqlx::query(DELETE_SESSIONS).bind(member).execute(&mut *tx).await?;
            }
            changed
        });
        Ok(changed > 0)
    }

    /// A member's name, role and whether they are disabled; `None` when not of this tenant.
    pub async fn member_standing(&self, tenant: TenantId, member: Uuid) -> StoreResult<Option<MemberStanding>> {
        type Row = (String, String, Option<OffsetDateTime>, Option<OffsetDateTime>);
        let row: Option<Row> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(MEMBER)
                .bind(tenant.as_uuid())
                .bind(member)
                .fetch_optional(&mut *tx)
                .await?
        });
        row.map(|(name, role, disabled_at, suspended_at)| {
            Ok(MemberStanding {
                name,
                role: role.parse().map_err(|()| StoreError::Corrupt(format!("role {role}")))?,
                disabled: disabled_at.is_some(),
                suspended: suspended_at.is_some(),
            })
        })
        .transpose()
    }

    pub async fn create_session(
        &self,
        id_hash: &str,
        account: Uuid,
        stage: &str,
        csrf_token: &str,
        now: OffsetDateTime,
        origin: (Option<&str>, Option<&str>),
    ) -> StoreResult<()> {
        with_pool!(self, |pool| {
            sqlx::query(INSERT_SESSION)
                .bind(id_hash)
                .bind(account)
                .bind(stage)
                .bind(csrf_token)
                .bind(now)
                .bind(origin.0)
                .bind(origin.1)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    pub async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let row: Option<(Uuid, String, String, OffsetDateTime, OffsetDateTime)> = with_pool!(self, |pool| {
            sqlx::query_as(SESSION).bind(id_hash).fetch_optional(pool).await
        })?;
        Ok(
            row.map(|(account, stage, csrf_token, created_at, last_seen_at)| SessionRecord {
                account,
                stage,
                csrf_token,
                created_at,
                last_seen_at,
            }),
        )
    }

    pub async fn touch_session(&self, id_hash: &str, now: OffsetDateTime) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(TOUCH_SESSION)
            .bind(id_hash)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(DELETE_SESSION)
            .bind(id_hash)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Ends every session of an account ("log out everywhere").
    pub async fn delete_account_sessions(&self, account: Uuid) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(DELETE_SESSIONS)
            .bind(account)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Ends every session of a showroom's people (when it is suspended).
    pub async fn delete_tenant_sessions(&self, tenant: TenantId) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(DELETE_TENANT_SESSIONS)
            .bind(tenant.as_uuid())
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}

/// Runs `sql` (its `$1` is the account id) with further values; returns the rows changed.
async fn update_account(store: &Store, sql: &'static str, account: Uuid, binds: &[Bind]) -> StoreResult<u64> {
    let changed = with_pool!(store, |pool| {
        bind_each!(sqlx::query(sql).bind(account), binds)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(changed)
}

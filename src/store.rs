//! The only module that speaks SQL. One `Store` type over two backends: SQLite for the embedded
//! default and PostgreSQL (with row-level security) for scaled deployments. Every statement is
//! written once, in SQL both backends accept, and exercised on both by the shared tests.

mod accounts;
mod audit;
mod catalog;
mod connect;
mod conversations;
mod jobs;
mod leads;
mod panel;
mod photos;
mod pipeline;
mod platform;
mod sealing;
mod staff;
mod tenants;
mod vehicle_query;
mod vehicles;

use crate::domain::TenantId;
use sqlx::{PgPool, Postgres, SqlitePool, Transaction};

pub use accounts::{AccountRecord, MemberStanding, NewAccount, NewMember, SessionRecord};
pub use audit::{AuditQuery, AuditRecord, NewAudit};
pub use catalog::{MainPhoto, SiteRecord};
pub use connect::{ConnectOptions, RoleCheck, backend_of};
pub use conversations::{ConversationSave, StoredConversation};
pub use jobs::{Job, JobEnd};
pub use leads::PeriodFigures;
pub use panel::{ChatLine, ChatSummary, MemberRow};
pub use photos::{CarPhoto, PhotoMeta};
pub use pipeline::{StoredInbound, StoredOutbound, send_queue};
pub use platform::{DeadLetter, PersonRow, QueueHealth, TenantActivity};
pub use sealing::Resealed;
pub use staff::{ChannelUpdate, StaffContact, StaffMember, TelegramBot, WhatsappAccount};
pub use vehicles::{HistoryRecord, Page};

/// Errors from storage. Constraint names are kept so callers can turn a unique violation into
/// a client error in one line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict on {0}")]
    Conflict(String),
    #[error(transparent)]
    Other(#[from] sqlx::Error),
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    /// The job's lease ran out and another worker holds it now: this worker's result is
    /// dropped (its transaction rolled back) so the work is not done twice.
    #[error("the job's lease was lost to another worker")]
    LeaseLost,
}

impl StoreError {
    /// Turns unique-violation errors into `Conflict`, naming the constraint (PostgreSQL) or the
    /// columns (SQLite's message), so the caller can tell a taken slug from a taken plate.
    fn classify(err: sqlx::Error) -> Self {
        if let Some(db) = err.as_database_error()
            && db.is_unique_violation()
        {
            let name = db.constraint().map_or_else(|| db.message().to_owned(), str::to_owned);
            return StoreError::Conflict(name);
        }
        StoreError::Other(err)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database handle shared by every module. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    /// Seals and opens the secrets this store keeps (tokens, TOTP secrets).
    vault: std::sync::Arc<crate::vault::Vault>,
}

#[derive(Clone, Debug)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Whether a SQLite transaction will write: writers take the lock up front so two writers
/// never deadlock upgrading a read lock.
#[derive(Clone, Copy)]
enum TxMode {
    Read,
    Write,
}

/// Runs `$body` inside a transaction scoped to one tenant, on whichever backend is configured.
/// The body is written once and compiled per backend; it sees the transaction as `$tx`.
/// On PostgreSQL the transaction first sets `app.tenant_id`, which the RLS policies check.
macro_rules! tenant_tx {
    ($store:expr, $tenant:expr, $mode:ident, |$tx:ident| $body:expr) => {{
        match &$store.db {
            crate::store::Db::Sqlite(pool) => {
                let mut $tx = crate::store::sqlite_begin(pool, crate::store::TxMode::$mode).await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            crate::store::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                crate::store::set_tenant(&mut $tx, $tenant).await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    }};
}

/// Runs `$body` with a pool of whichever backend is configured, for platform-level statements
/// that are not scoped to a tenant (tenant registry, health).
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {{
        match &$store.db {
            crate::store::Db::Sqlite($pool) => $body,
            crate::store::Db::Postgres($pool) => $body,
        }
    }};
}

/// Runs `$body` in a transaction that may read across tenants where a policy allows the
/// platform scope (`app.platform`): the audit log and the people of every showroom, for the
/// platform admin only.
macro_rules! platform_tx {
    ($store:expr, |$tx:ident| $body:expr) => {{
        match &$store.db {
            crate::store::Db::Sqlite(pool) => {
                let mut $tx = crate::store::sqlite_begin(pool, crate::store::TxMode::Read).await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            crate::store::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                sqlx::query("SELECT set_config('app.platform', 'on', true)")
                    .execute(&mut *$tx)
                    .await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    }};
}

pub(crate) use {platform_tx, tenant_tx, with_pool};

async fn sqlite_begin(pool: &SqlitePool, mode: TxMode) -> Result<Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    match mode {
        TxMode::Read => pool.begin().await,
        TxMode::Write => pool.begin_with("BEGIN IMMEDIATE").await,
    }
}

/// Scopes the rest of the transaction to one tenant; `true` makes it transaction-local, so a
/// pooled connection never carries a tenant into someone else's transaction.
async fn set_tenant(tx: &mut Transaction<'static, Postgres>, tenant: TenantId) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
        .bind(tenant.as_uuid().to_string())
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

impl Store {
    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The keyring secrets are sealed with (recovery codes are digested with it too).
    pub fn vault(&self) -> &crate::vault::Vault {
        &self.vault
    }

    /// Is the database answering? Used by `/readyz`.
    pub async fn ping(&self) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Waits for in-flight queries and closes every connection.
    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await);
    }
}

//! Opening pools, running migrations, and refusing to run with a role that would bypass RLS.

use super::{Backend, Db, Store};
use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How to open the store.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub url: SecretString,
    pub max_connections: u32,
    pub vault: crate::vault::Vault,
}

/// What to do when the PostgreSQL role could bypass row-level security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleCheck {
    Refuse,
    /// Local experiments only: log a warning and carry on.
    Warn,
}

/// Which backend a URL names, or why it names none.
pub fn backend_of(url: &str) -> Option<Backend> {
    if url.starts_with("sqlite:") {
        Some(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Some(Backend::Postgres)
    } else {
        None
    }
}

impl Store {
    /// Opens a pool. For SQLite the file and its directory are created when missing.
    pub async fn connect(options: &ConnectOptions) -> anyhow::Result<Store> {
        let url = options.url.expose_secret();
        let db = match backend_of(url) {
            Some(Backend::Sqlite) => Db::Sqlite(connect_sqlite(url, options.max_connections).await?),
            Some(Backend::Postgres) => {
                let opts = PgConnectOptions::from_str(url).context("DATABASE_URL is not a valid PostgreSQL URL")?;
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(opts)
                    .await
                    .context("cannot connect to PostgreSQL")?;
                Db::Postgres(pool)
            }
            None => bail!("DATABASE_URL must start with sqlite: or postgres://"),
        };
        Ok(Store {
            db,
            vault: std::sync::Arc::new(options.vault.clone()),
        })
    }

    /// Applies pending migrations for this backend.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.db {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
        .context("migrations failed")
    }

    /// On PostgreSQL, refuses (or warns about) a role that is superuser or has BYPASSRLS:
    /// row-level security would silently not apply to it.
    pub async fn check_role(&self, check: RoleCheck) -> anyhow::Result<()> {
        let Db::Postgres(pool) = &self.db else { return Ok(()) };
        let (name, superuser, bypass): (String, bool, bool) =
            sqlx::query_as("SELECT rolname::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .fetch_one(pool)
                .await
                .context("cannot read the database role")?;
        if !(superuser || bypass) {
            return Ok(());
        }
        let problem = format!(
            "database role \"{name}\" is a superuser or has BYPASSRLS, so row-level security would not \
             isolate tenants. Fix: connect DATABASE_URL as a login role that is a member of \
             autolumiku_app (see README, \"Deploying on PostgreSQL\"), keep the owner for \
             DATABASE_MIGRATION_URL, or set ALLOW_UNSAFE_DB_ROLE=true for a local experiment"
        );
        match check {
            RoleCheck::Refuse => bail!(problem),
            RoleCheck::Warn => {
                tracing::warn!("{problem}");
                Ok(())
            }
        }
    }
}

async fn connect_sqlite(url: &str, max_connections: u32) -> anyhow::Result<sqlx::SqlitePool> {
    let opts = SqliteConnectOptions::from_str(url)
        .context("DATABASE_URL is not a valid SQLite URL")?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true);
    if let Some(dir) = opts.get_filename().parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    SqlitePoolOptions::new()
        .max_connections(max_connections)
        .connect_with(opts)
        .await
        .context("cannot open the SQLite database")
}

//! Fresh databases for tests and benchmarks: a SQLite file in a directory, or — when
//! `TEST_DATABASE_URL` names a PostgreSQL superuser — a new database migrated by its owner
//! and reached by a login role that owns nothing, so row-level security applies as in
//! production. Not used by the service itself.

use anyhow::Context;
use sqlx::Connection;
use uuid::Uuid;

/// The login role tests and benchmarks connect as: a member of `autolumiku_app`.
pub const APP_ROLE: &str = "autolumiku_test";
const APP_PASSWORD: &str = "autolumiku_test";

/// URLs of one fresh database.
#[derive(Debug, Clone)]
pub struct FreshDatabase {
    /// What the service connects with.
    pub app_url: String,
    /// What migrations run as (the owner).
    pub migration_url: String,
    /// Set on PostgreSQL: the owner's URL, for raw checks.
    pub admin_url: Option<String>,
}

/// A new, empty database for one test run.
pub async fn fresh_database(dir: &std::path::Path) -> anyhow::Result<FreshDatabase> {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        let url = format!("sqlite://{}", dir.join("test.db").display());
        return Ok(FreshDatabase {
            app_url: url.clone(),
            migration_url: url,
            admin_url: None,
        });
    };
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .context("connect to TEST_DATABASE_URL")?;
    ensure_roles(&mut conn).await?;
    let name = format!("alk_test_{}", Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await?;
    let mut owner = url::Url::parse(&admin).context("TEST_DATABASE_URL is not a URL")?;
    owner.set_path(&name);
    let mut app = owner.clone();
    app.set_username(APP_ROLE)
        .map_err(|()| anyhow::anyhow!("cannot set the user name"))?;
    app.set_password(Some(APP_PASSWORD))
        .map_err(|()| anyhow::anyhow!("cannot set the password"))?;
    Ok(FreshDatabase {
        app_url: app.to_string(),
        migration_url: owner.to_string(),
        admin_url: Some(owner.to_string()),
    })
}

/// Creates the shared roles once per cluster; the advisory lock keeps parallel tests from
/// racing on CREATE ROLE.
async fn ensure_roles(conn: &mut sqlx::PgConnection) -> anyhow::Result<()> {
    sqlx::query("SELECT pg_advisory_lock(727274)")
        .execute(&mut *conn)
        .await?;
    let statement = format!(
        "DO $$ BEGIN \
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'autolumiku_app') THEN CREATE ROLE autolumiku_app NOLOGIN; END IF; \
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN \
             CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}' IN ROLE autolumiku_app; END IF; \
         END $$"
    );
    let created = sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *conn).await;
    sqlx::query("SELECT pg_advisory_unlock(727274)")
        .execute(&mut *conn)
        .await?;
    created?;
    Ok(())
}

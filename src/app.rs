//! Building and running the service: the shared state, the router with its layers, and the
//! start-up checks (migrations, database role, Redis).

use crate::api::{self, extract::MAX_JSON_BODY};
use crate::config::Settings;
use crate::i18n::Localizer;
use crate::inventory::service::Inventory;
use crate::kv::Kv;
use crate::ops::{self, metrics::Metrics};
use crate::store::{ConnectOptions, RoleCheck, Store};
use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Request, StatusCode};
use axum::middleware;
use secrecy::{ExposeSecret, SecretString};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub kv: Kv,
    pub inventory: Inventory,
    pub i18n: Arc<Localizer>,
    pub metrics: Arc<Metrics>,
    /// The optional LLM second opinion for unsure intent readings.
    pub llm: Option<Arc<crate::llm::LlmFallback>>,
    /// Web chats open in this process, where their replies are delivered.
    pub web_chats: crate::channels::web::WebChats,
    /// Wakes idle workers when new work is queued.
    pub wake: Arc<tokio::sync::Notify>,
    pub whatsapp: crate::channels::whatsapp::client::GraphClient,
    pub telegram: crate::channels::telegram::client::TelegramClient,
    /// Where photos from chats are kept.
    pub media: crate::media::MediaStore,
    /// Catalog pages and the host → showroom directory, cleared by change events.
    pub catalog: Arc<crate::catalog::Catalog>,
}

impl AppState {
    /// Opens the store and the key-value backend named by the settings. Does not migrate.
    pub async fn connect(settings: Settings) -> anyhow::Result<AppState> {
        let store = open_store(&settings, &settings.database_url).await?;
        let kv = match &settings.redis_url {
            Some(url) => Kv::redis(url.expose_secret(), &settings.redis_prefix)
                .await
                .context("cannot connect to Redis (REDIS_URL)")?,
            None => Kv::memory(),
        };
        let llm = settings
            .llm
            .as_ref()
            .map(crate::llm::LlmFallback::new)
            .transpose()?
            .map(Arc::new);
        Ok(AppState {
            llm,
            web_chats: crate::channels::web::WebChats::default(),
            wake: Arc::new(tokio::sync::Notify::new()),
            whatsapp: crate::channels::whatsapp::client::GraphClient::new(&settings.whatsapp)?,
            telegram: crate::channels::telegram::client::TelegramClient::new(&settings.telegram_api_base)?,
            media: match &settings.s3 {
                Some(s3) => crate::media::MediaStore::s3(s3),
                None => crate::media::MediaStore::new(&settings.data_dir),
            },
            catalog: Arc::new(crate::catalog::Catalog::new(&settings, kv.subscribe())),
            inventory: Inventory::new(store.clone(), kv.clone()),
            store,
            kv,
            i18n: Arc::new(Localizer::new()?),
            metrics: Arc::new(Metrics::default()),
            settings: Arc::new(settings),
        })
    }
}

async fn open_store(settings: &Settings, url: &SecretString) -> anyhow::Result<Store> {
    let options = ConnectOptions {
        url: url.clone(),
        max_connections: settings.database_max_connections,
        vault: load_vault(settings)?,
    };
    Store::connect(&options).await
}

/// The platform keyring: `SECRET_KEY` (and `SECRET_KEY_PREVIOUS`) when set, else the key file
/// (made with owner-only rights on first start, for the embedded default).
pub fn load_vault(settings: &Settings) -> anyhow::Result<crate::vault::Vault> {
    let Some(key) = &settings.secret_key else {
        if crate::store::backend_of(settings.database_url.expose_secret()) == Some(crate::store::Backend::Postgres) {
            tracing::warn!("SECRET_KEY is not set: using the key file, which other replicas do not share");
        }
        return crate::vault::Vault::from_file(&settings.secret_key_file).with_context(|| {
            format!(
                "cannot read or make the key file {}",
                settings.secret_key_file.display()
            )
        });
    };
    let mut keys = vec![key.expose_secret().to_owned()];
    keys.extend(
        settings
            .secret_keys_previous
            .iter()
            .map(|k| k.expose_secret().to_owned()),
    );
    Ok(crate::vault::Vault::from_keys(&keys)?)
}

/// The store as the migration role (`DATABASE_MIGRATION_URL`), for maintenance commands.
pub async fn open_migration_store(settings: &Settings) -> anyhow::Result<Store> {
    open_store(settings, &settings.database_migration_url).await
}

/// Applies pending migrations as the migration role (`DATABASE_MIGRATION_URL`).
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let store = open_store(settings, &settings.database_migration_url).await?;
    let result = match store.migrate().await {
        // Secrets stored before they were sealed (or under an older key) are sealed now.
        Ok(()) => store
            .reseal_secrets(false)
            .await
            .map(|n| {
                if n != crate::store::Resealed::default() {
                    tracing::info!(
                        secrets = n.secrets,
                        recovery_code_lists = n.code_lists,
                        "sealed stored secrets"
                    );
                }
            })
            .map_err(anyhow::Error::from),
        Err(e) => Err(e),
    };
    store.close().await;
    result
}

/// The whole HTTP surface with its layers.
pub fn router(state: AppState) -> Router {
    let request_span = |request: &Request<_>| {
        let request_id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("http", http.method = %request.method(), http.path = %crate::telemetry::loggable_path(request.uri().path()), request.id = %request_id, tenant.id = tracing::field::Empty)
    };
    let site = crate::catalog::site_router(state.clone());
    Router::new()
        .merge(ops::router())
        .merge(crate::catalog::asset_router())
        .merge(crate::inventory::http::router())
        .merge(crate::channels::whatsapp::http::router())
        .merge(crate::channels::telegram::http::router())
        .merge(crate::media::http::router())
        .merge(crate::panel::router(&state))
        .merge(api::auth::router())
        .fallback(api::error::not_found)
        .method_not_allowed_fallback(api::error::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(middleware::from_fn_with_state(
            (state.clone(), site),
            crate::catalog::dispatch,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), api::error::render_errors))
        .layer(middleware::from_fn_with_state(state.clone(), crate::audit::with_origin))
        .layer(middleware::from_fn_with_state(state.clone(), ops::metrics::track))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(crate::panel::headers::security_headers))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// A built service: migrated, checked, bound to its port, not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Migrates, connects, checks the database role and binds `settings.bind` (port 0 picks a
    /// free one, as the tests do).
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        migrate(&settings).await?;
        let state = AppState::connect(settings).await?;
        let role_check = if state.settings.allow_unsafe_db_role {
            RoleCheck::Warn
        } else {
            RoleCheck::Refuse
        };
        state.store.check_role(role_check).await?;
        let bind = state.settings.bind;
        let listener = TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on {bind} (BIND)"))?;
        Ok(Application { listener, state })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then drains in-flight requests and closes the store.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let store = self.state.store.clone();
        tracing::info!(
            bind = %self.listener.local_addr()?,
            db.backend = ?store.backend(),
            kv.redis = self.state.kv.is_redis(),
            "autolumiku serving"
        );
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let config = crate::jobs::WorkerConfig {
            lease: Duration::from_secs(self.state.settings.worker_lease_secs.into()),
            ..crate::jobs::WorkerConfig::default()
        };
        let workers = crate::jobs::Workers::new(self.state.clone(), config);
        let stopped = async move {
            let mut rx = stop_rx;
            let _ = rx.wait_for(|stop| *stop).await;
        };
        let http_only = self.state.settings.http_only;
        let worker = tokio::spawn(async move {
            if http_only {
                stopped.await;
            } else {
                workers.run(stopped).await;
            }
        });
        let app = router(self.state);
        // Peer addresses feed the catalog form's per-visitor rate limit.
        let served = axum::serve(self.listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await;
        // The server has drained; let the workers finish their batch and stop.
        let _ = stop_tx.send(true);
        if let Err(e) = worker.await {
            tracing::error!(error = %e, "worker task ended abnormally");
        }
        store.close().await;
        served.context("HTTP server failed")
    }
}

/// Completes on Ctrl+C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => drop(s.recv().await),
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

//! Structured logs with `tracing`. `RUST_LOG` filters; `LOG_FORMAT=json` for machines.

use crate::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (tests) are no-ops.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // An error only means a subscriber is already installed.
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
}

/// A request path as it may be logged: one-time setup links are credentials, so their token
/// is left out.
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with("/setup/") {
        "/setup/…"
    } else {
        path
    }
}

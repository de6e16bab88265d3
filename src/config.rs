//! Settings: defaults, then an optional TOML file, then environment variables (environment
//! wins). Validated once at start; a bad value fails with one line naming the variable.
//! `std::env` is read only here.

use secrecy::{ExposeSecret, SecretString};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Everything the service reads from its environment.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: SecretString,
    /// Role used to run migrations (owns the tables); defaults to `database_url`.
    pub database_migration_url: SecretString,
    pub database_max_connections: u32,
    /// Serve even when the PostgreSQL role bypasses RLS (local experiments only).
    pub allow_unsafe_db_role: bool,
    /// Serve HTTP without the background workers: a replica that only takes webhooks and
    /// serves pages while others work the queues.
    pub http_only: bool,
    pub redis_url: Option<SecretString>,
    /// Prefix of every Redis key and channel, so several deployments can share one Redis.
    pub redis_prefix: String,
    pub bind: SocketAddr,
    pub platform_domain: String,
    /// Where this service is reached from outside (links to photos and catalog pages in chat).
    pub public_url: String,
    pub data_dir: PathBuf,
    /// The platform key that seals secrets at rest (base64, 32 bytes), and earlier keys still
    /// needed to open what they sealed. Without `SECRET_KEY`, the key file is used (made on
    /// first start).
    pub secret_key: Option<SecretString>,
    pub secret_keys_previous: Vec<SecretString>,
    pub secret_key_file: PathBuf,
    pub api_rate_limit_per_minute: u32,
    pub log_format: LogFormat,
    /// The optional OpenAI-compatible LLM; `None` when `LLM_BASE_URL` is unset.
    pub llm: Option<crate::llm::LlmSettings>,
    /// How long a worker owns a claimed job before another may take it over.
    pub worker_lease_secs: u32,
    pub whatsapp: WhatsappSettings,
    /// Base URL of the Telegram Bot API.
    pub telegram_api_base: String,
    /// Photos in an S3-compatible bucket instead of `DATA_DIR/media`.
    pub s3: Option<crate::media::storage::S3Settings>,
    /// A panel session ends after this long without a request.
    pub session_idle_secs: u32,
    /// A panel session ends this long after login, however busy.
    pub session_max_secs: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR blocks).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// Platform-wide WhatsApp Cloud API settings (per-tenant number ids and tokens are stored
/// with the tenant).
#[derive(Debug, Clone)]
pub struct WhatsappSettings {
    /// Signs every webhook; without it the WhatsApp webhook refuses everything.
    pub app_secret: Option<SecretString>,
    pub verify_token: Option<SecretString>,
    pub api_base: String,
    pub api_version: String,
    /// Messages a second we send from one business number (Meta's default tier is 80).
    pub sends_per_second: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A configuration problem, naming the variable. Never contains a secret value.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {variable}: {reason}")]
pub struct ConfigError {
    pub variable: String,
    pub reason: String,
}

fn problem(variable: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        variable: variable.to_owned(),
        reason: reason.into(),
    }
}

/// The variables we read. Secret ones (URLs with passwords) are never echoed in errors.
const VARIABLES: &[&str] = &[
    "DATABASE_URL",
    "DATABASE_MIGRATION_URL",
    "DATABASE_MAX_CONNECTIONS",
    "ALLOW_UNSAFE_DB_ROLE",
    "REDIS_URL",
    "REDIS_PREFIX",
    "BIND",
    "PLATFORM_DOMAIN",
    "PUBLIC_URL",
    "DATA_DIR",
    "API_RATE_LIMIT_PER_MINUTE",
    "LOG_FORMAT",
    "LLM_BASE_URL",
    "LLM_API_KEY",
    "LLM_MODEL",
    "LLM_TIMEOUT_MS",
    "LLM_VISION_MODEL",
    "WORKER_LEASE_SECS",
    "HTTP_ONLY",
    "SECRET_KEY",
    "SECRET_KEY_PREVIOUS",
    "SECRET_KEY_FILE",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_API_BASE",
    "WHATSAPP_API_VERSION",
    "WHATSAPP_SENDS_PER_SECOND",
    "TELEGRAM_API_BASE",
    "S3_BUCKET",
    "S3_ENDPOINT",
    "S3_REGION",
    "S3_PATH_STYLE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "SESSION_IDLE_SECS",
    "SESSION_MAX_SECS",
    "TRUSTED_PROXIES",
];

/// Raw values by variable name, before validation.
type Raw = BTreeMap<String, String>;

impl Settings {
    /// Loads from the process environment and, when given (or named by `AUTOLUMIKU_CONFIG`),
    /// a TOML file whose keys are the variable names in lowercase.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let env_file = std::env::var_os("AUTOLUMIKU_CONFIG").map(PathBuf::from);
        let file = file.map(Path::to_path_buf).or(env_file);
        Self::from_sources(file.as_deref(), |name| std::env::var(name).ok())
    }

    /// Loads from a TOML file and an environment lookup; the pure core of [`Settings::load`].
    pub fn from_sources(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut raw = match file {
            Some(path) => read_toml(path)?,
            None => Raw::new(),
        };
        for name in VARIABLES {
            if let Some(value) = env(name).filter(|v| !v.trim().is_empty()) {
                raw.insert((*name).to_owned(), value);
            }
        }
        Self::validate(&raw)
    }

    fn validate(raw: &Raw) -> Result<Self, ConfigError> {
        let get = |name: &str| raw.get(name).map(|v| v.trim().to_owned());
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let default_db = format!("sqlite://{}", data_dir.join("autolumiku.db").display());
        let database_url = get("DATABASE_URL").unwrap_or(default_db);
        if crate::store::backend_of(&database_url).is_none() {
            return Err(problem("DATABASE_URL", "must start with sqlite:// or postgres://"));
        }
        let migration_url = get("DATABASE_MIGRATION_URL").unwrap_or_else(|| database_url.clone());
        if crate::store::backend_of(&migration_url) != crate::store::backend_of(&database_url) {
            return Err(problem(
                "DATABASE_MIGRATION_URL",
                "must name the same kind of database as DATABASE_URL",
            ));
        }
        let redis_url = get("REDIS_URL");
        if let Some(url) = &redis_url
            && !url.starts_with("redis://")
        {
            // rediss:// would need Redis's TLS feature, not built: say so rather than fail later.
            return Err(problem(
                "REDIS_URL",
                "must start with redis:// (TLS Redis is not supported yet)",
            ));
        }
        let bind = parse_bind(get("BIND"))?;
        let public_url = http_base(&get, "PUBLIC_URL", &format!("http://{bind}"))?;
        let (secret_key, secret_keys_previous) = secret_keys(&get)?;
        Ok(Settings {
            secret_key,
            secret_keys_previous,
            secret_key_file: get("SECRET_KEY_FILE").map_or_else(|| data_dir.join("secret.key"), PathBuf::from),
            public_url,
            database_url: SecretString::from(database_url),
            database_migration_url: SecretString::from(migration_url),
            database_max_connections: number(&get, "DATABASE_MAX_CONNECTIONS", 10, 1..=1000)?,
            allow_unsafe_db_role: flag(&get, "ALLOW_UNSAFE_DB_ROLE")?,
            http_only: flag(&get, "HTTP_ONLY")?,
            redis_url: redis_url.map(SecretString::from),
            redis_prefix: get("REDIS_PREFIX").unwrap_or_else(|| "autolumiku".into()),
            bind,
            platform_domain: parse_domain(get("PLATFORM_DOMAIN"))?,
            data_dir,
            api_rate_limit_per_minute: number(&get, "API_RATE_LIMIT_PER_MINUTE", 600, 1..=1_000_000)?,
            log_format: match get("LOG_FORMAT").as_deref() {
                None | Some("pretty") => LogFormat::Pretty,
                Some("json") => LogFormat::Json,
                Some(_) => return Err(problem("LOG_FORMAT", "must be pretty or json")),
            },
            llm: llm_settings(&get)?,
            worker_lease_secs: number(&get, "WORKER_LEASE_SECS", 30, 1..=3600)?,
            whatsapp: WhatsappSettings {
                app_secret: get("WHATSAPP_APP_SECRET").map(SecretString::from),
                verify_token: get("WHATSAPP_VERIFY_TOKEN").map(SecretString::from),
                api_base: http_base(&get, "WHATSAPP_API_BASE", "https://graph.facebook.com")?,
                api_version: get("WHATSAPP_API_VERSION").unwrap_or_else(|| "v21.0".into()),
                sends_per_second: number(&get, "WHATSAPP_SENDS_PER_SECOND", 80, 1..=1000)?,
            },
            telegram_api_base: http_base(&get, "TELEGRAM_API_BASE", "https://api.telegram.org")?,
            s3: s3_settings(&get)?,
            session_idle_secs: number(&get, "SESSION_IDLE_SECS", 30 * 60, 1..=24 * 3600)?,
            session_max_secs: number(&get, "SESSION_MAX_SECS", 12 * 3600, 1..=7 * 24 * 3600)?,
            trusted_proxies: crate::client_ip::parse_trusted(&get("TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|why| problem("TRUSTED_PROXIES", &why))?,
        })
    }

    /// Whether PostgreSQL is configured (else SQLite).
    pub fn uses_postgres(&self) -> bool {
        crate::store::backend_of(self.database_url.expose_secret()) == Some(crate::store::Backend::Postgres)
    }
}

fn s3_settings(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::media::storage::S3Settings>, ConfigError> {
    let Some(bucket) = get("S3_BUCKET") else {
        return Ok(None);
    };
    let endpoint = match get("S3_ENDPOINT") {
        Some(_) => Some(http_base(get, "S3_ENDPOINT", "")?),
        None => None,
    };
    Ok(Some(crate::media::storage::S3Settings {
        bucket,
        endpoint,
        region: get("S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        path_style: flag(get, "S3_PATH_STYLE")?,
        access_key_id: get("AWS_ACCESS_KEY_ID").map(SecretString::from),
        secret_access_key: get("AWS_SECRET_ACCESS_KEY").map(SecretString::from),
        session_token: get("AWS_SESSION_TOKEN").map(SecretString::from),
    }))
}

fn http_base(get: &impl Fn(&str) -> Option<String>, name: &str, default: &str) -> Result<String, ConfigError> {
    let url = get(name).unwrap_or_else(|| default.to_owned());
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(url.trim_end_matches('/').to_owned())
    } else {
        Err(problem(name, "must start with http:// or https://"))
    }
}

fn llm_settings(get: &impl Fn(&str) -> Option<String>) -> Result<Option<crate::llm::LlmSettings>, ConfigError> {
    let Some(base_url) = get("LLM_BASE_URL") else {
        return Ok(None);
    };
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(problem("LLM_BASE_URL", "must start with http:// or https://"));
    }
    let timeout_ms = number(get, "LLM_TIMEOUT_MS", 3_000, 100..=60_000)?;
    Ok(Some(crate::llm::LlmSettings {
        base_url,
        api_key: SecretString::from(get("LLM_API_KEY").unwrap_or_default()),
        model: get("LLM_MODEL").unwrap_or_else(|| "gpt-4o-mini".into()),
        timeout: std::time::Duration::from_millis(u64::from(timeout_ms)),
        vision_model: get("LLM_VISION_MODEL"),
    }))
}

fn read_toml(path: &Path) -> Result<Raw, ConfigError> {
    let file_problem = |reason: String| problem(&format!("config file {}", path.display()), reason);
    let text = std::fs::read_to_string(path).map_err(|e| file_problem(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| file_problem(e.message().to_owned()))?;
    let mut raw = Raw::new();
    for (key, value) in table {
        let name = key.to_uppercase();
        if !VARIABLES.contains(&name.as_str()) {
            return Err(file_problem(format!("unknown key {key}")));
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => return Err(problem(&name, "must be a string, number or boolean")),
        };
        raw.insert(name, value);
    }
    Ok(raw)
}

fn number(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    let Some(text) = get(name) else { return Ok(default) };
    match text.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(problem(
            name,
            format!(
                "must be a whole number from {} to {} (got {text:?})",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// `SECRET_KEY` and `SECRET_KEY_PREVIOUS`, each checked to be a usable key.
fn secret_keys(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<(Option<SecretString>, Vec<SecretString>), ConfigError> {
    let key = get("SECRET_KEY").filter(|k| !k.is_empty());
    let previous: Vec<String> = get("SECRET_KEY_PREVIOUS")
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if let Some(key) = &key
        && crate::vault::Vault::from_keys(&[key]).is_err()
    {
        return Err(problem(
            "SECRET_KEY",
            "must be 32 bytes in base64 (autolumiku secrets new-key)",
        ));
    }
    if !previous.is_empty() && crate::vault::Vault::from_keys(&previous).is_err() {
        return Err(problem(
            "SECRET_KEY_PREVIOUS",
            "must be 32-byte base64 keys, comma-separated",
        ));
    }
    Ok((
        key.map(SecretString::from),
        previous.into_iter().map(SecretString::from).collect(),
    ))
}

fn flag(get: &impl Fn(&str) -> Option<String>, name: &str) -> Result<bool, ConfigError> {
    match get(name).map(|v| v.to_lowercase()).as_deref() {
        None | Some("false" | "0" | "no") => Ok(false),
        Some("true" | "1" | "yes") => Ok(true),
        Some(other) => Err(problem(name, format!("must be true or false (got {other:?})"))),
    }
}

fn parse_bind(value: Option<String>) -> Result<SocketAddr, ConfigError> {
    let text = value.unwrap_or_else(|| "127.0.0.1:8080".into());
    text.parse()
        .map_err(|_| problem("BIND", format!("must be an address like 127.0.0.1:8080 (got {text:?})")))
}

fn parse_domain(value: Option<String>) -> Result<String, ConfigError> {
    let domain = value.unwrap_or_else(|| "localhost".into()).to_lowercase();
    let ok = !domain.is_empty()
        && domain
            .split('.')
            .all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if ok {
        Ok(domain)
    } else {
        Err(problem(
            "PLATFORM_DOMAIN",
            format!("must be a domain name like autolumiku.id (got {domain:?})"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_env(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: BTreeMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        Settings::from_sources(None, |name| map.get(name).cloned())
    }

    #[test]
    fn defaults_need_nothing_installed() {
        let s = with_env(&[]).expect("defaults are valid");
        assert_eq!(s.database_url.expose_secret(), "sqlite://./data/autolumiku.db");
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert!(s.redis_url.is_none());
        assert!(!s.uses_postgres());
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let err = with_env(&[("BIND", "eighty")]).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("configuration: BIND: must be an address like 127.0.0.1:8080 (got \"eighty\")")
        );
        let err = with_env(&[("API_RATE_LIMIT_PER_MINUTE", "-3")])
            .err()
            .map(|e| e.variable);
        assert_eq!(err.as_deref(), Some("API_RATE_LIMIT_PER_MINUTE"));
    }

    #[test]
    fn tls_redis_is_refused_at_start_not_at_first_use() {
        let err = with_env(&[("REDIS_URL", "rediss://:pw@cache:6380")])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("REDIS_URL") && !e.contains("pw")));
    }

    #[test]
    fn secret_values_are_never_echoed() {
        let err = with_env(&[("DATABASE_URL", "mysql://root:hunter2@db/x")])
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("DATABASE_URL") && !e.contains("hunter2"))
        );
        let s = with_env(&[("DATABASE_URL", "postgres://app:hunter2@db/x")]).expect("valid");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn environment_wins_over_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("autolumiku.toml");
        std::fs::write(&path, "bind = \"0.0.0.0:9000\"\nplatform_domain = \"mobil.id\"\n").expect("write");
        let s = Settings::from_sources(Some(&path), |n| (n == "BIND").then(|| "127.0.0.1:7000".into())).expect("valid");
        assert_eq!(s.bind.to_string(), "127.0.0.1:7000");
        assert_eq!(s.platform_domain, "mobil.id");
        std::fs::write(&path, "colour = \"red\"\n").expect("write");
        assert!(Settings::from_sources(Some(&path), |_| None).is_err());
    }
}

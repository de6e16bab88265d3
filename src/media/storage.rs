//! Where photo bytes live: a local directory (the default) or an S3-compatible bucket. Keys
//! are `{tenant}/{name}`; nothing here decides who may read them.

use super::MediaError;
use aws_sdk_s3::primitives::ByteStream;
use std::path::PathBuf;

/// An S3-compatible bucket's settings.
#[derive(Debug, Clone)]
pub struct S3Settings {
    pub bucket: String,
    /// `None`: AWS itself; otherwise any S3-compatible server (MinIO, R2, moto...).
    pub endpoint: Option<String>,
    pub region: String,
    /// Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers want.
    pub path_style: bool,
    pub access_key_id: Option<secrecy::SecretString>,
    pub secret_access_key: Option<secrecy::SecretString>,
    pub session_token: Option<secrecy::SecretString>,
}

#[derive(Clone)]
pub enum ObjectStore {
    Local(PathBuf),
    S3 { client: aws_sdk_s3::Client, bucket: String },
}

impl std::fmt::Debug for ObjectStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ObjectStore::Local(root) => write!(f, "Local({})", root.display()),
            ObjectStore::S3 { bucket, .. } => write!(f, "S3({bucket})"),
        }
    }
}

fn io(e: impl std::fmt::Display) -> MediaError {
    MediaError::Io(e.to_string())
}

impl ObjectStore {
    /// An S3 client on rustls with ring (the one crypto library of this service), with the
    /// credentials given (the usual `AWS_*` variables).
    pub fn s3(settings: &S3Settings) -> ObjectStore {
        use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
        use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
        use secrecy::ExposeSecret;
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let secret = |s: &Option<secrecy::SecretString>| s.as_ref().map(|v| v.expose_secret().to_owned());
        let credentials = Credentials::new(
            secret(&settings.access_key_id).unwrap_or_default(),
            secret(&settings.secret_access_key).unwrap_or_default(),
            secret(&settings.session_token),
            None,
            "environment",
        );
        let mut config = aws_sdk_s3::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(settings.region.clone()))
            .credentials_provider(credentials)
            .http_client(http)
            .force_path_style(settings.path_style);
        if let Some(endpoint) = &settings.endpoint {
            config = config.endpoint_url(endpoint);
        }
        ObjectStore::S3 {
            client: aws_sdk_s3::Client::from_conf(config.build()),
            bucket: settings.bucket.clone(),
        }
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), MediaError> {
        match self {
            ObjectStore::Local(root) => {
                let path = root.join(key);
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir).await.map_err(io)?;
                }
                // Write then rename, so a reader never sees half a photo.
                let partial = path.with_extension("partial");
                tokio::fs::write(&partial, bytes).await.map_err(io)?;
                tokio::fs::rename(&partial, &path).await.map_err(io)
            }
            ObjectStore::S3 { client, bucket } => client
                .put_object()
                .bucket(bucket)
                .key(key)
                .content_type(content_type)
                .cache_control("public, max-age=31536000, immutable")
                .body(ByteStream::from(bytes))
                .send()
                .await
                .map(|_| ())
                .map_err(|e| io(aws_sdk_s3::error::DisplayErrorContext(e))),
        }
    }

    /// The object's bytes; `None` when there is no such key.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        match self {
            ObjectStore::Local(root) => match tokio::fs::read(root.join(key)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(io(e)),
            },
            ObjectStore::S3 { client, bucket } => match client.get_object().bucket(bucket).key(key).send().await {
                Ok(out) => {
                    let data = out.body.collect().await.map_err(io)?;
                    Ok(Some(data.into_bytes().to_vec()))
                }
                Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
                Err(e) => Err(io(aws_sdk_s3::error::DisplayErrorContext(e))),
            },
        }
    }

    pub async fn exists(&self, key: &str) -> Result<bool, MediaError> {
        match self {
            ObjectStore::Local(root) => tokio::fs::try_exists(root.join(key)).await.map_err(io),
            ObjectStore::S3 { client, bucket } => match client.head_object().bucket(bucket).key(key).send().await {
                Ok(_) => Ok(true),
                Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(false),
                Err(e) => Err(io(aws_sdk_s3::error::DisplayErrorContext(e))),
            },
        }
    }

    /// Removes an object; a missing one is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), MediaError> {
        match self {
            ObjectStore::Local(root) => match tokio::fs::remove_file(root.join(key)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
                _ => Ok(()),
            },
            ObjectStore::S3 { client, bucket } => client
                .delete_object()
                .bucket(bucket)
                .key(key)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| io(aws_sdk_s3::error::DisplayErrorContext(e))),
        }
    }
}

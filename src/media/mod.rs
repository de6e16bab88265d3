//! Photos: intake (real format from the bytes, size and pixel limits before decoding, camera
//! orientation applied, metadata dropped by re-encoding), a kept master of at most 2048 px,
//! the web and WhatsApp sizes made later on the job queue, local analysis (quality, same-photo
//! hash, body colour), and storage in a local directory or an S3-compatible bucket. Keys are
//! `{tenant}/{sha256 of what was sent}.jpg` for the master and `…_{size}.{ext}` for the sizes.

pub mod analysis;
pub mod http;
pub mod image_ops;
pub mod storage;

use crate::domain::TenantId;
use analysis::Findings;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use storage::ObjectStore;

/// The largest photo we take in (WhatsApp allows up to 16 MB, Telegram bots 20 MB).
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("the file is larger than 20 MB")]
    TooLarge,
    #[error("HEIC photos are not supported; send JPEG")]
    Heic,
    #[error("the file is not a JPEG, PNG or WebP photo")]
    NotAPhoto,
    #[error("the photo is larger than 50 megapixels or 10,000 pixels on a side")]
    TooManyPixels,
    #[error("the photo is damaged or incomplete")]
    Corrupt,
    #[error("the photo is a strip, not a picture (more than 8 times as wide as high, or the reverse)")]
    OddShape,
    #[error("cannot store the photo: {0}")]
    Io(String),
}

impl MediaError {
    /// The Fluent key that explains the refusal to a person.
    pub fn key(&self) -> &'static str {
        match self {
            MediaError::TooLarge => "photo-refused-large",
            MediaError::Heic => "photo-refused-heic",
            MediaError::NotAPhoto => "photo-refused-format",
            MediaError::TooManyPixels => "photo-refused-pixels",
            MediaError::Corrupt => "photo-refused-corrupt",
            MediaError::OddShape => "photo-refused-shape",
            MediaError::Io(_) => "photo-refused-storage",
        }
    }
}

/// The photo format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Result<&'static str, MediaError> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Ok("jpg"),
        [0x89, b'P', b'N', b'G', ..] => Ok("png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Ok("webp"),
        [_, _, _, _, b'f', b't', b'y', b'p', brand @ ..]
            if [b"hei", b"hev", b"mif", b"msf"].iter().any(|b| brand.starts_with(*b)) =>
        {
            Err(MediaError::Heic)
        }
        _ => Err(MediaError::NotAPhoto),
    }
}

/// A photo taken in: its master's key and what the analysis found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub findings: Findings,
}

/// The photo store: intake, sizes and bytes, over a local directory or a bucket.
#[derive(Debug, Clone)]
pub struct MediaStore {
    objects: ObjectStore,
    /// Set for the local store (tests read files directly).
    root: Option<PathBuf>,
}

/// `{tenant}/{hash}.jpg` → `{tenant}/{hash}_{size}.{ext}`.
pub fn variant_key(master: &str, size: &str, ext: &str) -> String {
    let stem = master.strip_suffix(".jpg").unwrap_or(master);
    format!("{stem}_{size}.{ext}")
}

/// Every key a master has (itself and its sizes), for deleting them all.
pub fn all_keys(master: &str) -> Vec<String> {
    let mut keys = vec![master.to_owned()];
    keys.extend(
        image_ops::WEB_SIZES
            .iter()
            .map(|(size, _)| variant_key(master, size, "webp")),
    );
    keys.push(variant_key(master, image_ops::WHATSAPP.0, "jpg"));
    keys
}

/// Runs CPU-heavy image work off the async threads.
/// At most this many photos are decoded at once per process: each may hold a few hundred MB
/// while it is worked on, and the machine has few cores anyway.
static DECODING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(2));

/// Runs CPU-heavy image work off the async threads, a bounded number at a time. A panic in a
/// decoder means the file is bad, not that storage failed.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, MediaError> + Send + 'static,
) -> Result<T, MediaError> {
    let _permit = DECODING.acquire().await.map_err(|e| MediaError::Io(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| MediaError::Corrupt)?
}

impl MediaStore {
    /// The local store under `DATA_DIR/media`.
    pub fn new(data_dir: &Path) -> Self {
        let root = data_dir.join("media");
        MediaStore {
            objects: ObjectStore::Local(root.clone()),
            root: Some(root),
        }
    }

    pub fn s3(settings: &storage::S3Settings) -> Self {
        MediaStore {
            objects: ObjectStore::s3(settings),
            root: None,
        }
    }

    /// Takes in a photo: checked, decoded upright, analysed, its metadata-free master stored.
    /// The same bytes sent again give the same key and store nothing new.
    pub async fn put_photo(&self, tenant: TenantId, bytes: &[u8]) -> Result<StoredPhoto, MediaError> {
        if bytes.len() > MAX_PHOTO_BYTES {
            return Err(MediaError::TooLarge);
        }
        sniff(bytes)?;
        let key = format!("{tenant}/{}.jpg", hex::encode(Sha256::digest(bytes)));
        let owned = bytes.to_vec();
        let (width, height, jpeg, findings) = blocking(move || {
            let upright = image_ops::decode(&owned)?;
            let (master, jpeg) = image_ops::master(&upright)?;
            let mut findings = analysis::analyse(&master);
            // "Too small" is about what was sent, not the master.
            findings.small = upright.width().min(upright.height()) < analysis::SMALL_BELOW;
            Ok((upright.width(), upright.height(), jpeg, findings))
        })
        .await?;
        if !self.objects.exists(&key).await? {
            self.objects.put(&key, jpeg, "image/jpeg").await?;
        }
        Ok(StoredPhoto {
            key,
            width,
            height,
            findings,
        })
    }

    /// Makes and stores every size of a stored master. Returns the sizes' keys.
    pub async fn make_variants(&self, master_key: &str) -> Result<Vec<String>, MediaError> {
        let bytes = self.objects.get(master_key).await?.ok_or(MediaError::Corrupt)?;
        let variants = blocking(move || image_ops::variants(&image_ops::decode(&bytes)?)).await?;
        let mut keys = Vec::with_capacity(variants.len());
        for v in variants {
            let key = variant_key(master_key, v.name, v.ext);
            self.objects.put(&key, v.bytes, v.content_type).await?;
            keys.push(key);
        }
        Ok(keys)
    }

    /// A stored object's bytes (master or size).
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        self.objects.get(key).await
    }

    /// Removes a master and all its sizes.
    pub async fn delete_photo(&self, master_key: &str) -> Result<(), MediaError> {
        for key in all_keys(master_key) {
            self.objects.delete(&key).await?;
        }
        Ok(())
    }

    /// Where a key lives on disk (the local store; tests look there).
    pub fn path_of(&self, key: &str) -> PathBuf {
        self.root.clone().unwrap_or_default().join(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_read_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("jpg"));
        assert_eq!(sniff(b"\x89PNG\r\n"), Ok("png"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok("webp"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), Err(MediaError::Heic));
        assert_eq!(sniff(b"%PDF-1.7"), Err(MediaError::NotAPhoto));
        assert_eq!(sniff(b""), Err(MediaError::NotAPhoto));
    }

    #[tokio::test]
    async fn the_same_photo_is_stored_once_under_its_tenant_with_all_its_sizes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = MediaStore::new(dir.path());
        let tenant = TenantId::new();
        let image = image::RgbImage::from_fn(900, 700, |x, y| image::Rgb([(x % 200) as u8, (y % 200) as u8, 90]));
        let photo = image_ops::encode_jpeg(&image, 85).expect("jpeg");
        let a = store.put_photo(tenant, &photo).await.expect("stored");
        let b = store.put_photo(tenant, &photo).await.expect("stored");
        assert_eq!(a, b);
        assert!(a.key.starts_with(&tenant.to_string()) && a.key.ends_with(".jpg"));
        assert_eq!((a.width, a.height), (900, 700));
        let sizes = store.make_variants(&a.key).await.expect("sizes");
        assert_eq!(sizes.len(), 4);
        for key in all_keys(&a.key) {
            assert!(store.path_of(&key).exists(), "{key}");
        }
        store.delete_photo(&a.key).await.expect("deleted");
        assert!(!store.path_of(&a.key).exists());
        assert_eq!(
            store.put_photo(tenant, b"\0\0\0\x18ftypheic").await,
            Err(MediaError::Heic)
        );
    }
}

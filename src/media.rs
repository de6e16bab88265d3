//! The photo store: files kept under `DATA_DIR/media/{tenant}/{sha256}.{ext}`, named by
//! their content (the same photo sent twice is stored once) and prefixed by tenant. The
//! format is read from the bytes, not the provider's word; HEIC and anything that is not a
//! photo are refused.

use crate::domain::TenantId;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The largest photo we take in (WhatsApp allows up to 16 MB, Telegram bots 20 MB).
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("the file is larger than 20 MB")]
    TooLarge,
    #[error("HEIC photos are not supported; send JPEG")]
    Heic,
    #[error("the file is not a JPEG, PNG or WebP photo")]
    NotAPhoto,
    #[error("cannot write the photo: {0}")]
    Io(String),
}

/// The photo format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Result<&'static str, MediaError> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Ok("jpg"),
        [0x89, b'P', b'N', b'G', ..] => Ok("png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Ok("webp"),
        [_, _, _, _, b'f', b't', b'y', b'p', brand @ ..] if brand.starts_with(b"hei") || brand.starts_with(b"mif1") => {
            Err(MediaError::Heic)
        }
        _ => Err(MediaError::NotAPhoto),
    }
}

/// Local-directory photo store.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    pub fn new(data_dir: &Path) -> Self {
        MediaStore {
            root: data_dir.join("media"),
        }
    }

    /// Stores a photo and returns its key (`{tenant}/{sha256}.{ext}`).
    pub async fn put_photo(&self, tenant: TenantId, bytes: &[u8]) -> Result<String, MediaError> {
        if bytes.len() > MAX_PHOTO_BYTES {
            return Err(MediaError::TooLarge);
        }
        let ext = sniff(bytes)?;
        let key = format!("{tenant}/{}.{ext}", hex::encode(Sha256::digest(bytes)));
        let path = self.root.join(&key);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(key);
        }
        let io = |e: std::io::Error| MediaError::Io(e.to_string());
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(io)?;
        }
        // Write then rename, so a reader never sees half a photo.
        let partial = path.with_extension(format!("{ext}.partial"));
        tokio::fs::write(&partial, bytes).await.map_err(io)?;
        tokio::fs::rename(&partial, &path).await.map_err(io)?;
        Ok(key)
    }

    /// Where a key lives on disk.
    pub fn path_of(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }
}

/// Whether a key has the shape the store gives out (`{uuid}/{sha256}.{ext}`), so a request
/// path can never reach outside the photo directory.
fn is_key(tenant: &str, file: &str) -> bool {
    let Some((hash, ext)) = file.split_once('.') else {
        return false;
    };
    uuid::Uuid::parse_str(tenant).is_ok()
        && hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && matches!(ext, "jpg" | "png" | "webp")
}

/// Serves stored photos. Names are content hashes, so a file never changes: cache for a year.
pub fn router() -> axum::Router<crate::AppState> {
    axum::Router::new().route("/media/{tenant}/{file}", axum::routing::get(serve))
}

async fn serve(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    axum::extract::Path((tenant, file)): axum::extract::Path<(String, String)>,
) -> Result<axum::response::Response, crate::api::ApiError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let not_found = || crate::api::ApiError::new(crate::api::ErrorCode::NotFound);
    if !is_key(&tenant, &file) {
        return Err(not_found());
    }
    let bytes = tokio::fs::read(state.media.path_of(&format!("{tenant}/{file}")))
        .await
        .map_err(|_| not_found())?;
    let mime = match sniff(&bytes) {
        Ok("png") => "image/png",
        Ok("webp") => "image/webp",
        _ => "image/jpeg",
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_store_shaped_keys_are_served() {
        let t = "01a21c9d-a549-72fd-9672-9d80a8bbec81";
        let h = "931aa27b791f8670d6645a37bf4143e023a1749788d54bbb574337abedbf64d8";
        assert!(is_key(t, &format!("{h}.jpg")));
        assert!(!is_key(t, "../../etc/passwd"));
        assert!(!is_key("..", &format!("{h}.jpg")));
        assert!(!is_key(t, &format!("{h}.jpg.partial")));
        assert!(!is_key(t, &format!("{}.jpg", h.to_uppercase())));
    }

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
    async fn the_same_photo_is_stored_once_under_its_tenant() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = MediaStore::new(dir.path());
        let tenant = TenantId::new();
        let photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        let a = store.put_photo(tenant, &photo).await.expect("stored");
        let b = store.put_photo(tenant, &photo).await.expect("stored");
        assert_eq!(a, b);
        assert!(a.starts_with(&tenant.to_string()) && a.ends_with(".jpg"));
        assert_eq!(std::fs::read(store.path_of(&a)).ok(), Some(photo.to_vec()));
    }
}

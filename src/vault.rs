//! The platform key and what it protects. Secrets the service must read back (WhatsApp and
//! Telegram tokens, TOTP secrets) are sealed with XChaCha20-Poly1305; recovery codes, which
//! are only ever compared, are kept as HMACs. A stolen database alone gives neither.
//!
//! A keyring holds the current key (sealing) and earlier ones (opening what was sealed before a
//! rotation). Every sealed value and every code digest names the key it was made with.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use hmac::Mac;

type CodeMac = hmac::Hmac<Sha256>;
use sha2::{Digest, Sha256};
use std::path::Path;

const SEALED: &str = "enc1:";
const DIGEST: &str = "hmac1:";
const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    #[error("a secret key must be 32 bytes in base64")]
    BadKey,
    #[error("sealed with key {0}, which is not in the keyring")]
    UnknownKey(String),
    #[error("a sealed secret does not open (damaged, or sealed for another use)")]
    Damaged,
}

/// One key and its short public name.
#[derive(Clone)]
struct Key {
    id: String,
    bytes: [u8; KEY_BYTES],
}

impl Key {
    fn parse(text: &str) -> Result<Key, VaultError> {
        let text = text.trim();
        let bytes = STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .map_err(|_| VaultError::BadKey)?;
        let bytes: [u8; KEY_BYTES] = bytes.try_into().map_err(|_| VaultError::BadKey)?;
        Ok(Key {
            id: hex::encode(&Sha256::digest(bytes)[..4]),
            bytes,
        })
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        // A 32-byte slice is always a valid key for this cipher.
        XChaCha20Poly1305::new(&self.bytes.into())
    }

    /// The recovery codes' own key, derived so the sealing key is never used for two jobs.
    fn code_mac(&self) -> CodeMac {
        let mut derive = mac_with(&self.bytes);
        derive.update(b"autolumiku recovery codes v1");
        mac_with(&derive.finalize().into_bytes())
    }
}

/// An HMAC under `key`. HMAC takes a key of any length, so the fallback is never used.
fn mac_with(key: &[u8]) -> CodeMac {
    <CodeMac as hmac::KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <CodeMac as hmac::KeyInit>::new(&Default::default()))
}

/// The keyring: the current key first, then earlier ones.
#[derive(Clone)]
pub struct Vault {
    keys: Vec<Key>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("current", &self.keys[0].id)
            .finish_non_exhaustive()
    }
}

/// A new random key, as base64 (what `SECRET_KEY` and the key file hold).
pub fn new_key() -> String {
    STANDARD.encode(rand::random::<[u8; KEY_BYTES]>())
}

impl Vault {
    /// A keyring from base64 keys, the current one first.
    pub fn from_keys<S: AsRef<str>>(keys: &[S]) -> Result<Vault, VaultError> {
        let keys = keys
            .iter()
            .map(|k| Key::parse(k.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(VaultError::BadKey);
        }
        Ok(Vault { keys })
    }

    /// The keyring kept in a file (one base64 key a line, the current one first), made with a
    /// new key and owner-only rights when it does not exist yet.
    pub fn from_file(path: &Path) -> anyhow::Result<Vault> {
        if !path.exists() {
            write_key_file(path, &[new_key()])?;
            tracing::warn!(path = %path.display(), "made a new secret key file: keep it with the data, and back it up");
        }
        let text = std::fs::read_to_string(path)?;
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        Ok(Vault::from_keys(&lines)?)
    }

    /// The current key's name.
    pub fn current_id(&self) -> &str {
        &self.keys[0].id
    }

    fn key(&self, id: &str) -> Result<&Key, VaultError> {
        self.keys
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| VaultError::UnknownKey(id.to_owned()))
    }

    /// Seals a secret for one use (`purpose` is bound to it: a token sealed as a WhatsApp
    /// token does not open as a TOTP secret).
    pub fn seal(&self, purpose: &str, plain: &str) -> String {
        let key = &self.keys[0];
        let nonce_bytes = rand::random::<[u8; NONCE_BYTES]>();
        let nonce = XNonce::from(nonce_bytes);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: purpose.as_bytes(),
        };
        // Encryption into a Vec only fails on lengths far beyond any secret.
        let sealed = key.cipher().encrypt(&nonce, payload).unwrap_or_default();
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        format!("{SEALED}{}:{}", key.id, URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens a sealed secret. A value stored before secrets were sealed is returned as it is
    /// (start-up seals those; see `is_sealed`).
    pub fn open(&self, purpose: &str, stored: &str) -> Result<String, VaultError> {
        let Some(rest) = stored.strip_prefix(SEALED) else {
            return Ok(stored.to_owned());
        };
        let (id, body) = rest.split_once(':').ok_or(VaultError::Damaged)?;
        let key = self.key(id)?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| VaultError::Damaged)?;
        if bytes.len() < NONCE_BYTES {
            return Err(VaultError::Damaged);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let nonce = XNonce::try_from(nonce).map_err(|_| VaultError::Damaged)?;
        let plain = key
            .cipher()
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Damaged)?;
        String::from_utf8(plain).map_err(|_| VaultError::Damaged)
    }

    /// Whether a stored value is sealed under the current key (nothing to do for it).
    pub fn is_current(&self, stored: &str) -> bool {
        stored
            .strip_prefix(SEALED)
            .or_else(|| stored.strip_prefix(DIGEST))
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(id, _)| id == self.current_id())
    }

    /// The stored form of a recovery code: an HMAC of its SHA-256 under the current key.
    pub fn code_digest(&self, code: &str) -> String {
        self.digest_of_sha(&hex::encode(Sha256::digest(code.as_bytes())))
    }

    /// The stored form of a code already kept as a plain SHA-256 (codes made before the
    /// platform key): wrapping it needs no code, so start-up upgrades every stored one.
    pub fn digest_of_sha(&self, sha_hex: &str) -> String {
        let key = &self.keys[0];
        let mut mac = key.code_mac();
        mac.update(sha_hex.as_bytes());
        format!("{DIGEST}{}:{}", key.id, hex::encode(mac.finalize().into_bytes()))
    }

    /// Whether a presented code is the one behind a stored digest (under whichever key of the
    /// ring made it), compared in constant time.
    pub fn code_matches(&self, stored: &str, code: &str) -> bool {
        let Some((id, digest)) = stored.strip_prefix(DIGEST).and_then(|r| r.split_once(':')) else {
            return false;
        };
        let Ok(key) = self.key(id) else { return false };
        let Ok(expected) = hex::decode(digest) else {
            return false;
        };
        let mut mac = key.code_mac();
        mac.update(hex::encode(Sha256::digest(code.as_bytes())).as_bytes());
        mac.verify_slice(&expected).is_ok()
    }

    /// A keyring whose current key is `new`, keeping this one's keys for opening.
    pub fn rotated(&self, new: &str) -> Result<Vault, VaultError> {
        let first = Key::parse(new)?;
        let mut keys: Vec<Key> = self.keys.iter().filter(|k| k.id != first.id).cloned().collect();
        keys.insert(0, first);
        Ok(Vault { keys })
    }

    /// The keys as base64 lines, current first (what the key file holds).
    pub fn to_lines(&self) -> Vec<String> {
        self.keys.iter().map(|k| STANDARD.encode(k.bytes)).collect()
    }
}

/// Whether a stored value is sealed or a code digest at all.
pub fn is_protected(stored: &str) -> bool {
    stored.starts_with(SEALED) || stored.starts_with(DIGEST)
}

/// Writes a key file readable by its owner only, replacing it whole (never half-written).
pub fn write_key_file(path: &Path, keys: &[String]) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(keys.join("\n").as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::from_keys(&[new_key()]).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_purpose_and_hides_its_text() {
        let v = vault();
        let sealed = v.seal("whatsapp_token", "EAAG-secret-token");
        assert!(!sealed.contains("EAAG"));
        assert_eq!(v.open("whatsapp_token", &sealed).as_deref(), Ok("EAAG-secret-token"));
        assert_eq!(v.open("totp", &sealed), Err(VaultError::Damaged));
        assert_ne!(
            sealed,
            v.seal("whatsapp_token", "EAAG-secret-token"),
            "a fresh nonce each time"
        );
        assert_eq!(v.open("x", "plain-from-before"), Ok("plain-from-before".to_owned()));
    }

    #[test]
    fn another_key_cannot_open_and_a_rotated_ring_still_can() {
        let old = vault();
        let sealed = old.seal("p", "s");
        let other = vault();
        assert!(matches!(other.open("p", &sealed), Err(VaultError::UnknownKey(_))));
        let rotated = old.rotated(&new_key()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rotated.open("p", &sealed).as_deref(), Ok("s"));
        assert!(!rotated.is_current(&sealed));
        assert!(rotated.is_current(&rotated.seal("p", "s")));
    }

    #[test]
    fn recovery_codes_are_compared_through_their_digest() {
        let v = vault();
        let stored = v.code_digest("ABCD-EFGH");
        assert!(v.code_matches(&stored, "ABCD-EFGH"));
        assert!(!v.code_matches(&stored, "ABCD-EFGI"));
        let legacy_sha = hex::encode(Sha256::digest(b"WXYZ-1234"));
        assert!(v.code_matches(&v.digest_of_sha(&legacy_sha), "WXYZ-1234"));
        assert!(!vault().code_matches(&stored, "ABCD-EFGH"), "another key, no match");
    }

    #[test]
    fn bad_keys_and_damaged_values_are_errors_not_panics() {
        assert_eq!(Vault::from_keys(&["short"]).err(), Some(VaultError::BadKey));
        assert_eq!(Vault::from_keys::<&str>(&[]).err(), Some(VaultError::BadKey));
        let v = vault();
        let id = v.current_id().to_owned();
        for bad in [
            format!("enc1:{id}:"),
            format!("enc1:{id}:!!"),
            format!("enc1:{id}"),
            "enc1:".to_owned(),
        ] {
            assert!(v.open("p", &bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_key_file_is_made_once_with_owner_only_rights() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("secret.key");
        let first = Vault::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let again = Vault::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.current_id(), again.current_id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode()).unwrap_or(0);
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}

//! Keeping stored secrets sealed under the current platform key: at every start (which seals
//! what was stored in plain text before secrets were sealed) and after a key rotation.
//! Each value is swapped only if nobody changed it meanwhile, so replicas starting together
//! never garble one.

use super::accounts::TOTP_SECRET;
use super::staff::{TELEGRAM_SECRET, TELEGRAM_TOKEN, WHATSAPP_TOKEN};
use super::{Store, StoreResult, with_pool};
use secrecy::ExposeSecret;
use uuid::Uuid;

const CHANNEL_SECRETS: &str =
    "SELECT tenant_id, whatsapp_access_token, telegram_bot_token, telegram_secret_token FROM tenant_channels";
const ACCOUNT_SECRETS: &str = "SELECT id, totp_secret, recovery_codes FROM accounts";

/// How many stored values a pass sealed anew.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    pub secrets: u64,
    pub code_lists: u64,
}

type ChannelRow = (Uuid, Option<String>, Option<String>, Option<String>);

impl Store {
    /// Seals every stored secret kept in plain text (at start) or, with `rekey`, every one not
    /// under the current key (after a rotation, once every replica holds the new key), and
    /// turns recovery codes kept as a plain SHA-256 into HMACs. A value that does not open is
    /// logged and left as it is.
    pub async fn reseal_secrets(&self, rekey: bool) -> StoreResult<Resealed> {
        let mut done = Resealed::default();
        let rows: Vec<ChannelRow> = with_pool!(self, |pool| sqlx::query_as(CHANNEL_SECRETS).fetch_all(pool).await)?;
        for (tenant, whatsapp, bot, secret) in rows {
            for (column, purpose, value) in [
                ("whatsapp_access_token", WHATSAPP_TOKEN, whatsapp),
                ("telegram_bot_token", TELEGRAM_TOKEN, bot),
                ("telegram_secret_token", TELEGRAM_SECRET, secret),
            ] {
                let Some(value) = value else { continue };
                if let Some(sealed) = self.sealed_anew(purpose, &value, rekey) {
                    let sql =
                        format!("UPDATE tenant_channels SET {column} = $3 WHERE tenant_id = $1 AND {column} = $2");
                    done.secrets += self.swap(sql, tenant, &value, &sealed).await?;
                }
            }
        }
        let rows: Vec<(Uuid, Option<String>, String)> =
            with_pool!(self, |pool| sqlx::query_as(ACCOUNT_SECRETS).fetch_all(pool).await)?;
        for (account, totp, codes) in rows {
            if let Some(totp) = totp
                && let Some(sealed) = self.sealed_anew(TOTP_SECRET, &totp, rekey)
            {
                let sql = "UPDATE accounts SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2".to_owned();
                done.secrets += self.swap(sql, account, &totp, &sealed).await?;
            }
            if let Some(upgraded) = self.codes_as_digests(&codes) {
                let sql = "UPDATE accounts SET recovery_codes = $3 WHERE id = $1 AND recovery_codes = $2".to_owned();
                done.code_lists += self.swap(sql, account, &codes, &upgraded).await?;
            }
        }
        Ok(done)
    }

    /// The value sealed under the current key, or `None` when there is nothing to do (or it
    /// cannot be opened here, which is logged).
    fn sealed_anew(&self, purpose: &str, stored: &str, rekey: bool) -> Option<String> {
        let due = if rekey {
            !self.vault.is_current(stored)
        } else {
            !crate::vault::is_protected(stored)
        };
        if !due {
            return None;
        }
        match self.open_secret(purpose, stored) {
            Ok(plain) => Some(self.vault.seal(purpose, plain.expose_secret())),
            Err(e) => {
                tracing::error!(error = %e, "a stored secret does not open with this keyring; left as it is");
                None
            }
        }
    }

    /// A recovery-code list with every plain SHA-256 wrapped in an HMAC, or `None` when there
    /// is none to wrap. (Digests under an earlier key stay: a code cannot be re-keyed without
    /// the code, and the ring still holds that key.)
    fn codes_as_digests(&self, json: &str) -> Option<String> {
        let codes: Vec<String> = serde_json::from_str(json).ok()?;
        if codes.iter().all(|c| crate::vault::is_protected(c)) {
            return None;
        }
        let upgraded: Vec<String> = codes
            .iter()
            .map(|c| {
                if crate::vault::is_protected(c) {
                    c.clone()
                } else {
                    self.vault.digest_of_sha(c)
                }
            })
            .collect();
        serde_json::to_string(&upgraded).ok()
    }

    /// Replaces `before` with `after` in one row if it still holds `before`.
    async fn swap(&self, sql: String, id: Uuid, before: &str, after: &str) -> StoreResult<u64> {
        Ok(with_pool!(self, |pool| sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(before)
            .bind(after)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }
}

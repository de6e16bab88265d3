//! `secrets new-key` and `secrets rotate`: the platform key that seals tokens and TOTP secrets.

use crate::config::Settings;
use crate::vault::{self, Vault};
use serde_json::json;

/// Prints a fresh key for `SECRET_KEY`.
pub fn new_key() {
    println!("{}", vault::new_key());
}

/// Re-seals every stored secret under a new current key. With the key file (the embedded
/// default) a new key is made and put first in the file, the old ones kept for opening. With
/// `SECRET_KEY`, the operator has already set the new key there and the old one in
/// `SECRET_KEY_PREVIOUS` on every replica; this seals everything under the new one.
pub async fn rotate(settings: Settings) -> anyhow::Result<()> {
    let keys_from_file = settings.secret_key.is_none();
    if keys_from_file {
        let current = Vault::from_file(&settings.secret_key_file)?;
        let rotated = current.rotated(&vault::new_key())?;
        vault::write_key_file(&settings.secret_key_file, &rotated.to_lines())?;
    }
    let store = crate::app::open_migration_store(&settings).await?;
    let resealed = store.reseal_secrets(true).await;
    let current = store.vault().current_id().to_owned();
    store.close().await;
    let resealed = resealed?;
    println!(
        "{}",
        json!({
            "key": current,
            "key_file": keys_from_file.then(|| settings.secret_key_file.display().to_string()),
            "secrets_resealed": resealed.secrets,
            "recovery_code_lists_upgraded": resealed.code_lists,
        })
    );
    Ok(())
}

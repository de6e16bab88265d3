//! `autolumiku replay FILE --to URL [--secret S]`: posts a sample webhook body to a running
//! service the way the provider would — signed with the WhatsApp app secret, or carrying the
//! Telegram secret-token header when the URL is a Telegram webhook.

use crate::channels::whatsapp::signature::sign;
use anyhow::Context;
use std::path::Path;

pub async fn run(file: &Path, to: &str, secret: Option<String>) -> anyhow::Result<()> {
    crate::tls::install_crypto_provider();
    let body = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut request = reqwest::Client::new()
        .post(to)
        .header("content-type", "application/json");
    if let Some(secret) = secret {
        request = if to.contains("/webhooks/telegram/") {
            request.header("x-telegram-bot-api-secret-token", secret)
        } else {
            request.header("x-hub-signature-256", sign(secret.as_bytes(), &body))
        };
    }
    let response = request
        .body(body)
        .send()
        .await
        .with_context(|| format!("cannot reach {to}"))?;
    let status = response.status();
    println!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
    anyhow::ensure!(status.is_success(), "the service refused the replay");
    Ok(())
}

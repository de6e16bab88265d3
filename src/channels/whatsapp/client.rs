//! The Graph API client that sends replies: `POST {base}/{version}/{phone-number-id}/messages`
//! with the tenant's token. Throttling and server errors are retried by the outbox; a
//! message the API refuses for good is recorded as failed.

use crate::channels::domain::OutboundMessage;
use crate::config::WhatsappSettings;
use crate::jobs::SendError;
use crate::store::WhatsappAccount;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use std::time::Duration;

/// Graph API error codes that mean "slow down / try later" rather than "never".
const RETRYABLE: &[i64] = &[1, 2, 4, 17, 80007, 130429, 131000, 131016, 131056, 133004];

#[derive(Clone, Debug)]
pub struct GraphClient {
    http: reqwest::Client,
    base: String,
    version: String,
}

impl GraphClient {
    pub fn new(settings: &WhatsappSettings) -> anyhow::Result<Self> {
        crate::tls::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            // Media URLs and API answers never need a redirect; following one could leak the token.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(GraphClient {
            http,
            base: settings.api_base.clone(),
            version: settings.api_version.clone(),
        })
    }

    /// Sends one message; returns the provider's message id (`wamid…`). Several photos go out
    /// as several messages, the last id is returned.
    pub async fn send(
        &self,
        account: &WhatsappAccount,
        to: &str,
        message: &OutboundMessage,
        reference: &str,
    ) -> Result<String, SendError> {
        let mut last = String::new();
        let bodies = bodies(to, message);
        let parts = bodies.len();
        for (i, mut body) in bodies.into_iter().enumerate() {
            // Only the last part names the reply: its report means every part went out (they
            // go one after another), so an earlier part's report never settles the whole.
            let tag = if i + 1 == parts {
                reference.to_owned()
            } else {
                format!("{reference}:{i}")
            };
            body["biz_opaque_callback_data"] = json!(tag);
            last = self.post(account, &body).await?;
        }
        Ok(last)
    }

    async fn post(&self, account: &WhatsappAccount, body: &Value) -> Result<String, SendError> {
        let url = format!("{}/{}/{}/messages", self.base, self.version, account.phone_number_id);
        let response = self
            .http
            .post(url)
            .bearer_auth(account.access_token.expose_secret())
            .json(body)
            .send()
            .await
            .map_err(|e| {
                let connected = !e.is_connect();
                let why = format!("graph api unreachable: {}", e.without_url());
                // Not connected means not sent; anything later (a timeout, a dropped
                // connection) may have reached Meta.
                if connected {
                    SendError::InDoubt(why)
                } else {
                    SendError::Retry(why)
                }
            })?;
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            // Accepted; an answer without the id still means the message went out.
            return Ok(answer["messages"][0]["id"].as_str().unwrap_or_default().to_owned());
        }
        let code = answer["error"]["code"].as_i64().unwrap_or(0);
        let message = answer["error"]["message"].as_str().unwrap_or("no message").to_owned();
        let why = format!("graph api {status} code {code}: {message}");
        if status.is_server_error() {
            Err(SendError::InDoubt(why))
        } else if status.as_u16() == 429 || RETRYABLE.contains(&code) {
            Err(SendError::Retry(why))
        } else {
            Err(SendError::Permanent(why))
        }
    }
}

/// Hosts a media download may come from: the Graph API itself and Meta's documented media
/// host. The link is short-lived and carries our token, so it is never followed elsewhere.
const MEDIA_HOSTS: &[&str] = &["lookaside.fbsbx.com"];

impl GraphClient {
    /// Downloads a media file: `GET /{media-id}` for its short-lived URL, then the bytes
    /// with the same token, from an allowed host only, at most `MAX_PHOTO_BYTES`.
    pub async fn download_media(&self, account: &WhatsappAccount, media_id: &str) -> Result<Vec<u8>, SendError> {
        let token = account.access_token.expose_secret();
        let meta_url = format!("{}/{}/{}", self.base, self.version, media_id);
        let retry = |e: reqwest::Error| SendError::Retry(format!("graph api unreachable: {}", e.without_url()));
        let meta = self.http.get(meta_url).bearer_auth(token).send().await.map_err(retry)?;
        if !meta.status().is_success() {
            return Err(SendError::Permanent(format!(
                "media {media_id} not available ({})",
                meta.status()
            )));
        }
        let meta: Value = meta.json().await.map_err(retry)?;
        let url = meta["url"]
            .as_str()
            .ok_or_else(|| SendError::Permanent("media answer without a url".into()))?;
        let parsed = url::Url::parse(url).map_err(|_| SendError::Permanent("media url is not a url".into()))?;
        let api_host = url::Url::parse(&self.base)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        let host = parsed.host_str().unwrap_or_default();
        if Some(host) != api_host.as_deref() && !MEDIA_HOSTS.contains(&host) {
            return Err(SendError::Permanent(format!(
                "media url on a foreign host {host} refused"
            )));
        }
        let response = self.http.get(parsed).bearer_auth(token).send().await.map_err(retry)?;
        if !response.status().is_success() {
            return Err(SendError::Retry(format!(
                "media download answered {}",
                response.status()
            )));
        }
        read_capped(response, crate::media::MAX_PHOTO_BYTES).await
    }
}

/// Reads a download's body, refusing it as soon as it is larger than `max` bytes — whether
/// the server said so in `Content-Length` or not (a chunked answer has none).
pub async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, SendError> {
    let too_large = || SendError::Permanent(format!("media larger than {} MB", max / 1_000_000));
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| SendError::Retry(format!("media download broke off: {}", e.without_url())))?
    {
        if bytes.len() + chunk.len() > max {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn envelope(to: &str, kind: &str, content: Value) -> Value {
    let mut body = json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": kind });
    body[kind] = content;
    body
}

/// Cuts a label to WhatsApp's limit, on a character boundary.
fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The Graph API bodies for one outbound message.
pub fn bodies(to: &str, message: &OutboundMessage) -> Vec<Value> {
    match message {
        OutboundMessage::Text { text } => vec![envelope(to, "text", json!({ "preview_url": false, "body": text }))],
        OutboundMessage::Photo { url, caption } => {
            vec![envelope(to, "image", json!({ "link": url, "caption": caption }))]
        }
        OutboundMessage::Photos { urls } => urls
            .iter()
            .map(|u| envelope(to, "image", json!({ "link": u })))
            .collect(),
        OutboundMessage::Choices { text, choices } if choices.len() <= 3 => {
            let buttons: Vec<Value> = choices
                .iter()
                .map(|c| json!({ "type": "reply", "reply": { "id": clip(&c.id, 256), "title": clip(&c.title, 20) } }))
                .collect();
            vec![envelope(
                to,
                "interactive",
                json!({ "type": "button", "body": { "text": text }, "action": { "buttons": buttons } }),
            )]
        }
        OutboundMessage::Choices { text, choices } => {
            let rows: Vec<Value> = choices
                .iter()
                .take(10)
                .map(|c| json!({ "id": clip(&c.id, 200), "title": clip(&c.title, 24) }))
                .collect();
            let action = json!({ "button": "Pilih", "sections": [{ "title": "Pilihan", "rows": rows }] });
            vec![envelope(
                to,
                "interactive",
                json!({ "type": "list", "body": { "text": text }, "action": action }),
            )]
        }
        OutboundMessage::Contact { name, phone } => vec![envelope(
            to,
            "contacts",
            json!([{ "name": { "formatted_name": name, "first_name": name }, "phones": [{ "phone": format!("+{phone}"), "type": "WORK" }] }]),
        )],
        OutboundMessage::Document { url, filename, caption } => {
            vec![envelope(
                to,
                "document",
                json!({ "link": url, "filename": filename, "caption": caption }),
            )]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::domain::Choice;

    #[test]
    fn text_goes_out_as_a_text_message() {
        let b = bodies(
            "6281311112222",
            &OutboundMessage::Text {
                text: "Halo Kak".into(),
            },
        );
        assert_eq!(b[0]["type"], "text");
        assert_eq!(b[0]["text"]["body"], "Halo Kak");
        assert_eq!(b[0]["to"], "6281311112222");
    }

    #[test]
    fn few_choices_are_buttons_and_many_are_a_list() {
        let choice = |i: usize| Choice {
            id: format!("c{i}"),
            title: format!("Pilihan nomor {i} yang panjang sekali"),
        };
        let few = bodies(
            "1",
            &OutboundMessage::Choices {
                text: "Pilih".into(),
                choices: (0..3).map(choice).collect(),
            },
        );
        assert_eq!(few[0]["interactive"]["type"], "button");
        assert!(
            few[0]["interactive"]["action"]["buttons"][0]["reply"]["title"]
                .as_str()
                .is_some_and(|t| t.chars().count() <= 20)
        );
        let many = bodies(
            "1",
            &OutboundMessage::Choices {
                text: "Pilih".into(),
                choices: (0..12).map(choice).collect(),
            },
        );
        assert_eq!(many[0]["interactive"]["type"], "list");
        assert_eq!(
            many[0]["interactive"]["action"]["sections"][0]["rows"]
                .as_array()
                .map(Vec::len),
            Some(10)
        );
    }
}

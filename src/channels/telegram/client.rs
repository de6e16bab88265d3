//! Sending replies with teloxide's Bot API client, pointed at `TELEGRAM_API_BASE`.

use crate::channels::domain::OutboundMessage;
use crate::jobs::SendError;
use secrecy::{ExposeSecret, SecretString};
use teloxide_core::net::Download;
use teloxide_core::payloads::{SendDocumentSetters, SendMessageSetters, SendPhotoSetters};
use teloxide_core::requests::Requester;
use teloxide_core::types::{
    ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, InputMedia, InputMediaPhoto,
};
use teloxide_core::{Bot, RequestError};

/// A Bot API endpoint (the real one, or a local fake in tests).
#[derive(Clone, Debug)]
pub struct TelegramClient {
    api_base: url::Url,
}

fn classify(e: RequestError) -> SendError {
    match e {
        RequestError::Api(api) => SendError::Permanent(format!("telegram refused: {api}")),
        RequestError::RetryAfter(seconds) => SendError::Retry(format!("telegram asks to wait {} s", seconds.seconds())),
        other => SendError::Retry(format!("telegram unreachable: {other}")),
    }
}

fn file(url: &str) -> Result<InputFile, SendError> {
    url::Url::parse(url)
        .map(InputFile::url)
        .map_err(|_| SendError::Permanent(format!("not a URL: {url}")))
}

impl TelegramClient {
    pub fn new(api_base: &str) -> anyhow::Result<Self> {
        Ok(TelegramClient {
            api_base: url::Url::parse(api_base)?,
        })
    }

    /// Downloads a file by its id (getFile, then the file path), at most 20 MB.
    pub async fn download(&self, token: &SecretString, file_id: &str) -> Result<Vec<u8>, SendError> {
        let bot = Bot::new(token.expose_secret()).set_api_url(self.api_base.clone());
        let file = bot
            .get_file(teloxide_core::types::FileId(file_id.to_owned()))
            .await
            .map_err(classify)?;
        if file.meta.size as usize > crate::media::MAX_PHOTO_BYTES {
            return Err(SendError::Permanent("file larger than 20 MB".into()));
        }
        let mut bytes = Vec::new();
        bot.download_file(&file.path, &mut bytes)
            .await
            .map_err(|e| SendError::Retry(format!("telegram download failed: {e}")))?;
        Ok(bytes)
    }

    /// Sends one message to a chat with the tenant's bot token; returns the message id.
    pub async fn send(&self, token: &SecretString, chat: &str, message: &OutboundMessage) -> Result<String, SendError> {
        let bot = Bot::new(token.expose_secret()).set_api_url(self.api_base.clone());
        let chat = ChatId(
            chat.parse()
                .map_err(|_| SendError::Permanent(format!("not a Telegram chat: {chat}")))?,
        );
        let sent = match message {
            OutboundMessage::Text { text } => bot.send_message(chat, text).await,
            OutboundMessage::Photo { url, caption } => {
                let request = bot.send_photo(chat, file(url)?);
                match caption {
                    Some(c) => request.caption(c).await,
                    None => request.await,
                }
            }
            OutboundMessage::Photos { urls } => {
                let media: Result<Vec<InputMedia>, SendError> = urls
                    .iter()
                    .map(|u| Ok(InputMedia::Photo(InputMediaPhoto::new(file(u)?))))
                    .collect();
                bot.send_media_group(chat, media?).await.map(|mut all| all.remove(0))
            }
            OutboundMessage::Choices { text, choices } => {
                let rows = choices
                    .iter()
                    .map(|c| vec![InlineKeyboardButton::callback(c.title.clone(), c.id.clone())]);
                bot.send_message(chat, text)
                    .reply_markup(InlineKeyboardMarkup::new(rows))
                    .await
            }
            OutboundMessage::Contact { name, phone } => bot.send_contact(chat, format!("+{phone}"), name).await,
            OutboundMessage::Document { url, caption, .. } => {
                let request = bot.send_document(chat, file(url)?);
                match caption {
                    Some(c) => request.caption(c).await,
                    None => request.await,
                }
            }
        };
        sent.map(|m| m.id.0.to_string()).map_err(classify)
    }
}

//! Telegram Bot API through teloxide's core (types and client): a webhook per tenant bot,
//! proven by the secret-token header, and replies sent with the tenant's bot token.

pub mod client;
pub mod http;
pub mod payload;

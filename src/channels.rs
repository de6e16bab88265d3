//! Channels: WhatsApp, Telegram and the web chat, each turned into one `InboundMessage` on the
//! way in and sent from one `OutboundMessage` on the way out, through the durable inbox and
//! outbox.

pub mod domain;
pub mod identity;
pub mod intake;
pub mod telegram;
pub mod web;
pub mod whatsapp;

pub use domain::{Channel, InboundKind, InboundMessage, OutboundMessage, SenderRole};

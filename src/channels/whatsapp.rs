//! WhatsApp Cloud API: the webhook (handshake, signed events), the event shapes, and the Graph
//! API client that sends replies. Our own small client and types: the community crates cannot
//! point at another base URL (so they cannot be tested against a local fake) and one failed to
//! parse whole bodies with unknown message kinds.

pub mod client;
pub mod http;
pub mod payload;
pub mod signature;

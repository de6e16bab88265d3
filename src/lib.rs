//! autolumiku: a chat-first assistant for Indonesian used-car showrooms, run as one
//! multi-tenant service. See DESIGN.md for the shape; each module says what it owns.

pub mod api;
pub mod app;
pub mod assistant;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod channels;
pub mod cli;
pub mod client_ip;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod inventory;
pub mod jobs;
pub mod kv;
pub mod leads;
pub mod llm;
pub mod media;
pub mod nlu;
pub mod ops;
pub mod panel;
pub mod pricing;
pub mod store;
pub mod telemetry;
pub mod tenants;
#[doc(hidden)]
pub mod testing;
pub mod tls;
pub mod vault;

pub use app::{AppState, Application};

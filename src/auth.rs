//! Who may use the web panel: passwords (argon2id), second factors (TOTP and recovery codes),
//! one-time setup links, login throttling and server-side sessions. The pure rules live in the
//! submodules; `service` ties them to the store and the key-value backend.

pub mod password;
pub mod secrets;
pub mod service;
pub mod session;
mod throttle;
pub mod totp;

pub use service::{AuthError, Realm};
pub use session::{Access, Principal, Stage};

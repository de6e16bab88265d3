//! One TLS crypto provider for every client (PostgreSQL, Redis, HTTP): rustls with ring.

/// Installs ring as the process's rustls provider. Idempotent: later calls, or a provider
/// installed by someone else first, are fine. Must run before any HTTP client is built.
pub fn install_crypto_provider() {
    // An error only means a provider is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

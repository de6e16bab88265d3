//! Time-based one-time codes (RFC 6238: SHA-1, six digits, 30 s, one step either side). The
//! caller keeps the last accepted step so the same code is refused a second time.

use totp_rs::{Algorithm, Builder, Secret, Totp};

const ISSUER: &str = "autolumiku";

fn totp(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

/// A new random secret (160 bits), base32 as authenticator apps take it.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

/// The `otpauth://` link an authenticator app reads from the QR code.
pub fn otpauth_url(secret_base32: &str, account: &str) -> Option<String> {
    totp(secret_base32, account)?.to_url().ok()
}

/// The time step a code is valid for at `unix_time`, if it is valid at all.
pub fn check(secret_base32: &str, code: &str, unix_time: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret_base32, "")?.check(&code, unix_time)
}

/// The code for a moment (used by tests and the browser test's "authenticator").
pub fn code_at(secret_base32: &str, unix_time: u64) -> Option<String> {
    Some(totp(secret_base32, "")?.generate(unix_time).to_string())
}

/// The QR code of an `otpauth://` link as an SVG document.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA-1: secret "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_vectors() {
        assert_eq!(code_at(RFC_SECRET, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890).as_deref(), Some("005924"));
    }

    #[test]
    fn accepts_one_step_either_side_and_no_more() {
        let now = 1_700_000_000;
        let step = now / 30;
        let code = code_at(RFC_SECRET, now).unwrap();
        assert_eq!(check(RFC_SECRET, &code, now), Some(step));
        assert_eq!(check(RFC_SECRET, &code, now + 30), Some(step));
        assert_eq!(check(RFC_SECRET, &code, now - 30), Some(step));
        assert_eq!(check(RFC_SECRET, &code, now + 60), None);
        assert_eq!(check(RFC_SECRET, "12 34 5x", now), None);
        assert_eq!(check("not base32!", &code, now), None);
    }

    #[test]
    fn new_secrets_make_scannable_links() {
        let secret = new_secret();
        let url = otpauth_url(&secret, "budi@showroom.id").unwrap();
        assert!(
            url.starts_with("otpauth://totp/autolumiku:budi%40showroom.id?"),
            "{url}"
        );
        assert!(qr_svg(&url).unwrap().starts_with("<?xml"));
    }
}

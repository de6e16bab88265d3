//! WhatsApp Cloud API: the webhook (handshake, signed events), the event shapes, and the Graph
//! API client that sends replies. Our own small client and types: the community crates cannot
//! point at another base URL (so they cannot be tested against a local fake) and one failed to
//! parse whole bodies with unknown message kinds.

pub mod client;
pub mod http;
pub mod payload;
pub mod signature;

/// The reference a reply carries to WhatsApp (`biz_opaque_callback_data`), echoed back in its
/// status reports: it names the outbox row.
pub fn reference(outbox_id: uuid::Uuid) -> String {
    format!("ob:{}", outbox_id.simple())
}

/// The outbox row a status report's reference names, if it is one of ours.
pub fn reference_of(reference: &str) -> Option<uuid::Uuid> {
    reference
        .strip_prefix("ob:")
        .and_then(|id| uuid::Uuid::try_parse(id).ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reference_names_its_outbox_row() {
        let id = uuid::Uuid::now_v7();
        assert_eq!(super::reference_of(&super::reference(id)), Some(id));
        assert_eq!(super::reference_of("campaign-7"), None);
        assert_eq!(super::reference_of("ob:zz"), None);
        assert_eq!(
            super::reference_of(&format!("{}:0", super::reference(id))),
            None,
            "an earlier part"
        );
    }
}

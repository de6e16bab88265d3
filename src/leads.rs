//! Leads: every customer conversation is one, with what they were interested in. People move
//! a lead along the pipeline; the assistant only creates and enriches it, never marks it won or
//! lost.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where a lead stands in the sales pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    New,
    Contacted,
    Qualified,
    Negotiating,
    Won,
    Lost,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 6] = [
        LeadStatus::New,
        LeadStatus::Contacted,
        LeadStatus::Qualified,
        LeadStatus::Negotiating,
        LeadStatus::Won,
        LeadStatus::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Contacted => "contacted",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Negotiating => "negotiating",
            LeadStatus::Won => "won",
            LeadStatus::Lost => "lost",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// What one customer message adds to their lead. Absent facts leave the lead as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadUpdate {
    pub phone: Option<String>,
    /// A name the customer gave: replaces any earlier one.
    pub customer_name: Option<String>,
    /// The channel's profile name: only used while the lead has no name.
    pub profile_name: Option<String>,
    pub interest: Option<String>,
    pub budget: Option<i64>,
    /// A car asked about, by display id.
    pub vehicle: Option<String>,
}

/// A lead as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub id: uuid::Uuid,
    pub channel: String,
    pub chat_id: String,
    pub customer_name: Option<String>,
    pub phone: Option<String>,
    pub status: LeadStatus,
    pub interest: Option<String>,
    pub budget: Option<i64>,
    pub vehicles: Vec<String>,
    pub created_at: OffsetDateTime,
}

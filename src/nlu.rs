//! The intent engine: chat text and the sender's role in, `{ intent, confidence, entities }`
//! out. Pure and deterministic: no I/O, no clock, microseconds per message. An optional LLM
//! may be consulted by the caller for low-confidence results (see `llm`).

mod entities;
mod intent;
mod lexicon;
mod normalize;
mod numbers;
mod vocab;

use crate::inventory::{Color, Fuel, Transmission, VehicleStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::LazyLock;

pub use intent::CLARIFY_BELOW;

/// Who is talking: the caller knows (a registered staff phone, or anyone else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Customer,
}

impl std::str::FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "staff" => Ok(Role::Staff),
            "customer" => Ok(Role::Customer),
            _ => Err(()),
        }
    }
}

/// What a message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    // staff
    UploadVehicle,
    UpdatePrice,
    UpdateStatus,
    EditVehicle,
    DeleteVehicle,
    CheckInventory,
    GenerateContent,
    GetReport,
    ListLeads,
    Help,
    // customer
    SearchVehicle,
    AskPrice,
    CreditSimulation,
    AskPhotos,
    BookTestDrive,
    AskLocation,
    Negotiate,
    TradeIn,
    TalkToHuman,
    // both
    Greeting,
    Thanks,
    Confirm,
    Cancel,
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 24] = [
        Intent::UploadVehicle,
        Intent::UpdatePrice,
        Intent::UpdateStatus,
        Intent::EditVehicle,
        Intent::DeleteVehicle,
        Intent::CheckInventory,
        Intent::GenerateContent,
        Intent::GetReport,
        Intent::ListLeads,
        Intent::Help,
        Intent::SearchVehicle,
        Intent::AskPrice,
        Intent::CreditSimulation,
        Intent::AskPhotos,
        Intent::BookTestDrive,
        Intent::AskLocation,
        Intent::Negotiate,
        Intent::TradeIn,
        Intent::TalkToHuman,
        Intent::Greeting,
        Intent::Thanks,
        Intent::Confirm,
        Intent::Cancel,
        Intent::Unknown,
    ];

    /// Which senders this intent is for (`None`: both).
    pub fn role(self) -> Option<Role> {
        use Intent::*;
        match self {
            UploadVehicle | UpdatePrice | UpdateStatus | EditVehicle | DeleteVehicle | CheckInventory
            | GenerateContent | GetReport | ListLeads | Help => Some(Role::Staff),
            SearchVehicle | AskPrice | CreditSimulation | AskPhotos | BookTestDrive | AskLocation | Negotiate
            | TradeIn | TalkToHuman => Some(Role::Customer),
            Greeting | Thanks | Confirm | Cancel | Unknown => None,
        }
    }
}

/// A status a staff message moves a car to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusWord {
    Available,
    Booked,
    Sold,
}

impl From<StatusWord> for VehicleStatus {
    fn from(s: StatusWord) -> Self {
        match s {
            StatusWord::Available => VehicleStatus::Available,
            StatusWord::Booked => VehicleStatus::Booked,
            StatusWord::Sold => VehicleStatus::Sold,
        }
    }
}

/// Everything a message states, normalised. Absent entities are omitted from JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entities {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_max: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transmission: Option<Transmission>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuel: Option<Fuel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mileage_km: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<VehicleStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_payment: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_payment_pct: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenor_months: Option<u32>,
    /// A listed car named by its display id (`AVZ-0007`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_id: Option<String>,
}

impl Entities {
    /// Whether the message names a car (by model, make, plate or display id).
    pub fn names_a_car(&self) -> bool {
        self.model.is_some() || self.make.is_some() || self.plate.is_some() || self.display_id.is_some()
    }
}

/// The reading of one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parse {
    pub intent: Intent,
    /// 0–1. Below [`CLARIFY_BELOW`] the assistant asks instead of acting.
    pub confidence: f32,
    pub entities: Entities,
}

/// Reads one message from a sender of the given role.
pub fn parse(text: &str, role: Role) -> Parse {
    let tokens = normalize::tokenize(text);
    let extraction = entities::extract(&tokens);
    let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
    let (intent, confidence) = intent::classify(&norms, role, &extraction);
    let mut entities = extraction.entities;
    if intent == Intent::UpdateStatus {
        entities.status = extraction.status.map(VehicleStatus::from);
    }
    Parse {
        intent,
        confidence,
        entities,
    }
}

/// The make of a known model ("Brio" → "Honda"), so staff need not write the brand.
pub fn make_for_model(model: &str) -> Option<&'static str> {
    vocab::MODELS
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(model))
        .map(|m| m.make)
}

/// Whether a word is chat slang with another meaning ("ga" is "not").
pub(crate) fn is_slang(word: &str) -> bool {
    lexicon::SLANG.iter().chain(lexicon::REGIONAL).any(|(w, _)| *w == word)
}

/// Every word the vocabulary knows, so it is never mistaken for a typo or a plate suffix.
pub(crate) fn vocab_words() -> &'static HashSet<&'static str> {
    static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        let mut words: HashSet<&'static str> = HashSet::new();
        words.extend(
            vocab::MODELS
                .iter()
                .flat_map(|m| m.aliases.iter().chain(m.trims.iter()))
                .flat_map(|a| a.split(' ')),
        );
        words.extend(
            vocab::MAKES
                .iter()
                .flat_map(|m| m.aliases.iter())
                .flat_map(|a| a.split(' ')),
        );
        words.extend(vocab::TRIM_CODES.iter().chain(vocab::TRIM_WORDS).copied());
        for table in [vocab::COLORS, vocab::TRANSMISSIONS, vocab::FUELS] {
            words.extend(table.iter().flat_map(|(w, _)| w.split(' ')));
        }
        words.extend(lexicon::SLANG.iter().chain(lexicon::REGIONAL).map(|(w, _)| *w));
        words.extend(lexicon::FILLERS.iter().copied());
        words.extend([
            "km", "cc", "dp", "odo", "rp", "jt", "rb", "thn", "th", "unit", "harga", "mobil", "ready",
        ]);
        words
    });
    &WORDS
}

/// An amount typed into a price box ("150jt", "Rp150.000.000", "1,2M", "seratus juta"); a bare
/// number below 10,000 is read as millions, the way buyers type budgets ("150" = 150 juta).
pub fn amount_in_box(text: &str) -> Option<i64> {
    let tokens = normalize::tokenize(text);
    let raws: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
    let first = numbers::mentions(&raws).into_iter().next()?;
    match first.unit {
        Some(unit) => first.rupiah_value(unit),
        None => {
            let n = first.integer()?;
            Some(if n < 10_000 { n.checked_mul(1_000_000)? } else { n })
        }
    }
}

#[cfg(test)]
mod tests;

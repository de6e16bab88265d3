//! A car being listed from chat: fields gathered from any number of messages and photos,
//! the one question to ask next, and the input that publishes it. Pure.

use crate::inventory::domain::vehicle::VehicleInput;
use crate::nlu::Entities;
use serde::{Deserialize, Serialize};

/// Most photos one listing takes from chat (an album).
pub const MAX_PHOTOS: usize = 20;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub make: Option<String>,
    pub model: Option<String>,
    pub variant: Option<String>,
    pub year: Option<i32>,
    pub price: Option<i64>,
    pub transmission: Option<String>,
    pub fuel: Option<String>,
    pub color: Option<String>,
    pub mileage_km: Option<i64>,
    pub plate: Option<String>,
    pub engine_cc: Option<i32>,
    pub notes: Option<String>,
    /// Media-store keys, in the order they arrived.
    pub photos: Vec<String>,
    /// Photos turned away for being over the limit (the limit is said once).
    pub refused_photos: usize,
    /// The body colour the photos show, offered when none was written.
    pub color_guess: Option<String>,
    /// What a vision model thought the first photo shows: offered, taken only on "ya".
    pub suggestion: Option<Suggestion>,
}

/// A suggested car from the first photo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub make: String,
    pub model: String,
    pub body_type: Option<String>,
    pub color: Option<String>,
}

/// The one field to ask for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Model,
    Year,
    Price,
}

impl Missing {
    pub fn key(self) -> &'static str {
        match self {
            Missing::Model => "listing-ask-model",
            Missing::Year => "listing-ask-year",
            Missing::Price => "listing-ask-price",
        }
    }
}

/// `1500cc`, `1.500 cc`, `cc 1500`: the engine size, when written.
fn engine_cc(text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let digits = |s: &str| s.replace('.', "").parse::<i32>().ok();
        let value = if let Some(n) = w.strip_suffix("cc") {
            digits(n).or_else(|| (n.is_empty() && i > 0).then(|| digits(words[i - 1])).flatten())
        } else if *w == "cc" {
            words.get(i + 1).and_then(|n| digits(n))
        } else {
            None
        };
        if let Some(v) = value.filter(|v| (600..=8000).contains(v)) {
            return Some(v);
        }
    }
    None
}

/// `catatan: …` / `ket: …`: free notes for the description.
fn notes(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    // The original's case is kept when lowercasing did not change byte offsets; otherwise
    // the lowercased text is used rather than cut a character in half.
    let source = if lower.len() == text.len() {
        text
    } else {
        lower.as_str()
    };
    ["catatan:", "catatan ", "ket:", "keterangan:", "note:"]
        .iter()
        .find_map(|marker| lower.find(marker).map(|at| at + marker.len()))
        .and_then(|at| source.get(at..))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
}

impl Draft {
    /// Takes every car fact a message states; returns whether anything was new or changed.
    pub fn absorb(&mut self, e: &Entities, text: &str) -> bool {
        let before = self.clone();
        if let Some(model) = &e.model {
            self.model = Some(model.clone());
            self.make = e
                .make
                .clone()
                .or_else(|| crate::nlu::make_for_model(model).map(str::to_owned));
        } else if let Some(make) = &e.make {
            self.make = Some(make.clone());
        }
        set(&mut self.variant, e.variant.clone());
        set(&mut self.year, e.year);
        // A listing's price is the price written, or a lone amount ("120jt") answering the question.
        set(
            &mut self.price,
            e.price.or(e.price_max.filter(|_| e.price_min.is_none())),
        );
        set(&mut self.transmission, e.transmission.map(|t| t.as_str().to_owned()));
        set(&mut self.fuel, e.fuel.map(|f| f.as_str().to_owned()));
        set(&mut self.color, e.color.map(|c| c.as_str().to_owned()));
        set(&mut self.mileage_km, e.mileage_km);
        set(&mut self.plate, e.plate.clone());
        set(&mut self.engine_cc, engine_cc(text));
        set(&mut self.notes, notes(text));
        *self != before
    }

    /// Adds photos up to the limit; returns how many were refused for being over it.
    pub fn add_photos(&mut self, keys: impl IntoIterator<Item = String>) -> usize {
        let mut refused = 0;
        for key in keys {
            if self.photos.contains(&key) {
                continue;
            }
            if self.photos.len() >= MAX_PHOTOS {
                refused += 1;
                self.refused_photos += 1;
            } else {
                self.photos.push(key);
            }
        }
        refused
    }

    /// Takes the suggested car (staff said yes to it).
    pub fn accept_suggestion(&mut self) -> bool {
        let Some(s) = self.suggestion.take() else {
            return false;
        };
        self.make = Some(s.make);
        self.model = Some(s.model);
        if self.color.is_none() {
            self.color = s.color;
        }
        true
    }

    pub fn missing(&self) -> Option<Missing> {
        if self.model.is_none() {
            Some(Missing::Model)
        } else if self.year.is_none() {
            Some(Missing::Year)
        } else if self.price.is_none() {
            Some(Missing::Price)
        } else {
            None
        }
    }

    /// What the inventory validates and stores.
    pub fn input(&self) -> VehicleInput {
        VehicleInput {
            make: self.make.clone(),
            model: self.model.clone(),
            variant: self.variant.clone(),
            year: self.year,
            price: self.price,
            mileage_km: self.mileage_km,
            transmission: self.transmission.clone(),
            fuel: self.fuel.clone(),
            color: self.color.clone().or_else(|| self.color_guess.clone()),
            plate: self.plate.clone(),
            engine_cc: self.engine_cc,
            status: Some("available".into()),
            description: self.notes.clone(),
            tax_valid_until: None,
        }
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::{Role, parse};

    fn absorb(d: &mut Draft, text: &str) -> bool {
        d.absorb(&parse(text, Role::Staff).entities, text)
    }

    #[test]
    fn one_line_lists_a_car_and_the_make_is_inferred() {
        let mut d = Draft::default();
        assert!(absorb(&mut d, "Brio 2020 120jt hitam matic km 30rb"));
        assert_eq!(d.make.as_deref(), Some("Honda"));
        assert_eq!(
            (d.year, d.price, d.mileage_km),
            (Some(2020), Some(120_000_000), Some(30_000))
        );
        assert_eq!(d.color.as_deref(), Some("hitam"));
        assert_eq!(d.transmission.as_deref(), Some("automatic"));
        assert_eq!(d.missing(), None);
    }

    #[test]
    fn questions_come_one_at_a_time_and_corrections_are_taken() {
        let mut d = Draft::default();
        assert_eq!(d.missing(), Some(Missing::Model));
        absorb(&mut d, "avanza");
        assert_eq!(d.missing(), Some(Missing::Year));
        absorb(&mut d, "2019");
        assert_eq!(d.missing(), Some(Missing::Price));
        absorb(&mut d, "150jt");
        assert_eq!(d.missing(), None);
        assert!(absorb(&mut d, "km nya 35rb"));
        assert_eq!(d.mileage_km, Some(35_000));
        assert!(!absorb(&mut d, "ok"));
    }

    #[test]
    fn engine_and_notes_are_picked_up() {
        let mut d = Draft::default();
        absorb(&mut d, "xpander 2021 1500cc catatan: ban baru, pajak panjang");
        assert_eq!(d.engine_cc, Some(1500));
        assert_eq!(d.notes.as_deref(), Some("ban baru, pajak panjang"));
    }

    #[test]
    fn notes_after_a_shrinking_lowercase_do_not_panic() {
        let mut d = Draft::default();
        absorb(&mut d, "\u{212A}\u{212A} catatan: mulus");
        assert_eq!(d.notes.as_deref(), Some("mulus"));
    }

    #[test]
    fn photos_stop_at_twenty_and_are_not_doubled() {
        let mut d = Draft::default();
        assert_eq!(d.add_photos((0..25).map(|i| format!("k{i}"))), 5);
        assert_eq!(d.add_photos(["k0".to_owned()]), 0);
        assert_eq!(d.photos.len(), MAX_PHOTOS);
    }
}

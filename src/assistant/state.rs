//! The dialogue state of one chat, kept as JSON in `conversations.state` and saved in the same
//! transaction as the replies it led to. What a flow needs to resume after a restart lives
//! here, and nothing else.

use super::draft::Draft;
use crate::inventory::VehicleStatus;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A flow left this long without an answer is dropped (with a note the next time).
pub const EXPIRES_AFTER: time::Duration = time::Duration::hours(24);
/// Photos for a listed car are taken quietly only this long after the last one, so a new
/// car's photos an hour later never land on the old car.
pub const PHOTOS_FOR: time::Duration = time::Duration::minutes(30);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dialog {
    pub pending: Option<Pending>,
    /// When the pending flow was last touched.
    #[serde(with = "time::serde::rfc3339::option")]
    pub touched_at: Option<OffsetDateTime>,
    /// The car last talked about (display id): "harganya?" and "kredit" refer to it.
    pub focus: Option<String>,
    /// Messages not understood in a row.
    pub misunderstood: u8,
    /// The customer's name was asked for once; never again.
    pub name_asked: bool,
    /// Photos of a car being shown a few at a time.
    pub photos: Option<PhotoCursor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoCursor {
    pub display_id: String,
    pub next: usize,
}

/// A question the bot is waiting on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    /// A car being listed, field by field.
    Listing { draft: Draft },
    /// Photos to add to a listed car; after the first is acknowledged the rest of an album
    /// is added quietly.
    AddPhotos {
        display_id: String,
        #[serde(default)]
        acknowledged: bool,
    },
    /// Several cars matched: which one (answered by its number)?
    Choose { action: Action, options: Vec<String> },
    /// "Really delete?"
    ConfirmDelete { display_id: String },
    /// A test drive being arranged.
    TestDrive {
        display_id: Option<String>,
        date: Option<Date>,
    },
    /// The customer was asked their name.
    Name,
}

/// What to do with the car once it is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Action {
    Price { amount: i64 },
    Status { status: VehicleStatus },
    Edit { changes: Changes },
    Delete,
    Show,
    Caption { formal: bool },
    AddPhotos,
}

/// Field changes read from a staff message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Changes {
    pub mileage_km: Option<i64>,
    pub color: Option<String>,
    pub transmission: Option<String>,
    pub fuel: Option<String>,
    pub year: Option<i32>,
    pub variant: Option<String>,
    pub plate: Option<String>,
    pub engine_cc: Option<i32>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

impl Dialog {
    /// Reads a saved state; a state from an older shape starts afresh rather than failing the
    /// message.
    pub fn load(json: &str) -> Dialog {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn save(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Drops a pending flow that has waited too long; returns it so the bot can say so.
    pub fn expire(&mut self, now: OffsetDateTime) -> Option<Pending> {
        let limit = match self.pending {
            Some(Pending::AddPhotos { .. }) => PHOTOS_FOR,
            _ => EXPIRES_AFTER,
        };
        let stale = self.touched_at.is_some_and(|at| now - at > limit);
        if stale {
            self.touched_at = None;
            return self.pending.take();
        }
        None
    }

    pub fn set_pending(&mut self, pending: Pending, now: OffsetDateTime) {
        self.pending = Some(pending);
        self.touched_at = Some(now);
    }

    pub fn clear_pending(&mut self) -> Option<Pending> {
        self.touched_at = None;
        self.pending.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_flow_expires_after_a_day_and_says_what_it_was() {
        let mut d = Dialog::default();
        d.set_pending(Pending::Name, datetime!(2026-11-27 10:00 UTC));
        assert_eq!(d.expire(datetime!(2026-11-28 09:59 UTC)), None);
        assert_eq!(d.expire(datetime!(2026-11-28 10:01 UTC)), Some(Pending::Name));
        assert_eq!(d.pending, None);
    }

    #[test]
    fn photos_for_a_listed_car_stop_being_taken_after_half_an_hour() {
        let mut d = Dialog::default();
        let pending = Pending::AddPhotos {
            display_id: "AVZ-0001".into(),
            acknowledged: true,
        };
        d.set_pending(pending.clone(), datetime!(2026-11-27 10:00 UTC));
        assert_eq!(d.expire(datetime!(2026-11-27 10:29 UTC)), None);
        assert_eq!(d.expire(datetime!(2026-11-27 10:31 UTC)), Some(pending));
    }

    #[test]
    fn state_round_trips_and_garbage_starts_afresh() {
        let mut d = Dialog {
            focus: Some("AVZ-0001".into()),
            ..Dialog::default()
        };
        d.set_pending(
            Pending::Choose {
                action: Action::Price { amount: 150_000_000 },
                options: vec!["AVZ-0001".into(), "AVZ-0002".into()],
            },
            datetime!(2026-11-27 10:00 UTC),
        );
        assert_eq!(Dialog::load(&d.save()), d);
        assert_eq!(Dialog::load("not json"), Dialog::default());
        assert_eq!(Dialog::load("{}"), Dialog::default());
    }
}

//! The dialogue state of one chat, kept as JSON in `conversations.state` and saved in the same
//! transaction as the replies it led to. What a flow needs to resume after a restart lives
//! here, and nothing else.

use super::draft::Draft;
use crate::inventory::VehicleStatus;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, Time};

/// A flow left this long without an answer is dropped (with a note the next time).
pub const EXPIRES_AFTER: time::Duration = time::Duration::hours(24);
/// Photos for a listed car are taken quietly only this long after the last one, so a new
/// car's photos an hour later never land on the old car.
pub const PHOTOS_FOR: time::Duration = time::Duration::minutes(30);

/// A car talked about without being named counts as "the car we were talking about" only this
/// long, so "km 35rb" days later never edits an old car.
pub const FOCUS_FOR: time::Duration = time::Duration::hours(2);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dialog {
    /// A car being listed: kept apart from short questions, so a question in between (and the
    /// numbered list it may bring) never loses it.
    pub listing: Option<Draft>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub listing_at: Option<OffsetDateTime>,
    pub pending: Option<Pending>,
    /// When the pending question was last touched.
    #[serde(with = "time::serde::rfc3339::option")]
    pub touched_at: Option<OffsetDateTime>,
    /// The car last talked about (display id): "harganya?" and "kredit" refer to it.
    focus: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    focus_at: Option<OffsetDateTime>,
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
    /// A test drive being arranged: what is known so far.
    TestDrive {
        display_id: Option<String>,
        date: Option<Date>,
        #[serde(default)]
        time: Option<Time>,
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

    /// Drops flows that waited too long; returns a listing that was dropped, so the bot can
    /// say so.
    pub fn expire(&mut self, now: OffsetDateTime) -> Option<Draft> {
        let limit = match self.pending {
            Some(Pending::AddPhotos { .. }) => PHOTOS_FOR,
            _ => EXPIRES_AFTER,
        };
        if self.touched_at.is_some_and(|at| now - at > limit) {
            self.clear_pending();
        }
        if self.focus_at.is_some_and(|at| now - at > FOCUS_FOR) {
            self.focus = None;
            self.focus_at = None;
        }
        if self.listing_at.is_some_and(|at| now - at > EXPIRES_AFTER) {
            self.listing_at = None;
            return self.listing.take();
        }
        None
    }

    pub fn focus(&self) -> Option<&str> {
        self.focus.as_deref()
    }

    pub fn set_focus(&mut self, display_id: String, now: OffsetDateTime) {
        self.focus = Some(display_id);
        self.focus_at = Some(now);
    }

    pub fn clear_focus(&mut self) {
        self.focus = None;
        self.focus_at = None;
    }

    pub fn set_listing(&mut self, draft: Draft, now: OffsetDateTime) {
        self.listing = Some(draft);
        self.listing_at = Some(now);
    }

    pub fn take_listing(&mut self) -> Option<Draft> {
        self.listing_at = None;
        self.listing.take()
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
    fn flows_expire_after_a_day_and_a_dropped_listing_is_returned() {
        let mut d = Dialog::default();
        d.set_pending(Pending::Name, datetime!(2026-11-27 10:00 UTC));
        d.set_listing(Draft::default(), datetime!(2026-11-27 10:00 UTC));
        d.set_focus("AVZ-0001".into(), datetime!(2026-11-27 10:00 UTC));
        assert_eq!(d.expire(datetime!(2026-11-27 11:59 UTC)), None);
        assert_eq!(d.focus(), Some("AVZ-0001"));
        assert_eq!(d.expire(datetime!(2026-11-27 12:01 UTC)), None);
        assert_eq!(d.focus(), None, "focus lasts two hours");
        assert!(d.pending.is_some());
        assert_eq!(d.expire(datetime!(2026-11-28 10:01 UTC)), Some(Draft::default()));
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
        d.expire(datetime!(2026-11-27 10:29 UTC));
        assert_eq!(d.pending, Some(pending));
        d.expire(datetime!(2026-11-27 10:31 UTC));
        assert_eq!(d.pending, None);
    }

    #[test]
    fn state_round_trips_and_garbage_starts_afresh() {
        let mut d = Dialog::default();
        d.set_focus("AVZ-0001".into(), datetime!(2026-11-27 10:00 UTC));
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

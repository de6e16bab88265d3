//! How cars, money, dates and lists look in a chat bubble on a phone: short lines, the
//! important fact first. Words come from Fluent; only data is assembled here.

use crate::domain::{Rupiah, in_jakarta};
use crate::i18n::{Lang, Localizer};
use crate::inventory::{Vehicle, VehicleStatus};
use time::{Date, OffsetDateTime, Time};

/// Renders Fluent messages in the conversation's language.
#[derive(Clone, Copy)]
pub struct Say<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
}

impl Say<'_> {
    pub fn t(&self, key: &str, args: &[(&str, String)]) -> String {
        self.i18n.text(self.lang, key, args)
    }

    pub fn status(&self, status: VehicleStatus) -> String {
        self.t(&format!("status-{}", status.as_str()), &[])
    }

    /// "Sabtu, 28 November 2026 pukul 10.00" in Jakarta time.
    pub fn day_and_time(&self, date: Date, time: Time) -> String {
        self.t(
            "when-day-time",
            &[
                (
                    "weekday",
                    self.t(&format!("weekday-{}", date.weekday().number_from_monday()), &[]),
                ),
                ("day", date.day().to_string()),
                ("month", self.t(&format!("month-{}", u8::from(date.month())), &[])),
                ("year", date.year().to_string()),
                ("time", format!("{:02}.{:02}", time.hour(), time.minute())),
            ],
        )
    }

    /// "Senin, Selasa, …" for ISO weekday numbers.
    pub fn days(&self, days: &[u8]) -> String {
        days.iter()
            .map(|d| self.t(&format!("weekday-{d}"), &[]))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The facts line of a car: transmission, fuel, colour, mileage — whichever are known.
    pub fn facts(&self, v: &Vehicle) -> String {
        let mut parts = Vec::new();
        if let Some(t) = v.transmission {
            parts.push(self.t(&format!("transmission-{}", t.as_str()), &[]));
        }
        if let Some(f) = v.fuel {
            parts.push(f.as_str().to_owned());
        }
        if let Some(c) = v.color {
            parts.push(c.as_str().to_owned());
        }
        if let Some(km) = v.mileage_km {
            parts.push(format!("{} km", grouped(km)));
        }
        parts.join(" · ")
    }

    /// A customer's card: what, price, facts, link. No plate, no stock age.
    pub fn customer_card(&self, n: Option<usize>, v: &Vehicle, link: &str) -> String {
        let number = n.map(|n| format!("{n}. ")).unwrap_or_default();
        let mut card = format!("{number}*{}* ({})\n{}", title(v), v.display_id, v.price.short());
        let facts = self.facts(v);
        if !facts.is_empty() {
            card.push_str(" · ");
            card.push_str(&facts);
        }
        if v.status != VehicleStatus::Available {
            card.push_str(&format!(" · {}", self.status(v.status)));
        }
        card.push('\n');
        card.push_str(link);
        card
    }

    /// One line of a staff stock list.
    pub fn staff_line(&self, n: Option<usize>, v: &Vehicle, now: OffsetDateTime) -> String {
        let number = n.map(|n| format!("{n}. ")).unwrap_or_default();
        let color = v.color.map(|c| format!(" · {c}")).unwrap_or_default();
        let plate = v.plate.as_ref().map(|p| format!(" · {p}")).unwrap_or_default();
        format!(
            "{number}{} · {}{color}{plate} · {} · {} · {}",
            v.display_id,
            title(v),
            v.price.short(),
            self.status(v.status),
            self.t(
                "days-in-stock",
                &[("days", days_between(v.created_at, now).to_string())]
            ),
        )
    }

    /// Everything staff know about one car.
    pub fn staff_card(&self, v: &Vehicle, photos: usize, now: OffsetDateTime, link: &str) -> String {
        let mut lines = vec![
            format!("*{}* · {}", title(v), v.display_id),
            format!("{} · {}", v.price, self.status(v.status)),
        ];
        let facts = self.facts(v);
        if !facts.is_empty() {
            lines.push(facts);
        }
        if let Some(p) = &v.plate {
            lines.push(self.t("card-plate", &[("plate", p.to_string())]));
        }
        if let Some(cc) = v.engine_cc {
            lines.push(format!("{cc} cc"));
        }
        if let Some(d) = &v.description {
            lines.push(d.clone());
        }
        lines.push(self.t(
            "card-stock",
            &[
                ("photos", photos.to_string()),
                ("days", days_between(v.created_at, now).to_string()),
            ],
        ));
        lines.push(link.to_owned());
        lines.join("\n")
    }
}

/// "Toyota Avanza 1.3 G 2019".
pub fn title(v: &Vehicle) -> String {
    match &v.variant {
        Some(variant) => format!("{} {} {} {}", v.make, v.model, variant, v.year),
        None => format!("{} {} {}", v.make, v.model, v.year),
    }
}

/// `58.000`.
pub fn grouped(n: i64) -> String {
    Rupiah::new(n.max(0))
        .map(|r| r.to_string().trim_start_matches("Rp ").to_owned())
        .unwrap_or_else(|_| n.to_string())
}

/// Whole days from `from` to `to`, counted on the Jakarta calendar.
pub fn days_between(from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    (in_jakarta(to).date() - in_jakarta(from).date()).whole_days().max(0)
}

/// A customer's percentage: `8,9%`.
pub fn percent_bp(bp: u32) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    match frac {
        0 => format!("{whole}%"),
        f if f % 10 == 0 => format!("{whole},{}%", f / 10),
        f => format!("{whole},{f:02}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_indonesian_way() {
        assert_eq!(grouped(58_000), "58.000");
        assert_eq!(percent_bp(890), "8,9%");
        assert_eq!(percent_bp(1070), "10,7%");
        assert_eq!(percent_bp(825), "8,25%");
        assert_eq!(percent_bp(700), "7%");
    }
}

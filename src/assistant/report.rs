//! The period report: which period a message asks for, its bounds on the Jakarta calendar,
//! and the figures that go in it. Pure.

use crate::domain::{JAKARTA, in_jakarta};
use crate::store::PeriodFigures;
use time::{Date, Duration, OffsetDateTime, Time};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Today,
    Week,
    Month,
    LastMonth,
}

impl Period {
    pub fn read(text: &str) -> Period {
        let t = text.to_lowercase();
        if t.contains("hari ini") || t.contains("harian") {
            Period::Today
        } else if t.contains("minggu") || t.contains("pekan") {
            Period::Week
        } else if t.contains("bulan lalu") || t.contains("bln lalu") || t.contains("bulan kemarin") {
            Period::LastMonth
        } else {
            Period::Month
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Period::Today => "period-today",
            Period::Week => "period-week",
            Period::Month => "period-month",
            Period::LastMonth => "period-last-month",
        }
    }

    /// `[from, to)` in UTC: Jakarta midnights.
    pub fn bounds(self, now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
        let today = in_jakarta(now).date();
        let first_of = |d: Date| d.replace_day(1).unwrap_or(d);
        let (from, to) = match self {
            Period::Today => (today, today + Duration::days(1)),
            Period::Week => {
                let monday = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
                (monday, monday + Duration::days(7))
            }
            Period::Month => {
                let first = first_of(today);
                (first, first_of(first + Duration::days(32)))
            }
            Period::LastMonth => {
                let first = first_of(today);
                (first_of(first - Duration::days(1)), first)
            }
        };
        let midnight = |d: Date| {
            d.with_time(Time::MIDNIGHT)
                .assume_offset(JAKARTA)
                .to_offset(time::UtcOffset::UTC)
        };
        (midnight(from), midnight(to))
    }
}

/// The numbers a report shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub listed: i64,
    pub sold: usize,
    pub revenue: i64,
    pub avg_days_to_sell: Option<i64>,
    pub stock: usize,
    pub avg_stock_age: Option<i64>,
    /// Cars in stock for more than 60 days.
    pub stale: usize,
}

fn average(values: impl Iterator<Item = i64>) -> Option<i64> {
    let (sum, n) = values.fold((0i64, 0i64), |(s, n), v| (s.saturating_add(v), n + 1));
    (n > 0).then(|| (sum + n / 2) / n)
}

pub fn summarize(f: &PeriodFigures) -> Summary {
    Summary {
        listed: f.listed,
        sold: f.sold.len(),
        revenue: f.sold.iter().map(|(price, _)| *price).fold(0i64, i64::saturating_add),
        avg_days_to_sell: average(f.sold.iter().map(|(_, days)| *days)),
        stock: f.stock_ages.len(),
        avg_stock_age: average(f.stock_ages.iter().copied()),
        stale: f.stock_ages.iter().filter(|d| **d > 60).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn periods_follow_the_jakarta_calendar() {
        // 30 Nov 18:00 UTC is already 1 December in Jakarta.
        let now = datetime!(2026-11-30 18:00 UTC);
        let (from, to) = Period::Month.bounds(now);
        assert_eq!(from, datetime!(2026-11-30 17:00 UTC));
        assert_eq!(to, datetime!(2026-12-31 17:00 UTC));
        let (from, to) = Period::LastMonth.bounds(now);
        assert_eq!(
            (from, to),
            (datetime!(2026-10-31 17:00 UTC), datetime!(2026-11-30 17:00 UTC))
        );
        let (from, _) = Period::Week.bounds(datetime!(2026-11-27 03:00 UTC));
        assert_eq!(from, datetime!(2026-11-22 17:00 UTC));
        assert_eq!(Period::read("laporan minggu ini"), Period::Week);
        assert_eq!(Period::read("laporan bulan ini"), Period::Month);
        assert_eq!(Period::read("laporan bulan lalu"), Period::LastMonth);
    }

    #[test]
    fn figures_are_summed_and_averaged() {
        let s = summarize(&PeriodFigures {
            listed: 4,
            sold: vec![(100, 10), (200, 21)],
            stock_ages: vec![5, 70, 90],
            leads: vec![],
        });
        assert_eq!((s.sold, s.revenue, s.avg_days_to_sell), (2, 300, Some(16)));
        assert_eq!((s.stock, s.avg_stock_age, s.stale), (3, Some(55), 2));
        assert_eq!(summarize(&PeriodFigures::default()).avg_days_to_sell, None);
    }
}

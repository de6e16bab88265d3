//! Reading a day and a time out of chat ("besok jam 10", "sabtu jam 2 siang", "tgl 30 jam
//! 10.30", "lusa sore"). Pure: the caller gives today's Jakarta date.

use time::{Date, Duration, Month, Time, Weekday};

/// What a message said about when; either part may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When {
    pub date: Option<Date>,
    pub time: Option<Time>,
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("senin", Weekday::Monday),
    ("selasa", Weekday::Tuesday),
    ("rabu", Weekday::Wednesday),
    ("kamis", Weekday::Thursday),
    ("jumat", Weekday::Friday),
    ("jum'at", Weekday::Friday),
    ("sabtu", Weekday::Saturday),
    ("minggu", Weekday::Sunday),
    ("ahad", Weekday::Sunday),
];

/// Parts of the day that turn "jam 2" into 14:00.
fn part_of_day(word: &str) -> Option<(u8, u8)> {
    // (first hour the word covers, hours added to a 1–12 reading)
    match word {
        "pagi" => Some((0, 0)),
        "siang" => Some((11, 12)),
        "sore" => Some((15, 12)),
        "malam" | "malem" => Some((18, 12)),
        _ => None,
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '?' | '!'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_owned())
        .collect()
}

fn next_weekday(today: Date, day: Weekday) -> Date {
    let ahead =
        (i64::from(day.number_days_from_monday()) - i64::from(today.weekday().number_days_from_monday())).rem_euclid(7);
    today + Duration::days(ahead)
}

/// A day of the month on or after today (this month, else next).
fn day_of_month(today: Date, day: u8) -> Option<Date> {
    let this = Date::from_calendar_date(today.year(), today.month(), day).ok();
    match this {
        Some(d) if d >= today => Some(d),
        _ => {
            let (year, month) = match today.month() {
                Month::December => (today.year() + 1, Month::January),
                m => (today.year(), m.next()),
            };
            Date::from_calendar_date(year, month, day).ok()
        }
    }
}

/// `10`, `10.30`, `10:30`, `10an`, `14.00`.
fn clock(word: &str) -> Option<(u8, u8)> {
    let word = word.trim_end_matches("an").trim_end_matches("wib");
    let (h, m) = match word.split_once(['.', ':']) {
        Some((h, m)) => (h.parse().ok()?, m.parse().ok()?),
        None => (word.parse().ok()?, 0),
    };
    (h < 24 && m < 60).then_some((h, m))
}

fn date_word(w: &[String], i: usize, today: Date) -> Option<Date> {
    let word = w[i].as_str();
    match word {
        "hari" if w.get(i + 1).is_some_and(|n| n == "ini") => Some(today),
        "besok" | "besuk" | "bsk" => Some(today + Duration::days(1)),
        "lusa" => Some(today + Duration::days(2)),
        "tgl" | "tanggal" => day_of_month(today, w.get(i + 1)?.parse().ok()?),
        _ => {
            if let Some((_, day)) = WEEKDAYS.iter().find(|(name, _)| *name == word) {
                return Some(next_weekday(today, *day));
            }
            // 30/11 or 30-11
            let (d, m) = word.split_once(['/', '-'])?;
            let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
            let date = Date::from_calendar_date(today.year(), month, d.parse().ok()?).ok()?;
            if date >= today {
                Some(date)
            } else {
                date.replace_year(today.year() + 1).ok()
            }
        }
    }
}

pub fn parse(text: &str, today: Date) -> When {
    let w = words(text);
    let mut when = When::default();
    let mut hour: Option<(u8, u8)> = None;
    let mut part: Option<(u8, u8)> = None;
    for i in 0..w.len() {
        if when.date.is_none() {
            when.date = date_word(&w, i, today);
        }
        if let Some(p) = part_of_day(&w[i]) {
            part = Some(p);
        }
        let after_jam = i > 0 && matches!(w[i - 1].as_str(), "jam" | "pukul" | "pk" | "jm");
        if hour.is_none() && (after_jam || w[i].contains(['.', ':'])) {
            hour = clock(&w[i]);
        }
    }
    if let Some((mut h, m)) = hour {
        if let Some((from, add)) = part {
            // "jam 11 siang" is 11, "jam 1 siang" 13, "jam 12 malam" midnight.
            if h < from && h <= 12 {
                h = (h + add) % 24;
            } else if add > 0 && h == 12 && from >= 18 {
                h = 0;
            }
        } else if (1..=6).contains(&h) {
            // "jam 2" in a showroom is two in the afternoon, never two at night.
            h += 12;
        }
        when.time = Time::from_hms(h, m, 0).ok();
    }
    when
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    // A Friday.
    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn days_and_times_people_write() {
        let cases = [
            ("besok jam 10", Some(date!(2026 - 11 - 28)), Some(time!(10:00))),
            ("sabtu jam 2 siang", Some(date!(2026 - 11 - 28)), Some(time!(14:00))),
            ("senin jam 4 sore", Some(date!(2026 - 11 - 30)), Some(time!(16:00))),
            ("tgl 3 jam 10.30", Some(date!(2026 - 12 - 03)), Some(time!(10:30))),
            ("lusa pukul 13:00", Some(date!(2026 - 11 - 29)), Some(time!(13:00))),
            ("hari ini jam 3", Some(TODAY), Some(time!(15:00))),
            ("jumat", Some(TODAY), None),
            ("jam 9 pagi aja", None, Some(time!(09:00))),
            ("jam 11 siang", None, Some(time!(11:00))),
            ("jam 1 siang", None, Some(time!(13:00))),
            ("jam 12 siang", None, Some(time!(12:00))),
            ("jam 7 malam", None, Some(time!(19:00))),
            ("jam 12 malam", None, Some(time!(00:00))),
            ("jam 16.30 sore", None, Some(time!(16:30))),
            ("5/1 jam 11", Some(date!(2027 - 01 - 05)), Some(time!(11:00))),
            ("mau lihat mobilnya", None, None),
        ];
        for (text, day, at) in cases {
            assert_eq!(parse(text, TODAY), When { date: day, time: at }, "{text}");
        }
    }

    #[test]
    fn nonsense_never_panics() {
        for text in [
            "jam",
            "tgl",
            "tgl 99",
            "jam 99.99",
            "31/02",
            "jam 12 malam",
            "//",
            "jam -1",
        ] {
            let _ = parse(text, TODAY);
        }
    }
}

//! Entities from tokens: display ids, plates, make, model and trim, colour, transmission,
//! fuel, status words, and numbers read by their context (year, price, budget, mileage,
//! down payment, tenor). Each token is used by at most one entity.

mod context;
mod vehicle;

use super::normalize::Token;
use super::numbers::{Mention, Unit, mentions};
use super::vocab::{COLORS, FUELS, PLATE_REGIONS, TRANSMISSIONS};
use super::{Entities, StatusWord};
use crate::domain::{DisplayId, Plate};
use crate::inventory::{Color, Fuel, Transmission};
use context::{MoneyRole, money_role};
use std::collections::HashMap;
use std::sync::LazyLock;

/// What extraction found, plus facts the intent rules use.
#[derive(Debug, Default)]
pub struct Extraction {
    pub entities: Entities,
    /// A status change word that is not negated ("laku", not "belum laku").
    pub status: Option<StatusWord>,
    /// An amount off or onto the price ("turun 4jt"): a price change with no new price.
    pub price_delta: bool,
}

/// Tokens already claimed by an entity.
pub(super) struct Claims(Vec<bool>);

impl Claims {
    fn free(&self, range: std::ops::Range<usize>) -> bool {
        range.into_iter().all(|i| !self.0.get(i).copied().unwrap_or(true))
    }
    fn take(&mut self, range: std::ops::Range<usize>) {
        for i in range {
            if let Some(slot) = self.0.get_mut(i) {
                *slot = true;
            }
        }
    }
}

pub fn extract(tokens: &[Token]) -> Extraction {
    let raws: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
    let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
    let mut claims = Claims(vec![false; tokens.len()]);
    let mut e = Entities {
        display_id: display_id(&raws, &mut claims),
        plate: plate(&raws, &norms, &mut claims),
        ..Entities::default()
    };
    let car_end = vehicle::make_model_variant(&raws, &mut claims, &mut e);
    // "tgl merah" is a public holiday, not a colour; "pom bensin" a petrol station, not a fuel.
    for marker in ["tanggal", "pom", "spbu"] {
        if let Some(i) = norms.iter().position(|w| *w == marker) {
            claims.take(i..i + 2);
        }
    }
    e.color = COLOR_TABLE
        .find(&raws, &mut claims)
        .and_then(|c| c.parse::<Color>().ok());
    e.transmission = TRANSMISSION_TABLE
        .find(&raws, &mut claims)
        .and_then(|t| t.parse::<Transmission>().ok());
    // "bales otomatis", "cara manual": ordinary words unless the message is about a car.
    let plain_word = raws
        .iter()
        .any(|w| matches!(*w, "otomatis" | "manual" | "automatis" | "automatic"))
        && !raws.iter().any(|w| TRANSMISSION_CODES.contains(w));
    let about_a_car = e.names_a_car()
        || norms
            .iter()
            .any(|w| matches!(*w, "transmisi" | "mobil" | "unit" | "tahun" | "stok" | "harga"));
    if plain_word && !about_a_car {
        e.transmission = None;
    }
    e.fuel = FUEL_TABLE.find(&raws, &mut claims).and_then(|f| f.parse::<Fuel>().ok());
    short_year(&raws, &mut claims, &mut e);
    let price_delta = numbers(&raws, &norms, &mut claims, &mut e, car_end);
    Extraction {
        entities: e,
        status: status_word(&norms),
        price_delta,
    }
}

/// `AVZ-0007`, `avz-7`, `avz0007`: three letters then digits, hyphen or at least three digits.
fn display_id(raws: &[&str], claims: &mut Claims) -> Option<String> {
    for (i, raw) in raws.iter().enumerate() {
        let letters = raw.chars().take_while(char::is_ascii_alphabetic).count();
        let rest = &raw[letters..];
        let digits = rest.trim_start_matches('-');
        let shaped = letters == 3
            && !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && (rest.starts_with('-') || digits.len() >= 3);
        if shaped && let Some(id) = DisplayId::parse(raw) {
            claims.take(i..i + 1);
            return Some(id.to_string());
        }
    }
    None
}

/// Words that may not be read as a plate's suffix letters even though they are short.
fn is_plate_suffix(word: &str) -> bool {
    (1..=3).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && !super::vocab_words().contains(word)
}

/// `B 1234 XYZ` in one, two or three tokens; a suffix-less plate only after "plat".
fn plate(raws: &[&str], norms: &[&str], claims: &mut Claims) -> Option<String> {
    for i in 0..raws.len() {
        let region: String = raws[i].chars().take_while(char::is_ascii_alphabetic).collect();
        if !PLATE_REGIONS.contains(&region.as_str()) {
            continue;
        }
        let after_plat = i > 0 && norms[i - 1] == "plat";
        let candidates = [
            (1, raws[i].to_owned()),
            (2, raws[i..].iter().take(2).copied().collect::<Vec<_>>().join(" ")),
            (3, raws[i..].iter().take(3).copied().collect::<Vec<_>>().join(" ")),
        ];
        for (len, text) in candidates.iter().rev() {
            if i + len > raws.len() || !claims.free(i..i + len) {
                continue;
            }
            let parts: Vec<&str> = raws[i..i + len].to_vec();
            let region: String = parts[0].chars().take_while(char::is_ascii_alphabetic).collect();
            let last_alpha = parts[len - 1].chars().all(|c| c.is_ascii_alphabetic());
            let suffix_ok = if *len > 1 && last_alpha {
                is_plate_suffix(parts[len - 1])
            } else {
                true
            };
            let Ok(plate) = Plate::parse(text) else { continue };
            let has_suffix = plate.as_str().split(' ').count() == 3;
            if PLATE_REGIONS.contains(&region.as_str()) && suffix_ok && (has_suffix || after_plat) {
                claims.take(i..i + len);
                return Some(plate.to_string());
            }
        }
    }
    None
}

/// A word table indexed by first word: `matic` → automatic, `abu abu` → abu-abu.
struct PhraseTable(HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>);

impl PhraseTable {
    fn new(table: &[(&'static str, &'static str)]) -> Self {
        let mut map: HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>> = HashMap::new();
        for (phrase, meaning) in table {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            map.entry(words[0]).or_default().push((words, meaning));
        }
        // Longer phrases first: "merah marun" before "merah".
        map.values_mut()
            .for_each(|v| v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len())));
        PhraseTable(map)
    }

    /// The first free occurrence, claimed.
    fn find(&self, raws: &[&str], claims: &mut Claims) -> Option<&'static str> {
        for i in 0..raws.len() {
            for (words, meaning) in self.0.get(raws[i]).map_or(&[][..], Vec::as_slice) {
                let end = i + words.len();
                if end <= raws.len() && raws[i..end] == words[..] && claims.free(i..end) {
                    claims.take(i..end);
                    return Some(meaning);
                }
            }
        }
        None
    }
}

static COLOR_TABLE: LazyLock<PhraseTable> = LazyLock::new(|| PhraseTable::new(COLORS));
static TRANSMISSION_TABLE: LazyLock<PhraseTable> = LazyLock::new(|| PhraseTable::new(TRANSMISSIONS));
static FUEL_TABLE: LazyLock<PhraseTable> = LazyLock::new(|| PhraseTable::new(FUELS));

fn status_word(norms: &[&str]) -> Option<StatusWord> {
    let text = format!(" {} ", norms.join(" "));
    let has = |p: &str| text.contains(&format!(" {p} "));
    let negated = |p: &str| NEGATIONS.iter().any(|n| has(&format!("{n} {p}")));
    let any = |phrases: &[&str]| phrases.iter().any(|p| has(p) && !negated(p));
    let backed_out = has("batal") || has("mundur");
    let buyer_backed_out = backed_out && ["pembeli", "beli", "booking", "dp", "customer"].iter().any(|w| has(w));
    if any(&[
        "ready lagi",
        "ready kembali",
        "tampil lagi",
        "aktif lagi",
        "muncul lagi",
        "jual lagi",
        "buka lagi",
        "balik ready",
    ]) || buyer_backed_out
    {
        Some(StatusWord::Available)
    } else if any(&[
        "laku",
        "ada yang ambil",
        "serah terima",
        "lunas",
        "sudah diambil",
        "dibawa pulang",
        "ada pembeli",
    ]) {
        Some(StatusWord::Sold)
    } else if any(&[
        "booking",
        "dp masuk",
        "dp sudah masuk",
        "tanda jadi",
        "sudah dp",
        "di dp",
        "hold",
        "reserve",
        "ikat",
        "iket",
    ]) {
        Some(StatusWord::Booked)
    } else {
        None
    }
}

/// Transmission words that mean nothing else.
const TRANSMISSION_CODES: &[&str] = &["matic", "matik", "metic", "metik", "at", "mt", "cvt", "a/t", "m/t"];

/// Words that turn the next one around ("belum laku", "jangan tampil lagi").
pub(super) const NEGATIONS: &[&str] = &["belum", "tidak", "jangan", "bukan"];

/// `'17`: a model year written short.
fn short_year(raws: &[&str], claims: &mut Claims, e: &mut Entities) {
    for (i, raw) in raws.iter().enumerate() {
        if let Some(digits) = raw.strip_prefix('\'')
            && digits.len() == 2
            && let Ok(v) = digits.parse::<i32>()
        {
            claims.take(i..i + 1);
            e.year.get_or_insert(if v >= 50 { 1900 + v } else { 2000 + v });
        }
    }
}

/// Words that make "3 bulan" or "4 tahun" a loan term rather than a period of time.
const CREDIT_WORDS: &[&str] = &[
    "dp", "kredit", "cicil", "cicilan", "angsuran", "tenor", "bunga", "muka", "per", "simulasi",
];

/// What the reader of one number needs to know about the rest of the message.
struct Around<'a> {
    norms: &'a [&'a str],
    credit: bool,
    car_end: Option<usize>,
    /// The message talks about kilometres somewhere ("ganti odo ... jadi tujuh puluh ribu").
    km_talk: bool,
}

/// Reads every free number by its unit and the words before it; says whether one was an
/// amount off or onto the price.
fn numbers(raws: &[&str], norms: &[&str], claims: &mut Claims, e: &mut Entities, car_end: Option<usize>) -> bool {
    let mut delta = false;
    let around = Around {
        norms,
        credit: norms.iter().any(|w| CREDIT_WORDS.contains(w)),
        car_end,
        km_talk: norms.iter().any(|w| matches!(*w, "km" | "odo")),
    };
    let found: Vec<Mention> = mentions(raws)
        .into_iter()
        .filter(|m| claims.free(m.start..m.end))
        .collect();
    let mut i = 0;
    while i < found.len() {
        let m = &found[i];
        // A range "100-150jt" / "100 sampai 150 juta": the first takes the second's unit.
        if let Some(next) = found.get(i + 1)
            && next.start <= m.end + 1
            && norms
                .get(m.end)
                .is_some_and(|w| matches!(*w, "-" | "sampai" | "hingga"))
            && let Some((low, high)) = money_range(m, next)
        {
            e.price_min.get_or_insert(low);
            e.price_max.get_or_insert(high);
            claims.take(m.start..next.end);
            i += 2;
            continue;
        }
        delta |= read_number(m, &around, e);
        claims.take(m.start..m.end);
        i += 1;
    }
    delta
}

/// The rupiah of one end of a range: its own unit, else written in full, else the other
/// end's unit (juta when neither says).
fn range_end(m: &Mention, other_unit: Option<Unit>) -> Option<i64> {
    if m.unit.is_some_and(|u| u.money_factor().is_none()) {
        return None;
    }
    match m.unit {
        Some(u) => m.rupiah_value(u),
        None if m.grouped || m.rupiah => m.integer(),
        None => m.rupiah_value(other_unit.unwrap_or(Unit::Juta)),
    }
}

fn money_range(a: &Mention, b: &Mention) -> Option<(i64, i64)> {
    let looks_like_year = |m: &Mention| m.unit.is_none() && m.int_digits == 4 && !m.grouped;
    if looks_like_year(a) || looks_like_year(b) {
        return None;
    }
    let (low, high) = (range_end(a, b.unit)?, range_end(b, a.unit)?);
    (low < high && low >= 1_000_000).then_some((low, high))
}

/// Words that may stand between "km" and its number ("km nya cuma 35rb").
const KM_FILLERS: &[&str] = &[
    "sebenarnya",
    "aslinya",
    "tertulis",
    "nya",
    "sekitar",
    "cuma",
    "hanya",
    "baru",
    "masih",
    "kurang",
    "lebih",
    "jadi",
    "di",
    "an",
];

fn is_numeric(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

/// Numbers whose unit alone says what they are: percent, cc, instalments, loan terms.
/// Returns whether the unit decided.
fn read_by_unit(m: &Mention, around: &Around<'_>, e: &mut Entities) -> bool {
    let value = m.integer();
    let fits = |range: std::ops::RangeInclusive<i64>| value.filter(|v| range.contains(v)).map(|v| v as u32);
    match m.unit {
        Some(Unit::Percent) => drop(fits(1..=100).map(|v| e.down_payment_pct.get_or_insert(v))),
        Some(Unit::Cc) => {}
        Some(Unit::Times) => drop(fits(6..=120).map(|v| e.tenor_months.get_or_insert(v))),
        Some(Unit::Months) if around.credit => drop(fits(1..=120).map(|v| e.tenor_months.get_or_insert(v))),
        Some(Unit::Years) if around.credit => drop(fits(1..=10).map(|v| e.tenor_months.get_or_insert(v * 12))),
        Some(Unit::Months | Unit::Years) => {}
        _ => return false,
    }
    true
}

/// Kilometres: labelled ("km 45rb", "odo 85.000") or suffixed ("120.000 km"). A "km" right
/// after a number is that number's unit, not a label for the next one.
fn read_mileage(m: &Mention, around: &Around<'_>, e: &mut Entities) -> bool {
    let norms = around.norms;
    let nearest = (0..m.start).rev().find(|&j| !KM_FILLERS.contains(&norms[j]));
    let labelled = nearest.is_some_and(|j| matches!(norms[j], "km" | "odo") && !(j > 0 && is_numeric(norms[j - 1])));
    let year_like = m.unit.is_none() && !m.grouped && m.integer().is_some_and(|v| (1950..=2039).contains(&v));
    let suffixed =
        !year_like && norms.get(m.end) == Some(&"km") && !norms.get(m.end + 1).is_some_and(|w| is_numeric(w));
    let scale = matches!(m.unit, Some(Unit::Juta | Unit::Miliar));
    // A thousands-sized plain number in a message about kilometres is kilometres.
    let plain_thousands = m.unit.is_none()
        && !m.rupiah
        && m.integer()
            .is_some_and(|v| (1_000..=999_999).contains(&v) && !(1950..=2039).contains(&v));
    if scale || !(labelled || suffixed || m.unit == Some(Unit::Km) || (around.km_talk && plain_thousands)) {
        return false;
    }
    let km = match m.unit {
        Some(Unit::Ribu) => m.rupiah_value(Unit::Ribu),
        // "odo 60an", "km 45": no used car has run only 60 km; thousands are meant.
        _ => m.integer().map(|v| if v < 1_000 { v * 1_000 } else { v }),
    };
    if let Some(km) = km.filter(|k| (0..=2_000_000).contains(k)) {
        e.mileage_km.get_or_insert(km);
    }
    true
}

/// Returns whether the number was a change of price by an amount.
fn read_number(m: &Mention, around: &Around<'_>, e: &mut Entities) -> bool {
    let norms = around.norms;
    if read_by_unit(m, around, e) || read_mileage(m, around, e) {
        return false;
    }
    let before: Vec<&str> = norms[m.start.saturating_sub(3)..m.start]
        .iter()
        .rev()
        .copied()
        .collect();
    let near = |words: &[&str]| before.iter().any(|w| words.contains(w));
    if let Some(year) = context::year(m, &before) {
        e.year.get_or_insert(year);
        return false;
    }
    if near(&["tenor"]) && m.unit.is_none() {
        let months = m.integer().map(|v| if v <= 10 { v * 12 } else { v });
        if let Some(months) = months.filter(|v| (1..=120).contains(v)) {
            e.tenor_months.get_or_insert(months as u32);
        }
        return false;
    }
    let right_after_car = around.car_end == Some(m.start);
    let after = norms.get(m.end..).unwrap_or(&[]);
    let Some((role, amount)) = money_role(m, &before, after, right_after_car) else {
        return false;
    };
    let slot = match role {
        MoneyRole::Price => &mut e.price,
        MoneyRole::Max => &mut e.price_max,
        MoneyRole::Min => &mut e.price_min,
        MoneyRole::DownPayment => &mut e.down_payment,
        MoneyRole::Mileage => &mut e.mileage_km,
        MoneyRole::Installment => return false,
        MoneyRole::Discount => return true,
    };
    // A later price after "jadi"/"ke" is the new one ("dari 160 jadi 158jt").
    if role == MoneyRole::Price && slot.is_some() && !near(&["jadi", "ke"]) {
        return false;
    }
    *slot = Some(amount);
    false
}

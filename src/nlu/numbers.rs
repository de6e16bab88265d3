//! Numbers as Indonesians write them: digits with dot or comma grouping (`150.000.000`,
//! `Rp150,000,000`), decimals (`98,5jt`, `1.2M`), unit suffixes (`jt`, `juta`, `rb`, `M`,
//! `miliar`, `km`, `cc`, `x`, `thn`, `bln`, `%`), the `-an` of approximation (`200an`), and
//! number words (`seratus lima puluh juta`, `satu koma dua M`, `satu setengah miliar`).
//! Values are kept in thousandths so decimals stay exact in integers.

/// What a number is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Ribu,
    Juta,
    Miliar,
    Km,
    Cc,
    /// `36x`: instalments.
    Times,
    Months,
    Years,
    Percent,
}

impl Unit {
    fn from_word(word: &str) -> Option<Unit> {
        Some(match word {
            "rb" | "ribu" | "rbu" | "k" | "rban" | "ribuan" => Unit::Ribu,
            "jt" | "juta" | "jta" | "jutaan" | "jtan" | "jeti" => Unit::Juta,
            "m" | "miliar" | "milyar" | "mily" | "mlyr" | "millyar" => Unit::Miliar,
            "km" | "kilometer" => Unit::Km,
            "cc" => Unit::Cc,
            "x" | "kali" => Unit::Times,
            "bln" | "bulan" => Unit::Months,
            "th" | "thn" | "tahun" | "taun" | "thun" => Unit::Years,
            "%" | "persen" => Unit::Percent,
            _ => return None,
        })
    }

    /// The multiplier in rupiah for money units.
    pub fn money_factor(self) -> Option<i128> {
        match self {
            Unit::Ribu => Some(1_000),
            Unit::Juta => Some(1_000_000),
            Unit::Miliar => Some(1_000_000_000),
            _ => None,
        }
    }
}

/// A number found in the token stream, spanning tokens `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The number itself, in thousandths (`1,2` → 1200).
    pub milli: i128,
    pub unit: Option<Unit>,
    /// Written `Rp…`.
    pub rupiah: bool,
    /// Written with thousands grouping (`150.000`).
    pub grouped: bool,
    /// Written `200an`: "two hundred something".
    pub approx: bool,
    /// Count of digits before any decimal point (4 for `2019`).
    pub int_digits: usize,
}

impl Mention {
    /// The whole-number value when it has no fraction.
    pub fn integer(&self) -> Option<i64> {
        (self.milli % 1000 == 0)
            .then(|| i64::try_from(self.milli / 1000).ok())
            .flatten()
    }

    /// The value times its money unit, in whole rupiah.
    pub fn rupiah_value(&self, unit: Unit) -> Option<i64> {
        let factor = unit.money_factor()?;
        i64::try_from(self.milli.checked_mul(factor)? / 1000).ok()
    }
}

/// Splits `150jt`, `rp150.000`, `4thn`, `36x`, `200an` into (rupiah prefix, digits, suffix).
fn split_numeric(raw: &str) -> Option<(bool, &str, &str)> {
    let (rupiah, rest) = match raw.strip_prefix("rp") {
        Some(rest) => (true, rest.trim_start_matches('.')),
        None => (false, raw),
    };
    let digits_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let digits = rest[..digits_end].trim_end_matches(['.', ',']);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) || digits.len() > 24 {
        return None;
    }
    Some((rupiah, digits, &rest[digits_end..]))
}

/// Reads `150.000.000`, `1,2`, `98,5`, `1.025` into thousandths. A single separator followed
/// by exactly three digits is grouping unless `unit_follows` (then `1.025M` is 1.025 miliar).
fn parse_digits(digits: &str, unit_follows: bool) -> Option<(i128, bool, usize)> {
    let separators: Vec<(usize, char)> = digits.char_indices().filter(|(_, c)| *c == '.' || *c == ',').collect();
    let groups: Vec<&str> = digits.split(['.', ',']).collect();
    let all_groups_of_three = groups.iter().skip(1).all(|g| g.len() == 3);
    let grouped = match separators.len() {
        0 => false,
        1 => all_groups_of_three && !unit_follows,
        _ => {
            let mixed = separators.iter().any(|(_, c)| *c != separators[0].1);
            if mixed {
                // 1.500,5 or 1,500.5: the last separator is the decimal point.
                let (last, _) = separators[separators.len() - 1];
                let int: String = digits[..last].chars().filter(char::is_ascii_digit).collect();
                return Some((decimal(&int, &digits[last + 1..])?, true, int.len()));
            }
            if !all_groups_of_three {
                return None;
            }
            true
        }
    };
    if grouped || separators.is_empty() {
        let int: String = digits.chars().filter(char::is_ascii_digit).collect();
        return Some((int.parse::<i128>().ok()? * 1000, grouped, int.len()));
    }
    let (int, frac) = digits.split_at(separators[0].0);
    Some((decimal(int, &frac[1..])?, false, int.len()))
}

fn decimal(int: &str, frac: &str) -> Option<i128> {
    let whole: i128 = int.parse().ok()?;
    let frac3: String = frac.chars().chain("000".chars()).take(3).collect();
    Some(whole * 1000 + frac3.parse::<i128>().ok()?)
}

/// The unit written as the word at `j`; "km" followed by another number labels that
/// number instead ("2013 km 120rb").
fn next_unit(raws: &[&str], j: usize) -> Option<Unit> {
    let unit = Unit::from_word(raws.get(j)?)?;
    // "City 2018 kilometer ...": a year is not a distance.
    let year_before =
        j > 0 && raws[j - 1].len() == 4 && raws[j - 1].parse::<u32>().is_ok_and(|y| (1950..=2039).contains(&y));
    if unit == Unit::Km && year_before {
        return None;
    }
    let labels_next = unit == Unit::Km
        && raws
            .get(j + 1)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
    (!labels_next).then_some(unit)
}

/// A number written in digits in token `i`, with its unit from the suffix or the next token.
fn digit_mention(raws: &[&str], i: usize) -> Option<Mention> {
    let (rupiah_here, digits, suffix) = split_numeric(raws[i])?;
    let rupiah = rupiah_here || (i > 0 && raws[i - 1] == "rp");
    let (suffix, approx) = match suffix.strip_suffix("an") {
        Some(s) if !s.is_empty() || suffix == "an" => (s, true),
        _ => (suffix, false),
    };
    let mut end = i + 1;
    let unit = if suffix.is_empty() {
        let next = next_unit(raws, i + 1);
        if next.is_some() {
            end += 1;
        }
        next
    } else {
        Some(Unit::from_word(suffix)?)
    };
    let unit_is_scale = unit.and_then(Unit::money_factor).is_some();
    let (milli, grouped, int_digits) = parse_digits(digits, unit_is_scale)?;
    Some(Mention {
        start: i,
        end,
        milli,
        unit,
        rupiah,
        grouped,
        approx,
        int_digits,
    })
}

fn digit_word(word: &str) -> Option<i128> {
    Some(match word {
        "nol" | "kosong" => 0,
        "satu" => 1,
        "dua" => 2,
        "tiga" => 3,
        "empat" => 4,
        "lima" => 5,
        "enam" => 6,
        "tujuh" => 7,
        "delapan" => 8,
        "sembilan" => 9,
        _ => return None,
    })
}

fn scale_word(word: &str) -> Option<i128> {
    Some(match word {
        "ribu" | "rb" | "seribu" => 1_000,
        "juta" | "jt" | "sejuta" => 1_000_000,
        "miliar" | "milyar" | "m" | "semiliar" | "semilyar" => 1_000_000_000,
        _ => return None,
    })
}

/// Reads number words from token `i` (`seratus lima puluh juta`, `satu koma dua m`). Only a
/// run holding a multiplier word counts: a lone "satu" or "dua" is not a number here.
fn word_mention(raws: &[&str], i: usize) -> Option<Mention> {
    let mut total: i128 = 0;
    let (mut segment, mut pending): (i128, i128) = (0, 0);
    let mut fraction: Option<(i128, i128)> = None;
    let mut multiplied = false;
    let mut end = i;
    while let Some(&w) = raws.get(end) {
        if let Some(d) = digit_word(w) {
            match &mut fraction {
                Some((num, den)) if *den < 1_000 => (*num, *den) = (*num * 10 + d, *den * 10),
                Some(_) => break,
                None => pending = pending.saturating_mul(10).saturating_add(d),
            }
        } else if let Some(scale) = scale_word(w) {
            let base = if w.starts_with("se") {
                1
            } else {
                segment.saturating_add(pending)
            };
            if base == 0 && fraction.is_none() {
                break;
            }
            let frac = fraction.take().map_or(0, |(n, d)| n * 1000 / d.max(1));
            total = total.saturating_add(base.saturating_mul(1000).saturating_add(frac).saturating_mul(scale));
            (segment, pending, multiplied) = (0, 0, true);
        } else {
            match w {
                "sepuluh" => pending = pending.saturating_add(10),
                "sebelas" => pending = pending.saturating_add(11),
                "belas" => pending = pending.saturating_add(10),
                "puluh" => (segment, pending) = (segment.saturating_add(pending.saturating_mul(10)), 0),
                "seratus" => segment = segment.saturating_add(100),
                "ratus" => (segment, pending) = (segment.saturating_add(pending.max(1).saturating_mul(100)), 0),
                "setengah" if fraction.is_none() => fraction = Some((5, 10)),
                "koma" if fraction.is_none() && segment.saturating_add(pending) > 0 => fraction = Some((0, 1)),
                _ => break,
            }
            multiplied |= w != "setengah" && w != "koma";
        }
        end += 1;
    }
    // "lima tahun", "dua taun": a lone digit word counts when a unit follows it.
    let unit_follows = next_unit(raws, end).is_some_and(|u| u.money_factor().is_none());
    if !(multiplied || unit_follows && end > i && fraction.is_none()) {
        return None;
    }
    let frac = fraction.map_or(0, |(n, d)| n * 1000 / d.max(1));
    // "dua puluh lima persen", "tiga puluh enam bulan": a non-money unit after the words.
    let unit = next_unit(raws, end).filter(|u| u.money_factor().is_none());
    if unit.is_some() {
        end += 1;
    }
    let milli = total
        .saturating_add(segment.saturating_add(pending).saturating_mul(1000))
        .saturating_add(frac);
    let int_digits = (milli / 1000).to_string().len();
    Some(Mention {
        start: i,
        end,
        milli,
        unit,
        rupiah: false,
        grouped: false,
        approx: false,
        int_digits,
    })
}

/// Every number in the tokens, left to right, non-overlapping.
pub fn mentions(raws: &[&str]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raws.len() {
        if let Some(m) = digit_mention(raws, i).or_else(|| word_mention(raws, i)) {
            i = m.end.max(i + 1);
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;

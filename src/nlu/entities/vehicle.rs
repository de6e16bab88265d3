//! Make, model and trim: the longest alias wins ("pajero sport" over "pajero"), a close
//! misspelling of a long model name is forgiven, and the trim is read right after the model.

use super::Claims;
use crate::nlu::Entities;
use crate::nlu::vocab::{MAKES, MODELS, Model, TRIM_CODES, TRIM_WORDS};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Every alias (lowercase, words joined by one space) to its model.
static MODEL_ALIASES: LazyLock<HashMap<&'static str, &'static Model>> = LazyLock::new(|| {
    MODELS
        .iter()
        .flat_map(|m| m.aliases.iter().map(move |a| (*a, m)))
        .collect()
});

static MAKE_ALIASES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    MAKES
        .iter()
        .flat_map(|m| m.aliases.iter().map(move |a| (*a, m.name)))
        .collect()
});

/// Single-word aliases long enough to forgive one typo (two from eight letters).
static FUZZY_ALIASES: LazyLock<Vec<(&'static str, &'static Model)>> = LazyLock::new(|| {
    MODEL_ALIASES
        .iter()
        .filter(|(a, _)| a.len() >= 5 && !a.contains(' '))
        .map(|(a, m)| (*a, *m))
        .collect()
});

/// Canonical model names only: a typo is measured against the real name, never against
/// another typo ("senin" is not "senia", a spelling of Xenia).
static CANONICAL: LazyLock<Vec<(String, &'static Model)>> = LazyLock::new(|| {
    MODELS
        .iter()
        .filter(|m| m.name.len() >= 5 && !m.name.contains(' '))
        .map(|m| (m.name.to_lowercase(), m))
        .collect()
});

const LONGEST_ALIAS_WORDS: usize = 3;

/// Fills make, model and variant; returns the index just after the model and its trim.
pub fn make_model_variant(raws: &[&str], claims: &mut Claims, e: &mut Entities) -> Option<usize> {
    let mut car_end = None;
    for i in 0..raws.len() {
        if e.make.is_none()
            && let Some((len, make)) = longest(raws, i, claims, |k| MAKE_ALIASES.get(k).copied())
        {
            claims.take(i..i + len);
            e.make = Some(make.to_owned());
            continue;
        }
        if e.model.is_none()
            && let Some((len, model)) =
                longest(raws, i, claims, |k| MODEL_ALIASES.get(k).copied()).or_else(|| fuzzy(raws, i, claims))
        {
            claims.take(i..i + len);
            e.model = Some(model.name.to_owned());
            let (variant, end) = trim(raws, i + len, model, claims);
            e.variant = variant.or_else(|| loose_trim(raws, model, claims));
            car_end = Some(end);
        }
    }
    car_end
}

/// A model's own trim or a trim code written elsewhere in the message ("fortuner putih vrz").
fn loose_trim(raws: &[&str], model: &Model, claims: &mut Claims) -> Option<String> {
    for phrase in model
        .trims
        .iter()
        .filter(|t| t.contains(' ') && !t.starts_with(|c: char| c.is_ascii_digit()))
    {
        let words: Vec<&str> = phrase.split(' ').collect();
        let found = (0..raws.len())
            .find(|&i| raws.get(i..i + words.len()) == Some(&words[..]) && claims.free(i..i + words.len()));
        if let Some(i) = found {
            claims.take(i..i + words.len());
            return Some(words.iter().map(|w| display_case(w)).collect::<Vec<_>>().join(" "));
        }
    }
    let own: Vec<&str> = model
        .trims
        .iter()
        .filter(|t| !t.contains(' ') && t.len() >= 2 && !crate::nlu::is_slang(t))
        .copied()
        .collect();
    let i = (0..raws.len())
        .find(|&i| claims.free(i..i + 1) && (own.contains(&raws[i]) || TRIM_CODES.contains(&raws[i])))?;
    claims.take(i..i + 1);
    Some(display_case(raws[i]))
}

/// First words of every make and model alias: most tokens are not, and need no lookups.
static FIRST_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    MODEL_ALIASES
        .keys()
        .chain(MAKE_ALIASES.keys())
        .filter_map(|a| a.split(' ').next())
        .collect()
});

/// The longest phrase starting at `i` that `lookup` knows, with its length in tokens.
fn longest<T>(raws: &[&str], i: usize, claims: &Claims, lookup: impl Fn(&str) -> Option<T>) -> Option<(usize, T)> {
    if !FIRST_WORDS.contains(raws[i]) {
        return None;
    }
    (1..=LONGEST_ALIAS_WORDS).rev().find_map(|len| {
        if i + len > raws.len() || !claims.free(i..i + len) {
            return None;
        }
        lookup(&raws[i..i + len].join(" ")).map(|found| (len, found))
    })
}

/// A word's consonants: chat drops vowels ("frtnr", "xpndr", "brio" stays).
fn skeleton(word: &str) -> String {
    word.chars().filter(|c| !"aeiou".contains(*c)).collect()
}

/// "frtnr", "xpndr": a vowel-less spelling of a model whose consonants match exactly.
fn disemvowelled(raws: &[&str], i: usize, claims: &Claims) -> Option<(usize, &'static Model)> {
    let word = raws[i];
    let vowels = word.chars().filter(|c| "aeiou".contains(*c)).count();
    if word.len() < 4 || vowels > 0 || !claims.free(i..i + 1) || crate::nlu::vocab_words().contains(word) {
        return None;
    }
    let target = skeleton(word);
    FUZZY_ALIASES
        .iter()
        .find(|(alias, _)| skeleton(alias) == target)
        .map(|(_, m)| (1, *m))
}

fn fuzzy(raws: &[&str], i: usize, claims: &Claims) -> Option<(usize, &'static Model)> {
    if let Some(found) = disemvowelled(raws, i, claims) {
        return Some(found);
    }
    let word = raws[i];
    let first = word.chars().next();
    if word.len() < 5
        || !claims.free(i..i + 1)
        || crate::nlu::vocab_words().contains(word)
        || !word.chars().all(char::is_alphabetic)
    {
        return None;
    }
    let allowed = if word.len() >= 8 { 2 } else { 1 };
    let mut best: Option<(usize, &'static Model)> = None;
    // Typos keep the first letter; "laris" is a word, not "yaris".
    for (alias, model) in CANONICAL.iter().filter(|(a, _)| a.chars().next() == first) {
        let distance = strsim::damerau_levenshtein(word, alias.as_str());
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, model));
        }
    }
    best.map(|(_, m)| (1, m))
}

/// An engine size like `1.3` or `2.4`.
fn is_engine_size(word: &str) -> bool {
    let mut parts = word.split(['.', ',']);
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
        if a.len() == 1 && b.len() == 1 && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit()))
}

/// Up to three trim words right after the model: its own trims, common trim codes, an engine
/// size, and a single letter only after an engine size or when the model has that trim.
fn trim(raws: &[&str], start: usize, model: &Model, claims: &mut Claims) -> (Option<String>, usize) {
    let own: Vec<&str> = model.trims.iter().flat_map(|t| t.split(' ')).collect();
    let mut words: Vec<String> = Vec::new();
    let mut i = start;
    while i < raws.len() && words.len() < 3 && claims.free(i..i + 1) {
        let w = raws[i];
        let after_engine = words.last().is_some_and(|p| is_engine_size(p));
        let accepted = if is_engine_size(w) {
            words.is_empty()
        } else if w.len() == 1 || crate::nlu::is_slang(w) {
            // "ga" is a trim of Ertiga and also "not": only after an engine size it is a trim.
            after_engine || (w.len() == 1 && own.contains(&w))
        } else {
            own.contains(&w) || TRIM_CODES.contains(&w) || TRIM_WORDS.contains(&w) || close_trim(w).is_some()
        };
        if !accepted {
            break;
        }
        words.push(close_trim(w).unwrap_or(w).to_owned());
        i += 1;
    }
    if words.is_empty() {
        return (None, start);
    }
    claims.take(start..i);
    (
        Some(words.iter().map(|w| display_case(w)).collect::<Vec<_>>().join(" ")),
        i,
    )
}

/// A long trim code typed with one slip ("ultimat", "prestis"): the code it means.
fn close_trim(word: &str) -> Option<&'static str> {
    if word.len() < 5 || TRIM_CODES.contains(&word) {
        return None;
    }
    TRIM_CODES
        .iter()
        .find(|code| code.len() >= 6 && strsim::damerau_levenshtein(word, code) == 1)
        .copied()
}

/// Trim codes in capitals (`RS`, `VRZ`, `G`), names capitalised (`Dakar`, `Ultimate`).
fn display_case(word: &str) -> String {
    if word.len() <= 3 || word.chars().any(|c| c.is_ascii_digit()) {
        word.to_uppercase()
    } else {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

//! From raw chat text to tokens: lowercase, emoji and punctuation out, stretched letters
//! squeezed ("makasihhh"), reduplication written out ("abu2" → "abu-abu"), and each token's
//! standard form from the slang lexicon ("brp" → "berapa").

use super::lexicon::{EXTRA_ROOTS, REGIONAL, SLANG};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The most tokens one message is read for; longer input is cut, keeping time bounded.
pub const MAX_TOKENS: usize = 256;

/// One word or number of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lowercase, squeezed, as written: what vocabulary, numbers and plates are read from.
    pub raw: String,
    /// The standard form, for intent cues. May differ from `raw` ("brp" → "berapa").
    pub norm: String,
}

static SLANG_MAP: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| SLANG.iter().chain(REGIONAL).copied().collect());

/// Words the rules know by their root: cue words, slang and its standard forms.
static ROOTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut roots: HashSet<&'static str> = super::intent::cue_words().collect();
    roots.extend(
        SLANG
            .iter()
            .chain(REGIONAL)
            .flat_map(|(k, v)| [*k, *v])
            .filter(|w| !w.contains(' ')),
    );
    roots.extend(EXTRA_ROOTS.iter().copied());
    roots
});

/// Indonesian suffixes, and the Javanese/Sundanese possessives "-ne", "-e", "-na".
const SUFFIXES: &[&str] = &[
    "", "nya", "-nya", "in", "kan", "an", "i", "lah", "kah", "ne", "e", "na", "ke",
];
/// Prefixes, with the first letters a nasal prefix replaced ("nanya" → "tanya").
const PREFIXES: &[(&str, &[&str])] = &[
    ("", &[""]),
    ("di-", &[""]),
    ("di", &[""]),
    ("ke-", &[""]),
    ("ke", &[""]),
    ("ter", &[""]),
    ("ber", &[""]),
    ("se", &[""]),
    ("me", &[""]),
    ("mem", &["p", ""]),
    ("men", &["t", ""]),
    ("meng", &["k", ""]),
    ("meny", &["s", "c"]),
    ("nge", &[""]),
    ("ng", &["k", ""]),
    ("ny", &["c", "s"]),
    ("n", &["t"]),
    ("m", &["p"]),
];

/// The root of an affixed word when the rules know it: "difotoin" → "foto", "nyobain" →
/// "coba", "dibatalin" → "batal", "harganya" → "harga". Unknown roots are left alone, so
/// ordinary words are never mangled into cue words they are not.
fn stem(word: &str) -> Option<&'static str> {
    if word.len() < 4 || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    // One buffer for every candidate: this runs for each unfamiliar word of every message.
    let mut candidate = String::with_capacity(word.len() + 1);
    for suffix in SUFFIXES {
        let Some(base) = word.strip_suffix(suffix) else {
            continue;
        };
        for (prefix, restores) in PREFIXES {
            let Some(core) = base.strip_prefix(prefix) else {
                continue;
            };
            for restore in *restores {
                candidate.clear();
                candidate.push_str(restore);
                candidate.push_str(core);
                if candidate.len() >= 4
                    && candidate != word
                    && let Some(root) = ROOTS.get(candidate.as_str())
                {
                    return Some(root);
                }
            }
        }
    }
    None
}

/// The standard form of a word: slang first, then the slang or root of its stem.
fn standard(word: &str) -> Option<&'static str> {
    if let Some(norm) = SLANG_MAP.get(word) {
        return Some(norm);
    }
    if ROOTS.contains(word) {
        return None;
    }
    if let Some(root) = stem(word) {
        return Some(SLANG_MAP.get(root).copied().unwrap_or(root));
    }
    // "lakuu", "hapuss": a doubled last letter typed by accident.
    let mut chars = word.chars().rev();
    let (last, before) = (chars.next()?, chars.next()?);
    if last != before || !last.is_alphabetic() {
        return None;
    }
    let single = &word[..word.len() - last.len_utf8()];
    SLANG_MAP.get(single).copied().or_else(|| ROOTS.get(single).copied())
}

/// Characters that join two alphanumerics into one token: `1.3`, `150.000`, `hr-v`, `a/t`.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '-' | '/' | '\'')
}

/// Splits text into raw lowercase words; a `-` standing alone is kept (ranges "100 - 150"),
/// an arrow reads as "jadi" ("2020 -> 149jt"), and `'17` keeps its apostrophe (a year).
fn split(text: &str) -> Vec<String> {
    let text = text.replace("->", " jadi ").replace("=>", " jadi ");
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let joins = is_joiner(c) && !current.is_empty() && next_alnum;
        let percent = c == '%' && current.chars().last().is_some_and(|l| l.is_ascii_digit());
        let year_mark = c == '\'' && current.is_empty() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || joins || percent || year_mark {
            current.push(c);
        } else {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            if c == '-' && words.last().is_some_and(|w| w.chars().any(|ch| ch.is_ascii_digit())) {
                words.push("-".into());
            } else if c == '<' {
                words.push("<".into());
            }
        }
        if words.len() > MAX_TOKENS {
            break;
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.truncate(MAX_TOKENS);
    words
}

/// "makasihhh" → "makasih", "haloooo" → "halo": a letter written three or more times in a
/// row counts once. Doubled letters stay ("jazz", "innova").
fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut run_char = '\0';
    let mut run_len = 0;
    for c in word.chars() {
        if c == run_char {
            run_len += 1;
        } else {
            run_char = c;
            run_len = 1;
        }
        if run_len <= 2 || !c.is_alphabetic() {
            out.push(c);
        } else if run_len == 3 {
            out.pop();
        }
    }
    out
}

/// "abu2" → "abu-abu", "nanya2" → "nanya-nanya": the WhatsApp way of writing reduplication.
fn reduplicate(word: &str) -> Option<String> {
    let stem = word.strip_suffix('2')?;
    (stem.chars().count() >= 3 && stem.chars().all(char::is_alphabetic)).then(|| format!("{stem}-{stem}"))
}

/// "avanzamatic" → "avanza", "matic"; "brpharga" → "brp", "harga": two known words typed
/// without a space. Only unknown words of seven letters or more are tried.
fn split_glued(word: String) -> Vec<String> {
    let known = |w: &str| SLANG_MAP.contains_key(w) || ROOTS.contains(w) || super::vocab_words().contains(w);
    if word.len() < 7 || !word.chars().all(|c| c.is_ascii_alphabetic()) || known(&word) {
        return vec![word];
    }
    for at in 3..=word.len() - 3 {
        let (left, right) = word.split_at(at);
        if known(left) && known(right) {
            return vec![left.to_owned(), right.to_owned()];
        }
    }
    vec![word]
}

/// "100-150jt" → "100", "-", "150jt": a range written as one word.
fn split_range(word: String) -> Vec<String> {
    match word.split_once('-') {
        Some((a, b)) if a.starts_with(|c: char| c.is_ascii_digit()) && b.starts_with(|c: char| c.is_ascii_digit()) => {
            vec![a.to_owned(), "-".to_owned(), b.to_owned()]
        }
        _ => vec![word],
    }
}

/// Text to tokens, at most [`MAX_TOKENS`].
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for word in split(text).into_iter().flat_map(split_range).flat_map(split_glued) {
        let word = squeeze(&word);
        let word = reduplicate(&word).unwrap_or(word);
        let standard = standard(&word).or_else(|| {
            // "abu-abu" keeps its hyphen; "tanya-tanya" reads as "tanya".
            let (first, again) = word.split_once('-')?;
            (first == again)
                .then_some(first)
                .and_then(|w| standard(w).or_else(|| ROOTS.get(w).copied()))
        });
        match standard {
            Some(norm) if norm.contains(' ') => {
                for (i, part) in norm.split(' ').enumerate() {
                    let raw = if i == 0 { word.clone() } else { String::new() };
                    tokens.push(Token {
                        raw,
                        norm: part.to_owned(),
                    });
                }
            }
            Some(norm) => tokens.push(Token {
                norm: norm.to_owned(),
                raw: word,
            }),
            None => tokens.push(Token {
                norm: word.clone(),
                raw: word,
            }),
        }
    }
    tokens.truncate(MAX_TOKENS);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    fn raws(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.raw).collect()
    }

    #[test]
    fn slang_reads_as_standard_indonesian() {
        assert_eq!(
            norms("brp hrg avanza yg matic?"),
            ["berapa", "harga", "avanza", "yang", "matic"]
        );
        assert_eq!(norms("udh laku gk"), ["sudah", "laku", "tidak"]);
        assert_eq!(norms("bisa tt?"), ["bisa", "tukar", "tambah"]);
    }

    #[test]
    fn numbers_plates_and_model_names_stay_whole() {
        assert_eq!(raws("Rp 150.000.000, km 45rb"), ["rp", "150.000.000", "km", "45rb"]);
        assert_eq!(raws("HR-V 1.5 E/CVT 98,5jt"), ["hr-v", "1.5", "e/cvt", "98,5jt"]);
        assert_eq!(raws("dp 20%!"), ["dp", "20%"]);
        assert_eq!(raws("100 - 150jt"), ["100", "-", "150jt"]);
    }

    #[test]
    fn stretched_letters_emoji_and_reduplication() {
        assert_eq!(norms("makasihhh 🙏🙏"), ["makasih"]);
        assert_eq!(raws("abu2 mulusss"), ["abu-abu", "mulus"]);
        assert_eq!(raws("jazz innova 2000"), ["jazz", "innova", "2000"]);
    }

    #[test]
    fn affixed_words_read_by_their_root() {
        assert_eq!(
            norms("difotoin dicobain dibatalin harganya"),
            ["foto", "coba", "batal", "harga"]
        );
        assert_eq!(norms("nanyain makan jalan"), ["tanya", "makan", "jalan"]);
    }

    #[test]
    fn arrows_read_as_jadi_and_short_years_keep_their_mark() {
        assert_eq!(raws("2020 -> 149jt '17"), ["2020", "jadi", "149jt", "'17"]);
    }

    #[test]
    fn long_input_is_cut() {
        assert_eq!(tokenize(&"kata ".repeat(10_000)).len(), MAX_TOKENS);
    }
}

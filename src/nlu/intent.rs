//! Choosing the intent: weighted cue phrases per intent, a few combinations that only mean
//! something together ("harga" + "jadi" + an amount), and the entities found. Small talk
//! (greeting, thanks, confirm, cancel) wins only when nothing else is asked.

use super::entities::{Extraction, NEGATIONS};
use super::{Intent, Role};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Below this confidence the assistant asks a short question instead of acting.
pub const CLARIFY_BELOW: f32 = 0.6;

/// A score an intent must reach to be chosen over `unknown`.
const ENOUGH: f32 = 2.0;

mod cues;

use cues::CUES;

/// Every single word the cues are made of, for the stemmer's list of roots.
pub(super) fn cue_words() -> impl Iterator<Item = &'static str> {
    CUES.iter()
        .flat_map(|(_, cues)| cues.iter())
        .flat_map(|(phrase, _)| phrase.split(' '))
        .map(|w| w.trim_end_matches('*'))
}

/// One compiled cue: its words (prefix-matching where the source had `*`) and weight.
struct Cue {
    intent: Intent,
    words: Vec<(&'static str, bool)>,
    weight: f32,
}

static COMPILED: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    CUES.iter()
        .flat_map(|(intent, cues)| {
            cues.iter().map(move |(phrase, weight)| Cue {
                intent: *intent,
                words: phrase
                    .split(' ')
                    .map(|w| w.strip_suffix('*').map_or((w, false), |p| (p, true)))
                    .collect(),
                weight: *weight,
            })
        })
        .collect()
});

/// Cues by their first word, so a message is checked only against cues that can start at
/// each of its words; cues whose first word is a prefix pattern are checked everywhere.
struct CueIndex {
    by_first: HashMap<&'static str, Vec<usize>>,
    prefix_first: Vec<usize>,
}

static INDEX: LazyLock<CueIndex> = LazyLock::new(|| {
    let mut index = CueIndex {
        by_first: HashMap::new(),
        prefix_first: Vec::new(),
    };
    for (i, cue) in COMPILED.iter().enumerate() {
        match cue.words.first() {
            Some((word, false)) => index.by_first.entry(*word).or_default().push(i),
            _ => index.prefix_first.push(i),
        }
    }
    index
});

/// Whether `cue` occurs at `at`, not turned around by a negation right before it ("belum
/// laku", "jangan hapus"). Cancel cues are negations themselves and always count.
fn cue_at(cue: &Cue, norms: &[&str], at: usize) -> bool {
    let Some(window) = norms.get(at..at + cue.words.len()) else {
        return false;
    };
    let matched = window
        .iter()
        .zip(&cue.words)
        .all(|(w, (p, prefix))| if *prefix { w.starts_with(p) } else { w == p });
    // "biar cepet laku": a hope, not a sale.
    let negated = at > 0 && (NEGATIONS.contains(&norms[at - 1]) || matches!(norms[at - 1], "salah" | "sebelum"))
        || (at > 1 && matches!(norms[at - 2], "biar" | "supaya" | "agar"));
    // Negation matters for commands ("jangan hapus"), not for a buyer's haggling ("gak bisa
    // turun?") or a cancellation, which is a negation itself.
    let negatable = cue.intent.role() == Some(Role::Staff) || cue.intent == Intent::Confirm;
    matched && (!negated || !negatable)
}

/// Adds the weight of every cue found in the message, each cue once.
fn score_cues(norms: &[&str], scores: &mut Scores) {
    let mut seen = vec![false; COMPILED.len()];
    for at in 0..norms.len() {
        let exact = INDEX.by_first.get(norms[at]).map_or(&[][..], Vec::as_slice);
        for &i in exact.iter().chain(&INDEX.prefix_first) {
            if !seen[i] && cue_at(&COMPILED[i], norms, at) {
                seen[i] = true;
                scores.add(COMPILED[i].intent, COMPILED[i].weight);
            }
        }
    }
}

/// Scores per intent, indexed like `Intent::ALL`.
struct Scores([f32; 24]);

impl Scores {
    fn add(&mut self, intent: Intent, weight: f32) {
        // `Intent::ALL` lists the variants in declaration order (a test checks it).
        self.0[intent as usize] += weight;
    }
}

fn has_any(norms: &[&str], words: &[&str]) -> bool {
    norms.iter().any(|w| words.contains(w))
}

fn has_phrase(norms: &[&str], phrase: &[&str]) -> bool {
    norms.windows(phrase.len()).any(|w| w == phrase)
}

const CHANGE_WORDS: &[&str] = &["ubah", "turun", "naik", "jadi", "potong"];

/// A change of value: a change word, or "ke" right before a number ("ke 372jt"; "ke
/// katalog" is a destination).
fn says_change(norms: &[&str]) -> bool {
    has_any(norms, CHANGE_WORDS)
        || norms
            .windows(2)
            .any(|w| matches!(w[0], "ke" | "sekarang" | "to") && w[1].starts_with(|c: char| c.is_ascii_digit()))
}
const FIELD_WORDS: &[&str] = &[
    "km",
    "odo",
    "warna",
    "cat",
    "transmisi",
    "tahun",
    "plat",
    "varian",
    "bbm",
    "fuel",
    "bahan",
    "mesin",
    "cc",
    "status",
    "deskripsi",
];
const PERIOD_WORDS: &[&str] = &[
    "bulan",
    "minggu",
    "hari",
    "kemarin",
    "lalu",
    "terakhir",
    "semester",
    "kuartal",
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
];
/// Questions about how to use the bot, which outrank the command they mention.
const META_WORDS: &[&str] = &["command", "perintah", "format", "ajar", "fitur"];
/// How-to words that make a message a help request on their own ("tutorial ganti harga").
const STRONG_META: &[&str] = &["cara", "tutorial", "panduan", "petunjuk", "contoh"];
/// Words no showroom question is about: with no car named, the message is off-topic.
const OFF_TOPIC: &[&str] = &[
    "lowongan", "pinjam", "utang", "hutang", "cuaca", "resep", "antam", "saham", "bola",
];
const QUESTION_WORDS: &[&str] = &["apa", "bagaimana", "gimana", "mana", "cara", "bisa", "ada"];

/// "bulan ini", "minggu lalu", "tahun ini": a period a report covers.
fn says_period(norms: &[&str]) -> bool {
    has_any(norms, PERIOD_WORDS) || has_phrase(norms, &["tahun", "ini"]) || has_phrase(norms, &["tahun", "lalu"])
}
const DEAL_WORDS: &[&str] = &[
    "bisa",
    "boleh",
    "kalau",
    "deal",
    "ambil",
    "bagaimana",
    "net",
    "cash",
    "gimana",
];

/// Words that make a message about something other than a new listing.
const NOT_A_LISTING: &[&str] = &[
    "caption",
    "deskripsi",
    "promo",
    "iklan",
    "copywriting",
    "konten",
    "teks",
    "kalimat",
];

/// Meanings that need two facts together.
fn combinations(norms: &[&str], role: Role, x: &Extraction, scores: &mut Scores) {
    listing_and_price(norms, x, scores);
    status_edit_report(norms, x, scores);
    help_and_questions(norms, role, x, scores);
}

/// A listing caption, or a price change, of a car.
fn listing_and_price(norms: &[&str], x: &Extraction, scores: &mut Scores) {
    let e = &x.entities;
    let car = e.names_a_car();
    let changes = says_change(norms);
    let sets_price = has_any(norms, &["pasang"]) && !has_any(norms, &["iklan"]);
    let other_verbs = has_any(norms, NOT_A_LISTING) || has_phrase(norms, &["harga", "baru"]) || sets_price;
    if car && e.year.is_some() && e.price.is_some() && !changes && !other_verbs {
        // A fuller caption is more surely a listing.
        let details = [
            e.color.is_some(),
            e.transmission.is_some(),
            e.fuel.is_some(),
            e.mileage_km.is_some(),
            e.plate.is_some(),
            e.variant.is_some(),
        ];
        let extra = details.iter().filter(|d| **d).count();
        scores.add(Intent::UploadVehicle, 4.0 + (extra.min(3) as f32));
    }
    // "jual brio 2019", "pasang avanza 2018": a new listing whose price will be asked for.
    let lists = has_any(norms, &["jual", "dijual", "pasang", "upload", "input", "listing"]);
    if lists && car && e.year.is_some() && e.price.is_none() && e.display_id.is_none() && !changes {
        scores.add(Intent::UploadVehicle, 3.0);
    }
    if sets_price && e.price.is_some() && car {
        scores.add(Intent::UpdatePrice, 3.0);
    }
    if x.price_delta && car {
        scores.add(Intent::UpdatePrice, 3.0);
    }
    if has_any(norms, &["harga"]) && changes {
        scores.add(Intent::UpdatePrice, 3.0);
    }
    if e.price.is_some() && car && changes {
        scores.add(Intent::UpdatePrice, 2.0);
    }
}

/// Status changes, field corrections and reports.
fn status_edit_report(norms: &[&str], x: &Extraction, scores: &mut Scores) {
    let e = &x.entities;
    let car = e.names_a_car();
    if x.status.is_some() && car {
        scores.add(Intent::UpdateStatus, 2.5);
    }
    if has_any(norms, &["deskripsi", "keterangan"]) && has_any(norms, &["tambah", "ubah"]) && car {
        scores.add(Intent::EditVehicle, 3.0);
    }
    let edits = has_any(norms, &["ubah", "salah", "harusnya", "benar", "koreksi"]);
    let attribute = e.color.is_some() || e.fuel.is_some() || e.transmission.is_some() || e.mileage_km.is_some();
    let sets = has_any(norms, &["ubah", "jadi"]);
    let names_field = has_any(norms, FIELD_WORDS);
    if edits && (names_field || (car && sets && (attribute || e.plate.is_some() && e.model.is_some()))) {
        scores.add(Intent::EditVehicle, 2.5);
    }
    let one_car = e.plate.is_some() || e.display_id.is_some();
    let sales = has_any(norms, &["laku", "penjualan", "terjual", "laris"]);
    if sales && says_period(norms) && !one_car && !has_any(norms, &["status", "ubah"]) {
        scores.add(Intent::GetReport, 5.0);
    }
}

/// How-to questions, and what a named car or stated numbers suggest.
fn help_and_questions(norms: &[&str], role: Role, x: &Extraction, scores: &mut Scores) {
    let e = &x.entities;
    let car = e.names_a_car();
    if has_any(norms, STRONG_META) || (has_any(norms, META_WORDS) && has_any(norms, QUESTION_WORDS)) {
        scores.add(Intent::Help, 4.0);
    }
    // "bisa ga bot bikin laporan?", "bot ngerti singkatan ga?": a question about the bot.
    let capability = has_any(norms, &["bisa", "ngerti", "mengerti", "paham"]);
    if has_any(norms, &["bot"]) && capability && has_any(norms, &["tidak", "apa"]) {
        scores.add(Intent::Help, 5.0);
    }
    if role == Role::Staff && has_any(norms, &["bagaimana"]) && !car {
        scores.add(Intent::Help, 2.5);
    }
    // "ditawarin brp": offered at how much — a price question, not haggling.
    if has_any(norms, &["tawar"]) && has_any(norms, &["berapa"]) {
        scores.add(Intent::AskPrice, 4.0);
    }
    if car && has_any(norms, &["lama"]) {
        scores.add(Intent::TradeIn, 2.5);
    }
    if car {
        scores.add(Intent::CheckInventory, 1.5);
        scores.add(Intent::SearchVehicle, 1.5);
        if has_any(norms, &["berapa"]) {
            scores.add(Intent::AskPrice, 2.5);
        }
    } else if e.color.is_some() || e.transmission.is_some() || e.fuel.is_some() || e.price_max.is_some() {
        scores.add(Intent::SearchVehicle, 1.5);
    }
    if e.down_payment.is_some() || e.down_payment_pct.is_some() || e.tenor_months.is_some() {
        scores.add(Intent::CreditSimulation, 2.0);
    }
    if e.price.is_some() && has_any(norms, DEAL_WORDS) {
        scores.add(Intent::Negotiate, 3.0);
    }
}

fn is_small_talk(intent: Intent) -> bool {
    matches!(
        intent,
        Intent::Greeting | Intent::Thanks | Intent::Confirm | Intent::Cancel
    )
}

/// Words that say something beyond politeness: a greeting or a "yes" with more than a couple
/// of these is not small talk ("cara ganti oli gimana ya" is not a "ya").
fn content_words(norms: &[&str]) -> usize {
    static TALK: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        CUES.iter()
            .filter(|(i, _)| is_small_talk(*i))
            .flat_map(|(_, cues)| cues.iter())
            .map(|(p, _)| *p)
            .filter(|p| !p.contains(' '))
            .chain(super::lexicon::FILLERS.iter().copied())
            .chain([
                "saya", "bot", "min", "kak", "admin", "haha", "sudah", "dulu", "semua", "sekarang", "ini", "itu",
            ])
            .collect()
    });
    norms.iter().filter(|w| !TALK.contains(*w)).count()
}

/// Picks the intent for a sender and says how sure it is.
pub fn classify(norms: &[&str], role: Role, x: &Extraction) -> (Intent, f32) {
    let mut scores = Scores([0.0; 24]);
    score_cues(norms, &mut scores);
    combinations(norms, role, x, &mut scores);
    let chatty = content_words(norms) <= 2;
    let negated = has_any(norms, &["jangan", "tidak"]);
    // "ini nomor siapa ya": a question ending in "ya" is not a yes.
    let asks = has_any(
        norms,
        &[
            "siapa",
            "apa",
            "berapa",
            "mana",
            "dimana",
            "kapan",
            "bagaimana",
            "kenapa",
        ],
    );
    // "batal", "gak jadi" cancel in any message; "jangan", "stop" only in a short one
    // ("jangan lupa matiin lampu" cancels nothing).
    let strong_cancel = has_any(norms, &["batal", "skip", "lupakan"])
        || has_phrase(norms, &["tidak", "jadi"])
        || has_phrase(norms, &["tidak", "usah"])
        || has_phrase(norms, &["tidak", "dulu"]);
    let allowed = |i: Intent| {
        i != Intent::Unknown
            && i.role().is_none_or(|r| r == role)
            && (chatty || !matches!(i, Intent::Confirm | Intent::Greeting))
            && (chatty || strong_cancel || i != Intent::Cancel)
            && !((negated || asks) && i == Intent::Confirm)
    };
    let mut ranked: Vec<(Intent, f32)> = Intent::ALL
        .iter()
        .zip(scores.0)
        .filter(|(i, _)| allowed(**i))
        .map(|(i, s)| (*i, s))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let content: Vec<&(Intent, f32)> = ranked.iter().filter(|(i, _)| !is_small_talk(*i)).collect();
    let talk: Vec<&(Intent, f32)> = ranked.iter().filter(|(i, _)| is_small_talk(*i)).collect();
    let pick = |list: &[&(Intent, f32)]| -> Option<(Intent, f32, f32)> {
        let first = list.first().filter(|(_, s)| *s >= ENOUGH)?;
        let second = list.get(1).map_or(0.0, |(_, s)| *s);
        Some((first.0, first.1, second))
    };
    // "cancel" outranks a command it mentions ("salah ketik, cancel aja"); thanks and
    // greetings never outrank a question.
    let talk_score = |intent: Intent| talk.iter().find(|(i, _)| *i == intent).map_or(0.0, |(_, s)| *s);
    let best_content = content.first().map_or(0.0, |(_, s)| *s);
    if has_any(norms, OFF_TOPIC) && !x.entities.names_a_car() {
        return (Intent::Unknown, 0.5);
    }
    let cancel = if chatty || strong_cancel {
        talk_score(Intent::Cancel)
    } else {
        0.0
    };
    // A buyer opening with "batal"/"cancel" cancels whatever follows ("cancel aja test drive nya").
    if role == Role::Customer && norms.first().is_some_and(|w| *w == "batal") {
        return (Intent::Cancel, confidence(cancel.max(ENOUGH), 1.0));
    }
    // A greeting with a passing word ("hai admin, slmt sore") is still a greeting.
    let greeting = talk_score(Intent::Greeting);
    if chatty && greeting >= 4.0 && best_content <= 3.0 {
        return (Intent::Greeting, confidence(greeting, greeting - best_content));
    }
    if cancel >= ENOUGH && cancel >= best_content {
        return (Intent::Cancel, confidence(cancel, cancel - best_content));
    }
    // A heartfelt thanks with a passing remark ("makasih, nanti saya diskusikan dulu").
    let thanks = talk_score(Intent::Thanks);
    if thanks >= 5.0 && best_content < 3.0 {
        return (Intent::Thanks, confidence(thanks, thanks - best_content));
    }
    if let Some((intent, top, second)) = pick(&content).or_else(|| pick(&talk)) {
        return (intent, confidence(top, top - second));
    }
    // A bare car name ("avanza?") is a question about that car: unsure, but not nothing.
    if x.entities.names_a_car() {
        let intent = if role == Role::Staff {
            Intent::CheckInventory
        } else {
            Intent::SearchVehicle
        };
        return (intent, CLARIFY_BELOW);
    }
    (Intent::Unknown, if norms.is_empty() { 1.0 } else { 0.5 })
}

/// Higher with a stronger winner and a wider lead over the runner-up.
fn confidence(top: f32, margin: f32) -> f32 {
    (0.4 + 0.08 * top.min(6.0) + 0.1 * margin.min(3.0)).clamp(0.0, 0.99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intents_are_listed_in_declaration_order() {
        for (i, intent) in Intent::ALL.iter().enumerate() {
            assert_eq!(*intent as usize, i);
        }
    }
}

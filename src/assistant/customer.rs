//! Customer conversations: greeting, search, price, photos, credit simulation, location and
//! hours, test drives, hand-off to a person, and the lead every conversation becomes.

use super::context::{Ctx, store_error};
use super::finder::{self, Found, Scope};
use super::render::{percent_bp, title};
use super::state::{Pending, PhotoCursor};
use super::when;
use crate::channels::{Channel, InboundKind, OutboundMessage};
use crate::domain::{Rupiah, in_jakarta};
use crate::inventory::{Vehicle, VehicleFilter, VehicleStatus};
use crate::leads::LeadUpdate;
use crate::nlu::{Entities, Intent, Parse};
use crate::pricing;
use crate::store::StoreResult;
use time::Duration;

/// Cars in one search answer, photos in one batch.
const MAX_CARDS: u32 = 5;
const PHOTOS_PER_BATCH: usize = 5;
/// A hand-off keeps the bot quiet this long unless staff hand the chat back sooner.
pub const HUMAN_FOR: Duration = Duration::hours(24);
/// Down payment assumed in a simulation when none was given (labelled as an example).
const EXAMPLE_DP_PERCENT: i64 = 30;

pub(super) async fn handle(cx: &mut Ctx<'_>) -> StoreResult<()> {
    let mut lead = LeadUpdate {
        phone: (cx.turn.channel == Channel::Whatsapp).then(|| cx.turn.chat_id.clone()),
        profile_name: cx.turn.sender_name.clone(),
        ..LeadUpdate::default()
    };
    match &cx.turn.kind {
        InboundKind::Photos { .. } => cx.reply_key("customer-photo-received", &[]),
        InboundKind::Audio { .. } => cx.reply_key("reply-voice", &[]),
        kind if kind.text().is_none_or(|t| t.trim().is_empty()) => cx.reply_key("reply-text-only", &[]),
        kind => {
            let text = kind.text().unwrap_or_default().trim().to_owned();
            converse(cx, &text, &mut lead).await?;
        }
    }
    cx.app
        .store
        .upsert_lead(cx.tenant.id, cx.turn.channel, &cx.turn.chat_id, &lead, cx.turn.at)
        .await?;
    Ok(())
}

async fn converse(cx: &mut Ctx<'_>, text: &str, lead: &mut LeadUpdate) -> StoreResult<()> {
    let parse = cx.understand(text).await;
    if let Some(pending) = cx.dialog.pending.clone()
        && answer_pending(cx, pending, &parse, text, lead).await?
    {
        return Ok(());
    }
    if let Some(cursor) = cx.dialog.photos.clone() {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let more = words.len() <= 3 && ["lagi", "lanjut", "next", "lainnya"].iter().any(|w| words.contains(w));
        if more {
            return send_photos(cx, &cursor.display_id, cursor.next).await;
        }
        if parse.intent == Intent::Cancel {
            cx.dialog.photos = None;
            cx.reply_key("photos-stopped", &[]);
            return Ok(());
        }
    }
    let e = &parse.entities;
    lead.budget = e
        .price_max
        .or(e.price)
        .filter(|_| parse.intent != Intent::CreditSimulation);
    if e.names_a_car() {
        lead.interest = Some(interest(e));
    }
    if parse.intent != Intent::Unknown {
        cx.dialog.misunderstood = 0;
    }
    let answered = match parse.intent {
        Intent::Greeting => {
            greet(cx);
            false
        }
        Intent::SearchVehicle => search(cx, e, lead).await?,
        Intent::AskPrice => price(cx, e, lead).await?,
        Intent::CreditSimulation => credit(cx, e).await?,
        Intent::AskPhotos => photos(cx, e).await?,
        Intent::AskLocation => {
            location(cx);
            false
        }
        Intent::BookTestDrive => {
            test_drive(cx, e, text, (None, None), lead).await?;
            false
        }
        Intent::Negotiate | Intent::TradeIn | Intent::TalkToHuman => {
            hand_off(cx, parse.intent, text);
            false
        }
        Intent::Thanks => {
            cx.reply_key("thanks-customer", &[]);
            false
        }
        Intent::Confirm | Intent::Cancel => {
            cx.reply_key("customer-anything-else", &[]);
            false
        }
        _ if e.names_a_car() || e.price_max.is_some() || e.price.is_some() => search(cx, e, lead).await?,
        _ => {
            not_understood(cx);
            false
        }
    };
    if answered {
        ask_name_once(cx, lead);
    }
    if let Some(focus) = cx.dialog.focus() {
        lead.vehicle = Some(focus.to_owned());
    }
    Ok(())
}

fn interest(e: &Entities) -> String {
    [e.make.as_deref(), e.model.as_deref(), e.variant.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn answer_pending(
    cx: &mut Ctx<'_>,
    pending: Pending,
    parse: &Parse,
    text: &str,
    lead: &mut LeadUpdate,
) -> StoreResult<bool> {
    match pending {
        Pending::Name => {
            cx.dialog.clear_pending();
            match name_in(text, parse) {
                Some(name) => {
                    cx.reply_key("name-thanks", &[("name", name.clone())]);
                    lead.customer_name = Some(name);
                    Ok(true)
                }
                None => Ok(false),
            }
        }
        Pending::TestDrive { display_id, date, time } => {
            if parse.intent == Intent::Cancel {
                cx.dialog.clear_pending();
                cx.reply_key("testdrive-cancelled", &[]);
                return Ok(true);
            }
            let today = in_jakarta(cx.turn.at).date();
            let said = when::parse(text, today);
            if said.date.is_none() && said.time.is_none() {
                cx.dialog.clear_pending();
                return Ok(false);
            }
            let e = Entities {
                display_id,
                ..Entities::default()
            };
            test_drive(cx, &e, text, (date, time), lead).await?;
            Ok(true)
        }
        // Staff flows never wait on a customer.
        _ => {
            cx.dialog.clear_pending();
            Ok(false)
        }
    }
}

/// A name from "nama saya Budi", "saya Budi", "Budi": one to three words of letters, and
/// nothing the engine reads as a request.
fn name_in(text: &str, parse: &Parse) -> Option<String> {
    if parse.intent != Intent::Unknown || parse.entities.names_a_car() {
        return None;
    }
    // Work on the lowercased text: slicing the original at the prefix's length could cut a
    // character whose lowercase form is shorter (the Kelvin sign is three bytes, "k" one).
    let lower = text.trim().to_lowercase();
    let prefixes = [
        "nama saya",
        "namaku",
        "nama aku",
        "saya",
        "aku",
        "panggil saja",
        "panggil",
    ];
    let rest = prefixes
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim();
    let rest = rest.trim_matches(|c: char| !c.is_alphabetic());
    let words: Vec<&str> = rest.split_whitespace().collect();
    let ok = (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '.'))
        && rest.chars().count() <= 40;
    ok.then(|| {
        words
            .iter()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| {
                        f.to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect::<String>()
                    })
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn ask_name_once(cx: &mut Ctx<'_>, lead: &LeadUpdate) {
    if cx.dialog.name_asked || lead.customer_name.is_some() || cx.dialog.pending.is_some() {
        return;
    }
    cx.dialog.name_asked = true;
    cx.append(cx.t("name-ask", &[]));
    let at = cx.turn.at;
    cx.dialog.set_pending(Pending::Name, at);
}

fn greet(cx: &mut Ctx<'_>) {
    let hour = in_jakarta(cx.turn.at).hour();
    let part = match hour {
        4..=10 => "pagi",
        11..=14 => "siang",
        15..=17 => "sore",
        _ => "malam",
    };
    let greeting = cx.t(&format!("greeting-{part}"), &[]);
    cx.reply_key(
        "customer-greeting",
        &[("greeting", greeting), ("showroom", cx.tenant.name.clone())],
    );
}

fn not_understood(cx: &mut Ctx<'_>) {
    cx.dialog.misunderstood = cx.dialog.misunderstood.saturating_add(1);
    cx.reply_key("customer-unknown", &[]);
    if cx.dialog.misunderstood >= 2 {
        cx.append(cx.t("customer-offer-human", &[]));
    }
}

/// Cards for the cars found; `true` when at least one was shown.
async fn search(cx: &mut Ctx<'_>, e: &Entities, lead: &mut LeadUpdate) -> StoreResult<bool> {
    if let Some(id) = &e.display_id {
        return one_car(cx, id, lead).await;
    }
    let filter = finder::search_filter(e, MAX_CARDS);
    let page = cx.list(&filter).await?;
    if !page.items.is_empty() {
        let head = cx.t("search-found", &[("count", page.total.to_string())]);
        show_cards(cx, head, &page.items);
        return Ok(true);
    }
    for relaxed in relaxations(&filter) {
        let page = cx.list(&relaxed).await?;
        if !page.items.is_empty() {
            let head = cx.t("search-closest", &[]);
            show_cards(cx, head, &page.items);
            return Ok(true);
        }
    }
    cx.reply_key("search-none", &[]);
    cx.append(cx.t("customer-offer-human", &[]));
    Ok(false)
}

/// Ever looser searches for "closest alternatives": drop the details, then the model, then
/// allow 20 % over the budget.
fn relaxations(f: &VehicleFilter) -> Vec<VehicleFilter> {
    let mut out = Vec::new();
    let mut f = f.clone();
    for step in 0..4 {
        match step {
            0 => {
                f.color = None;
                f.transmission = None;
                f.fuel = None;
                f.q = None;
            }
            1 => {
                f.year_min = None;
                f.year_max = None;
            }
            2 => {
                f.model = None;
            }
            _ => {
                f.make = None;
                f.price_max = f.price_max.and_then(|p| Rupiah::new(p.amount() / 5 * 6).ok());
            }
        }
        if out.last() != Some(&f) {
            out.push(f.clone());
        }
    }
    out
}

fn show_cards(cx: &mut Ctx<'_>, head: String, cars: &[Vehicle]) {
    let mut text = head;
    for (i, v) in cars.iter().enumerate() {
        text.push_str("\n\n");
        text.push_str(&cx.say.customer_card(Some(i + 1), v, &cx.link(v)));
    }
    text.push_str("\n\n");
    text.push_str(&cx.t("search-next-steps", &[]));
    if let [only] = cars {
        cx.dialog.set_focus(only.display_id.to_string(), cx.turn.at);
    }
    cx.reply(text);
}

/// One car named by its id: its card, or honestly that it is no longer for sale.
async fn one_car(cx: &mut Ctx<'_>, id: &str, lead: &mut LeadUpdate) -> StoreResult<bool> {
    match cx.app.inventory.find(cx.tenant.id, id).await {
        Ok(v) if v.status == VehicleStatus::Available => {
            cx.dialog.set_focus(v.display_id.to_string(), cx.turn.at);
            lead.interest = Some(format!("{} {}", v.make, v.model));
            let mut card = cx.say.customer_card(None, &v, &cx.link(&v));
            if let Some(d) = &v.description {
                card.push('\n');
                card.push_str(d);
            }
            cx.reply(card);
            Ok(true)
        }
        Ok(v) if matches!(v.status, VehicleStatus::Booked | VehicleStatus::Sold) => {
            gone(cx, &v, lead).await?;
            Ok(true)
        }
        Err(crate::inventory::InventoryError::Store(e)) => Err(e),
        Ok(_) | Err(_) => {
            cx.reply_key("car-not-found-customer", &[]);
            Ok(false)
        }
    }
}

/// A booked or sold car: say so, and offer what is still for sale of the same model.
async fn gone(cx: &mut Ctx<'_>, v: &Vehicle, lead: &mut LeadUpdate) -> StoreResult<()> {
    cx.dialog.clear_focus();
    let key = if v.status == VehicleStatus::Booked {
        "car-booked"
    } else {
        "car-sold"
    };
    cx.reply_key(key, &[("car", title(v))]);
    let e = Entities {
        model: Some(v.model.clone()),
        make: Some(v.make.clone()),
        ..Entities::default()
    };
    let filter = finder::search_filter(&e, 3);
    let page = cx.list(&filter).await?;
    if !page.items.is_empty() {
        let head = cx.t("search-similar", &[]);
        show_cards(cx, head, &page.items);
    }
    lead.interest = Some(format!("{} {}", v.make, v.model));
    Ok(())
}

/// The car a customer means, for sale; asks or explains when there is not exactly one.
async fn one_for_sale(cx: &mut Ctx<'_>, e: &Entities, lead: &mut LeadUpdate) -> StoreResult<Option<Vehicle>> {
    match finder::find(cx, e, Scope::Customer, true).await? {
        Found::One(v) if v.status == VehicleStatus::Available => {
            cx.dialog.set_focus(v.display_id.to_string(), cx.turn.at);
            Ok(Some(v))
        }
        Found::One(v) if matches!(v.status, VehicleStatus::Booked | VehicleStatus::Sold) => {
            gone(cx, &v, lead).await?;
            Ok(None)
        }
        // A draft is not for sale and not something to talk about.
        Found::One(_) | Found::None => {
            cx.reply_key("car-not-found-customer", &[]);
            Ok(None)
        }
        Found::Many(cars) => {
            let head = cx.t("car-which-customer", &[]);
            show_cards(cx, head, &cars[..cars.len().min(MAX_CARDS as usize)]);
            Ok(None)
        }
        Found::Unnamed => {
            cx.reply_key("car-which-customer-ask", &[]);
            Ok(None)
        }
    }
}

async fn price(cx: &mut Ctx<'_>, e: &Entities, lead: &mut LeadUpdate) -> StoreResult<bool> {
    if let Some(v) = one_for_sale(cx, e, lead).await? {
        cx.reply_key(
            "price-of",
            &[
                ("car", title(&v)),
                ("id", v.display_id.to_string()),
                ("price", v.price.to_string()),
            ],
        );
        cx.append(cx.t("price-offer-credit", &[]));
        return Ok(true);
    }
    Ok(false)
}

/// Flat-rate credit estimate for the car asked about, or for the amount written.
pub(super) async fn credit(cx: &mut Ctx<'_>, e: &Entities) -> StoreResult<bool> {
    let (price, car_year, what) = if e.names_a_car() || (e.price.is_none() && cx.dialog.focus().is_some()) {
        let mut ignored = LeadUpdate::default();
        match one_for_sale(cx, e, &mut ignored).await? {
            Some(v) => (v.price, Some(v.year), format!("{} ({})", title(&v), v.display_id)),
            None => return Ok(false),
        }
    } else if let Some(amount) = e.price.and_then(|p| Rupiah::new(p).ok()) {
        (amount, None, amount.short())
    } else {
        cx.reply_key("credit-need-price", &[]);
        return Ok(false);
    };
    let this_year = in_jakarta(cx.turn.at).year();
    let age = car_year.map_or(0, |y| this_year - y);
    let (dp, dp_is_example) = match (e.down_payment, e.down_payment_pct) {
        (Some(dp), _) => (dp, false),
        (None, Some(pct)) => (price.amount() / 100 * i64::from(pct), false),
        (None, None) => (price.amount() / 100 * EXAMPLE_DP_PERCENT, true),
    };
    let Ok(dp) = Rupiah::new(dp) else {
        cx.reply_key("credit-bad-dp", &[]);
        return Ok(false);
    };
    let tenors: Vec<u8> = match e.tenor_months {
        Some(m) if m % 12 == 0 && (12..=60).contains(&m) => vec![u8::try_from(m / 12).unwrap_or(1)],
        Some(_) => {
            cx.reply_key("credit-bad-tenor", &[]);
            return Ok(false);
        }
        None => (1..=5).collect(),
    };
    let rates = cx.profile.rates();
    let mut lines = vec![cx.t("credit-title", &[("car", what)])];
    let dp_key = if dp_is_example {
        "credit-dp-example"
    } else {
        "credit-dp"
    };
    let mut principal = None;
    for years in tenors {
        match pricing::simulate(price, dp, years, age, &rates) {
            Ok(q) => {
                principal = Some(q.principal);
                lines.push(cx.t(
                    "credit-line",
                    &[
                        ("years", years.to_string()),
                        ("monthly", q.monthly.to_string()),
                        ("rate", percent_bp(q.rate_bp)),
                    ],
                ));
            }
            Err(_) => {
                cx.reply_key("credit-bad-dp", &[]);
                return Ok(false);
            }
        }
    }
    let Some(principal) = principal else {
        return Ok(false);
    };
    lines.insert(
        1,
        cx.t(
            dp_key,
            &[
                ("price", price.to_string()),
                ("dp", dp.to_string()),
                ("principal", principal.to_string()),
            ],
        ),
    );
    lines.push(cx.t("credit-disclaimer", &[]));
    cx.reply(lines.join("\n"));
    Ok(true)
}

async fn photos(cx: &mut Ctx<'_>, e: &Entities) -> StoreResult<bool> {
    let mut ignored = LeadUpdate::default();
    let Some(v) = one_for_sale(cx, e, &mut ignored).await? else {
        return Ok(false);
    };
    send_photos(cx, &v.display_id.to_string(), 0).await?;
    Ok(true)
}

async fn send_photos(cx: &mut Ctx<'_>, display_id: &str, from: usize) -> StoreResult<()> {
    let v = match cx.app.inventory.find(cx.tenant.id, display_id).await {
        Ok(v) if v.status == VehicleStatus::Available => v,
        Ok(_) | Err(_) => {
            cx.dialog.photos = None;
            cx.reply_key("car-not-found-customer", &[]);
            return Ok(());
        }
    };
    let keys = cx.app.inventory.photos(cx.tenant.id, &v).await.map_err(store_error)?;
    if keys.is_empty() {
        cx.dialog.photos = None;
        cx.reply_key("photos-none", &[("car", title(&v))]);
        return Ok(());
    }
    let batch: Vec<&String> = keys.iter().skip(from).take(PHOTOS_PER_BATCH).collect();
    for (i, key) in batch.iter().enumerate() {
        let caption = (i == 0).then(|| format!("{} · {}", title(&v), v.price.short()));
        // The WhatsApp-sized JPEG once it is made; the master until then.
        let ready = cx
            .app
            .store
            .photo_meta(cx.tenant.id, key)
            .await?
            .is_some_and(|m| m.sizes_ready);
        let key = if ready {
            crate::media::variant_key(key, crate::media::image_ops::WHATSAPP.0, "jpg")
        } else {
            (*key).clone()
        };
        cx.send(OutboundMessage::Photo {
            url: cx.photo_url(&key),
            caption,
        });
    }
    let next = from + batch.len();
    if next < keys.len() {
        cx.dialog.photos = Some(PhotoCursor {
            display_id: display_id.to_owned(),
            next,
        });
        cx.reply_key("photos-more", &[("count", (keys.len() - next).to_string())]);
    } else {
        cx.dialog.photos = None;
    }
    Ok(())
}

/// Address, map, hours and contact from the showroom's profile; unknown parts are not guessed.
pub(super) fn location(cx: &mut Ctx<'_>) {
    let p = cx.profile.clone();
    let mut lines = vec![cx.t("location-title", &[("showroom", cx.tenant.name.clone())])];
    if let Some(a) = &p.address {
        lines.push(format!("📍 {a}"));
    }
    if let Some(m) = &p.map_url {
        lines.push(format!("🗺️ {m}"));
    }
    if let Some(h) = &p.hours {
        let days = cx.say.days(&h.days);
        lines.push(cx.t(
            "location-hours",
            &[("days", days), ("open", h.open.clone()), ("close", h.close.clone())],
        ));
    }
    if let Some(phone) = &p.phone {
        lines.push(format!("📞 {phone}"));
    }
    if lines.len() == 1 {
        lines.push(cx.t("location-unknown", &[]));
    }
    cx.reply(lines.join("\n"));
}

/// Arranges a test drive: a day and a time within opening hours, then the booking, the lead
/// and a notice to staff.
async fn test_drive(
    cx: &mut Ctx<'_>,
    e: &Entities,
    text: &str,
    known: (Option<time::Date>, Option<time::Time>),
    lead: &mut LeadUpdate,
) -> StoreResult<()> {
    // The car named, else the car talked about, else none yet ("mobil menyusul"); a car no
    // longer for sale is said to be gone and nothing is booked.
    let named = e.display_id.is_some() || e.names_a_car();
    let car = if named || cx.dialog.focus().is_some() {
        let e = if named {
            e.clone()
        } else {
            Entities {
                display_id: cx.dialog.focus().map(str::to_owned),
                ..Entities::default()
            }
        };
        let mut ignored = LeadUpdate::default();
        match one_for_sale(cx, &e, &mut ignored).await? {
            Some(v) => Some(v),
            None => {
                cx.dialog.clear_pending();
                return Ok(());
            }
        }
    } else {
        None
    };
    let display_id = car.as_ref().map(|v| v.display_id.to_string());
    let Some((date, time)) = slot(cx, text, known, display_id) else {
        return Ok(());
    };
    cx.dialog.clear_pending();
    book(cx, car, date, time, lead).await
}

/// The day and time asked for, when both are known, in the future and within opening hours;
/// otherwise asks for what is missing and remembers what is known.
fn slot(
    cx: &mut Ctx<'_>,
    text: &str,
    known: (Option<time::Date>, Option<time::Time>),
    display_id: Option<String>,
) -> Option<(time::Date, time::Time)> {
    let now = in_jakarta(cx.turn.at);
    let said = when::parse(text, now.date());
    let date = said.date.or(known.0);
    let time = said.time.or(known.1);
    let at = cx.turn.at;
    let ask = |cx: &mut Ctx<'_>, key: &str, args: &[(&str, String)], date, time| {
        cx.reply_key(key, args);
        let display_id = display_id.clone();
        cx.dialog.set_pending(Pending::TestDrive { display_id, date, time }, at);
    };
    let (Some(date), Some(time)) = (date, time) else {
        let key = if date.is_some() {
            "testdrive-ask-time"
        } else {
            "testdrive-ask-day"
        };
        ask(cx, key, &[], date, time);
        return None;
    };
    if date.with_time(time).assume_offset(crate::domain::JAKARTA) <= now {
        ask(cx, "testdrive-past", &[], None, None);
        return None;
    }
    if let Some(hours) = cx.profile.hours.clone()
        && !hours.contains(date.weekday(), time)
    {
        let days = cx.say.days(&hours.days);
        let args = [
            ("days", days),
            ("open", hours.open.clone()),
            ("close", hours.close.clone()),
        ];
        ask(cx, "testdrive-closed", &args, None, None);
        return None;
    }
    Some((date, time))
}

/// Books the slot once per message, links it to the lead and tells staff.
async fn book(
    cx: &mut Ctx<'_>,
    car: Option<Vehicle>,
    date: time::Date,
    time: time::Time,
    lead: &mut LeadUpdate,
) -> StoreResult<()> {
    let utc = date
        .with_time(time)
        .assume_offset(crate::domain::JAKARTA)
        .to_offset(time::UtcOffset::UTC);
    if let Some(v) = &car {
        lead.vehicle = Some(v.display_id.to_string());
        lead.interest = Some(format!("{} {}", v.make, v.model));
    }
    let store = &cx.app.store;
    let lead_id = store
        .upsert_lead(cx.tenant.id, cx.turn.channel, &cx.turn.chat_id, lead, cx.turn.at)
        .await?;
    let source = cx.turn.message_ref.to_string();
    store
        .book_test_drive(
            cx.tenant.id,
            lead_id,
            car.as_ref().map(|v| v.id),
            utc,
            &source,
            cx.turn.at,
        )
        .await?;
    let when_text = cx.say.day_and_time(date, time);
    let car_text = car
        .as_ref()
        .map(|v| format!("{} ({})", title(v), v.display_id))
        .unwrap_or_else(|| cx.t("testdrive-any-car", &[]));
    cx.reply_key(
        "testdrive-booked",
        &[("when", when_text.clone()), ("car", car_text.clone())],
    );
    let notice = cx.t(
        "staff-notice-testdrive",
        &[("customer", customer_label(cx)), ("when", when_text), ("car", car_text)],
    );
    cx.notify_staff(notice);
    Ok(())
}

/// How staff recognise the customer: their number on WhatsApp, the chat on other channels.
fn customer_label(cx: &Ctx<'_>) -> String {
    let who = cx.turn.sender_name.clone().unwrap_or_default();
    let contact = match cx.turn.channel {
        Channel::Whatsapp => format!("+{}", cx.turn.chat_id),
        other => format!("{other} {}", cx.turn.chat_id),
    };
    if who.is_empty() {
        contact
    } else {
        format!("{who} ({contact})")
    }
}

/// Negotiation, trade-in or "I want a person": a salesperson takes the chat for a day.
fn hand_off(cx: &mut Ctx<'_>, intent: Intent, text: &str) {
    cx.human_until = Some(cx.turn.at + HUMAN_FOR);
    cx.dialog.clear_pending();
    let reason_key = format!("intent-{}", serde_json_name(intent));
    let reason = cx.t(&reason_key, &[]);
    cx.reply_key("handoff-customer", &[]);
    let focus = cx.dialog.focus().unwrap_or("-").to_owned();
    let notice = cx.t(
        "staff-notice-handoff",
        &[
            ("customer", customer_label(cx)),
            ("reason", reason),
            ("text", text.chars().take(300).collect()),
            ("car", focus),
            ("chat", cx.turn.chat_id.clone()),
        ],
    );
    cx.notify_staff(notice);
}

fn serde_json_name(intent: Intent) -> String {
    serde_json::to_value(intent)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', "-")))
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::{Role, parse};

    fn name(text: &str) -> Option<String> {
        name_in(text, &parse(text, Role::Customer))
    }

    #[test]
    fn names_are_taken_when_offered_and_requests_are_not_names() {
        assert_eq!(name("nama saya budi santoso").as_deref(), Some("Budi Santoso"));
        assert_eq!(name("Rina").as_deref(), Some("Rina"));
        assert_eq!(name("saya Andi").as_deref(), Some("Andi"));
        assert_eq!(name("ada avanza?"), None);
        assert_eq!(name("berapa harganya"), None);
        assert_eq!(name("12345"), None);
        assert_eq!(
            name("A\u{212A}U budi").as_deref(),
            Some("Budi"),
            "no panic on a shrinking lowercase"
        );
    }

    #[test]
    fn alternatives_loosen_step_by_step() {
        let e = parse("avanza hitam matic 2019 150jt", Role::Customer).entities;
        let steps = relaxations(&finder::search_filter(&e, 5));
        assert!(steps[0].color.is_none() && steps[0].model.is_some());
        let last = steps.last().expect("steps");
        assert!(last.model.is_none() && last.make.is_none());
        assert_eq!(last.price_max.map(Rupiah::amount), Some(180_000_000));
        assert!(steps.iter().all(|f| f.status == Some(VehicleStatus::Available)));
    }
}

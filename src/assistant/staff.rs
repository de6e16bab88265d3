//! Staff conversations: listing a car from photos and text, changing and finding cars,
//! reports, leads, captions, and handing a customer chat back to the bot.

use super::context::{Ctx, store_error};
use super::draft::Draft;
use super::finder::{self, Found, Scope};
use super::render::title;
use super::report::{Period, summarize};
use super::state::{Action, Changes, Pending};
use crate::channels::{InboundKind, OutboundMessage};
use crate::inventory::{VehiclePatch, VehicleStatus};
use crate::nlu::{Entities, Intent, Parse};
use crate::store::StoreResult;
use crate::tenants::StaffRole;

pub(super) async fn handle(cx: &mut Ctx<'_>) -> StoreResult<()> {
    let kind = cx.turn.kind.clone();
    if let InboundKind::Photos { photos, caption } = &kind {
        let keys: Vec<String> = photos.iter().filter_map(|p| p.stored.clone()).collect();
        // A refused photo is said so, with the reason; nothing of it is kept.
        if let Some(reason) = photos.iter().find_map(|p| p.refused.clone()) {
            cx.reply_key(&reason, &[]);
        } else if keys.len() < photos.len() {
            cx.reply_key(
                "photos-not-stored",
                &[("count", (photos.len() - keys.len()).to_string())],
            );
        }
        return photos_in(cx, keys, caption.as_deref().unwrap_or_default()).await;
    }
    let Some(text) = kind.text().map(str::trim).filter(|t| !t.is_empty()) else {
        cx.reply_key("reply-text-only", &[]);
        return Ok(());
    };
    if let Some(ids) = hand_back_target(text) {
        return hand_back(cx, &ids).await;
    }
    let parse = customer_question(cx.understand(text).await, text);
    let answered = match cx.dialog.pending.clone() {
        Some(pending) => answer_pending(cx, pending, &parse, text).await?,
        None => false,
    };
    if !answered {
        if let Some(draft) = cx.dialog.listing.clone()
            && answer_listing(cx, draft, &parse, text).await?
        {
            return Ok(());
        }
        act(cx, &parse, text).await?;
    }
    if let Some(draft) = &cx.dialog.listing
        && parse.intent != Intent::UploadVehicle
    {
        let what = draft.model.clone().unwrap_or_else(|| cx.t("listing-unnamed", &[]));
        let line = cx.t("listing-still-open", &[("what", what)]);
        cx.append(line);
    }
    Ok(())
}

/// Staff ask what customers ask too ("simulasi kredit AVZ-0002 dp 50jt"): when the staff
/// reading is only a guess, a confident customer reading of a question staff may use wins.
fn customer_question(staff: Parse, text: &str) -> Parse {
    if staff.confidence > crate::nlu::CLARIFY_BELOW || !matches!(staff.intent, Intent::CheckInventory | Intent::Unknown)
    {
        return staff;
    }
    let customer = crate::nlu::parse(text, crate::nlu::Role::Customer);
    let usable = matches!(customer.intent, Intent::CreditSimulation | Intent::AskLocation);
    if usable && customer.confidence > crate::nlu::CLARIFY_BELOW {
        customer
    } else {
        staff
    }
}

/// "bot aktif 0812…", "balikin ke bot 0812…", "bot aktif 5550001" (a Telegram chat): the
/// customer chat with that number goes back to the bot. Returns the number as written (its
/// digits) and, when it is an Indonesian phone, the way WhatsApp chats are keyed.
fn hand_back_target(text: &str) -> Option<Vec<String>> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mentions_bot = words.contains(&"bot");
    let verb = [
        "aktif",
        "aktifkan",
        "balik",
        "balikin",
        "kembali",
        "kembalikan",
        "serahkan",
        "lanjut",
        "on",
    ]
    .iter()
    .any(|v| words.contains(v));
    if !(mentions_bot && verb) {
        return None;
    }
    let raw = words
        .iter()
        .find(|w| w.chars().filter(char::is_ascii_digit).count() >= 5)?;
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let mut ids = Vec::from_iter(crate::domain::Phone::parse_typed(raw).map(crate::domain::Phone::into_string));
    if !ids.contains(&digits) {
        ids.push(digits);
    }
    Some(ids)
}

async fn hand_back(cx: &mut Ctx<'_>, ids: &[String]) -> StoreResult<()> {
    let store = &cx.app.store;
    let mut chats = Vec::new();
    for id in ids {
        chats.extend(store.human_chats(cx.tenant.id, id).await?);
    }
    for (channel, chat) in &chats {
        store
            .set_conversation_mode(cx.tenant.id, *channel, chat, None, cx.turn.at)
            .await?;
    }
    let key = if chats.is_empty() {
        "handback-none"
    } else {
        "handback-done"
    };
    let shown = ids.first().cloned().unwrap_or_default();
    cx.reply_key(key, &[("phone", shown)]);
    Ok(())
}

/// Answers the question the bot was waiting on; `false` lets the message be read afresh.
async fn answer_pending(cx: &mut Ctx<'_>, pending: Pending, parse: &Parse, text: &str) -> StoreResult<bool> {
    match pending {
        Pending::Choose { action, options } => {
            if parse.intent == Intent::Cancel {
                cx.dialog.clear_pending();
                cx.reply_key("cancelled", &[]);
                return Ok(true);
            }
            let picked = choice_number(text).and_then(|n| options.get(n.checked_sub(1)?).cloned());
            let Some(display_id) = picked else {
                cx.dialog.clear_pending();
                return Ok(false);
            };
            cx.dialog.clear_pending();
            match cx.app.inventory.find(cx.tenant.id, &display_id).await {
                Ok(v) => perform(cx, action, v).await?,
                Err(e) => cx.inventory_problem(e)?,
            }
            Ok(true)
        }
        Pending::ConfirmDelete { display_id } => {
            cx.dialog.clear_pending();
            match parse.intent {
                Intent::Confirm => {
                    let actor = cx.actor();
                    match cx.app.inventory.delete(cx.tenant.id, &display_id, &actor).await {
                        Ok(()) => {
                            if cx.dialog.focus() == Some(display_id.as_str()) {
                                cx.dialog.clear_focus();
                            }
                            cx.reply_key("delete-done", &[("id", display_id)]);
                        }
                        Err(e) => cx.inventory_problem(e)?,
                    }
                    Ok(true)
                }
                Intent::Cancel => {
                    cx.reply_key("delete-kept", &[("id", display_id)]);
                    Ok(true)
                }
                _ => Ok(false),
            }
        }
        Pending::AddPhotos { .. } => {
            if parse.intent == Intent::Cancel {
                cx.dialog.clear_pending();
                cx.reply_key("cancelled", &[]);
                return Ok(true);
            }
            Ok(false)
        }
        Pending::TestDrive { .. } | Pending::Name => {
            cx.dialog.clear_pending();
            Ok(false)
        }
    }
}

/// The listing in progress takes confirmations, corrections and missing fields; requests
/// about other cars or the business are answered in between without touching it.
async fn answer_listing(cx: &mut Ctx<'_>, mut draft: Draft, parse: &Parse, text: &str) -> StoreResult<bool> {
    match parse.intent {
        Intent::Confirm if draft.model.is_none() && draft.suggestion.is_some() => {
            draft.accept_suggestion();
            next_listing_step(cx, draft, false);
            return Ok(true);
        }
        Intent::Cancel => {
            cx.dialog.take_listing();
            cx.reply_key("listing-discarded", &[]);
            return Ok(true);
        }
        Intent::Confirm if draft.missing().is_none() => {
            publish(cx, draft).await?;
            return Ok(true);
        }
        _ => {}
    }
    if is_other_request(&draft, parse) {
        return Ok(false);
    }
    draft.absorb(&parse.entities, text);
    next_listing_step(cx, draft, false);
    Ok(true)
}

/// Whether a message during a listing is about something else: a listed car (by id, by
/// plate with a change, by another model), or the business. A bare "120jt", "km nya 35rb" or
/// "harga jadi 125jt" corrects the draft.
fn is_other_request(draft: &Draft, parse: &Parse) -> bool {
    let e = &parse.entities;
    let other_model = draft.model.is_some() && e.model.is_some() && e.model != draft.model;
    let changes_a_car = matches!(
        parse.intent,
        Intent::UpdateStatus | Intent::UpdatePrice | Intent::DeleteVehicle | Intent::EditVehicle
    );
    e.display_id.is_some()
        || (e.plate.is_some() && changes_a_car)
        || (other_model && parse.intent != Intent::UploadVehicle)
        || matches!(
            parse.intent,
            Intent::CheckInventory
                | Intent::GetReport
                | Intent::ListLeads
                | Intent::Help
                | Intent::GenerateContent
                | Intent::UpdateStatus
                | Intent::DeleteVehicle
                | Intent::CreditSimulation
                | Intent::AskLocation
                | Intent::Greeting
                | Intent::Thanks
        )
        || (parse.intent == Intent::UploadVehicle && other_model)
}

/// "2", "no. 2", "nomor 2", "2.", "yang ke-2": the number picked from a list. Anything
/// else in the message (a code like AVZ-0002, other words) means it is not a pick.
fn choice_number(text: &str) -> Option<usize> {
    const FILLERS: &[&str] = &["no", "no.", "nomor", "nmr", "yang", "yg", "ke", "#", "nomer"];
    let lower = text.to_lowercase();
    let mut number = None;
    for word in lower.split_whitespace() {
        let bare = word
            .trim_start_matches('#')
            .trim_start_matches("ke-")
            .trim_end_matches(['.', ')']);
        if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit()) && number.is_none() {
            number = bare.parse().ok();
        } else if !FILLERS.contains(&word) {
            return None;
        }
    }
    number
}

/// Photos from staff: for a car named in the caption or waiting for more photos, for the
/// listing in progress, or the start of a new listing. An album arrives as many messages;
/// only the first (or one with a caption) is answered, so the chat is not flooded.
async fn photos_in(cx: &mut Ctx<'_>, keys: Vec<String>, caption: &str) -> StoreResult<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let parse = cx.understand(caption).await;
    let named = parse.entities.display_id.clone().filter(|_| wants_more_photos(caption));
    let waiting = match cx.dialog.pending.clone() {
        // A caption describing a car starts a listing, even while a listed car takes photos.
        Some(Pending::AddPhotos {
            display_id,
            acknowledged,
        }) if !parse.entities.names_a_car() => Some((display_id, acknowledged)),
        _ => None,
    };
    if let Some((display_id, acknowledged)) = named.map(|id| (id, false)).or(waiting) {
        let at = cx.turn.at;
        let pending = Pending::AddPhotos {
            display_id: display_id.clone(),
            acknowledged: true,
        };
        cx.dialog.set_pending(pending, at);
        return add_photos(cx, &display_id, &keys, acknowledged).await;
    }
    if matches!(cx.dialog.pending, Some(Pending::AddPhotos { .. })) {
        cx.dialog.clear_pending();
    }
    let (mut draft, fresh) = match cx.dialog.listing.clone() {
        Some(draft) => (draft, false),
        None => (Draft::default(), true),
    };
    let before = draft.photos.len();
    let told_before = draft.refused_photos > 0;
    let refused = draft.add_photos(keys);
    draft.absorb(&parse.entities, caption);
    if refused > 0 && !told_before {
        cx.reply_key("photos-limit", &[("max", super::draft::MAX_PHOTOS.to_string())]);
    }
    let noticed = look_at_photos(cx, &mut draft, before).await?;
    if draft.model.is_none() && draft.suggestion.is_none() && before == 0 {
        draft.suggestion = suggest_car(cx, &draft).await;
    }
    let speak = fresh || before == 0 || !caption.trim().is_empty() || noticed;
    next_listing_step(cx, draft, !speak);
    Ok(())
}

/// Asks the optional vision model what car the first photo shows. Any trouble just means no
/// suggestion: staff are asked as usual.
async fn suggest_car(cx: &Ctx<'_>, draft: &Draft) -> Option<super::draft::Suggestion> {
    let llm = cx.app.llm.as_ref().filter(|l| l.sees())?;
    let key = draft.photos.first()?;
    let master = cx.app.media.get(key).await.ok().flatten()?;
    // A smaller copy is plenty to tell a car and costs far fewer tokens.
    let small = tokio::task::spawn_blocking(move || {
        let image = crate::media::image_ops::decode(&master).ok()?;
        let small = crate::media::image_ops::fit(&image, 768).ok()?;
        crate::media::image_ops::encode_jpeg(&small, 80).ok()
    })
    .await
    .ok()
    .flatten()?;
    match llm.identify_car(&small).await {
        Ok(guess) => guess.map(|g| super::draft::Suggestion {
            make: g.make,
            model: g.model,
            body_type: g.body_type,
            color: g.color.map(|c| c.as_str().to_owned()),
        }),
        Err(e) => {
            tracing::warn!(llm.error = %e, "vision suggestion not used");
            None
        }
    }
}

/// What the analysis saw in the photos just added: one friendly line about the first
/// problem, a note when a photo is already on a listed car, and the body colour offered when
/// none was written. Returns whether there was something to say.
async fn look_at_photos(cx: &mut Ctx<'_>, draft: &mut Draft, from: usize) -> StoreResult<bool> {
    let store = &cx.app.store;
    let mut said = false;
    let on_cars = store.photo_hashes_on_cars(cx.tenant.id).await?;
    for (i, key) in draft.photos.clone().iter().enumerate().skip(from) {
        let Some(meta) = store.photo_meta(cx.tenant.id, key).await? else {
            continue;
        };
        let Ok(findings) = serde_json::from_str::<crate::media::analysis::Findings>(&meta.findings) else {
            continue;
        };
        // A dark or blurred photo would give a wrong colour: only a good one is asked.
        if draft.color.is_none() && draft.color_guess.is_none() && !findings.dark && !findings.blurry {
            draft.color_guess = findings.color.map(|c| c.as_str().to_owned());
        }
        if let Some(problem) = findings.problem_key().filter(|_| !said) {
            cx.reply_key(problem, &[("n", (i + 1).to_string())]);
            said = true;
        }
        let same = on_cars.iter().find(|(other, hash, _)| {
            u64::from_str_radix(hash, 16).is_ok_and(|h| {
                other == key
                    || crate::media::analysis::hamming(h, findings.hash) <= crate::media::analysis::SAME_PHOTO_WITHIN
            })
        });
        if let Some((_, _, car)) = same {
            cx.reply_key("photo-duplicate", &[("n", (i + 1).to_string()), ("id", car.clone())]);
            said = true;
        }
    }
    Ok(said)
}

fn wants_more_photos(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("tambah foto") || t.contains("tambah gambar") || t.contains("foto tambahan")
}

async fn add_photos(cx: &mut Ctx<'_>, display_id: &str, keys: &[String], quiet: bool) -> StoreResult<()> {
    let actor = cx.actor();
    match cx
        .app
        .inventory
        .add_photos(cx.tenant.id, display_id, keys, &actor)
        .await
    {
        Ok(_) if quiet => Ok(()),
        Ok(added) => {
            let total = match cx.app.inventory.find(cx.tenant.id, display_id).await {
                Ok(v) => cx
                    .app
                    .inventory
                    .photos(cx.tenant.id, &v)
                    .await
                    .map(|p| p.len())
                    .unwrap_or(0),
                Err(_) => 0,
            };
            cx.dialog.set_focus(display_id.to_owned(), cx.turn.at);
            cx.reply_key(
                "photos-added",
                &[
                    ("id", display_id.to_owned()),
                    ("added", added.to_string()),
                    ("total", total.to_string()),
                ],
            );
            Ok(())
        }
        Err(e) => cx.inventory_problem(e),
    }
}

/// Asks for the next missing field, or shows the preview; `quiet` saves without a reply.
fn next_listing_step(cx: &mut Ctx<'_>, draft: Draft, quiet: bool) {
    if !quiet {
        match draft.missing() {
            Some(missing) => {
                let photos = draft.photos.len();
                let mut text = String::new();
                if photos > 0 {
                    text = cx.t("listing-photos-so-far", &[("count", photos.to_string())]);
                    text.push('\n');
                }
                text.push_str(&question(cx, &draft, missing));
                cx.reply(text);
            }
            None => {
                let preview = preview(cx, &draft);
                match draft.photos.first() {
                    Some(key) => cx.send(OutboundMessage::Photo {
                        url: cx.photo_url(key),
                        caption: Some(preview),
                    }),
                    None => cx.reply(preview),
                }
            }
        }
    }
    let at = cx.turn.at;
    cx.dialog.set_listing(draft, at);
}

/// The one question to ask next; the model question offers the photo's suggestion if any.
fn question(cx: &Ctx<'_>, draft: &Draft, missing: super::draft::Missing) -> String {
    match (&draft.suggestion, missing) {
        (Some(s), super::draft::Missing::Model) => {
            let details = [s.body_type.as_deref().map(str::to_uppercase), s.color.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let car = format!("{} {}", s.make, s.model);
            cx.t("listing-suggested", &[("car", car), ("details", details)])
        }
        _ => cx.t(missing.key(), &[]),
    }
}

fn preview(cx: &Ctx<'_>, d: &Draft) -> String {
    let mut lines = vec![cx.t("listing-preview-title", &[])];
    let car = [d.make.as_deref(), d.model.as_deref(), d.variant.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    lines.push(format!("*{car} {}*", d.year.unwrap_or_default()));
    if let Some(price) = d.price.and_then(|p| crate::domain::Rupiah::new(p).ok()) {
        lines.push(price.short());
    }
    let mut facts = Vec::new();
    if let Some(t) = &d.transmission {
        facts.push(cx.t(&format!("transmission-{t}"), &[]));
    }
    facts.extend(d.fuel.iter().chain(d.color.iter()).cloned());
    if let (None, Some(guess)) = (&d.color, &d.color_guess) {
        facts.push(cx.t("listing-color-guess", &[("color", guess.clone())]));
    }
    if let Some(km) = d.mileage_km {
        facts.push(format!("{} km", super::render::grouped(km)));
    }
    if let Some(cc) = d.engine_cc {
        facts.push(format!("{cc} cc"));
    }
    if !facts.is_empty() {
        lines.push(facts.join(" · "));
    }
    if let Some(plate) = &d.plate {
        lines.push(cx.t("card-plate", &[("plate", plate.clone())]));
    }
    if let Some(notes) = &d.notes {
        lines.push(notes.clone());
    }
    lines.push(cx.t("listing-preview-photos", &[("count", d.photos.len().to_string())]));
    lines.push(cx.t("listing-preview-ask", &[]));
    lines.join("\n")
}

async fn publish(cx: &mut Ctx<'_>, draft: Draft) -> StoreResult<()> {
    let actor = cx.actor();
    let message_ref = cx.turn.message_ref.to_string();
    let created = cx
        .app
        .inventory
        .create_from_chat(cx.tenant.id, draft.input(), &actor, &message_ref, &draft.photos)
        .await;
    match created {
        Ok(v) => {
            cx.dialog.take_listing();
            cx.dialog.set_focus(v.display_id.to_string(), cx.turn.at);
            let link = cx.link(&v);
            cx.reply_key(
                "listing-published",
                &[
                    ("id", v.display_id.to_string()),
                    ("car", title(&v)),
                    ("price", v.price.short()),
                    ("photos", draft.photos.len().to_string()),
                    ("link", link),
                ],
            );
            Ok(())
        }
        Err(e) => cx.inventory_problem(e),
    }
}

/// Field changes a message makes. A car named by id or plate (or the one in focus) takes
/// every fact as a change; a car named by description keeps colour, year and transmission
/// as part of the description.
fn changes(e: &Entities, direct: bool) -> Changes {
    let mut c = Changes {
        mileage_km: e.mileage_km,
        fuel: e.fuel.map(|f| f.as_str().to_owned()),
        ..Changes::default()
    };
    if direct {
        c.color = e.color.map(|x| x.as_str().to_owned());
        c.transmission = e.transmission.map(|x| x.as_str().to_owned());
        c.year = e.year;
        c.variant = e.variant.clone();
        if e.display_id.is_some() {
            c.plate = e.plate.clone();
        }
    }
    c
}

async fn act(cx: &mut Ctx<'_>, parse: &Parse, text: &str) -> StoreResult<()> {
    let e = &parse.entities;
    let direct = finder::named_directly(e) || (!e.names_a_car() && cx.dialog.focus().is_some());
    match parse.intent {
        Intent::UploadVehicle => {
            let mut draft = cx.dialog.listing.clone().unwrap_or_default();
            if draft.model.is_some() && e.model.is_some() && draft.model != e.model {
                let what = draft.model.clone().unwrap_or_default();
                cx.reply_key("listing-finish-first", &[("what", what)]);
                return Ok(());
            }
            draft.absorb(e, text);
            next_listing_step(cx, draft, false);
        }
        Intent::UpdatePrice => match e.price.or(e.price_max) {
            Some(amount) => {
                let scope = Scope::Staff {
                    exclude: Some(VehicleStatus::Sold),
                };
                target(cx, e, Action::Price { amount }, scope, true).await?;
            }
            None => cx.reply_key("price-need-amount", &[]),
        },
        Intent::UpdateStatus => match e.status {
            Some(status) if status != VehicleStatus::Deleted && status != VehicleStatus::Draft => {
                let scope = Scope::Staff { exclude: Some(status) };
                target(cx, e, Action::Status { status }, scope, true).await?;
            }
            _ => cx.reply_key("status-need-word", &[]),
        },
        Intent::DeleteVehicle => {
            if may_manage(cx) {
                target(cx, e, Action::Delete, Scope::Staff { exclude: None }, true).await?;
            } else {
                cx.reply_key("role-owner-admin-only", &[]);
            }
        }
        Intent::EditVehicle => edit(cx, e, direct).await?,
        Intent::GenerateContent => {
            let formal = ["formal", "resmi", "profesional"]
                .iter()
                .any(|w| text.to_lowercase().contains(w));
            target(cx, e, Action::Caption { formal }, Scope::Staff { exclude: None }, true).await?;
        }
        Intent::CheckInventory if wants_more_photos(text) => {
            target(cx, e, Action::AddPhotos, Scope::Staff { exclude: None }, true).await?;
        }
        // "AVZ-0002 km nya 35rb": a named car and a new fact is a correction, not a question.
        Intent::CheckInventory | Intent::Unknown if finder::named_directly(e) && !changes(e, true).is_empty() => {
            edit(cx, e, true).await?;
        }
        Intent::CheckInventory | Intent::SearchVehicle | Intent::AskPrice | Intent::AskPhotos
            if finder::named_directly(e) =>
        {
            target(cx, e, Action::Show, Scope::Staff { exclude: None }, true).await?;
        }
        Intent::CheckInventory | Intent::SearchVehicle | Intent::AskPrice => stock(cx, e).await?,
        Intent::GetReport => report(cx, text).await?,
        Intent::ListLeads => leads(cx).await?,
        Intent::CreditSimulation => {
            super::customer::credit(cx, e).await?;
        }
        Intent::AskLocation => super::customer::location(cx),
        Intent::Greeting => {
            let name = cx.staff.as_ref().map(|s| s.name.clone()).unwrap_or_default();
            cx.reply_key("staff-greeting", &[("name", name)]);
        }
        Intent::Thanks => cx.reply_key("thanks-staff", &[]),
        Intent::Confirm | Intent::Cancel => cx.reply_key("nothing-pending", &[]),
        Intent::Help => cx.reply_key("staff-help", &[]),
        _ if !changes(e, direct).is_empty() && (finder::named_directly(e) || e.names_a_car()) => {
            edit(cx, e, direct).await?;
        }
        _ => {
            cx.reply_key("staff-unknown", &[]);
            cx.append(cx.t("staff-help", &[]));
        }
    }
    Ok(())
}

fn may_manage(cx: &Ctx<'_>) -> bool {
    cx.staff
        .as_ref()
        .is_some_and(|s| matches!(s.role, StaffRole::Owner | StaffRole::Admin))
}

async fn edit(cx: &mut Ctx<'_>, e: &Entities, direct: bool) -> StoreResult<()> {
    let changes = changes(e, direct);
    if changes.is_empty() {
        cx.reply_key("edit-need-field", &[]);
        return Ok(());
    }
    target(cx, e, Action::Edit { changes }, Scope::Staff { exclude: None }, !direct).await
}

/// Finds the car a message means and performs the action on it, or asks which one.
async fn target(
    cx: &mut Ctx<'_>,
    e: &Entities,
    action: Action,
    scope: Scope,
    with_attributes: bool,
) -> StoreResult<()> {
    match finder::find(cx, e, scope, with_attributes).await? {
        Found::Unnamed => cx.reply_key("car-which", &[]),
        Found::None => cx.reply_key("car-not-found", &[]),
        Found::One(v) => perform(cx, action, v).await?,
        Found::Many(cars) => {
            let now = cx.turn.at;
            let mut text = cx.t("car-choose", &[("count", cars.len().to_string())]);
            for (i, v) in cars.iter().enumerate() {
                text.push('\n');
                text.push_str(&cx.say.staff_line(Some(i + 1), v, now));
            }
            cx.reply(text);
            let options = cars.iter().map(|v| v.display_id.to_string()).collect();
            let at = cx.turn.at;
            cx.dialog.set_pending(Pending::Choose { action, options }, at);
        }
    }
    Ok(())
}

async fn perform(cx: &mut Ctx<'_>, action: Action, v: crate::inventory::Vehicle) -> StoreResult<()> {
    let id = v.display_id.to_string();
    cx.dialog.set_focus(id.clone(), cx.turn.at);
    let actor = cx.actor();
    let inventory = &cx.app.inventory;
    let tenant = cx.tenant.id;
    match action {
        Action::Price { amount } => {
            let patch = VehiclePatch {
                price: Some(amount),
                ..VehiclePatch::default()
            };
            match inventory.update(tenant, &id, patch, &actor).await {
                Ok(new) => cx.reply_key(
                    "price-changed",
                    &[
                        ("id", id),
                        ("car", title(&new)),
                        ("old", v.price.short()),
                        ("new", new.price.short()),
                    ],
                ),
                Err(e) => cx.inventory_problem(e)?,
            }
        }
        Action::Status { status } => {
            let patch = VehiclePatch {
                status: Some(status.as_str().to_owned()),
                ..VehiclePatch::default()
            };
            match inventory.update(tenant, &id, patch, &actor).await {
                Ok(new) => {
                    let word = cx.say.status(new.status);
                    cx.reply_key("status-changed", &[("id", id), ("car", title(&new)), ("status", word)]);
                }
                Err(e) => cx.inventory_problem(e)?,
            }
        }
        Action::Edit { changes } => match inventory.update(tenant, &id, patch_of(changes), &actor).await {
            Ok(new) => {
                let facts = cx.say.facts(&new);
                cx.reply_key("edit-done", &[("id", id), ("car", title(&new)), ("facts", facts)]);
            }
            Err(e) => cx.inventory_problem(e)?,
        },
        Action::Delete => {
            if !may_manage(cx) {
                cx.reply_key("role-owner-admin-only", &[]);
                return Ok(());
            }
            cx.reply_key("delete-confirm", &[("id", id.clone()), ("car", title(&v))]);
            let at = cx.turn.at;
            cx.dialog.set_pending(Pending::ConfirmDelete { display_id: id }, at);
        }
        Action::Show => show(cx, &v).await?,
        Action::Caption { formal } => {
            let caption = caption(cx, &v, formal);
            cx.reply(caption);
        }
        Action::AddPhotos => {
            cx.reply_key("photos-send-now", &[("id", id.clone()), ("car", title(&v))]);
            let at = cx.turn.at;
            let pending = Pending::AddPhotos {
                display_id: id,
                acknowledged: false,
            };
            cx.dialog.set_pending(pending, at);
        }
    }
    Ok(())
}

fn patch_of(changes: Changes) -> VehiclePatch {
    VehiclePatch {
        mileage_km: changes.mileage_km.map(Some),
        color: changes.color.map(Some),
        transmission: changes.transmission.map(Some),
        fuel: changes.fuel.map(Some),
        year: changes.year,
        variant: changes.variant.map(Some),
        plate: changes.plate.map(Some),
        engine_cc: changes.engine_cc.map(Some),
        ..VehiclePatch::default()
    }
}

/// One car's full card, on its main photo when it has one.
async fn show(cx: &mut Ctx<'_>, v: &crate::inventory::Vehicle) -> StoreResult<()> {
    let photos = cx.app.inventory.photos(cx.tenant.id, v).await.map_err(store_error)?;
    let card = cx.say.staff_card(v, photos.len(), cx.turn.at, &cx.link(v));
    match photos.first() {
        Some(key) => cx.send(OutboundMessage::Photo {
            url: cx.photo_url(key),
            caption: Some(card),
        }),
        None => cx.reply(card),
    }
    Ok(())
}

/// A sales caption from the car's own fields only; nothing is added that the data does not say.
fn caption(cx: &Ctx<'_>, v: &crate::inventory::Vehicle, formal: bool) -> String {
    let tone = if formal { "formal" } else { "friendly" };
    let mut lines = vec![cx.t(
        &format!("caption-{tone}-head"),
        &[("car", title(v)), ("showroom", cx.tenant.name.clone())],
    )];
    let facts = cx.say.facts(v);
    if !facts.is_empty() {
        lines.push(format!("✔ {facts}"));
    }
    if let Some(d) = &v.description {
        lines.push(format!("✔ {d}"));
    }
    lines.push(cx.t(&format!("caption-{tone}-price"), &[("price", v.price.to_string())]));
    lines.push(cx.t(
        &format!("caption-{tone}-cta"),
        &[("id", v.display_id.to_string()), ("link", cx.link(v))],
    ));
    lines.join("\n")
}

/// Stock list with filters; a count, then up to ten lines.
async fn stock(cx: &mut Ctx<'_>, e: &Entities) -> StoreResult<()> {
    let mut filter = finder::search_filter(e, 10);
    filter.status = e.status.or(Some(VehicleStatus::Available));
    let page = cx.list(&filter).await?;
    if page.items.is_empty() {
        cx.reply_key("stock-none", &[]);
        return Ok(());
    }
    let status = cx.say.status(filter.status.unwrap_or(VehicleStatus::Available));
    let mut text = cx.t("stock-count", &[("count", page.total.to_string()), ("status", status)]);
    for (i, v) in page.items.iter().enumerate() {
        text.push('\n');
        text.push_str(&cx.say.staff_line(Some(i + 1), v, cx.turn.at));
    }
    if page.total > i64::try_from(page.items.len()).unwrap_or(i64::MAX) {
        text.push('\n');
        text.push_str(&cx.t(
            "stock-more",
            &[("count", (page.total - page.items.len() as i64).to_string())],
        ));
    }
    if let [only] = page.items.as_slice() {
        cx.dialog.set_focus(only.display_id.to_string(), cx.turn.at);
    }
    cx.reply(text);
    Ok(())
}

async fn report(cx: &mut Ctx<'_>, text: &str) -> StoreResult<()> {
    let period = Period::read(text);
    let (from, to) = period.bounds(cx.turn.at);
    let figures = cx.app.store.period_figures(cx.tenant.id, from, to, cx.turn.at).await?;
    let s = summarize(&figures);
    let or_dash = |v: Option<i64>| v.map_or_else(|| "-".to_owned(), |d| d.to_string());
    let mut lines = vec![
        cx.t("report-title", &[("period", cx.t(period.key(), &[]))]),
        cx.t("report-listed", &[("count", s.listed.to_string())]),
        cx.t("report-sold", &[("count", s.sold.to_string())]),
    ];
    if may_manage(cx) {
        let revenue = crate::domain::Rupiah::new(s.revenue)
            .map(|r| r.to_string())
            .unwrap_or_default();
        lines.push(cx.t("report-revenue", &[("amount", revenue)]));
    }
    lines.push(cx.t("report-days-to-sell", &[("days", or_dash(s.avg_days_to_sell))]));
    lines.push(cx.t(
        "report-stock",
        &[
            ("count", s.stock.to_string()),
            ("days", or_dash(s.avg_stock_age)),
            ("stale", s.stale.to_string()),
        ],
    ));
    let leads: Vec<String> = figures
        .leads
        .iter()
        .map(|(status, n)| format!("{} {n}", cx.t(&format!("lead-{}", status.as_str()), &[])))
        .collect();
    let total: i64 = figures.leads.iter().map(|(_, n)| n).sum();
    lines.push(cx.t(
        "report-leads",
        &[("count", total.to_string()), ("detail", leads.join(", "))],
    ));
    cx.reply(lines.join("\n"));
    Ok(())
}

async fn leads(cx: &mut Ctx<'_>) -> StoreResult<()> {
    let leads = cx.app.store.recent_leads(cx.tenant.id, 10).await?;
    if leads.is_empty() {
        cx.reply_key("leads-none", &[]);
        return Ok(());
    }
    let mut text = cx.t("leads-title", &[("count", leads.len().to_string())]);
    for (i, lead) in leads.iter().enumerate() {
        let who = lead.customer_name.clone().unwrap_or_else(|| cx.t("lead-no-name", &[]));
        let contact = lead
            .phone
            .clone()
            .unwrap_or_else(|| format!("{} {}", lead.channel, lead.chat_id));
        let interest = lead.interest.clone().unwrap_or_else(|| "-".into());
        let date = crate::domain::in_jakarta(lead.created_at).date();
        text.push_str(&format!(
            "\n{}. {who} ({contact}) · {interest} · {} · {:02}/{:02}",
            i + 1,
            cx.t(&format!("lead-{}", lead.status.as_str()), &[]),
            date.day(),
            u8::from(date.month())
        ));
    }
    cx.reply(text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_picked_however_it_is_written() {
        for text in ["2", "no. 2", "nomor 2", "2.", "yang ke-2", "#2"] {
            assert_eq!(choice_number(text), Some(2), "{text}");
        }
        assert_eq!(choice_number("AVZ-0002 laku"), None);
        assert_eq!(choice_number("harga 2 jadi 150"), None);
        assert_eq!(choice_number("ya"), None);
    }

    #[test]
    fn hand_back_needs_the_bot_a_verb_and_a_number() {
        let ids = |t: &str| hand_back_target(t).unwrap_or_default();
        assert_eq!(ids("bot aktif 0812-3456-7890"), ["6281234567890", "081234567890"]);
        assert_eq!(ids("balikin ke bot 6281234567890"), ["6281234567890"]);
        assert_eq!(ids("bot aktif 5550001"), ["5550001"], "a Telegram chat");
        assert_eq!(hand_back_target("bot aktif"), None);
        assert_eq!(hand_back_target("telp 081234567890 aktif"), None);
    }
}

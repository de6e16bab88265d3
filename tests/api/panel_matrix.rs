//! Every panel route × every kind of visitor, walked from the router's own table
//! (`autolumiku::panel::routes()`), so a new route is tested the day it is added. Each pair
//! gets fresh objects and a fresh session, so a delete or a logout cannot spoil the next.

use crate::helpers::{TestApp, avanza, jpeg, spawn_app};
use crate::panel::{Visitor, customer_writes, full_session, member, super_admin};
use autolumiku::auth::Access;
use autolumiku::channels::Channel;
use autolumiku::domain::TenantId;
use autolumiku::panel::{RouteSpec, routes};
use autolumiku::tenants::StaffRole;
use reqwest::StatusCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Staff,
    Admin,
    Owner,
    OtherOwner,
    SuperAdmin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Staff,
    Who::Admin,
    Who::Owner,
    Who::OtherOwner,
    Who::SuperAdmin,
];

#[derive(Debug, PartialEq, Eq)]
enum Expect {
    Allowed,
    Login(&'static str),
    Forbidden,
    NotFound,
}

fn rank(role: StaffRole) -> u8 {
    autolumiku::auth::session::rank(role)
}

/// Whether a path names an object of the showroom the route is tried on.
fn names_an_object(path: &str) -> bool {
    ["{id}", "{photo}", "{chat}"].iter().any(|p| path.contains(p)) && path.starts_with("/dashboard")
}

fn expected(spec: &RouteSpec, who: Who) -> Expect {
    let member_role = match who {
        Who::Staff => Some(StaffRole::Staff),
        Who::Admin => Some(StaffRole::Admin),
        Who::Owner | Who::OtherOwner => Some(StaffRole::Owner),
        Who::Anonymous | Who::SuperAdmin => None,
    };
    match (spec.access, who) {
        (Access::Public, _) => Expect::Allowed,
        (Access::Pending, Who::Anonymous) | (Access::Member(_), Who::Anonymous) => Expect::Login("/login"),
        (Access::Pending, _) => Expect::Allowed,
        (Access::SuperAdmin, Who::Anonymous) => Expect::Login("/admin/login"),
        (Access::SuperAdmin, Who::SuperAdmin) => Expect::Allowed,
        (Access::SuperAdmin, _) => Expect::Forbidden,
        (Access::Member(_), Who::SuperAdmin) => Expect::Forbidden,
        (Access::Member(min), _) => match member_role {
            Some(role) if rank(role) < rank(min) => Expect::Forbidden,
            Some(_) if who == Who::OtherOwner && names_an_object(spec.path) => Expect::NotFound,
            _ => Expect::Allowed,
        },
    }
}

/// The objects of showroom A (and a spare showroom C for the platform routes) that paths name.
struct Objects {
    vehicle: String,
    photo: String,
    lead: String,
    chat: String,
    member: String,
    tenant_c: TenantId,
    account_c: String,
    setup_token: String,
}

/// Makes only the objects a route's path names (photos and chats are slow to make).
async fn objects(app: &TestApp, a: TenantId, n: usize, path: &str) -> Objects {
    let state = &app.state;
    let mut o = Objects {
        vehicle: String::new(),
        photo: String::new(),
        lead: String::new(),
        chat: String::new(),
        member: String::new(),
        tenant_c: a,
        account_c: String::new(),
        setup_token: String::new(),
    };
    if path.starts_with("/dashboard/vehicles/{id}") {
        let body = crate::helpers::with(avanza(), serde_json::json!({ "plate": format!("B {} MTX", 1000 + n) }));
        let input: autolumiku::inventory::domain::vehicle::VehicleInput = serde_json::from_value(body).unwrap();
        let car = state.inventory.create(a, input, "test").await.unwrap();
        o.vehicle = car.display_id.to_string();
        if path.contains("/photos/") {
            let stored = autolumiku::media::http::intake(state, a, &jpeg(u8::try_from(n % 200).unwrap()))
                .await
                .unwrap();
            state
                .inventory
                .add_photos(a, &o.vehicle, std::slice::from_ref(&stored.key), "test")
                .await
                .unwrap();
            o.photo = app.store.car_photos(a, car.id).await.unwrap()[0].id.to_string();
        }
    }
    if path.contains("{chat}") || path.starts_with("/dashboard/leads/") {
        o.chat = format!("62812{n:07}");
        customer_writes(app, a, &o.chat, "halo").await;
        o.lead = app.store.recent_leads(a, 1).await.unwrap()[0].id.to_string();
    }
    if path.starts_with("/dashboard/users/") {
        let person = autolumiku::tenants::people::Person {
            name: "Staf",
            role: StaffRole::Staff,
            phone: Some(&format!("0857{n:08}")),
            email: Some(&format!("staf{n}@a.id")),
        };
        o.member = autolumiku::tenants::people::add(state, a, &person)
            .await
            .unwrap()
            .id
            .to_string();
    }
    if path.starts_with("/admin/tenants/") || path.starts_with("/admin/users/") || path.starts_with("/setup/") {
        let c = app.create_tenant(&format!("cabang-{n}")).await;
        let person = autolumiku::tenants::people::Person {
            name: "Tamu",
            role: StaffRole::Admin,
            phone: None,
            email: Some(&format!("tamu{n}@c.id")),
        };
        let added = autolumiku::tenants::people::add(state, c.id, &person).await.unwrap();
        o.tenant_c = c.id;
        o.account_c = added.id.to_string();
        o.setup_token = added.setup_url.unwrap().rsplit('/').next().unwrap().to_owned();
    }
    o
}

fn fill(path: &str, o: &Objects) -> String {
    let mut out = path.to_owned();
    let id = if path.starts_with("/dashboard/vehicles") {
        o.vehicle.clone()
    } else if path.starts_with("/dashboard/leads") {
        o.lead.clone()
    } else if path.starts_with("/dashboard/users") {
        o.member.clone()
    } else if path.starts_with("/admin/tenants") {
        o.tenant_c.to_string()
    } else {
        o.account_c.clone()
    };
    for (name, value) in [
        ("{id}", id.as_str()),
        ("{photo}", o.photo.as_str()),
        ("{channel}", Channel::Whatsapp.as_str()),
        ("{chat}", o.chat.as_str()),
        ("{token}", o.setup_token.as_str()),
    ] {
        out = out.replace(name, value);
    }
    out
}

/// A plausible form for each changing route, so an allowed request does real work.
fn form_for(path: &str, n: usize, o: &Objects) -> Vec<(String, String)> {
    let f = |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    if path == "/dashboard/vehicles" || path.ends_with(&format!("/vehicles/{}", o.vehicle)) {
        return f(&[
            ("make", "Honda".into()),
            ("model", "Brio".into()),
            ("year", "2020".into()),
            ("price", "120jt".into()),
        ]);
    }
    if path.ends_with("/status") || path.starts_with("/dashboard/leads/") {
        let word = if path.starts_with("/dashboard/leads/") {
            "contacted"
        } else {
            "booked"
        };
        return f(&[("status", word.into())]);
    }
    if path.ends_with("/photos/order") {
        return f(&[("main", o.photo.clone())]);
    }
    if path.ends_with("/reply") || path.ends_with("/try") {
        return f(&[("text", "halo".into())]);
    }
    if path == "/dashboard/users" {
        return f(&[
            ("name", "Baru".into()),
            ("role", "staff".into()),
            ("phone", format!("0878{n:08}")),
        ]);
    }
    if path.ends_with("/domains") {
        return f(&[("domain", format!("mobil{n}.contoh.co.id"))]);
    }
    Vec::new()
}

async fn visitor_for(app: &TestApp, who: Who, people: &People) -> Visitor {
    let account = match who {
        Who::Anonymous => return Visitor::new(app),
        Who::Staff => people.staff,
        Who::Admin => people.admin,
        Who::Owner => people.owner,
        Who::OtherOwner => people.other_owner,
        Who::SuperAdmin => people.super_admin,
    };
    full_session(app, &mut Visitor::new(app), account).await
}

struct People {
    staff: uuid::Uuid,
    admin: uuid::Uuid,
    owner: uuid::Uuid,
    other_owner: uuid::Uuid,
    super_admin: uuid::Uuid,
}

async fn request(v: &mut Visitor, spec: &RouteSpec, path: &str, form: Vec<(String, String)>) -> crate::panel::Page {
    if spec.method == "GET" {
        return v.get(path).await;
    }
    // A page first, for the CSRF token of this session (or the pre-session cookie).
    v.get("/login").await;
    if path.ends_with("/photos") {
        return v.upload(path, &[jpeg(7)]).await;
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    v.post(path, &pairs).await
}

#[tokio::test]
async fn every_route_for_every_visitor() {
    let app = spawn_app().await;
    let a = app.create_tenant("matrix-a").await;
    let b = app.create_tenant("matrix-b").await;
    let people = People {
        staff: member(&app, a.id, "staff@a.id", StaffRole::Staff, None).await,
        admin: member(&app, a.id, "admin@a.id", StaffRole::Admin, None).await,
        owner: member(&app, a.id, "owner@a.id", StaffRole::Owner, None).await,
        other_owner: member(&app, b.id, "owner@b.id", StaffRole::Owner, None).await,
        super_admin: super_admin(&app, "root@platform.id").await,
    };
    let table = routes();
    assert!(table.len() >= 50, "the panel's routes: {}", table.len());
    let mut failures = Vec::new();
    let mut n = 0;
    for spec in &table {
        for who in EVERYONE {
            n += 1;
            let o = objects(&app, a.id, n, spec.path).await;
            let path = fill(spec.path, &o);
            let form = form_for(&path, n, &o);
            let mut v = visitor_for(&app, who, &people).await;
            let page = request(&mut v, spec, &path, form).await;
            let want = expected(spec, who);
            let to_login = page.status == StatusCode::SEE_OTHER
                && matches!(page.location.as_deref(), Some("/login" | "/admin/login"));
            let ok = match &want {
                Expect::Allowed => {
                    page.status.as_u16() < 500
                        && page.status != StatusCode::FORBIDDEN
                        && page.status != StatusCode::NOT_FOUND
                        // The root sends everyone on; logging out ends at the login page.
                        && (!to_login || spec.path == "/" || spec.path == "/logout")
                }
                Expect::Login(to) => page.status == StatusCode::SEE_OTHER && page.location.as_deref() == Some(*to),
                Expect::Forbidden => page.status == StatusCode::FORBIDDEN,
                Expect::NotFound => page.status == StatusCode::NOT_FOUND,
            };
            for header in [
                "content-security-policy",
                "x-frame-options",
                "strict-transport-security",
            ] {
                assert!(page.headers.contains_key(header), "{} {path}: no {header}", spec.method);
            }
            if !ok {
                failures.push(format!(
                    "{} {path} as {who:?}: expected {want:?}, got {} {:?}",
                    spec.method, page.status, page.location
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} pairs wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Nothing of showroom A was changed by B's owner: every car A made is still there.
    let left = app.store.status_counts(a.id).await.unwrap();
    assert!(left.iter().any(|(s, n)| s == "available" && *n > 0), "{left:?}");
}

//! The web panel: showroom dashboards at `/login` → `/dashboard/*` and the platform admin at
//! `/admin/login` → `/admin/*`. Every route is declared once in [`routes`] with what it
//! requires; the router is built from that table and wraps each route in the guard that
//! enforces it, so a route cannot be added without saying who may use it — and the route ×
//! role test reads the same table.

mod admin;
mod auth_pages;
mod dashboard;
pub mod guard;
pub mod headers;
mod view;

use crate::AppState;
use crate::auth::Access;
use crate::tenants::StaffRole;
use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};

pub use view::PanelError;

/// One panel route: its method, its path (axum syntax) and who may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const STAFF: Access = Access::Member(StaffRole::Staff);
const ADMIN: Access = Access::Member(StaffRole::Admin);
const OWNER: Access = Access::Member(StaffRole::Owner);
const SUPER: Access = Access::SuperAdmin;
const PUBLIC: Access = Access::Public;
const PENDING: Access = Access::Pending;

type Handler = MethodRouter<AppState>;

/// Every panel route with its handler. The single source of truth for who may use what.
#[allow(clippy::too_many_lines)] // One flat table reads better than the same table split up.
fn table() -> Vec<(RouteSpec, Handler)> {
    use admin as a;
    use auth_pages as auth;
    use dashboard as d;
    let r = |method: &'static str, path: &'static str, access: Access, handler: Handler| {
        (RouteSpec { method, path, access }, handler)
    };
    vec![
        r("GET", "/", PUBLIC, get(auth::root)),
        r("GET", "/login", PUBLIC, get(auth::login_form)),
        r("POST", "/login", PUBLIC, post(auth::login)),
        r("GET", "/admin/login", PUBLIC, get(auth::admin_login_form)),
        r("POST", "/admin/login", PUBLIC, post(auth::admin_login)),
        r("GET", "/setup/{token}", PUBLIC, get(auth::setup_form)),
        r("POST", "/setup/{token}", PUBLIC, post(auth::setup)),
        r("GET", "/login/2fa", PENDING, get(auth::second_factor_form)),
        r("POST", "/login/2fa", PENDING, post(auth::second_factor)),
        r("GET", "/login/enroll", PENDING, get(auth::enroll_form)),
        r("POST", "/login/enroll", PENDING, post(auth::enroll)),
        r("POST", "/logout", PENDING, post(auth::logout)),
        // Showroom dashboard.
        r("GET", "/dashboard", STAFF, get(d::home::page)),
        r("GET", "/dashboard/vehicles", STAFF, get(d::vehicles::list)),
        r("GET", "/dashboard/vehicles/new", STAFF, get(d::vehicles::new_form)),
        r("POST", "/dashboard/vehicles", STAFF, post(d::vehicles::create)),
        r("GET", "/dashboard/vehicles/{id}", STAFF, get(d::vehicles::edit_form)),
        r("POST", "/dashboard/vehicles/{id}", STAFF, post(d::vehicles::update)),
        r(
            "POST",
            "/dashboard/vehicles/{id}/status",
            STAFF,
            post(d::vehicles::set_status),
        ),
        r(
            "POST",
            "/dashboard/vehicles/{id}/delete",
            ADMIN,
            post(d::vehicles::delete),
        ),
        r(
            "POST",
            "/dashboard/vehicles/{id}/photos",
            STAFF,
            d::vehicles::upload_route(),
        ),
        r(
            "POST",
            "/dashboard/vehicles/{id}/photos/order",
            STAFF,
            post(d::vehicles::reorder),
        ),
        r(
            "POST",
            "/dashboard/vehicles/{id}/photos/{photo}/remove",
            ADMIN,
            post(d::vehicles::remove_photo),
        ),
        r("GET", "/dashboard/leads", STAFF, get(d::leads::list)),
        r("POST", "/dashboard/leads/{id}", STAFF, post(d::leads::set_status)),
        r("GET", "/dashboard/conversations", STAFF, get(d::conversations::list)),
        r(
            "POST",
            "/dashboard/conversations/try",
            STAFF,
            post(d::conversations::try_assistant),
        ),
        r(
            "GET",
            "/dashboard/conversations/{channel}/{chat}",
            STAFF,
            get(d::conversations::thread),
        ),
        r(
            "GET",
            "/dashboard/conversations/{channel}/{chat}/feed",
            STAFF,
            get(d::conversations::feed),
        ),
        r(
            "POST",
            "/dashboard/conversations/{channel}/{chat}/reply",
            STAFF,
            post(d::conversations::reply),
        ),
        r(
            "POST",
            "/dashboard/conversations/{channel}/{chat}/takeover",
            STAFF,
            post(d::conversations::takeover),
        ),
        r(
            "POST",
            "/dashboard/conversations/{channel}/{chat}/release",
            STAFF,
            post(d::conversations::release),
        ),
        r("GET", "/dashboard/users", STAFF, get(d::users::list)),
        r("POST", "/dashboard/users", ADMIN, post(d::users::create)),
        r("POST", "/dashboard/users/{id}/disable", ADMIN, post(d::users::disable)),
        r("POST", "/dashboard/users/{id}/enable", ADMIN, post(d::users::enable)),
        r(
            "POST",
            "/dashboard/users/{id}/telegram",
            ADMIN,
            post(d::users::telegram_code),
        ),
        r(
            "POST",
            "/dashboard/users/{id}/setup-link",
            ADMIN,
            post(d::users::setup_link),
        ),
        r("GET", "/dashboard/settings", ADMIN, get(d::settings::page)),
        r("POST", "/dashboard/settings", ADMIN, post(d::settings::save_profile)),
        r(
            "POST",
            "/dashboard/settings/channels",
            OWNER,
            post(d::settings::save_channels),
        ),
        // Platform admin.
        r("GET", "/admin", SUPER, get(a::home::page)),
        r("GET", "/admin/tenants", SUPER, get(a::tenants::list)),
        r("POST", "/admin/tenants", SUPER, post(a::tenants::create)),
        r("GET", "/admin/tenants/{id}", SUPER, get(a::tenants::detail)),
        r("POST", "/admin/tenants/{id}/suspend", SUPER, post(a::tenants::suspend)),
        r("POST", "/admin/tenants/{id}/resume", SUPER, post(a::tenants::resume)),
        r(
            "POST",
            "/admin/tenants/{id}/domains",
            SUPER,
            post(a::tenants::add_domain),
        ),
        r(
            "POST",
            "/admin/tenants/{id}/domains/remove",
            SUPER,
            post(a::tenants::remove_domain),
        ),
        r("GET", "/admin/users", SUPER, get(a::users::list)),
        r("POST", "/admin/users/{id}/disable", SUPER, post(a::users::disable)),
        r("POST", "/admin/users/{id}/enable", SUPER, post(a::users::enable)),
        r(
            "POST",
            "/admin/users/{id}/setup-link",
            SUPER,
            post(a::users::setup_link),
        ),
        r("GET", "/admin/health", SUPER, get(a::health::page)),
        r(
            "POST",
            "/admin/health/dead/{id}/retry",
            SUPER,
            post(a::health::retry_dead),
        ),
        r("GET", "/admin/audit", SUPER, get(a::audit::page)),
        r("GET", "/admin/settings", SUPER, get(a::settings::page)),
    ]
}

/// Every panel route and who may use it (what the route × role test walks).
pub fn routes() -> Vec<RouteSpec> {
    table().into_iter().map(|(spec, _)| spec).collect()
}

/// The panel's routes, each behind the guard for its access.
pub fn router(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for (spec, handler) in table() {
        let method = Method::from_bytes(spec.method.as_bytes()).unwrap_or(Method::GET);
        debug_assert_eq!(method.as_str(), spec.method);
        let guarded = handler.route_layer(axum::middleware::from_fn_with_state(
            guard::Guard {
                state: state.clone(),
                access: spec.access,
            },
            guard::guard,
        ));
        router = router.route(spec.path, guarded);
    }
    router
}

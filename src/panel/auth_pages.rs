//! Signing in and out: the two login pages, the second factor, setting one up (with the
//! recovery codes shown once), the one-time setup link, and logout.

use super::guard::Viewer;
use super::view::{self, Chrome, PanelError, PanelResult};
use crate::AppState;
use crate::audit::{self, Change};
use crate::auth::service::{self, AuthError, NewSession, Realm};
use crate::auth::{Stage, password, session, totp};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The bare address: home for the signed in, the login page for everyone else.
pub async fn root(viewer: Viewer) -> PanelResult {
    match &viewer.current {
        Some(current) => elsewhere(current),
        None => Ok(Redirect::to("/login").into_response()),
    }
}

#[derive(Template)]
#[template(path = "panel/login.html")]
struct LoginPage<'a> {
    chrome: Chrome<'a>,
    action: &'static str,
    heading: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn login_page(
    state: &AppState,
    viewer: &Viewer,
    realm: Realm,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> PanelResult {
    let (title, heading) = match realm {
        Realm::Showroom => ("panel-login-title", "panel-login-heading"),
        Realm::Platform => ("panel-admin-login-title", "panel-admin-login-heading"),
    };
    let chrome = Chrome::new(state, viewer, title, realm.login());
    let page = LoginPage {
        heading: chrome.tr.t(heading),
        error: error.map(|key| chrome.tr.t(key)),
        chrome,
        action: realm.login(),
        email: email.to_owned(),
    };
    view::page(status, &page)
}

pub async fn login_form(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    login_page(&state, &viewer, Realm::Showroom, StatusCode::OK, "", None)
}

pub async fn admin_login_form(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    login_page(&state, &viewer, Realm::Platform, StatusCode::OK, "", None)
}

pub async fn login(State(state): State<AppState>, viewer: Viewer, Form(form): Form<LoginForm>) -> PanelResult {
    sign_in(&state, &viewer, Realm::Showroom, &form).await
}

pub async fn admin_login(State(state): State<AppState>, viewer: Viewer, Form(form): Form<LoginForm>) -> PanelResult {
    sign_in(&state, &viewer, Realm::Platform, &form).await
}

async fn sign_in(state: &AppState, viewer: &Viewer, realm: Realm, form: &LoginForm) -> PanelResult {
    let email = form.email.trim();
    match service::login(state, realm, email, &form.password, &viewer.origin).await {
        Ok(session) => {
            let actor = format!("panel:{}", email.to_lowercase());
            audit::record(state, Change::new(None, &actor, "auth.login.password")).await;
            Ok(start(&session))
        }
        Err(e) => {
            let actor = format!("panel:{}", email.to_lowercase());
            service::note_refusal(state, email, &actor, &e).await;
            let (status, key) = refusal(&e)?;
            // An impossibly long address is not shown back.
            let shown = if email.len() > service::MAX_EMAIL { "" } else { email };
            login_page(state, viewer, realm, status, shown, Some(key))
        }
    }
}

/// The status and message of a refused login step; store failures are errors.
fn refusal(e: &AuthError) -> Result<(StatusCode, &'static str), PanelError> {
    match e {
        AuthError::Invalid => Ok((StatusCode::UNAUTHORIZED, "error-invalid-credentials")),
        AuthError::Throttled => Ok((StatusCode::TOO_MANY_REQUESTS, "error-too-many-attempts")),
        AuthError::Suspended => Ok((StatusCode::FORBIDDEN, "error-suspended")),
        AuthError::TooLong => Ok((StatusCode::UNPROCESSABLE_ENTITY, "error-invalid-credentials")),
        AuthError::Store(_) | AuthError::Internal(_) => Err(PanelError::Internal(e.to_string())),
    }
}

/// Sets the new session's cookie and sends the browser to the next step.
pub fn start(session: &NewSession) -> Response {
    let next = match session.stage {
        Stage::SecondFactor => "/login/2fa",
        Stage::Enroll => "/login/enroll",
        Stage::Full => session.realm.home(),
    };
    let mut response = Redirect::to(next).into_response();
    if let Ok(v) = HeaderValue::from_str(&session::cookie(&session.token)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[derive(Template)]
#[template(path = "panel/second_factor.html")]
struct SecondFactorPage<'a> {
    chrome: Chrome<'a>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

fn current(viewer: &Viewer) -> Result<&service::Current, PanelError> {
    viewer.current.as_ref().ok_or(PanelError::Forbidden)
}

/// Where a session that has no business on a sign-in step goes instead: home when signed
/// in, the login page otherwise.
fn elsewhere(current: &service::Current) -> PanelResult {
    let to = match (current.stage, &current.principal) {
        (Stage::Full, crate::auth::Principal::SuperAdmin { .. }) => Realm::Platform.home(),
        (Stage::Full, crate::auth::Principal::Member { .. }) => Realm::Showroom.home(),
        _ => "/login",
    };
    Ok(Redirect::to(to).into_response())
}

pub async fn second_factor_form(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    let current = current(&viewer)?;
    if current.stage != Stage::SecondFactor {
        return elsewhere(current);
    }
    let chrome = Chrome::new(&state, &viewer, "panel-2fa-title", "/login/2fa");
    view::ok(&SecondFactorPage { chrome, error: None })
}

pub async fn second_factor(State(state): State<AppState>, viewer: Viewer, Form(form): Form<CodeForm>) -> PanelResult {
    let current = current(&viewer)?;
    if current.stage != Stage::SecondFactor {
        return elsewhere(current);
    }
    let actor = current.principal.actor();
    match service::second_factor(&state, current, &form.code, &viewer.origin).await {
        Ok(session) => {
            audit::record(&state, Change::new(None, &actor, "auth.login.second_factor")).await;
            Ok(start(&session))
        }
        Err(e) => {
            audit::record(&state, Change::new(None, &actor, "auth.second_factor.refused")).await;
            let (status, key) = refusal(&e)?;
            if matches!(e, AuthError::Throttled) {
                return Ok(Redirect::to("/login").into_response());
            }
            let chrome = Chrome::new(&state, &viewer, "panel-2fa-title", "/login/2fa");
            let error = Some(chrome.tr.t(key));
            view::page(status, &SecondFactorPage { chrome, error })
        }
    }
}

#[derive(Template)]
#[template(path = "panel/enroll.html")]
struct EnrollPage<'a> {
    chrome: Chrome<'a>,
    secret: String,
    qr: String,
    required: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "panel/recovery.html")]
struct RecoveryPage<'a> {
    chrome: Chrome<'a>,
    codes: Vec<String>,
    next: &'static str,
}

async fn enroll_page(state: &AppState, viewer: &Viewer, status: StatusCode, error: Option<&str>) -> PanelResult {
    let current = current(viewer)?;
    let secret = service::enrolment_secret(state, current).await;
    let url = totp::otpauth_url(&secret, current.principal.email()).unwrap_or_default();
    let chrome = Chrome::new(state, viewer, "panel-enroll-title", "/login/enroll");
    let page = EnrollPage {
        error: error.map(|k| chrome.tr.t(k)),
        chrome,
        qr: totp::qr_svg(&url).unwrap_or_default(),
        secret,
        required: current.stage == Stage::Enroll,
    };
    view::page(status, &page)
}

/// Setting up a second factor: compulsory at the `Enroll` stage, optional for a signed-in
/// person without one.
fn may_enroll(current: &service::Current) -> bool {
    current.stage == Stage::Enroll || (current.stage == Stage::Full && !current.has_totp)
}

pub async fn enroll_form(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    let current = current(&viewer)?;
    if !may_enroll(current) {
        return elsewhere(current);
    }
    enroll_page(&state, &viewer, StatusCode::OK, None).await
}

pub async fn enroll(State(state): State<AppState>, viewer: Viewer, Form(form): Form<CodeForm>) -> PanelResult {
    let current = current(&viewer)?;
    if !may_enroll(current) {
        return elsewhere(current);
    }
    match service::finish_enrolment(&state, current, &form.code, &viewer.origin).await {
        Ok((session, codes)) => {
            let actor = current.principal.actor();
            audit::record(&state, Change::new(None, &actor, "auth.totp.enabled")).await;
            let chrome = Chrome::new(&state, &viewer, "panel-recovery-title", "/login/enroll");
            let mut response = view::ok(&RecoveryPage {
                chrome,
                codes,
                next: session.realm.home(),
            })?;
            if let Ok(v) = HeaderValue::from_str(&session::cookie(&session.token)) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(AuthError::Throttled) => Ok(Redirect::to("/login").into_response()),
        Err(e) => {
            let (status, key) = refusal(&e)?;
            enroll_page(&state, &viewer, status, Some(key)).await
        }
    }
}

#[derive(Template)]
#[template(path = "panel/setup.html")]
struct SetupPage<'a> {
    chrome: Chrome<'a>,
    email: String,
    action: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn setup_form(State(state): State<AppState>, viewer: Viewer, Path(token): Path<String>) -> PanelResult {
    let Some(account) = service::setup_account(&state, &token).await? else {
        return Err(PanelError::NotFound);
    };
    let chrome = Chrome::new(&state, &viewer, "panel-setup-title", "/setup");
    view::ok(&SetupPage {
        chrome,
        email: account.email,
        action: format!("/setup/{token}"),
        error: None,
    })
}

pub async fn setup(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    Form(form): Form<SetupForm>,
) -> PanelResult {
    let Some(account) = service::setup_account(&state, &token).await? else {
        return Err(PanelError::NotFound);
    };
    if let Err(problem) = password::check_new(&form.password, &form.confirm, &account.email) {
        let chrome = Chrome::new(&state, &viewer, "panel-setup-title", "/setup");
        let error = Some(chrome.tr.t(problem.message_key()));
        let page = SetupPage {
            chrome,
            email: account.email,
            action: format!("/setup/{token}"),
            error,
        };
        return view::page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    match service::complete_setup(&state, &account, &token, &form.password, &viewer.origin).await {
        Ok(session) => {
            let actor = format!("panel:{}", account.email);
            audit::record(&state, Change::new(account.tenant, &actor, "auth.password.set")).await;
            Ok(start(&session))
        }
        // The link was used meanwhile, or the person or showroom may not sign in.
        Err(AuthError::Invalid) => Err(PanelError::NotFound),
        Err(AuthError::Suspended) => Err(PanelError::Forbidden),
        Err(e) => Err(e.into()),
    }
}

/// Signing out ends every session of the person, on every device: a showroom PC left signed
/// in is closed from the phone, and the other way round.
pub async fn logout(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    let current = current(&viewer)?;
    service::logout(&state, current).await?;
    audit::record(&state, Change::new(None, &current.principal.actor(), "auth.logout")).await;
    let to = match current.principal {
        crate::auth::Principal::SuperAdmin { .. } => "/admin/login",
        crate::auth::Principal::Member { .. } => "/login",
    };
    let mut response = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&session::clear_cookie()) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

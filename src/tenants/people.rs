//! Adding a showroom's people: a name, a role, an optional WhatsApp phone (which makes them
//! staff in chat) and an optional email (which gives them a panel login through a one-time
//! setup link). Shared by the command line, the dashboard and the platform admin.

use super::StaffRole;
use crate::AppState;
use crate::auth::{secrets, service};
use crate::domain::{TenantId, utc_now};
use crate::store::{NewAccount, NewMember, StoreError};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error("a name of 1 to 100 characters is needed")]
    Name,
    #[error("not an Indonesian phone number")]
    Phone,
    #[error("not an email address")]
    Email,
    #[error("this phone already belongs to someone of this showroom")]
    PhoneTaken,
    #[error("this email already has a login")]
    EmailTaken,
    #[error("a phone or an email is needed")]
    Nothing,
    #[error(transparent)]
    Store(StoreError),
}

impl PeopleError {
    /// The Fluent message for the panel.
    pub fn message_key(&self) -> &'static str {
        match self {
            PeopleError::Name => "panel-person-name-invalid",
            PeopleError::Phone => "panel-person-phone-invalid",
            PeopleError::Email => "panel-person-email-invalid",
            PeopleError::PhoneTaken => "panel-person-phone-taken",
            PeopleError::EmailTaken => "panel-person-email-taken",
            PeopleError::Nothing => "panel-person-nothing",
            PeopleError::Store(_) => "panel-error-internal",
        }
    }
}

/// Someone just added, with the setup link to hand them (shown once).
#[derive(Debug)]
pub struct Added {
    pub id: Uuid,
    pub setup_url: Option<String>,
}

/// What is known of a person to add.
pub struct Person<'a> {
    pub name: &'a str,
    pub role: StaffRole,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
}

pub async fn add(state: &AppState, tenant: TenantId, person: &Person<'_>) -> Result<Added, PeopleError> {
    let name = person.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(PeopleError::Name);
    }
    let phone = match person.phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(raw) => Some(
            crate::domain::Phone::parse_typed(raw)
                .map(crate::domain::Phone::into_string)
                .ok_or(PeopleError::Phone)?,
        ),
        None => None,
    };
    let email = match person.email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(raw) if service::valid_email(raw) => Some(raw.to_lowercase()),
        Some(_) => return Err(PeopleError::Email),
        None => None,
    };
    if phone.is_none() && email.is_none() {
        return Err(PeopleError::Nothing);
    }
    let token = secrets::token();
    let token_hash = secrets::hash(&token);
    let expires = utc_now() + service::SETUP_LINK_LIFETIME;
    let member = NewMember {
        name,
        role: person.role,
        phone: phone.as_deref(),
        account: email.as_deref().map(|email| NewAccount {
            id: Uuid::now_v7(),
            email,
            password_hash: None,
            setup: Some((token_hash.as_str(), expires)),
        }),
    };
    let id = match state.store.add_member(tenant, &member, utc_now()).await {
        Ok(id) => id,
        Err(StoreError::Conflict(on)) if on.contains("email") => return Err(PeopleError::EmailTaken),
        Err(StoreError::Conflict(_)) => return Err(PeopleError::PhoneTaken),
        Err(e) => return Err(PeopleError::Store(e)),
    };
    Ok(Added {
        id,
        setup_url: email.map(|_| service::setup_url(state, &token)),
    })
}

//! Panel logins from the command line: the platform's super admins (only ever created here,
//! never by an endpoint) and showroom people with a one-time setup link.

use super::{AdminCommand, UserCommand};
use crate::app::{self, AppState};
use crate::auth::{password, service};
use crate::config::Settings;
use crate::domain::utc_now;
use crate::store::{NewAccount, StoreError};
use crate::tenants::StaffRole;
use crate::tenants::people::{self, Person};
use anyhow::{Context, bail};
use serde_json::json;
use tokio::io::AsyncBufReadExt;

async fn connect(settings: Settings) -> anyhow::Result<AppState> {
    app::migrate(&settings).await?;
    AppState::connect(settings).await
}

/// The first line of stdin (a terminal echoes it; pipe it in from a password manager).
async fn read_password() -> anyhow::Result<String> {
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!(
            "Password for the new super admin (at least {} characters), then Enter:",
            password::MIN_LEN
        );
    }
    let mut line = String::new();
    tokio::io::BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn admin(settings: Settings, command: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::CreateSuperadmin { email } = command;
    if !service::valid_email(&email) {
        bail!("--email {email:?} is not an email address");
    }
    let email = email.trim().to_lowercase();
    let secret = read_password().await?;
    if let Err(problem) = password::check_new(&secret, &secret, &email) {
        bail!(
            "password refused: {problem} (at least {} characters, not your email)",
            password::MIN_LEN
        );
    }
    let hash = password::hash(&secret)?;
    let state = connect(settings).await?;
    let new = NewAccount {
        id: uuid::Uuid::now_v7(),
        email: &email,
        password_hash: Some(&hash),
        setup: None,
    };
    let result = match state.store.create_super_admin(&new, utc_now()).await {
        Err(StoreError::Conflict(_)) => Err(anyhow::anyhow!("{email} already has a login")),
        other => other.map_err(anyhow::Error::from),
    };
    if result.is_ok() {
        let actor = "cli".to_owned();
        let change = crate::audit::Change::new(None, &actor, "admin.create").target(format!("account:{email}"));
        crate::audit::record(&state, change).await;
        let login = format!("{}/admin/login", state.settings.public_url.trim_end_matches('/'));
        println!("{}", json!({ "id": new.id, "email": email, "login": login }));
        eprintln!("Sign in at {login}; you will set up two-factor codes on first sign-in.");
    }
    state.store.close().await;
    result
}

pub async fn user(settings: Settings, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Create {
        tenant,
        email,
        role,
        name,
        phone,
    } = command;
    let role: StaffRole = role
        .parse()
        .map_err(|()| anyhow::anyhow!("--role must be owner, admin or staff"))?;
    let state = connect(settings).await?;
    let result = async {
        let found = super::admin::find_tenant(&state, &tenant).await?;
        let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
        let person = Person {
            name: &name,
            role,
            phone: phone.as_deref(),
            email: Some(&email),
        };
        let added = people::add(&state, found.id, &person)
            .await
            .context("cannot add this person")?;
        let actor = "cli".to_owned();
        let change = crate::audit::Change::new(Some(found.id), &actor, "user.create")
            .target(format!("user:{}", added.id))
            .after(json!({ "email": email, "role": role.as_str() }));
        crate::audit::record(&state, change).await;
        let link = added.setup_url.unwrap_or_default();
        println!(
            "{}",
            json!({ "id": added.id, "tenant": tenant, "email": email, "role": role.as_str(), "setup_link": link })
        );
        eprintln!("Send this link to {email}; it works once, for 72 hours:\n{link}");
        anyhow::Ok(())
    }
    .await;
    state.store.close().await;
    result
}

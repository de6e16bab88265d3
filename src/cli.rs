//! The command line: `serve` (default), `migrate`, `tenant create|list`, `demo`, `nlu`.

mod admin;
mod chat;
mod nlu;
mod people;
mod replay;
mod secrets;

use crate::app::{self, AppState, Application};
use crate::config::Settings;
use crate::{demo, telemetry};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "autolumiku",
    version,
    about = "Chat-first assistant and catalog for Indonesian used-car showrooms"
)]
pub struct Cli {
    /// A TOML file with settings (keys are the environment variable names in lowercase).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the service (the default): applies pending migrations, then serves HTTP.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage tenants (showrooms).
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
    /// Serve a seeded demo showroom from a throw-away data directory.
    Demo,
    /// Chat with a tenant's assistant from this terminal (the web channel).
    Chat {
        #[arg(long)]
        tenant: String,
        #[arg(long = "as", value_parser = ["staff", "customer"], default_value = "customer")]
        role: String,
        /// The sender's phone; staff must use a registered staff phone.
        #[arg(long)]
        phone: Option<String>,
    },
    /// Post a sample webhook body to a running service, signed like the provider does.
    Replay {
        file: PathBuf,
        /// The webhook URL, e.g. http://127.0.0.1:8080/webhooks/whatsapp
        #[arg(long)]
        to: String,
        /// WhatsApp app secret (signs the body) or Telegram secret token; defaults to
        /// WHATSAPP_APP_SECRET.
        #[arg(long, env = "WHATSAPP_APP_SECRET", hide_env_values = true)]
        secret: Option<String>,
    },
    /// Manage staff members of a tenant.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Platform super admins (created only here).
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Panel logins of showroom people.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The platform key that seals channel tokens and TOTP secrets at rest.
    Secrets {
        #[command(subcommand)]
        command: SecretsCommand,
    },
    /// Read chat messages with the intent engine: TEXT, or one message per line on stdin;
    /// prints one JSON object per message.
    Nlu {
        #[arg(long, value_parser = ["staff", "customer"])]
        role: String,
        text: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Print a new random key (for SECRET_KEY).
    NewKey,
    /// Seal every stored secret under a new key: with the key file, a new key is made and put
    /// first (older keys stay to open what they sealed); with SECRET_KEY, under the key set
    /// there (the old one in SECRET_KEY_PREVIOUS).
    Rotate,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Creates a platform super admin; the password is read from stdin.
    CreateSuperadmin {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Adds a showroom member with a panel login and prints their one-time setup link.
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["owner", "admin", "staff"])]
        role: String,
        /// Defaults to the part of the email before the @.
        #[arg(long)]
        name: Option<String>,
        /// Their WhatsApp number, which makes them staff in chat too.
        #[arg(long)]
        phone: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Register a staff member; their phone proves them on WhatsApp and the web chat.
    Add {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        #[arg(long, value_parser = ["owner", "admin", "staff"], default_value = "staff")]
        role: String,
    },
    /// Make a one-time code a staff member sends to the tenant's Telegram bot (`/start CODE`)
    /// to link their account.
    TelegramCode {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        phone: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant; prints its id, slug and API key (shown once) as JSON.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
    /// List tenants as JSON lines.
    List,
    /// Set a tenant's channel settings (tokens are stored, never printed or logged).
    Update {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        whatsapp_phone_number_id: Option<String>,
        #[arg(long)]
        whatsapp_access_token: Option<String>,
        #[arg(long)]
        telegram_bot_token: Option<String>,
    },
    /// Print a tenant's profile (address, map link, phone, hours, credit rates) as JSON, or
    /// replace it with the JSON in FILE (`-` reads stdin).
    Profile {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        set: Option<std::path::PathBuf>,
    },
    /// List a tenant's custom catalog domains, or add / remove one (the first added is the
    /// canonical address).
    Domain {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        add: Option<String>,
        #[arg(long)]
        remove: Option<String>,
    },
}

/// Runs one command to completion.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Replay { file, to, secret }) = &cli.command {
        return replay::run(file, to, secret.clone()).await;
    }
    if let Some(Command::Secrets {
        command: SecretsCommand::NewKey,
    }) = &cli.command
    {
        secrets::new_key();
        return Ok(());
    }
    if let Some(Command::Nlu { role, text }) = cli.command {
        // Pure text processing: needs no settings, database or logs.
        let role = role
            .parse()
            .map_err(|()| anyhow::anyhow!("--role must be staff or customer"))?;
        return nlu::run(role, text);
    }
    let settings = Settings::load(cli.config.as_deref())?;
    telemetry::init(settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped(app::shutdown_signal())
                .await
        }
        Command::Migrate => app::migrate(&settings).await,
        Command::Tenant { command } => admin::tenant(settings, command).await,
        Command::Demo => demo::run(settings).await,
        Command::Nlu { .. } | Command::Replay { .. } => Ok(()),
        Command::Secrets { command } => match command {
            SecretsCommand::NewKey => Ok(()),
            SecretsCommand::Rotate => {
                app::migrate(&settings).await?;
                secrets::rotate(settings).await
            }
        },
        Command::Chat { tenant, role, phone } => {
            app::migrate(&settings).await?;
            let state = AppState::connect(settings).await?;
            let who = chat::ChatAs {
                tenant_slug: tenant,
                staff: role == "staff",
                phone,
            };
            let result = chat::run(state.clone(), who).await;
            state.store.close().await;
            result
        }
        Command::Staff { command } => admin::staff(settings, command).await,
        Command::Admin { command } => people::admin(settings, command).await,
        Command::User { command } => people::user(settings, command).await,
    }
}

//! The command line: `serve` (default), `migrate`, `tenant create|list`, `demo`, `nlu`.

mod nlu;

use crate::app::{self, AppState, Application};
use crate::config::Settings;
use crate::{demo, telemetry, tenants};
use clap::{Parser, Subcommand};
use serde_json::json;
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
    /// Read chat messages with the intent engine: TEXT, or one message per line on stdin;
    /// prints one JSON object per message.
    Nlu {
        #[arg(long, value_parser = ["staff", "customer"])]
        role: String,
        text: Option<String>,
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
}

/// Runs one command to completion.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
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
        Command::Tenant { command } => tenant(settings, command).await,
        Command::Demo => demo::run(settings).await,
        Command::Nlu { .. } => Ok(()),
    }
}

async fn tenant(settings: Settings, command: TenantCommand) -> anyhow::Result<()> {
    app::migrate(&settings).await?;
    let state = AppState::connect(settings).await?;
    match command {
        TenantCommand::Create { slug, name } => {
            let (tenant, key) = tenants::service::create(&state.store, &slug, &name).await?;
            let out =
                json!({ "id": tenant.id, "slug": tenant.slug.as_str(), "name": tenant.name, "api_key": key.reveal() });
            println!("{out}");
        }
        TenantCommand::List => {
            for t in state.store.list_tenants().await? {
                println!("{}", json!({ "id": t.id, "slug": t.slug.as_str(), "name": t.name }));
            }
        }
    }
    state.store.close().await;
    Ok(())
}

//! The `autolumiku` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    autolumiku::tls::install_crypto_provider();
    let cli = autolumiku::cli::Cli::parse();
    match autolumiku::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("autolumiku: {err:#}");
            ExitCode::FAILURE
        }
    }
}

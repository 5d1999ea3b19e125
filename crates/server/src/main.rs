//! `middelpunt-server`: reads the configuration from the environment (see `config.rs`) and
//! serves until Ctrl-C or SIGTERM.

use std::process::ExitCode;

use middelpunt_server::{Config, init_tracing, serve};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("middelpunt-server: {error}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config.log);
    match serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("middelpunt-server: {error}");
            ExitCode::FAILURE
        }
    }
}

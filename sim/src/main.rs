//! `ncloud-vserver-sim`: serves the simulated VPC Server API on 127.0.0.1 until stopped.
//!
//! ```text
//! ncloud-vserver-sim [--port N] [--access-key KEY --secret-key KEY] [--transition-ms MS]
//!                    [--state FILE] [--seed N]
//! ```
//!
//! The first stdout line is `listening on PORT`. Point a client at `http://127.0.0.1:PORT`
//! (`NCLOUD_API_GW` for NCP's SDKs) with the keys (default `sim-access-key` / `sim-secret-key`).

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use ncloud_vserver_sim::{
    ClockMode, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, Simulator, SimulatorBuilder,
};

const USAGE: &str = "usage: ncloud-vserver-sim [--port N] [--access-key KEY --secret-key KEY] [--transition-ms MS] [--state FILE] [--seed N]";

fn parse(args: &[String]) -> Result<SimulatorBuilder, String> {
    let mut builder = Simulator::builder()
        .clock(ClockMode::RealTime)
        .record_requests(false);
    let (mut access, mut secret) = (None, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value()?;
                builder = builder.port(v.parse().map_err(|_| format!("--port {v}: not a port"))?);
            }
            "--access-key" => access = Some(value()?),
            "--secret-key" => secret = Some(value()?),
            "--transition-ms" => {
                let v = value()?;
                let ms: u64 = v
                    .parse()
                    .map_err(|_| format!("--transition-ms {v}: not milliseconds"))?;
                builder = builder.transition(Duration::from_millis(ms));
            }
            "--state" => builder = builder.state_file(value()?),
            "--seed" => {
                let v = value()?;
                builder = builder.seed(v.parse().map_err(|_| format!("--seed {v}: not a number"))?);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if access.is_some() != secret.is_some() {
        return Err("--access-key and --secret-key go together".to_owned());
    }
    Ok(builder.keys(
        access.unwrap_or_else(|| DEFAULT_ACCESS_KEY.to_owned()),
        secret.unwrap_or_else(|| DEFAULT_SECRET_KEY.to_owned()),
    ))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let builder = match parse(&args) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ncloud-vserver-sim: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sim = match builder.try_start().await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("ncloud-vserver-sim: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", sim.port());
    // Whoever started us reads this line to learn the port: do not leave it in a buffer.
    let _ = std::io::stdout().flush();
    shutdown_signal().await;
    if let Err(e) = sim.save_state_file() {
        eprintln!("ncloud-vserver-sim: cannot save the state: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! Replay one claim's counterexample from its report page: exactly the failing execution, with
//! its verdict, report and sequence diagram.
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo run --release --example replay -- <pattern> <claim> <checkpoint.json>
//! cargo run --features shuttle --example replay -- <pattern> <claim> <schedule>
//! ```
//!
//! The loom checkpoint is the file the report's replay line names (the loom reports save them
//! under `target/loom-checkpoints/`); the shuttle schedule is the string in the report. Exits 0
//! when the replay reaches the claim's expected verdict again.

use std::process::ExitCode;

use chancheck::check::Checker;
use chancheck::patterns::claims_of;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pattern, name, replay] = &args[..] else {
        eprintln!("usage: replay <pattern> <claim> <loom checkpoint file | shuttle schedule>");
        return ExitCode::from(2);
    };
    let Some(claim) = claims_of(pattern).iter().find(|c| c.name == name) else {
        eprintln!("no claim `{name}` in pattern `{pattern}`");
        return ExitCode::from(2);
    };
    let checker = if cfg!(loom) {
        Checker::new().loom_replay(replay)
    } else if cfg!(feature = "shuttle") {
        Checker::new().replay(replay)
    } else {
        eprintln!(
            "real threads cannot replay: run under RUSTFLAGS=\"--cfg loom\" or --features shuttle"
        );
        return ExitCode::from(2);
    };
    let verdict = claim.check_with(&checker);
    println!("{pattern}/{name}: {verdict}");
    if let Some(diagram) = verdict.report.as_ref().and_then(|r| r.sequence_diagram()) {
        println!("{diagram}");
    }
    match claim.mismatch(&verdict) {
        None => ExitCode::SUCCESS,
        Some(why) => {
            eprintln!("the replay did not reproduce the claim: {why}");
            ExitCode::FAILURE
        }
    }
}

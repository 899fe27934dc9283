//! `cargo xtask verify`: check every claim under real threads, shuttle and loom, regenerate the
//! reports in docs/reports, print the summary, and fail on anything unexpected.
//!
//! ```text
//! cargo xtask verify            # check; fail if a verdict is unexpected or a report changed
//! cargo xtask verify --update   # the same, but keep the changed reports (after review)
//! cargo xtask verify --only loom  # one scheduler: std, shuttle or loom
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// One scheduler: its name and how to run the claims and reports under it.
struct Mode {
    name: &'static str,
    title: &'static str,
    args: &'static [&'static str],
    rustflags: Option<&'static str>,
}

const MODES: [Mode; 3] = [
    Mode {
        name: "std",
        title: "real threads",
        args: &[],
        rustflags: None,
    },
    Mode {
        name: "shuttle",
        title: "shuttle",
        args: &["--features", "shuttle"],
        rustflags: None,
    },
    Mode {
        name: "loom",
        title: "loom (release)",
        args: &["--release"],
        rustflags: Some("--cfg loom"),
    },
];

const USAGE: &str = "usage: cargo xtask verify [--update] [--only std|shuttle|loom]

Runs tests/claims.rs and tests/reports.rs under real threads, shuttle and loom (release),
rewriting docs/reports as it goes (CHANCHECK_WRITE_REPORTS=1 INSTA_UPDATE=always), prints the
summary table and exits non-zero if a claim's verdict is unexpected or, without --update, if
any file under docs/reports changed (git diff --exit-code docs/reports).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut update = false;
    let mut only: Option<String> = None;
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("verify") => {}
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--update" => update = true,
            "--only" => only = it.next().cloned(),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(o) = &only
        && !MODES.iter().any(|m| m.name == o)
    {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let root = root();
    let mut failed = Vec::new();
    for mode in MODES
        .iter()
        .filter(|m| only.as_deref().is_none_or(|o| o == m.name))
    {
        println!("== {} ==", mode.title);
        let start = Instant::now();
        let mut ok = true;
        for suite in ["claims", "reports"] {
            ok &= run_suite(&root, mode, suite);
        }
        println!(
            "   {}: {} in {:.0?}\n",
            mode.title,
            if ok { "ok" } else { "FAILED" },
            start.elapsed()
        );
        if !ok {
            failed.push(mode.title);
        }
    }
    println!();
    print_summary(&root);
    let changed = if update {
        false
    } else {
        let status = Command::new("git")
            .args(["diff", "--exit-code", "--stat", "--", "docs/reports"])
            .current_dir(&root)
            .status();
        !matches!(status, Ok(s) if s.success())
    };
    if !failed.is_empty() {
        eprintln!("\nFAILED: unexpected results under {}", failed.join(", "));
    }
    if changed {
        eprintln!(
            "\nFAILED: docs/reports changed (above). Review the diff; if it is right, keep it \
             with `cargo xtask verify --update` and commit it."
        );
    }
    if failed.is_empty() && !changed {
        println!("\nverify: every claim as expected, reports up to date.");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

/// Run one test suite under one scheduler, one progress line per finished test.
fn run_suite(root: &Path, mode: &Mode, suite: &str) -> bool {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root)
        .args(["test", "--package", "chancheck"])
        .args(mode.args)
        .args([
            "--test", "claims", "--test", "reports", "--", "--color", "never",
        ])
        .env("CHANCHECK_WRITE_REPORTS", "1")
        .env("INSTA_UPDATE", "always")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match mode.rustflags {
        Some(flags) => cmd.env("RUSTFLAGS", flags),
        None => cmd.env_remove("RUSTFLAGS"),
    };
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            return false;
        }
    };
    // cargo's own output (compiling, failures' details) goes to stderr; keep it for failures.
    let stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim_start().starts_with("Compiling") && !l.contains("Blocking"))
            .collect::<Vec<_>>()
    });
    let stdout = child.stdout.take().expect("piped");
    let (mut total, mut done, mut failures) = (0usize, 0usize, Vec::new());
    let mut details = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some(n) = line
            .strip_prefix("running ")
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            total += n;
        } else if let Some(rest) = line.strip_prefix("test ")
            && let Some((name, result)) = rest.rsplit_once(" ... ")
        {
            done += 1;
            println!(
                "[{:>3}/{:<3}] {:<8} {suite}::{name}: {result}",
                done, total, mode.name
            );
            if result != "ok" {
                failures.push(format!("{suite}::{name}"));
            }
        } else {
            details.push(line);
        }
    }
    let status = child.wait();
    let errors = errors.join().unwrap_or_default();
    let ok = matches!(status, Ok(s) if s.success()) && failures.is_empty();
    if !ok {
        for line in errors.iter().chain(&details) {
            eprintln!("  {line}");
        }
        eprintln!("  {} {suite} failed: {}", mode.title, failures.join(", "));
    }
    ok
}

/// The index's top line and one row per claim, from the per-scheduler data files.
fn print_summary(root: &Path) {
    let reports = root.join("docs/reports");
    let index = std::fs::read_to_string(reports.join("README.md")).unwrap_or_default();
    let headline = index
        .lines()
        .find(|l| l.starts_with("**"))
        .unwrap_or("(no index yet)")
        .trim_matches('*')
        .trim_end_matches('.')
        .replace("**", "");
    let data: Vec<(&str, Vec<Vec<String>>)> = ["loom", "shuttle", "std"]
        .iter()
        .map(|b| {
            let text =
                std::fs::read_to_string(reports.join(format!("index-{b}.tsv"))).unwrap_or_default();
            let rows = text
                .lines()
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect();
            (*b, rows)
        })
        .collect();
    let keys: Vec<(String, String)> = data
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .filter(|r| r.len() >= 4)
        .map(|r| (r[0].clone(), r[1].clone()))
        .fold(Vec::new(), |mut keys, k| {
            if !keys.contains(&k) {
                keys.push(k);
            }
            keys
        });
    let width = keys
        .iter()
        .map(|(p, c)| p.len() + c.len() + 1)
        .max()
        .unwrap_or(5);
    println!(
        "{:<width$}  {:<12} {:<12} {:<12} {:<12}",
        "claim", "expected", "loom", "shuttle", "real threads"
    );
    for (pattern, claim) in &keys {
        let mut expected = String::new();
        let cells: Vec<String> = data
            .iter()
            .map(|(_, rows)| {
                rows.iter()
                    .find(|r| r.len() >= 4 && r[0] == *pattern && r[1] == *claim)
                    .map_or("-".to_string(), |r| {
                        if expected.is_empty() {
                            expected = r[2].clone();
                        }
                        if r[2] == r[3] {
                            r[3].clone()
                        } else {
                            format!("{}!", r[3])
                        }
                    })
            })
            .collect();
        println!(
            "{:<width$}  {:<12} {:<12} {:<12} {:<12}",
            format!("{pattern}/{claim}"),
            expected,
            cells[0],
            cells[1],
            cells[2]
        );
    }
    println!("\n{headline}  (`!` marks an unexpected verdict; details in docs/reports/README.md)");
}

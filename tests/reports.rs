//! Generates the pattern reports in docs/reports and keeps them under insta snapshot review.
//!
//! Each scheduler owns one section of `docs/reports/<pattern>.md`, between
//! `<!-- begin: <backend> -->` and `<!-- end: <backend> -->`. A run renders its section from the
//! catalog's claims (deterministic parts only: no times), compares it with its insta snapshot, and
//! checks that the markdown file carries exactly that text. To regenerate after a reviewed change:
//! `CHANCHECK_WRITE_REPORTS=1 INSTA_UPDATE=always cargo test --test reports` in each mode.

use std::fmt::Write;
use std::path::Path;

use chancheck::check::{Backend, Claim};
use chancheck::patterns::{PATTERNS, claims_of};

fn render_section(pattern: &str, claims: &[Claim]) -> String {
    let backend = Backend::current();
    let mut out = String::new();
    for claim in claims {
        let verdict = claim.check();
        if let Some(why) = claim.mismatch(&verdict) {
            panic!("{pattern}/{}: {why}\n{verdict}", claim.name);
        }
        let s = &verdict.stats;
        writeln!(
            out,
            "#### `{}` — expected {}, got {}\n",
            claim.name,
            claim.expected(backend),
            verdict.outcome
        )
        .unwrap();
        writeln!(out, "> {}\n", claim.statement).unwrap();
        if let Some(exception) = claim.exception(backend) {
            writeln!(
                out,
                "Under {backend} this claim expects {} instead of {}: {}\n",
                exception.expect, claim.expect, exception.why
            )
            .unwrap();
        }
        writeln!(out, "Size: {}.\n", claim.size_for(backend)).unwrap();
        if let Some(fix) = claim.fix {
            let fixed = claims
                .iter()
                .find(|c| c.twin == Some(claim.name))
                .map_or("", |c| c.name);
            writeln!(out, "Fix: {fix} — see `{fixed}`.\n").unwrap();
        }
        match backend {
            // Real threads: how many repetitions it took is timing, not a fact about the claim.
            Backend::Std => writeln!(out, "Checked on real threads ({}).\n", s.settings).unwrap(),
            _ => writeln!(
                out,
                "Explored {} executions ({}).\n",
                s.explored, s.settings
            )
            .unwrap(),
        }
        if let Some(report) = &verdict.report {
            let mut table = report.stuck_table();
            if backend == Backend::Std {
                // How many identical threads a real run catches stuck is timing: list each
                // distinct (thread, operation, line) once.
                let mut seen = std::collections::BTreeSet::new();
                table = table
                    .lines()
                    .filter(|l| seen.insert(*l))
                    .map(|l| format!("{l}\n"))
                    .collect();
            }
            writeln!(out, "Stuck threads:\n\n{table}").unwrap();
            if backend != Backend::Std {
                writeln!(
                    out,
                    "Trace of the failing execution:\n\n```text\n{}```\n",
                    report.numbered_trace()
                )
                .unwrap();
            }
            writeln!(out, "Replay: {}\n", report.replay_instructions()).unwrap();
        }
    }
    out
}

fn check_pattern_report(pattern: &str) {
    let backend = Backend::current();
    let section = render_section(pattern, claims_of(pattern));
    insta::with_settings!({
        snapshot_path => "../docs/reports/snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{pattern}@{backend}"), section);
    });

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/reports/{pattern}.md"));
    let begin = format!("<!-- begin: {backend} -->\n");
    let end = format!("<!-- end: {backend} -->");
    let mut current = std::fs::read_to_string(&path).unwrap_or_default();
    if current.is_empty() && std::env::var_os("CHANCHECK_WRITE_REPORTS").is_some() {
        current = new_page(pattern);
    }
    let (Some(b), Some(e)) = (current.find(&begin), current.find(&end)) else {
        panic!("{} has no {backend} section", path.display());
    };
    let in_file = &current[b + begin.len()..e];
    if in_file != section {
        if std::env::var_os("CHANCHECK_WRITE_REPORTS").is_some() {
            let updated = format!("{}{section}{}", &current[..b + begin.len()], &current[e..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "{} is out of date for {backend}: regenerate with CHANCHECK_WRITE_REPORTS=1",
                path.display()
            );
        }
    }
}

/// A fresh page for a new pattern: a title, the pattern's doc pointer and an empty section per
/// scheduler for the runs to fill.
fn new_page(pattern: &str) -> String {
    let mut page = format!(
        "# `{pattern}` — claims and counterexamples\n\nGenerated by tests/reports.rs from the claims in \
         [src/patterns/{pattern}.rs](../../src/patterns/{pattern}.rs); do not edit by hand. \
         How to read it: [the index](README.md#how-to-read-a-report).\n"
    );
    for backend in ["loom", "shuttle", "std"] {
        let title = match backend {
            "loom" => "loom (exhaustive within the preemption bound)",
            "shuttle" => "shuttle (randomized, replayable)",
            _ => "real threads (crossbeam-channel)",
        };
        page.push_str(&format!(
            "\n## {title}\n\n<!-- begin: {backend} -->\n<!-- end: {backend} -->\n"
        ));
    }
    page
}

/// One test per pattern page.
macro_rules! report_tests {
    ($($pattern:ident),* $(,)?) => {
        $(
            #[test]
            fn $pattern() {
                check_pattern_report(stringify!($pattern));
            }
        )*

        #[test]
        fn every_pattern_has_a_report() {
            let reported = [$(stringify!($pattern)),*];
            for (pattern, _) in PATTERNS {
                assert!(reported.contains(pattern), "add {pattern} to report_tests! in tests/reports.rs");
            }
        }
    };
}

report_tests! {
    cancellation,
    signal,
    nonblocking,
    messengers,
    error_channel,
    encapsulated,
    topologies,
    generator,
    fan_in,
    select_timeout,
    quit,
    sequencing,
    pipeline,
    pooling,
    fan_out,
    fan_out_semaphore,
    drop,
    wait_for_result,
    wait_for_task,
    waitgroup,
    background_result,
    confinement,
    for_select,
    done_channel,
    or_channel,
    error_handling,
    pipeline_batch_stream,
    worker_pool,
    fan_out_fan_in,
    or_done,
    tee,
    bridge,
    actor,
    channels_lab,
    ordering,
}

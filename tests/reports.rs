//! Generates the pattern reports in docs/reports and keeps them under insta snapshot review.
//!
//! Each scheduler owns one section of `docs/reports/<pattern>.md`, between
//! `<!-- begin: <backend> -->` and `<!-- end: <backend> -->`. A run renders its section from the
//! catalog's claims (deterministic parts only: no times), compares it with its insta snapshot, and
//! checks that the markdown file carries exactly that text. To regenerate after a reviewed change:
//! `CHANCHECK_WRITE_REPORTS=1 INSTA_UPDATE=always cargo test --test reports` in each mode.

use std::fmt::Write;
use std::path::Path;

use chancheck::check::{Backend, Claim, Verdict};
use chancheck::patterns::catalog;

fn backend_of(verdict: &Verdict) -> Backend {
    verdict.stats.backend
}

fn render_section(pattern: &str, claims: &[&Claim]) -> (Backend, String) {
    let mut backend = Backend::Std;
    let mut out = String::new();
    for claim in claims {
        let verdict = claim.check();
        assert!(
            claim.is_met_by(&verdict),
            "{}/{}: {verdict}",
            pattern,
            claim.name
        );
        backend = backend_of(&verdict);
        let s = &verdict.stats;
        writeln!(
            out,
            "#### `{}` — expected {}, got {}\n",
            claim.name, claim.expect, verdict.outcome
        )
        .unwrap();
        writeln!(out, "> {}\n", claim.statement).unwrap();
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
            writeln!(out, "Stuck threads:\n\n{}", report.stuck_table()).unwrap();
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
    (backend, out)
}

fn check_pattern_report(pattern: &str) {
    let claims: Vec<&Claim> = catalog()
        .into_iter()
        .filter(|c| c.pattern == pattern)
        .collect();
    let (backend, section) = render_section(pattern, &claims);
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
    let current = std::fs::read_to_string(&path).unwrap_or_default();
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

#[test]
fn cancellation_report() {
    check_pattern_report("cancellation");
}

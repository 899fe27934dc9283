//! Generates the pattern reports in docs/reports and keeps them under insta snapshot review.
//!
//! Each scheduler owns one section of `docs/reports/<pattern>.md`, between
//! `<!-- begin: <backend> -->` and `<!-- end: <backend> -->`. A run renders its section from the
//! catalog's claims (deterministic parts only: no times), compares it with its insta snapshot, and
//! checks that the markdown file carries exactly that text. To regenerate after a reviewed change:
//! `CHANCHECK_WRITE_REPORTS=1 INSTA_UPDATE=always cargo test --test reports` in each mode.
//!
//! The index, `docs/reports/README.md`, is assembled from one data file per scheduler,
//! `docs/reports/index-<backend>.tsv`: each mode writes its own (under insta review too) and
//! rebuilds the index from its fresh data and the other two files as committed.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use chancheck::check::{Backend, Checker, Claim, Outcome, Replay, Verdict};
use chancheck::patterns::{PATTERNS, claims_of};

type Verdicts = Arc<OnceLock<Vec<Verdict>>>;

/// Each pattern's verdicts, checked once per run and shared by its page and the index.
fn verdicts(pattern: &'static str) -> Vec<Verdict> {
    static CACHE: OnceLock<Mutex<BTreeMap<&'static str, Verdicts>>> = OnceLock::new();
    let cell = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(pattern)
        .or_default()
        .clone();
    cell.get_or_init(|| {
        claims_of(pattern)
            .iter()
            .map(|claim| {
                // loom saves each counterexample's checkpoint here, for the page's replay line.
                let checkpoint = format!("target/loom-checkpoints/{pattern}/{}.json", claim.name);
                claim.check_with(&Checker::new().loom_checkpoint(checkpoint))
            })
            .collect()
    })
    .clone()
}

fn docs_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/reports")
        .join(file)
}

fn writing() -> bool {
    std::env::var_os("CHANCHECK_WRITE_REPORTS").is_some()
}

fn render_section(pattern: &'static str, claims: &[Claim]) -> String {
    let backend = Backend::current();
    let mut out = String::new();
    for (claim, verdict) in claims.iter().zip(verdicts(pattern)) {
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
            if backend == Backend::Std {
                // Real threads: which threads a run catches stuck, and how many, is timing; the
                // ones the claim requires are the fact (the check above asserted them).
                let mut required = report.clone();
                required.stuck.retain(|t| {
                    claim.stuck.iter().any(|(thread, first)| {
                        t.thread == *thread
                            && t.waiting_on.first().map(String::as_str) == Some(first)
                    })
                });
                let table = required.stuck_table();
                let mut lines: Vec<&str> = table.lines().collect();
                lines.sort_unstable();
                lines.dedup();
                if !lines.is_empty() {
                    writeln!(
                        out,
                        "Stuck threads the claim requires (each distinct operation once; which \
                         others a real run also catches is timing):\n\n{}\n",
                        lines.join("\n")
                    )
                    .unwrap();
                }
            } else if !report.stuck.is_empty() {
                writeln!(out, "Stuck threads:\n\n{}", report.stuck_table()).unwrap();
            }
            if backend != Backend::Std {
                writeln!(
                    out,
                    "Trace of the failing execution:\n\n```text\n{}```\n",
                    report.numbered_trace()
                )
                .unwrap();
            }
            if let Some(diagram) = report.sequence_diagram() {
                writeln!(out, "Sequence diagram:\n\n```mermaid\n{diagram}```\n").unwrap();
            }
            writeln!(out, "Replay: {}\n", report.replay_instructions()).unwrap();
            let command = match &report.replay {
                Replay::Loom {
                    checkpoint: Some(path),
                    ..
                } => Some((
                    "Replay exactly this execution (the loom reports write the checkpoint)",
                    format!(
                        "RUSTFLAGS=\"--cfg loom\" cargo run --release --example replay -- \
                         {pattern} {} {path}",
                        claim.name
                    ),
                )),
                Replay::Shuttle { schedule } => Some((
                    "Replay exactly this schedule",
                    format!(
                        "cargo run --features shuttle --example replay -- {pattern} {} {schedule}",
                        claim.name
                    ),
                )),
                _ => None,
            };
            if let Some((what, command)) = command {
                writeln!(out, "{what}:\n\n```sh\n{command}\n```\n").unwrap();
            }
        }
    }
    out
}

/// A blocked operation reached through an iterator (`rx.iter().collect()`) reports a line inside
/// the standard library, which names the toolchain's commit and, on real threads, depends on
/// whether the first or a later item was pending. The pages say only where it is.
fn stable_sites(section: &str) -> String {
    let mut out = String::with_capacity(section.len());
    let mut rest = section;
    while let Some(i) = rest.find("/rustc/") {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(|c: char| c.is_whitespace() || c == ')')
            .map_or(rest.len(), |e| i + e);
        out.push_str("the standard library, through an iterator");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn check_pattern_report(pattern: &'static str) {
    let backend = Backend::current();
    let section = stable_sites(&render_section(pattern, claims_of(pattern)));
    insta::with_settings!({
        snapshot_path => "../docs/reports/snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{pattern}@{backend}"), section);
    });

    let path = docs_path(&format!("{pattern}.md"));
    let begin = format!("<!-- begin: {backend} -->\n");
    let end = format!("<!-- end: {backend} -->");
    let mut current = std::fs::read_to_string(&path).unwrap_or_default();
    if current.is_empty() && writing() {
        current = new_page(pattern);
    }
    let (Some(b), Some(e)) = (current.find(&begin), current.find(&end)) else {
        panic!("{} has no {backend} section", path.display());
    };
    let in_file = &current[b + begin.len()..e];
    if in_file != section {
        if writing() {
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

const BACKENDS: [Backend; 3] = [Backend::Loom, Backend::Shuttle, Backend::Std];

/// This scheduler's line per claim for the index: pattern, claim, expected, verdict, and what
/// was explored (deterministic: no times, no real-thread repetition counts).
fn index_data() -> String {
    let backend = Backend::current();
    let mut out = String::new();
    for (pattern, claims) in PATTERNS {
        for (claim, v) in claims.iter().zip(verdicts(pattern)) {
            let s = &v.stats;
            let explored = match (backend, v.holds()) {
                (Backend::Loom, true) => format!("{} executions, {}", s.explored, s.settings),
                (Backend::Loom, false) => format!("at execution {}, {}", s.explored, s.settings),
                (Backend::Shuttle, true) => s.settings.clone(),
                (Backend::Shuttle, false) => {
                    format!("at iteration {}, {}", s.explored, s.settings)
                }
                (Backend::Std, _) => s.settings.clone(),
            };
            writeln!(
                out,
                "{pattern}\t{}\t{}\t{}\t{explored}",
                claim.name,
                claim.expected(backend),
                v.outcome
            )
            .unwrap();
        }
    }
    out
}

/// A cell of the index: the verdict a scheduler reached, what it explored, and whether it was
/// the expected one.
struct Cell {
    expected: String,
    verdict: String,
    explored: String,
}

fn parse_data(text: &str) -> BTreeMap<(String, String), Cell> {
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let [pattern, claim, expected, verdict, explored] = f[..] else {
                return None;
            };
            Some((
                (pattern.to_string(), claim.to_string()),
                Cell {
                    expected: expected.to_string(),
                    verdict: verdict.to_string(),
                    explored: explored.to_string(),
                },
            ))
        })
        .collect()
}

/// GitHub's anchor for a claim's heading in its page's first (loom) section.
fn anchor(claim: &Claim) -> String {
    let e = claim.expected(Backend::Loom);
    format!("{} — expected {e}, got {e}", claim.name)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

const HOW_TO_READ: &str = "## How to read a report

Each pattern page has one section per scheduler — loom, shuttle, real threads — and one entry
per claim: the statement, the verdict it expects and the one it got, the size it ran at, and
how much was explored. A claim whose expected verdict is not HOLDS is a *twin*: a buggy variant
of a positive claim that the checkers must catch; its *Fix:* line says in one line what turns it
into the positive claim it names.

A counterexample then shows:

- **Stuck threads**: each thread that can never proceed, the operation it is blocked in (a
  `select { … }` lists every arm) and the source line. A LEAK means the body returned while these
  goroutines stayed blocked; a DEADLOCK means every thread, the body included, was blocked.
- **Trace** (loom and shuttle): every operation of the failing execution, numbered, in the order
  the scheduler ran them. `(woken)` marks an operation another thread completed on behalf of a
  blocked one (a receiver handing a value to a blocked sender, a close waking a receiver);
  `timer …` threads are the virtual clock firing `after`, `tick` and context deadlines.
- **Sequence diagram** (loom and shuttle): the same execution drawn with one lifeline per thread
  and per channel — hand-offs are messages (`employee->>result: send`, `result->>main: recv`),
  the stuck operations are notes at the end. Channel creation and sleeps are left out, and very
  long traces keep their last steps (the diagram says how many it left out). Your own reports
  give the same diagram through `Report::sequence_diagram()`.
- **Replay**: how to run exactly that execution again — under shuttle, the schedule string for
  `Checker::new().replay(…)`; under loom, the checkpoint file loom saved for the failing
  execution, for `Checker::new().loom_replay(…)` (the reports save them under
  `target/loom-checkpoints/<pattern>/<claim>.json`: run the loom reports once to create them), or
  simply the same test again, since loom explores in a fixed order; on real threads there is no
  replay, only a suggestion to check the body under a model checker.

The columns of the table above: loom gives the verdict and the number of executions explored
within its preemption bound (or the failing execution); shuttle the verdict and its scheduler,
seed and iterations (or the first failing iteration); real threads the verdict and the
repetitions run. ✅ marks the expected verdict, ❌ an unexpected one, — a scheduler whose data
was not generated yet.
";

fn render_index(data: &HashMap<Backend, BTreeMap<(String, String), Cell>>) -> String {
    let (mut claims, mut hold, mut caught, mut unexpected, mut missing) = (0, 0, 0, 0, 0);
    let mut rows = String::new();
    for (pattern, pattern_claims) in PATTERNS {
        for claim in pattern_claims.iter() {
            claims += 1;
            let key = (pattern.to_string(), claim.name.to_string());
            let mut all_met = true;
            let mut cells = Vec::new();
            for backend in BACKENDS {
                match data.get(&backend).and_then(|d| d.get(&key)) {
                    Some(c) => {
                        let met = c.verdict == c.expected;
                        if !met {
                            unexpected += 1;
                            all_met = false;
                        }
                        let mark = if met { "✅" } else { "❌" };
                        let note = if !met {
                            format!(" (expected {})", c.expected)
                        } else if c.expected != claim.expect.to_string() {
                            " (this scheduler's declared exception: see the page)".to_string()
                        } else {
                            String::new()
                        };
                        cells.push(format!("{mark} {}{note} — {}", c.verdict, c.explored));
                    }
                    None => {
                        missing += 1;
                        all_met = false;
                        cells.push("—".to_string());
                    }
                }
            }
            if all_met && claim.expect == Outcome::Holds {
                hold += 1;
            } else if all_met {
                caught += 1;
            }
            writeln!(
                rows,
                "| [{pattern}]({pattern}.md) | [`{}`]({pattern}.md#{}) | {} | {} | {} |",
                claim.name,
                anchor(claim),
                claim.statement.replace('|', "\\|"),
                claim.expect,
                cells.join(" | ")
            )
            .unwrap();
        }
    }
    let mut out = String::from(
        "# Claims and counterexamples\n\nGenerated by tests/reports.rs from every pattern's \
         `CLAIMS` and the per-scheduler data in `index-<backend>.tsv`; do not edit by hand. \
         Regenerate everything with `cargo xtask verify --update`.\n\n",
    );
    write!(
        out,
        "**{claims} claims, {hold} hold, {caught} twins caught, {unexpected} unexpected**"
    )
    .unwrap();
    if missing > 0 {
        write!(out, " ({missing} scheduler results not generated yet)").unwrap();
    }
    out.push_str(
        ".\n\n| pattern | claim | statement | expected | loom | shuttle | real threads |\n\
         |---|---|---|---|---|---|---|\n",
    );
    out.push_str(&rows);
    out.push('\n');
    out.push_str(HOW_TO_READ);
    out
}

/// Write `text` to `path`, or fail when it differs and writing was not asked for.
fn write_or_check(path: &Path, text: &str) {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current != text {
        if writing() {
            std::fs::write(path, text).unwrap();
        } else {
            panic!(
                "{} is out of date: regenerate with CHANCHECK_WRITE_REPORTS=1",
                path.display()
            );
        }
    }
}

#[test]
fn index() {
    let backend = Backend::current();
    let mine = index_data();
    insta::with_settings!({
        snapshot_path => "../docs/reports/snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("index@{backend}"), mine);
    });
    for (pattern, claims) in PATTERNS {
        for (claim, verdict) in claims.iter().zip(verdicts(pattern)) {
            if let Some(why) = claim.mismatch(&verdict) {
                panic!("{pattern}/{}: {why}\n{verdict}", claim.name);
            }
        }
    }
    write_or_check(&docs_path(&format!("index-{backend}.tsv")), &mine);
    let data = BACKENDS
        .iter()
        .map(|&b| {
            let text = if b == backend {
                mine.clone()
            } else {
                std::fs::read_to_string(docs_path(&format!("index-{b}.tsv"))).unwrap_or_default()
            };
            (b, parse_data(&text))
        })
        .collect();
    write_or_check(&docs_path("README.md"), &render_index(&data));
}

/// One test per pattern page, from the catalog's one list.
macro_rules! report_tests {
    ($($pattern:ident),* $(,)?) => {
        $(
            #[test]
            fn $pattern() {
                check_pattern_report(stringify!($pattern));
            }
        )*

    };
}

chancheck::for_each_pattern!(report_tests);

//! error_handling: a goroutine sends each error together with its result on the one results channel, so the consumer decides what to do with it.
//!
//! Go original: "Error Handling" from seed 003 (`003_a4136df6f6df5e29.txt`, Concurrency in Go, the
//! book's patterns), which gives only prose ("errors should be tightly coupled with the result
//! type, passed along through same line of communication"). The code is the book's, *Concurrency in
//! Go* (Katherine Cox-Buday), chapter 4, "Error Handling":
//!
//! ```go
//! type Result struct {
//!     Error    error
//!     Response *http.Response
//! }
//! checkStatus := func(done <-chan interface{}, urls ...string) <-chan Result {
//!     results := make(chan Result)
//!     go func() {
//!         defer close(results)
//!
//!         for _, url := range urls {
//!             var result Result
//!             resp, err := http.Get(url)
//!             result = Result{Error: err, Response: resp}
//!             select {
//!             case <-done:
//!                 return
//!             case results <- result:
//!             }
//!         }
//!     }()
//!     return results
//! }
//!
//! done := make(chan interface{})
//! defer close(done)
//!
//! errCount := 0
//! urls := []string{"a", "https://www.google.com", "b", "c", "d"}
//! for result := range checkStatus(done, urls...) {
//!     if result.Error != nil {
//!         fmt.Printf("error: %v\n", result.Error)
//!         errCount++
//!         if errCount >= 3 {
//!             fmt.Println("Too many errors, breaking!")
//!             break
//!         }
//!         continue
//!     }
//!     fmt.Printf("Response: %v\n", result.Response.Status)
//! }
//! ```
//!
//! `http.Get` is [`http_get`], a deterministic stand-in: a URL with the `https://` scheme
//! answers `200 OK`, anything else fails like Go's client does (`Get "a": unsupported protocol
//! scheme ""`). The response carries its URL, as Go's carries its request.
//!
//! The promise: every error reaches the consumer, in order, paired with the input that caused
//! it; the consumer, which has the whole picture, may stop after N errors, and then closing
//! `done` stops `checkStatus`: nothing leaks.
//!
//! The twins:
//!
//! - **errors handled in the goroutine**: the book's first `checkStatus`, which prints the
//!   error itself (`fmt.Println(err); continue`) and sends only responses. The consumer never
//!   learns of the errors: the assertion that every input's outcome arrives fails.
//! - **`checkStatus` without `done`** (`results <- result` on its own): once the consumer
//!   breaks, the goroutine blocks forever sending the next result: LEAK naming `checkStatus`.
//!
//! The consumer's `defer close(done)` is an explicit `close` after its loop; the goroutine's
//! `defer close(results)` an explicit `close` after its own.
//!
//! Sizes: `workers` is the error budget (the consumer stops at this many errors; the book's 3);
//! `items` is the number of URLs, from [`urls`]: the book's list (bad, good, bad, bad, bad)
//! repeated.

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::{go_named, select};

/// What `http.Get` returns on success: the URL asked for and the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The URL of the request.
    pub url: String,
    /// The status line, e.g. `200 OK`.
    pub status: String,
}

/// What `http.Get` returns on failure: Go's `*url.Error`, naming the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// The URL of the request.
    pub url: String,
    /// Why it failed.
    pub err: String,
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Get \"{}\": {}", self.url, self.err)
    }
}

/// Go's `Result`: the error, or the response, of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Result {
    /// The error, if the request failed.
    pub error: Option<HttpError>,
    /// The response, if it succeeded.
    pub response: Option<Response>,
}

/// A deterministic `http.Get(url)`: `(resp, err)`, exactly one of them set.
pub fn http_get(url: &str) -> (Option<Response>, Option<HttpError>) {
    if url.starts_with("https://") {
        let resp = Response {
            url: url.to_string(),
            status: "200 OK".to_string(),
        };
        (Some(resp), None)
    } else {
        let err = HttpError {
            url: url.to_string(),
            err: "unsupported protocol scheme \"\"".to_string(),
        };
        (None, Some(err))
    }
}

/// `count` URLs: the book's `"a", "https://www.google.com", "b", "c", "d"`, repeated with
/// fresh names.
pub fn urls(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| match i % 5 {
            1 => format!("https://www.google.com/{}", i / 5),
            k => format!("{}{}", ["a", "", "b", "c", "d"][k], i / 5),
        })
        .collect()
}

/// Where `checkStatus` sends its errors.
#[derive(Debug, Clone, PartialEq, Eq, Copy)]
pub enum Errors {
    /// The book's fix: every error travels in a `Result` on `results`, beside `<-done`.
    WithResults,
    /// The book's first version: the goroutine prints errors itself and sends only responses.
    PrintedInGoroutine,
    /// The bug: errors travel with results, but the send ignores `done`.
    WithResultsIgnoringDone,
}

/// Go's `checkStatus`: `checkStatus` fetches every URL and sends each `Result` on `results`.
pub fn check_status(done: Receiver<()>, urls: Vec<String>, errors: Errors) -> Receiver<Result> {
    let results = chan::named::<Result>("results", 0);
    let tx = results.sender();
    go_named("checkStatus", move || {
        // What the goroutine prints itself: nobody downstream ever sees it.
        let mut printed = Vec::new();
        for url in urls {
            let (resp, err) = http_get(&url);
            if errors == Errors::PrintedInGoroutine
                && let Some(err) = &err
            {
                printed.push(err.to_string());
                continue;
            }
            let result = Result {
                error: err,
                response: resp,
            };
            match errors {
                Errors::WithResultsIgnoringDone => {
                    tx.send(result).expect("only checkStatus closes results");
                }
                _ => select! {
                    recv(done) -> _ => return,
                    send(tx, result) -> sent => sent.expect("only checkStatus closes results"),
                },
            }
        }
        tx.close().expect("closed once");
    });
    results.receiver()
}

/// The consumer that wants everything: every `Result`, in the order received.
pub fn check_all(urls: &[String], errors: Errors) -> Vec<Result> {
    let done = chan::named::<()>("done", 0);
    let mut all = Vec::new();
    for result in &check_status(done.receiver(), urls.to_vec(), errors) {
        all.push(result);
    }
    done.close().expect("closed once");
    all
}

/// The book's consumer: print each result, stop after `max_errors` errors. Returns the lines.
pub fn check_until_errors(urls: &[String], max_errors: usize, errors: Errors) -> Vec<String> {
    let done = chan::named::<()>("done", 0);
    let mut lines = Vec::new();
    let mut err_count = 0;
    for result in &check_status(done.receiver(), urls.to_vec(), errors) {
        if let Some(err) = result.error {
            lines.push(format!("error: {err}"));
            err_count += 1;
            if err_count >= max_errors {
                lines.push("Too many errors, breaking!".to_string());
                break;
            }
            continue;
        }
        let response = result.response.expect("a Result without an error has a response");
        lines.push(format!("Response: {}", response.status));
    }
    done.close().expect("closed once");
    lines
}

/// Assert that every URL's outcome arrived, in order, each error paired with its URL.
pub fn assert_paired(urls: &[String], results: &[Result]) {
    let errors = results.iter().filter(|r| r.error.is_some()).count();
    let expected_errors = urls.iter().filter(|u| http_get(u).1.is_some()).count();
    assert_eq!(
        (results.len(), errors),
        (urls.len(), expected_errors),
        "(outcomes, errors) that reached the consumer"
    );
    for (url, result) in urls.iter().zip(results) {
        let (response, error) = http_get(url);
        assert_eq!(
            result,
            &Result { error, response },
            "the outcome of {url} is paired with it"
        );
    }
}

/// What the book's consumer prints for `urls` with an error budget of `max_errors`.
pub fn expected_lines(urls: &[String], max_errors: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut err_count = 0;
    for url in urls {
        match http_get(url) {
            (_, Some(err)) => {
                lines.push(format!("error: {err}"));
                err_count += 1;
                if err_count >= max_errors {
                    lines.push("Too many errors, breaking!".to_string());
                    break;
                }
            }
            (Some(resp), None) => lines.push(format!("Response: {}", resp.status)),
            (None, None) => unreachable!("http_get sets one of the two"),
        }
    }
    lines
}

fn all_body(size: Size, errors: Errors) {
    let urls = urls(size.items);
    let results = check_all(&urls, errors);
    assert_paired(&urls, &results);
}

fn all_with_results(size: Size) {
    all_body(size, Errors::WithResults);
}

fn all_printed_in_goroutine(size: Size) {
    all_body(size, Errors::PrintedInGoroutine);
}

fn budget_body(size: Size, errors: Errors) {
    let urls = urls(size.items);
    let lines = check_until_errors(&urls, size.workers, errors);
    assert_eq!(lines, expected_lines(&urls, size.workers));
}

fn budget_with_done(size: Size) {
    budget_body(size, Errors::WithResults);
}

fn budget_ignoring_done(size: Size) {
    budget_body(size, Errors::WithResultsIgnoringDone);
}

/// The book's five URLs and three errors under loom; twenty URLs and five errors elsewhere.
const URLS: Claim = Claim {
    pattern: "error_handling",
    model_size: Size::new(3, 5),
    large_size: Size::new(5, 20),
    ..Claim::DEFAULTS
};

/// The claims: errors travel with results to the consumer, which may stop early; the twins.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "every-error-reaches-the-consumer",
        statement: "Every URL's error or response reaches the consumer through `results`, in \
                    order, each error paired with the URL that caused it.",
        expect: Outcome::Holds,
        twin: Some("errors-printed-in-goroutine-are-lost"),
        body: all_with_results,
        ..URLS
    },
    Claim {
        name: "errors-printed-in-goroutine-are-lost",
        statement: "When `checkStatus` prints errors itself and sends only responses, the \
                    consumer never learns of them: the assertion that every outcome arrives \
                    fails.",
        expect: Outcome::Panic,
        fix: Some("send `Result{Error: err, Response: resp}` for every URL"),
        body: all_printed_in_goroutine,
        ..URLS
    },
    Claim {
        name: "stop-after-n-errors-leaks-nothing",
        statement: "A consumer that stops after N errors prints exactly the results up to the \
                    Nth error, closes `done`, and `checkStatus` exits: nothing leaks.",
        expect: Outcome::Holds,
        twin: Some("check-status-without-done-leaks"),
        body: budget_with_done,
        ..URLS
    },
    Claim {
        name: "check-status-without-done-leaks",
        statement: "When `checkStatus` sends without watching `done`, the consumer's early \
                    stop leaves it blocked forever sending the next result.",
        expect: Outcome::Leak,
        fix: Some("send inside `select` with a `case <-done: return` arm"),
        body: budget_ignoring_done,
        stuck: &[("checkStatus", "send results")],
        ..URLS
    },
];

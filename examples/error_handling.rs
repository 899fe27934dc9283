//! `cargo run --example error_handling`: the book's consumer over `"a", "https://www.google.com", "b", "c", "d"`: three errors, one response, then `Too many errors, breaking!`.

use chancheck::patterns::error_handling::{Errors, check_until_errors};

fn main() {
    let urls: Vec<String> = ["a", "https://www.google.com", "b", "c", "d"]
        .iter()
        .map(|u| u.to_string())
        .collect();
    for line in check_until_errors(&urls, 3, Errors::WithResults) {
        println!("{line}");
    }
}

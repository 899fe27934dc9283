//! `cargo run --example waitgroup`: five greeters say hello (in any order), then main prints "All goroutines complete.".

use chancheck::patterns::waitgroup::{Greeters, wait_group};

fn main() {
    for line in wait_group(5, Greeters::AddBeforeGo) {
        println!("{line}");
    }
}

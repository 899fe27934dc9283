//! `cargo run --example fan_in`: Joe's and Ann's five lines each, merged by fan-in (whoever is
//! ready talks), then "You're both boring; I'm leaving."

use chancheck::patterns::fan_in::{Merge, main_reads};

fn main() {
    for line in main_reads(Merge::Goroutines, 2, 5) {
        println!("{line}");
    }
    println!("You're both boring; I'm leaving.");
}

//! `cargo run --example bridge`: the book's output, `0 1 2 3 4 5 6 7 8 9 `: ten one-value streams bridged into one.

use chancheck::patterns::bridge::{Bridge, bridge_pattern};

fn main() {
    for v in bridge_pattern(10, 10, None, Bridge::Book) {
        print!("{v} ");
    }
    println!();
}

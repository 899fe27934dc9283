//! `cargo run --example ordering`: the lab's ten words, one a line, in the order this run's goroutines printed them (run it a few times).

use chancheck::patterns::ordering::{AddAt, ordering};

fn main() {
    for word in ordering(10, AddAt::BeforeGo) {
        println!("{word}");
    }
}

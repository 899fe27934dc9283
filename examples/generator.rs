//! `cargo run --example generator`: Joe and Ann take turns, five rounds, then main leaves, as in
//! the Go original (here with the quit channel, so both say goodbye).

use chancheck::patterns::generator::conversation;

fn main() {
    for line in conversation(2, 5, true) {
        println!("{line}");
    }
}

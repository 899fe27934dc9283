//! `cargo run --example sequencing`: five rounds of Joe and Ahn in lockstep, then goodbye.

use chancheck::patterns::sequencing::sequencing;

fn main() {
    for (msg1, msg2) in sequencing(5) {
        println!("{msg1}");
        println!("{msg2}");
    }
    println!("You're both boring. I'm leaving");
}

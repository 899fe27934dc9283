//! `cargo run --example or_done`: `main` ranges over `orDone(done, myChan)` (10 values, never closed) and prints each value until `done` closes.

use chancheck::patterns::or_done::{Read, main_reads};

fn main() {
    for val in main_reads(10, Read::OrDone) {
        println!("{val}");
    }
    println!("done closed: the range over orDone ended");
}

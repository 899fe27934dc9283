//! `cargo run --example fan_out_fan_in`: the book's prime finder: spin up the finders, then print the first 10 primes found among 2..200.

use chancheck::patterns::fan_out_fan_in::{FanInClose, Search, fan_out_fan_in};

fn main() {
    let finders = 4;
    println!("Spinning up {finders} prime finders.");
    println!("Primes:");
    let primes = fan_out_fan_in(Search {
        finders,
        integers: 198,
        take: Some(10),
        close: FanInClose::AfterWaitGroup,
        close_done: true,
    });
    for prime in primes {
        println!("\t{prime}");
    }
}

//! `cargo run --example or_channel`: the book's `sig` program, scaled from hours to milliseconds: `done after` about 10ms, the shortest signal.

use std::time::Duration;

use chancheck::patterns::or_channel::or_of_sigs;

fn main() {
    let ms = Duration::from_millis;
    let took = or_of_sigs(&[ms(2000), ms(300), ms(10), ms(1000), ms(100)]);
    println!("done after {took:?}");
}

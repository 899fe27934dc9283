//! `cargo run --example channels_lab`: the lab's output, the integers 1 to 10, one a line, as the printer goroutine read them.

use chancheck::patterns::channels_lab::channels_lab;

fn main() {
    for n in channels_lab(10, 0, true) {
        println!("{n}");
    }
}

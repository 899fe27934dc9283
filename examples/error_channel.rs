//! `cargo run --example error_channel`: five tasks, two of which fail; the caller prints the first
//! error it receives, and no worker is left behind.

use chancheck::patterns::error_channel::run;

fn main() {
    match run(5, 2, 5) {
        Ok(()) => println!("all tasks succeeded"),
        Err(e) => println!("task {} failed", e.task),
    }
}

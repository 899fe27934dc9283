//! `cargo run --example cancellation`: the Go original's output, "work complete" or
//! "work cancelled", depending on whether the employee beats the deadline.

use chancheck::patterns::cancellation::{Finished, cancellation};

fn main() {
    match cancellation(1) {
        Finished::Complete(d) => println!("work complete {d}"),
        Finished::Cancelled => println!("work cancelled"),
    }
}

//! `cargo run --example cancellation`: the Go originals' output, "work complete" or
//! "work cancelled" (context form), then "manager: received signal" or "manager: timedout"
//! (the seed's time.After form), depending on whether the employee beats the deadline.

use chancheck::patterns::cancellation::{Finished, cancellation, cancellation_after};

fn main() {
    match cancellation(1) {
        Finished::Complete(d) => println!("work complete {d}"),
        Finished::Cancelled => println!("work cancelled"),
    }
    match cancellation_after(1) {
        Finished::Complete(d) => println!("manager: received signal:  {d}"),
        Finished::Cancelled => println!("manager: timedout"),
    }
}

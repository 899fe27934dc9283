//! `cargo run --example wait_for_result`: the parent waits for the child's "data".

use chancheck::patterns::wait_for_result::wait_for_result;

fn main() {
    let d = wait_for_result(true);
    println!("child : sent signal");
    println!("parent : recv'd signal : {d}");
    println!("-------------------------------------------------");
}

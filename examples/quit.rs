//! `cargo run --example quit`: Joe's four messages, "clean up", then "Joe say: See you!".

use chancheck::patterns::quit::quit;

fn main() {
    for line in quit(4) {
        println!("{line}");
    }
}

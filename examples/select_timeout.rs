//! `cargo run --example select_timeout`: Joe talks until one line is too slow ("You're too
//! slow.") and again until the conversation's time is up ("You talk too much."), as in Go.

use chancheck::patterns::select_timeout::{Ended, Timeout, select_timeout};

fn main() {
    for timeout in [Timeout::PerMessage, Timeout::Conversation] {
        let talk = select_timeout(timeout, 1000, true);
        for line in &talk.heard {
            println!("{line}");
        }
        match talk.ended {
            Ended::TooSlow => println!("You're too slow."),
            Ended::TalkTooMuch => println!("You talk too much."),
            Ended::Enough => println!("That's enough."),
        }
    }
}

//! quit: a quit channel that tells a generator to stop, and a reply on it that says it cleaned up.
//!
//! Go original: `boring`/`main` from seed 001 (channel patterns), section "Quit channel or Done
//! channel":
//!
//! ```go
//! func boring(msg string, quit chan string) <-chan string {
//!     c := make(chan string)
//!     go func() {
//!         for i := 0; ; i++ {
//!             select {
//!             case c <- fmt.Sprintf("%s %d", msg, i):
//!                 // do nothing
//!             case <-quit:
//!                 fmt.Println("clean up")
//!                 quit <- "See you!"
//!                 return
//!             }
//!             time.Sleep(time.Duration(rand.Intn(1e3)) * time.Millisecond)
//!         }
//!     }()
//!     return c
//! }
//!
//! func main() {
//!     quit := make(chan string)
//!     c := boring("Joe", quit)
//!     for i := 3; i >= 0; i-- {
//!         fmt.Println(<-c)
//!     }
//!     quit <- "Bye"
//!     fmt.Println("Joe say:", <-quit)
//! }
//! ```
//!
//! The quit channel is used both ways: `main` sends "Bye" to stop the generator, and the
//! generator, once it has cleaned up, answers on the same unbuffered channel. Taking that answer
//! is the handshake: when `main` prints "Joe say: See you!" the generator's clean-up has already
//! happened, and the generator has returned. The messages `main` reads are the generator's, in
//! order.
//!
//! The twin breaks the handshake: `main` says "Bye" and leaves without taking the reply. The
//! generator's `quit <- "See you!"` then has no receiver and blocks forever — a leak every
//! scheduler reports, naming `boring-Joe` stuck in `send quit`. (In Go the program exits at the
//! end of `main` and nobody notices; in a server that goroutine would stay forever.)
//!
//! Sizes: `items` is the number of messages `main` reads before saying "Bye" (the seed reads 4);
//! `workers` is unused (one generator at every size).

use std::time::Duration;

use crate::chan::{self, Chan, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::facade::plain::{Arc, PlainMutex};
use crate::time::{random_duration, sleep};
use crate::{go_named, select};

/// What the program prints, shared by `main` and the generator (the Go program's stdout).
#[derive(Clone, Default)]
pub struct Output(Arc<PlainMutex<Vec<String>>>);

impl Output {
    /// `fmt.Println(line)`.
    pub fn println(&self, line: impl Into<String>) {
        self.0.lock().push(line.into());
    }

    /// Every line printed so far, in order.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().clone()
    }
}

/// The generator pauses up to this long between messages (the seed: up to 1 s).
pub const MAX_PAUSE: Duration = Duration::from_millis(1);

/// `boring(msg, quit)`: a generator of `"<msg> <i>"` messages that stops when told on `quit`,
/// prints "clean up" and answers "See you!" on the same channel.
pub fn boring(msg: &str, quit: Chan<String>, out: Output) -> Receiver<String> {
    let c = chan::named::<String>("c", 0);
    let tx = c.sender();
    let msg = msg.to_string();
    go_named(&format!("boring-{msg}"), move || {
        let mut i = 0;
        loop {
            select! {
                send(tx, format!("{msg} {i}")) -> _ => {},
                recv(quit) -> _ => {
                    out.println("clean up");
                    let _ = quit.send("See you!".to_string());
                    return;
                },
            }
            sleep(random_duration(MAX_PAUSE));
            i += 1;
        }
    });
    c.receiver()
}

/// The seed's `main`: read `messages` messages from Joe, say "Bye" on `quit` and print Joe's
/// answer. Returns everything printed, in order.
pub fn quit(messages: usize) -> Vec<String> {
    let out = Output::default();
    let quit = chan::named::<String>("quit", 0);
    let c = boring("Joe", quit.clone(), out.clone());
    for _ in 0..messages {
        out.println(c.recv().expect("nobody closes c"));
    }
    let _ = quit.send("Bye".to_string());
    let reply = quit.recv().expect("nobody closes quit");
    out.println(format!("Joe say: {reply}"));
    out.lines()
}

/// The twin: `main` says "Bye" and returns without taking the reply.
pub fn quit_without_reply(messages: usize) -> Vec<String> {
    let out = Output::default();
    let quit = chan::named::<String>("quit", 0);
    let c = boring("Joe", quit.clone(), out.clone());
    for _ in 0..messages {
        out.println(c.recv().expect("nobody closes c"));
    }
    let _ = quit.send("Bye".to_string());
    out.lines()
}

/// What the handshake guarantees `main` printed: the messages in order, then the generator's
/// clean-up, then its answer.
pub fn expected_output(messages: usize) -> Vec<String> {
    let mut lines: Vec<String> = (0..messages).map(|i| format!("Joe {i}")).collect();
    lines.push("clean up".to_string());
    lines.push("Joe say: See you!".to_string());
    lines
}

fn handshake(size: Size) {
    assert_eq!(quit(size.items), expected_output(size.items));
}

fn no_reply(size: Size) {
    let lines = quit_without_reply(size.items);
    let messages: Vec<String> = (0..size.items).map(|i| format!("Joe {i}")).collect();
    assert_eq!(lines[..size.items], messages[..]);
}

/// The claims: the handshake holds; leaving without the reply leaks the generator.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "quit",
        name: "cleanup-before-main-proceeds",
        statement: "main reads Joe's messages in order, and when it has Joe's answer on `quit` \
                    the generator has already cleaned up and returns: nothing leaks.",
        expect: Outcome::Holds,
        twin: Some("main-leaves-without-reply-leaks-generator"),
        body: handshake,
        model_size: Size::new(1, 3),
        large_size: Size::new(1, 20),
        ..Claim::DEFAULTS
    },
    Claim {
        pattern: "quit",
        name: "main-leaves-without-reply-leaks-generator",
        statement: "When main says \"Bye\" and leaves without taking the reply, the generator \
                    blocks forever sending \"See you!\" on `quit`.",
        expect: Outcome::Leak,
        fix: Some("take the reply: fmt.Println(\"Joe say:\", <-quit)"),
        body: no_reply,
        model_size: Size::new(1, 3),
        large_size: Size::new(1, 20),
        stuck: &[("boring-Joe", "send quit")],
        ..Claim::DEFAULTS
    },
];

//! select_timeout: the consumer selects between the generator and a timer, per message or for the whole conversation, so it always returns.
//!
//! Go original: "Slect-timeout" from seed 001 (channel patterns), section "Slect-timeout" (the
//! whole-conversation timeout); the per-message timeout is the variant the same talk shows with
//! `time.After` inside the loop:
//!
//! ```go
//! func boring(msg string) <-chan string { // <-chan string means receives-only channel of string.
//!     c := make(chan string)
//!     go func() { // we launch goroutine inside a function.
//!         for i := 0; ; i++ {
//!             c <- fmt.Sprintf("%s %d", msg, i)
//!             time.Sleep(time.Duration(rand.Intn(1500)) * time.Millisecond)
//!         }
//!     }()
//!     return c // return a channel to caller.
//! }
//!
//! func main() {
//!     c := boring("Joe")
//!     // timeout for the whole conversation
//!     timeout := time.After(5 * time.Second)
//!     for {
//!         select {
//!         case s := <-c:
//!             fmt.Println(s)
//!         case <-timeout:
//!             fmt.Println("You talk too much.")
//!             return
//!         }
//!     }
//! }
//!
//! // per message: a new timer for every receive
//! for {
//!     select {
//!     case s := <-c:
//!         fmt.Println(s)
//!     case <-time.After(1 * time.Second):
//!         fmt.Println("You're too slow.")
//!         return
//!     }
//! }
//! ```
//!
//! What it promises: the consumer always returns: after a message that came too late
//! ("You're too slow."), or when the conversation's time is up ("You talk too much."); what it
//! printed before is Joe's lines in order, without gaps. With a done channel the consumer closes
//! on its way out (the fix, as in the seed's "Quit channel or Done channel" section), the
//! generator returns too.
//!
//! The twin is the seed's own program: the timeout ends main's loop, not the generator's, so
//! `boring` is left blocked forever in its next `c <- …`: LEAK.
//!
//! Sizes: `items` bounds the conversation: the consumer also stops after `items` messages, so
//! that a model checker's executions stay finite (in Go only the timer ends it). Under a model
//! checker a timer fires at any point, so early and late timeouts are both explored; each
//! per-message timer is one thread under loom today, so loom checks the per-message timeout at
//! `items = 1` (two took 19k executions) and the conversation timeout at `items = 3`. One
//! generator.

use std::time::Duration;

use crate::chan::{self, Chan, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::patterns::generator::boring;
use crate::time::{random_duration, sleep};
use crate::{go_named, select};

/// The longest pause between two of the generator's lines (1500 ms in Go).
pub const MAX_PAUSE: Duration = Duration::from_millis(2);
/// The per-message timeout (1 s in Go): shorter than the longest pause, so some runs time out.
pub const PER_MESSAGE: Duration = Duration::from_millis(1);
/// The whole conversation's timeout (5 s in Go).
pub const CONVERSATION: Duration = Duration::from_millis(6);

/// Which timeout the consumer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeout {
    /// A new `time.After` for every receive.
    PerMessage,
    /// One `time.After` for the whole loop.
    Conversation,
}

/// How the conversation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// "You're too slow.": one message did not come in time.
    TooSlow,
    /// "You talk too much.": the conversation's time was up.
    TalkTooMuch,
    /// The consumer had heard `items` lines (the bound that keeps models finite).
    Enough,
}

/// What the consumer printed and how it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Talk {
    /// Joe's lines, in the order received.
    pub heard: Vec<String>,
    /// How it ended.
    pub ended: Ended,
}

/// `boring(msg)` with a done channel: returns when `done` is closed.
pub fn boring_done(msg: &str, done: Receiver<()>) -> Receiver<String> {
    let c: Chan<String> = chan::named(&format!("c({msg})"), 0);
    let tx = c.sender();
    let msg = msg.to_string();
    go_named(&format!("boring({msg})"), move || {
        for i in 0.. {
            select! {
                send(tx, format!("{msg} {i}")) -> sent => sent.expect("nobody closes c"),
                recv(done) -> _ => return,
            }
            sleep(random_duration(MAX_PAUSE));
        }
    });
    c.receiver()
}

/// The consumer: receive from `c` until the timeout (or `max` lines).
pub fn consume(c: &Receiver<String>, timeout: Timeout, max: usize) -> Talk {
    let mut heard = Vec::new();
    let conversation = match timeout {
        Timeout::Conversation => chan::after(CONVERSATION),
        Timeout::PerMessage => Receiver::nil(),
    };
    while heard.len() < max {
        let per_message = match timeout {
            Timeout::PerMessage => chan::after(PER_MESSAGE),
            Timeout::Conversation => Receiver::nil(),
        };
        select! {
            recv(*c) -> s => heard.push(s.expect("nobody closes c")),
            recv(per_message) -> _ => return Talk { heard, ended: Ended::TooSlow },
            recv(conversation) -> _ => return Talk { heard, ended: Ended::TalkTooMuch },
        }
    }
    Talk {
        heard,
        ended: Ended::Enough,
    }
}

/// The seed's `main`: talk to `boring("Joe")` until the timeout (or `max` lines). With `done`,
/// the generator is `boring_done` and main closes `done` when it leaves.
pub fn select_timeout(timeout: Timeout, max: usize, done: bool) -> Talk {
    let quit: Chan<()> = chan::named("done", 0);
    let c = if done {
        boring_done("Joe", quit.receiver())
    } else {
        boring("Joe")
    };
    let talk = consume(&c, timeout, max);
    if done {
        quit.close().expect("done is closed once");
    }
    talk
}

fn check(timeout: Timeout, max: usize, done: bool) {
    let talk = select_timeout(timeout, max, done);
    let want: Vec<String> = (0..talk.heard.len()).map(|i| format!("Joe {i}")).collect();
    assert_eq!(talk.heard, want, "Joe's lines in order, without gaps");
    assert!(talk.heard.len() <= max);
    assert_eq!(talk.heard.len() == max, talk.ended == Ended::Enough, "{talk:?}");
    if timeout == Timeout::PerMessage {
        assert_ne!(talk.ended, Ended::TalkTooMuch);
    } else {
        assert_ne!(talk.ended, Ended::TooSlow);
    }
}

fn per_message(size: Size) {
    check(Timeout::PerMessage, size.items, true);
}
fn per_message_leaks(size: Size) {
    check(Timeout::PerMessage, size.items, false);
}
fn conversation(size: Size) {
    check(Timeout::Conversation, size.items, true);
}
fn conversation_leaks(size: Size) {
    check(Timeout::Conversation, size.items, false);
}

const SIZES: Claim = Claim {
    pattern: "select_timeout",
    model_size: Size::new(1, 2),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

/// Every per-message timer is a loom thread today: two messages took 19k executions (4 s), so
/// loom checks one message and its timer until timers run on a virtual clock.
const PER_MESSAGE_SIZES: Claim = Claim {
    model_size: Size::new(1, 1),
    ..SIZES
};

/// The claims: with either timeout the consumer always returns and, with a done channel, the
/// generator too; the seed's generator is left blocked after the timeout.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "per-message-timeout-returns",
        statement: "With a timer per message the consumer always returns, having printed Joe's \
                    lines in order; closing done on the way out ends the generator.",
        twin: Some("per-message-timeout-leaks-generator"),
        body: per_message,
        ..PER_MESSAGE_SIZES
    },
    Claim {
        name: "per-message-timeout-leaks-generator",
        statement: "The seed's generator is not told that the consumer left: it blocks forever \
                    sending its next line.",
        expect: Outcome::Leak,
        fix: Some("the generator selects on a done channel the consumer closes when it returns"),
        body: per_message_leaks,
        stuck: &[("boring(Joe)", "send c(Joe)")],
        ..PER_MESSAGE_SIZES
    },
    Claim {
        name: "conversation-timeout-returns",
        statement: "With one timer for the whole conversation the consumer always returns, \
                    having printed Joe's lines in order; closing done ends the generator.",
        twin: Some("conversation-timeout-leaks-generator"),
        body: conversation,
        model_size: Size::new(1, 3),
        ..SIZES
    },
    Claim {
        name: "conversation-timeout-leaks-generator",
        statement: "The seed's program: when the conversation times out, the generator blocks \
                    forever sending its next line.",
        expect: Outcome::Leak,
        fix: Some("the generator selects on a done channel the consumer closes when it returns"),
        body: conversation_leaks,
        stuck: &[("boring(Joe)", "send c(Joe)")],
        model_size: Size::new(1, 3),
        ..SIZES
    },
];

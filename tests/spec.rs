//! The Go spec as an oracle: every channel operation in every channel state, from ONE table that
//! runs under real threads (`cargo test --test spec`), shuttle (`--features shuttle`) and loom
//! (`RUSTFLAGS="--cfg loom" cargo test --release --test spec`).
//!
//! A row names an operation, a channel state, what the operation returns, what happens to the
//! partner thread that put the channel in that state (woken with a result, or still blocked), and
//! what the buffer holds afterwards; each row cites the rule it checks. Blocking is checked
//! through the verdict: an operation that must block forever ends the check as DEADLOCK naming
//! `main` in exactly that operation, on exactly that channel, at exactly that line; a partner the
//! operation must not wake is named in a LEAK (or alongside `main` in a DEADLOCK).
//!
//! The rest of the file pins `select` specifics (losing arms withdrawn, closed and nil arms,
//! operands evaluated once, close during a blocked select, one channel in two arms) and reports
//! (outcome, stuck threads, operations, channels and lines; `Display` of every report type).
//! Everything goes through the public API only, so the tests outlive any runtime rewrite.

use std::fmt;
use std::time::Duration;

use chancheck::chan::{self, Chan, CloseError, SendError, TryRecvError, TrySendError};
use chancheck::check::{
    Backend, Checker, EventKind, Outcome, PanicInfo, Replay, Report, Stats, StuckThread,
    TraceEvent, Verdict,
};
use chancheck::sync::{Mutex, WaitGroup};
use chancheck::{JoinHandle, Op, go, go_named, select, time};

// ----- the table --------------------------------------------------------------------------------

/// The value `main` sends.
const V: u8 = 5;
/// The value a blocked partner sender offers.
const P: u8 = 7;

/// A channel state, set up by `main` (and a partner thread for the waiting states).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// `var ch chan u8`
    Nil,
    /// `make(chan u8)`, nobody waiting.
    OpenUnbuffered,
    /// `make(chan u8, 2)`, empty.
    OpenEmpty,
    /// `make(chan u8, 2)` holding `[1]`.
    Holding,
    /// `make(chan u8, 2)` holding `[1, 2]`.
    Full,
    /// `make(chan u8)` with a sender blocked offering 7.
    SenderWaits,
    /// `make(chan u8, 1)` holding `[1]` with a sender blocked offering 7.
    SenderWaitsOnFull,
    /// `make(chan u8)` with a receiver blocked.
    ReceiverWaits,
    /// `make(chan u8, 1)`, empty, with a receiver blocked.
    ReceiverWaitsOnEmpty,
    /// `make(chan u8)`, closed.
    Closed,
    /// `make(chan u8, 2)` holding `[1, 2]`, closed.
    ClosedHolding,
}

/// The operation `main` performs on the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Send,
    Recv,
    TrySend,
    TryRecv,
    Close,
    Len,
    Cap,
    IsClosed,
    /// `select { case v := <-ch: }`
    SelectRecv,
    /// `select { case ch <- 5: }`
    SelectSend,
    /// `select { case v := <-ch: default: }`
    SelectRecvDefault,
    /// `select { case ch <- 5: default: }`
    SelectSendDefault,
}

/// What an operation returned, as one comparable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ret {
    /// A send delivered (or buffered) its value.
    Sent,
    /// A send found the channel closed; the value came back.
    Refused(u8),
    /// A non-blocking send found no room; the value came back.
    Full(u8),
    /// A receive got a value.
    Got(u8),
    /// A receive saw the channel closed and drained (`v, ok := <-ch` with `ok == false`).
    Closed,
    /// A non-blocking receive found nothing.
    Empty,
    /// A select ran its default case.
    Default,
    /// `close` succeeded.
    CloseOk,
    /// `close` of a closed channel.
    CloseAgain,
    /// `close` of the nil channel.
    CloseNil,
    Len(usize),
    Cap(usize),
    IsClosed(bool),
    /// The operation never returns: the check must end in DEADLOCK naming it.
    Blocks,
}
use Ret::*;

/// What becomes of the partner thread of a waiting state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Partner {
    /// The state has no partner.
    None,
    /// The operation wakes the partner, whose own operation returns this.
    Woken(Ret),
    /// The partner stays blocked: the verdict must name it.
    StillBlocked,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    state: State,
    action: Action,
    ret: Ret,
    partner: Partner,
    /// The buffer after the operation (and after a woken partner returned), in order.
    after: &'static [u8],
    rule: &'static str,
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} on {:?} ({})", self.action, self.state, self.rule)
    }
}

const fn row(
    state: State,
    action: Action,
    ret: Ret,
    partner: Partner,
    after: &'static [u8],
    rule: &'static str,
) -> Row {
    Row {
        state,
        action,
        ret,
        partner,
        after,
        rule,
    }
}

use Action as A;
use Partner::{None as Alone, StillBlocked as Stuck, Woken};
use State as S;

// Rules, quoted from the Go spec (https://go.dev/ref/spec) or, where the spec is silent, the Go
// runtime (runtime/chan.go); `crate:` marks where chancheck returns an error where Go panics.
const NIL_SEND: &str = "spec: a send on a nil channel blocks forever";
const NIL_RECV: &str = "spec: receiving from a nil channel blocks forever";
const NIL_NEVER_READY: &str =
    "spec: communication on a nil channel can never proceed, so select's default case runs";
const NIL_SELECT: &str = "spec: a select with only nil channels and no default case blocks forever";
const NIL_CLOSE: &str = "spec: closing the nil channel panics (crate: CloseError::Nil)";
const NIL_LEN: &str = "spec: the length of a nil channel is 0";
const NIL_CAP: &str = "spec: the capacity of a nil channel is 0";
const NIL_OPEN: &str = "crate: a nil channel is never closed";
const SEND_NEEDS_RECEIVER: &str =
    "spec: a send on an unbuffered channel can proceed only if a receiver is ready";
const RECV_NEEDS_VALUE: &str = "spec: a receive blocks until a value is available";
const TRY_NOT_READY: &str =
    "spec: select chooses default when no communication can proceed (try_* is that select)";
const SEND_ROOM: &str = "spec: a send on a buffered channel can proceed if there is room";
const SEND_FULL: &str = "spec: a send on a buffered channel blocks while there is no room";
const FIFO: &str = "spec: channels act as first-in-first-out queues";
const CLOSE_OPEN: &str = "spec: close records that no more values will be sent";
const CLOSE_KEEPS: &str = "spec: close keeps buffered values: they are still received";
const LEN: &str = "spec: len(ch) is the number of elements queued in the buffer";
const CAP: &str = "spec: cap(ch) is the buffer capacity";
const OPEN: &str = "crate: is_closed is false until close";
const RECV_FROM_SENDER: &str =
    "spec: an unbuffered receive proceeds with a ready sender, completing its send";
const SENDER_NOT_RECEIVER: &str =
    "spec: a waiting sender is not a ready receiver: an unbuffered send still blocks";
const SENDER_MOVES_UP: &str = "runtime/chan.go: a receive from a full buffer moves the first \
     waiting sender's value into the freed slot";
const CLOSE_WAKES_SENDER: &str = "spec: a send on a closed channel panics; a blocked sender is \
     woken by close (crate: it gets its value back)";
const CLOSE_WAKES_RECEIVER: &str =
    "runtime/chan.go: close wakes every blocked receiver, which sees the channel closed";
const QUERY_WAKES_NOBODY: &str = "spec: len, cap (crate: is_closed) communicate nothing";
const SEND_TO_RECEIVER: &str =
    "spec: an unbuffered send proceeds when a receiver is ready, completing its receive";
const SEND_HANDS_OVER: &str =
    "runtime/chan.go: a send with a receiver waiting hands the value over directly";
const RECEIVER_NOT_SENDER: &str = "spec: a waiting receiver is not a value: a receive still blocks";
const SEND_CLOSED: &str = "spec: a send on a closed channel panics (crate: the value comes back)";
const RECV_CLOSED: &str =
    "spec: a receive on a closed channel proceeds immediately, yielding the zero value (ok false)";
const CLOSE_CLOSED: &str =
    "spec: closing a closed channel panics (crate: CloseError::AlreadyClosed)";
const CLOSED_IS_CLOSED: &str = "crate: is_closed is true once closed";
const DRAIN_FIRST: &str = "spec: a receive on a closed channel yields the zero value only after \
     previously sent values have been received";
const CLOSED_READY: &str = "spec: a communication on a closed channel can proceed, so select \
     picks it over default";

#[rustfmt::skip]
const TABLE: &[Row] = &[
    // nil
    row(S::Nil, A::Send, Blocks, Alone, &[], NIL_SEND),
    row(S::Nil, A::Recv, Blocks, Alone, &[], NIL_RECV),
    row(S::Nil, A::TrySend, Full(V), Alone, &[], NIL_NEVER_READY),
    row(S::Nil, A::TryRecv, Empty, Alone, &[], NIL_NEVER_READY),
    row(S::Nil, A::Close, CloseNil, Alone, &[], NIL_CLOSE),
    row(S::Nil, A::Len, Len(0), Alone, &[], NIL_LEN),
    row(S::Nil, A::Cap, Cap(0), Alone, &[], NIL_CAP),
    row(S::Nil, A::IsClosed, IsClosed(false), Alone, &[], NIL_OPEN),
    row(S::Nil, A::SelectRecv, Blocks, Alone, &[], NIL_SELECT),
    row(S::Nil, A::SelectSend, Blocks, Alone, &[], NIL_SELECT),
    row(S::Nil, A::SelectRecvDefault, Default, Alone, &[], NIL_NEVER_READY),
    row(S::Nil, A::SelectSendDefault, Default, Alone, &[], NIL_NEVER_READY),
    // open, unbuffered, nobody waiting
    row(S::OpenUnbuffered, A::Send, Blocks, Alone, &[], SEND_NEEDS_RECEIVER),
    row(S::OpenUnbuffered, A::Recv, Blocks, Alone, &[], RECV_NEEDS_VALUE),
    row(S::OpenUnbuffered, A::TrySend, Full(V), Alone, &[], TRY_NOT_READY),
    row(S::OpenUnbuffered, A::TryRecv, Empty, Alone, &[], TRY_NOT_READY),
    row(S::OpenUnbuffered, A::Close, CloseOk, Alone, &[], CLOSE_OPEN),
    row(S::OpenUnbuffered, A::Len, Len(0), Alone, &[], LEN),
    row(S::OpenUnbuffered, A::Cap, Cap(0), Alone, &[], CAP),
    row(S::OpenUnbuffered, A::IsClosed, IsClosed(false), Alone, &[], OPEN),
    row(S::OpenUnbuffered, A::SelectRecv, Blocks, Alone, &[], RECV_NEEDS_VALUE),
    row(S::OpenUnbuffered, A::SelectSend, Blocks, Alone, &[], SEND_NEEDS_RECEIVER),
    row(S::OpenUnbuffered, A::SelectRecvDefault, Default, Alone, &[], TRY_NOT_READY),
    row(S::OpenUnbuffered, A::SelectSendDefault, Default, Alone, &[], TRY_NOT_READY),
    // open, buffered, empty
    row(S::OpenEmpty, A::Send, Sent, Alone, &[V], SEND_ROOM),
    row(S::OpenEmpty, A::Recv, Blocks, Alone, &[], RECV_NEEDS_VALUE),
    row(S::OpenEmpty, A::TrySend, Sent, Alone, &[V], SEND_ROOM),
    row(S::OpenEmpty, A::TryRecv, Empty, Alone, &[], TRY_NOT_READY),
    row(S::OpenEmpty, A::Close, CloseOk, Alone, &[], CLOSE_OPEN),
    row(S::OpenEmpty, A::Len, Len(0), Alone, &[], LEN),
    row(S::OpenEmpty, A::Cap, Cap(2), Alone, &[], CAP),
    row(S::OpenEmpty, A::IsClosed, IsClosed(false), Alone, &[], OPEN),
    row(S::OpenEmpty, A::SelectRecv, Blocks, Alone, &[], RECV_NEEDS_VALUE),
    row(S::OpenEmpty, A::SelectSend, Sent, Alone, &[V], SEND_ROOM),
    row(S::OpenEmpty, A::SelectRecvDefault, Default, Alone, &[], TRY_NOT_READY),
    row(S::OpenEmpty, A::SelectSendDefault, Sent, Alone, &[V], SEND_ROOM),
    // open, buffered, holding [1]
    row(S::Holding, A::Send, Sent, Alone, &[1, V], FIFO),
    row(S::Holding, A::Recv, Got(1), Alone, &[], FIFO),
    row(S::Holding, A::TrySend, Sent, Alone, &[1, V], FIFO),
    row(S::Holding, A::TryRecv, Got(1), Alone, &[], FIFO),
    row(S::Holding, A::Close, CloseOk, Alone, &[1], CLOSE_KEEPS),
    row(S::Holding, A::Len, Len(1), Alone, &[1], LEN),
    row(S::Holding, A::Cap, Cap(2), Alone, &[1], CAP),
    row(S::Holding, A::IsClosed, IsClosed(false), Alone, &[1], OPEN),
    row(S::Holding, A::SelectRecv, Got(1), Alone, &[], FIFO),
    row(S::Holding, A::SelectSend, Sent, Alone, &[1, V], FIFO),
    row(S::Holding, A::SelectRecvDefault, Got(1), Alone, &[], FIFO),
    row(S::Holding, A::SelectSendDefault, Sent, Alone, &[1, V], FIFO),
    // open, buffered, full [1, 2]
    row(S::Full, A::Send, Blocks, Alone, &[], SEND_FULL),
    row(S::Full, A::Recv, Got(1), Alone, &[2], FIFO),
    row(S::Full, A::TrySend, Full(V), Alone, &[1, 2], TRY_NOT_READY),
    row(S::Full, A::TryRecv, Got(1), Alone, &[2], FIFO),
    row(S::Full, A::Close, CloseOk, Alone, &[1, 2], CLOSE_KEEPS),
    row(S::Full, A::Len, Len(2), Alone, &[1, 2], LEN),
    row(S::Full, A::Cap, Cap(2), Alone, &[1, 2], CAP),
    row(S::Full, A::IsClosed, IsClosed(false), Alone, &[1, 2], OPEN),
    row(S::Full, A::SelectRecv, Got(1), Alone, &[2], FIFO),
    row(S::Full, A::SelectSend, Blocks, Alone, &[], SEND_FULL),
    row(S::Full, A::SelectRecvDefault, Got(1), Alone, &[2], FIFO),
    row(S::Full, A::SelectSendDefault, Default, Alone, &[1, 2], TRY_NOT_READY),
    // unbuffered, a sender blocked offering 7
    row(S::SenderWaits, A::Send, Blocks, Stuck, &[], SENDER_NOT_RECEIVER),
    row(S::SenderWaits, A::Recv, Got(P), Woken(Sent), &[], RECV_FROM_SENDER),
    row(S::SenderWaits, A::TrySend, Full(V), Stuck, &[], SENDER_NOT_RECEIVER),
    row(S::SenderWaits, A::TryRecv, Got(P), Woken(Sent), &[], RECV_FROM_SENDER),
    row(S::SenderWaits, A::Close, CloseOk, Woken(Refused(P)), &[], CLOSE_WAKES_SENDER),
    row(S::SenderWaits, A::Len, Len(0), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::SenderWaits, A::Cap, Cap(0), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::SenderWaits, A::IsClosed, IsClosed(false), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::SenderWaits, A::SelectRecv, Got(P), Woken(Sent), &[], RECV_FROM_SENDER),
    row(S::SenderWaits, A::SelectSend, Blocks, Stuck, &[], SENDER_NOT_RECEIVER),
    row(S::SenderWaits, A::SelectRecvDefault, Got(P), Woken(Sent), &[], RECV_FROM_SENDER),
    row(S::SenderWaits, A::SelectSendDefault, Default, Stuck, &[], SENDER_NOT_RECEIVER),
    // buffered, full [1], a sender blocked offering 7
    row(S::SenderWaitsOnFull, A::Send, Blocks, Stuck, &[], SEND_FULL),
    row(S::SenderWaitsOnFull, A::Recv, Got(1), Woken(Sent), &[P], SENDER_MOVES_UP),
    row(S::SenderWaitsOnFull, A::TrySend, Full(V), Stuck, &[1], TRY_NOT_READY),
    row(S::SenderWaitsOnFull, A::TryRecv, Got(1), Woken(Sent), &[P], SENDER_MOVES_UP),
    row(S::SenderWaitsOnFull, A::Close, CloseOk, Woken(Refused(P)), &[1], CLOSE_WAKES_SENDER),
    row(S::SenderWaitsOnFull, A::Len, Len(1), Stuck, &[1], QUERY_WAKES_NOBODY),
    row(S::SenderWaitsOnFull, A::Cap, Cap(1), Stuck, &[1], QUERY_WAKES_NOBODY),
    row(S::SenderWaitsOnFull, A::IsClosed, IsClosed(false), Stuck, &[1], QUERY_WAKES_NOBODY),
    row(S::SenderWaitsOnFull, A::SelectRecv, Got(1), Woken(Sent), &[P], SENDER_MOVES_UP),
    row(S::SenderWaitsOnFull, A::SelectSend, Blocks, Stuck, &[], SEND_FULL),
    row(S::SenderWaitsOnFull, A::SelectRecvDefault, Got(1), Woken(Sent), &[P], SENDER_MOVES_UP),
    row(S::SenderWaitsOnFull, A::SelectSendDefault, Default, Stuck, &[1], TRY_NOT_READY),
    // unbuffered, a receiver blocked
    row(S::ReceiverWaits, A::Send, Sent, Woken(Got(V)), &[], SEND_TO_RECEIVER),
    row(S::ReceiverWaits, A::Recv, Blocks, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaits, A::TrySend, Sent, Woken(Got(V)), &[], SEND_TO_RECEIVER),
    row(S::ReceiverWaits, A::TryRecv, Empty, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaits, A::Close, CloseOk, Woken(Closed), &[], CLOSE_WAKES_RECEIVER),
    row(S::ReceiverWaits, A::Len, Len(0), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::ReceiverWaits, A::Cap, Cap(0), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::ReceiverWaits, A::IsClosed, IsClosed(false), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::ReceiverWaits, A::SelectRecv, Blocks, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaits, A::SelectSend, Sent, Woken(Got(V)), &[], SEND_TO_RECEIVER),
    row(S::ReceiverWaits, A::SelectRecvDefault, Default, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaits, A::SelectSendDefault, Sent, Woken(Got(V)), &[], SEND_TO_RECEIVER),
    // buffered, empty, a receiver blocked
    row(S::ReceiverWaitsOnEmpty, A::Send, Sent, Woken(Got(V)), &[], SEND_HANDS_OVER),
    row(S::ReceiverWaitsOnEmpty, A::Recv, Blocks, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaitsOnEmpty, A::TrySend, Sent, Woken(Got(V)), &[], SEND_HANDS_OVER),
    row(S::ReceiverWaitsOnEmpty, A::TryRecv, Empty, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaitsOnEmpty, A::Close, CloseOk, Woken(Closed), &[], CLOSE_WAKES_RECEIVER),
    row(S::ReceiverWaitsOnEmpty, A::Len, Len(0), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::ReceiverWaitsOnEmpty, A::Cap, Cap(1), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::ReceiverWaitsOnEmpty, A::IsClosed, IsClosed(false), Stuck, &[], QUERY_WAKES_NOBODY),
    row(S::ReceiverWaitsOnEmpty, A::SelectRecv, Blocks, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaitsOnEmpty, A::SelectSend, Sent, Woken(Got(V)), &[], SEND_HANDS_OVER),
    row(S::ReceiverWaitsOnEmpty, A::SelectRecvDefault, Default, Stuck, &[], RECEIVER_NOT_SENDER),
    row(S::ReceiverWaitsOnEmpty, A::SelectSendDefault, Sent, Woken(Got(V)), &[], SEND_HANDS_OVER),
    // unbuffered, closed
    row(S::Closed, A::Send, Refused(V), Alone, &[], SEND_CLOSED),
    row(S::Closed, A::Recv, Closed, Alone, &[], RECV_CLOSED),
    row(S::Closed, A::TrySend, Refused(V), Alone, &[], SEND_CLOSED),
    row(S::Closed, A::TryRecv, Closed, Alone, &[], RECV_CLOSED),
    row(S::Closed, A::Close, CloseAgain, Alone, &[], CLOSE_CLOSED),
    row(S::Closed, A::Len, Len(0), Alone, &[], LEN),
    row(S::Closed, A::Cap, Cap(0), Alone, &[], CAP),
    row(S::Closed, A::IsClosed, IsClosed(true), Alone, &[], CLOSED_IS_CLOSED),
    row(S::Closed, A::SelectRecv, Closed, Alone, &[], RECV_CLOSED),
    row(S::Closed, A::SelectSend, Refused(V), Alone, &[], SEND_CLOSED),
    row(S::Closed, A::SelectRecvDefault, Closed, Alone, &[], CLOSED_READY),
    row(S::Closed, A::SelectSendDefault, Refused(V), Alone, &[], CLOSED_READY),
    // buffered [1, 2], closed
    row(S::ClosedHolding, A::Send, Refused(V), Alone, &[1, 2], SEND_CLOSED),
    row(S::ClosedHolding, A::Recv, Got(1), Alone, &[2], DRAIN_FIRST),
    row(S::ClosedHolding, A::TrySend, Refused(V), Alone, &[1, 2], SEND_CLOSED),
    row(S::ClosedHolding, A::TryRecv, Got(1), Alone, &[2], DRAIN_FIRST),
    row(S::ClosedHolding, A::Close, CloseAgain, Alone, &[1, 2], CLOSE_CLOSED),
    row(S::ClosedHolding, A::Len, Len(2), Alone, &[1, 2], LEN),
    row(S::ClosedHolding, A::Cap, Cap(2), Alone, &[1, 2], CAP),
    row(S::ClosedHolding, A::IsClosed, IsClosed(true), Alone, &[1, 2], CLOSED_IS_CLOSED),
    row(S::ClosedHolding, A::SelectRecv, Got(1), Alone, &[2], DRAIN_FIRST),
    row(S::ClosedHolding, A::SelectSend, Refused(V), Alone, &[1, 2], SEND_CLOSED),
    row(S::ClosedHolding, A::SelectRecvDefault, Got(1), Alone, &[2], DRAIN_FIRST),
    row(S::ClosedHolding, A::SelectSendDefault, Refused(V), Alone, &[1, 2], CLOSED_READY),
];

// ----- running a row ----------------------------------------------------------------------------

/// Settings for the table: small enough that the whole file runs in seconds per scheduler.
fn checker() -> Checker {
    Checker::new().shuttle_iterations(300).std_repetitions(15)
}

/// `tests/spec.rs:N`, where N is the line carrying the marker comment `// [name]`.
fn site(name: &str) -> String {
    let marker = format!("// [{name}]");
    let marked: Vec<usize> = include_str!("spec.rs")
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(&marker))
        .map(|(i, _)| i)
        .collect();
    let [line] = marked[..] else {
        panic!("{marker} must mark exactly one line, not {}", marked.len())
    };
    format!("{}:{}", file!(), line + 1)
}

fn stuck(thread: &str, op: Op, waiting_on: &[&str], at: &str) -> StuckThread {
    StuckThread {
        thread: thread.to_string(),
        op,
        waiting_on: waiting_on.iter().map(|s| s.to_string()).collect(),
        site: site(at),
    }
}

fn sent(r: Result<(), SendError<u8>>) -> Ret {
    match r {
        Ok(()) => Sent,
        Err(SendError(v)) => Refused(v),
    }
}

fn received(v: Option<u8>) -> Ret {
    v.map_or(Closed, Got)
}

fn closed(r: Result<(), CloseError>) -> Ret {
    match r {
        Ok(()) => CloseOk,
        Err(CloseError::AlreadyClosed) => CloseAgain,
        Err(CloseError::Nil) => CloseNil,
    }
}

impl State {
    fn cap(self) -> usize {
        match self {
            S::Nil | S::OpenUnbuffered | S::SenderWaits | S::ReceiverWaits | S::Closed => 0,
            S::SenderWaitsOnFull | S::ReceiverWaitsOnEmpty => 1,
            S::OpenEmpty | S::Holding | S::Full | S::ClosedHolding => 2,
        }
    }

    fn partner(self) -> Option<&'static str> {
        match self {
            S::SenderWaits | S::SenderWaitsOnFull => Some("sender"),
            S::ReceiverWaits | S::ReceiverWaitsOnEmpty => Some("receiver"),
            _ => None,
        }
    }

    /// Make the channel and put it in this state; the partner thread, if the state has one.
    fn setup(self) -> (Chan<u8>, Option<JoinHandle<Ret>>) {
        if self == S::Nil {
            return (Chan::nil(), None);
        }
        let ch = chan::named::<u8>("ch", self.cap());
        let buffered: &[u8] = match self {
            S::Holding => &[1],
            S::Full | S::ClosedHolding | S::SenderWaitsOnFull => &[1, 2][..self.cap()],
            _ => &[],
        };
        for &v in buffered {
            ch.send(v).unwrap();
        }
        let partner = match self.partner() {
            Some("sender") => {
                let tx = ch.sender();
                Some(go_named("sender", move || {
                    let r = tx.send(P); // [partner-send]
                    sent(r)
                }))
            }
            Some(_) => {
                let rx = ch.receiver();
                Some(go_named("receiver", move || {
                    let v = rx.recv(); // [partner-recv]
                    received(v)
                }))
            }
            None => None,
        };
        if matches!(self, S::Closed | S::ClosedHolding) {
            ch.close().unwrap();
        }
        (ch, partner)
    }
}

/// Perform `action` once. Each blocking call sits on its own marked line: reports must name it.
fn act(ch: &Chan<u8>, action: Action) -> Ret {
    match action {
        A::Send => {
            let r = ch.send(V); // [send]
            sent(r)
        }
        A::Recv => {
            let v = ch.recv(); // [recv]
            received(v)
        }
        A::TrySend => match ch.try_send(V) {
            Ok(()) => Sent,
            Err(TrySendError::Full(v)) => Full(v),
            Err(TrySendError::Closed(v)) => Refused(v),
        },
        A::TryRecv => match ch.try_recv() {
            Ok(v) => Got(v),
            Err(TryRecvError::Empty) => Empty,
            Err(TryRecvError::Closed) => Closed,
        },
        A::Close => closed(ch.close()),
        A::Len => {
            let len = ch.len();
            assert_eq!(ch.is_empty(), len == 0, "is_empty agrees with len");
            Len(len)
        }
        A::Cap => Cap(ch.cap()),
        A::IsClosed => IsClosed(ch.is_closed()),
        A::SelectRecv => select! { // [select-recv]
            recv(*ch) -> v => received(v),
        },
        A::SelectSend => select! { // [select-send]
            send(*ch, V) -> r => sent(r),
        },
        A::SelectRecvDefault => select! {
            recv(*ch) -> v => received(v),
            default => Default,
        },
        A::SelectSendDefault => select! {
            send(*ch, V) -> r => sent(r),
            default => Default,
        },
    }
}

/// A non-blocking operation meant to find a waiting partner retries until the partner is there:
/// no API can wait for "the partner is blocked", and "not yet" is a correct answer before that.
fn retries(row: &Row) -> bool {
    let non_blocking = matches!(
        row.action,
        A::TrySend | A::TryRecv | A::SelectRecvDefault | A::SelectSendDefault
    );
    let not_yet = matches!(row.ret, Full(_) | Empty | Default);
    non_blocking && row.state.partner().is_some() && !not_yet
}

/// The body `check::verify` runs for a row: panics (a PANIC verdict) on a wrong result.
fn body(row: Row) {
    let (ch, partner) = row.state.setup();
    let ret = loop {
        let ret = act(&ch, row.action);
        if retries(&row) && matches!(ret, Full(_) | Empty | Default) {
            time::sleep(Duration::from_millis(1));
            continue;
        }
        break ret;
    };
    assert_eq!(ret, row.ret, "{row}: what {:?} returned", row.action);
    if let (Woken(expected), Some(partner)) = (row.partner, partner) {
        let got = partner.join().expect("the partner does not panic");
        assert_eq!(
            got, expected,
            "{row}: what the woken partner's operation returned"
        );
    }
    assert_eq!(ch.len(), row.after.len(), "{row}: len afterwards");
    if row.partner != Stuck {
        let mut drained = Vec::new();
        while let Ok(v) = ch.try_recv() {
            drained.push(v);
        }
        assert_eq!(drained, row.after, "{row}: the buffer afterwards");
    }
}

/// The verdict a row must reach and the threads its report must name, in order.
fn expected(row: &Row) -> (Outcome, Vec<StuckThread>) {
    let chan_name = if row.state == S::Nil { "nil" } else { "ch" };
    let mut threads = Vec::new();
    if row.ret == Blocks {
        let (op, dir, at) = match row.action {
            A::Send => (Op::Send, "send", "send"),
            A::Recv => (Op::Recv, "recv", "recv"),
            A::SelectRecv => (Op::Select, "recv", "select-recv"),
            A::SelectSend => (Op::Select, "send", "select-send"),
            other => panic!("{row}: {other:?} cannot block"),
        };
        threads.push(stuck("main", op, &[&format!("{dir} {chan_name}")], at));
    }
    if row.partner == Stuck {
        threads.push(match row.state.partner() {
            Some("sender") => stuck("sender", Op::Send, &["send ch"], "partner-send"),
            _ => stuck("receiver", Op::Recv, &["recv ch"], "partner-recv"),
        });
    }
    let outcome = match (row.ret, threads.is_empty()) {
        (Blocks, _) => Outcome::Deadlock,
        (_, false) => Outcome::Leak,
        (_, true) => Outcome::Holds,
    };
    (outcome, threads)
}

/// Why `verdict` does not meet `row`, if it does not.
fn mismatch(row: &Row, verdict: &Verdict) -> Option<String> {
    let (outcome, threads) = expected(row);
    if verdict.outcome != outcome {
        return Some(format!("expected {outcome}\n{verdict}"));
    }
    match &verdict.report {
        None if outcome == Outcome::Holds => None,
        None => Some(format!("a {outcome} verdict without a report\n{verdict}")),
        Some(report) => {
            if report.outcome != outcome || report.backend != Backend::current() {
                return Some(format!("the report disagrees with the verdict\n{verdict}"));
            }
            (report.stuck != threads)
                .then(|| format!("expected stuck threads {threads:#?}\n{verdict}"))
        }
    }
}

/// Check every row of the table for one action; report every failing row at once.
fn check_action(action: Action) {
    let rows: Vec<&Row> = TABLE.iter().filter(|r| r.action == action).collect();
    assert_eq!(
        rows.len(),
        11,
        "{action:?} has a row for every channel state"
    );
    let mut failures = Vec::new();
    for row in rows {
        assert_eq!(
            row.partner == Alone,
            row.state.partner().is_none(),
            "{row}: a partner outcome exactly for the waiting states"
        );
        let r = *row;
        let verdict = checker().verify(move || body(r));
        if let Some(why) = mismatch(row, &verdict) {
            failures.push(format!("{row}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

macro_rules! table_tests {
    ($($name:ident => $action:expr),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_action($action);
            }
        )*
    };
}

table_tests! {
    table_send => A::Send,
    table_recv => A::Recv,
    table_try_send => A::TrySend,
    table_try_recv => A::TryRecv,
    table_close => A::Close,
    table_len => A::Len,
    table_cap => A::Cap,
    table_is_closed => A::IsClosed,
    table_select_recv => A::SelectRecv,
    table_select_send => A::SelectSend,
    table_select_recv_default => A::SelectRecvDefault,
    table_select_send_default => A::SelectSendDefault,
}

#[test]
fn the_table_covers_every_operation_in_every_state() {
    assert_eq!(TABLE.len(), 12 * 11);
    for (i, a) in TABLE.iter().enumerate() {
        for b in &TABLE[i + 1..] {
            assert!(
                (a.state, a.action) != (b.state, b.action),
                "{a} appears twice"
            );
        }
    }
}

// ----- select specifics -------------------------------------------------------------------------

fn holds(verdict: Verdict) {
    assert!(verdict.holds(), "{verdict}");
}

/// Go's test/chan/select6.go (issue 1469): a goroutine whose select took one channel must not
/// still be queued on the others, or a later sender hands its value to a thread that has moved on.
#[test]
fn select6_a_later_sender_never_reaches_a_finished_select() {
    holds(checker().verify(|| {
        let c1 = chan::named::<bool>("c1", 0);
        let c2 = chan::named::<bool>("c2", 0);
        let r = c1.receiver();
        let reader = go_named("reader", move || r.recv());
        let (r1, r2) = (c1.receiver(), c2.receiver());
        let selector = go_named("selector", move || {
            select! {
                recv(r1) -> _ => panic!("dummy: the c1 arm fired"),
                recv(r2) -> v => assert_eq!(v, Some(true)),
            }
            r1.recv()
        });
        c2.send(true).unwrap();
        c1.send(true).unwrap();
        c1.send(true).unwrap();
        assert_eq!(reader.join().unwrap(), Some(true));
        assert_eq!(selector.join().unwrap(), Some(true));
    }));
}

/// The losing recv arm is withdrawn: once the select returned, nobody receives on its channel.
#[test]
fn losing_recv_arm_is_withdrawn() {
    holds(checker().verify(|| {
        let c1 = chan::named::<u8>("c1", 0);
        let c2 = chan::named::<u8>("c2", 0);
        let (r1, r2) = (c1.receiver(), c2.receiver());
        let selector = go_named("selector", move || {
            select! {
                recv(r1) -> _ => "c1",
                recv(r2) -> _ => "c2",
            }
        });
        c2.send(1).unwrap();
        assert_eq!(selector.join().unwrap(), "c2");
        assert_eq!(
            c1.try_send(2),
            Err(TrySendError::Full(2)),
            "the finished select's c1 arm took a value"
        );
    }));
}

/// The same, through a blocking send: with the arm withdrawn the send can only block forever.
#[test]
fn a_send_to_a_withdrawn_arm_blocks_forever() {
    let verdict = checker().verify(|| {
        let c1 = chan::named::<u8>("c1", 0);
        let c2 = chan::named::<u8>("c2", 0);
        let (r1, r2) = (c1.receiver(), c2.receiver());
        let selector = go_named("selector", move || {
            select! {
                recv(r1) -> _ => "c1",
                recv(r2) -> _ => "c2",
            }
        });
        c2.send(1).unwrap();
        assert_eq!(selector.join().unwrap(), "c2");
        let _ = c1.send(2); // [withdrawn-send]
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    assert_eq!(
        verdict.report.unwrap().stuck,
        [stuck("main", Op::Send, &["send c1"], "withdrawn-send")]
    );
}

/// A losing arm stays withdrawn while its thread waits again: a later send on its channel is not
/// handed to the thread's next wait, and blocks for good.
#[test]
fn a_losing_arm_stays_withdrawn_while_its_thread_waits_again() {
    let verdict = checker().verify(|| {
        let c1 = chan::named::<u8>("c1", 0);
        let c2 = chan::named::<u8>("c2", 0);
        let next = chan::named::<u8>("next", 0);
        let (r1, r2, rn) = (c1.receiver(), c2.receiver(), next.receiver());
        let selector = go_named("selector", move || {
            select! {
                recv(r1) -> _ => {},
                recv(r2) -> _ => {},
            }
            rn.recv()
        });
        c2.send(1).unwrap();
        let late = c1.sender();
        go_named("late", move || {
            let _ = late.send(2); // [stale-arm-send]
        });
        next.send(3).unwrap();
        assert_eq!(selector.join().unwrap(), Some(3));
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    assert_eq!(
        verdict.report.unwrap().stuck,
        [stuck("late", Op::Send, &["send c1"], "stale-arm-send")]
    );
}

/// Go's test/chan/doubleselect.go: a select with two send arms delivers exactly one value, and
/// the losing arm's value is withdrawn with it.
#[test]
fn doubleselect_a_select_sends_exactly_once() {
    holds(checker().verify(|| {
        let a = chan::named::<u8>("a", 0);
        let b = chan::named::<u8>("b", 0);
        let (ta, tb) = (a.sender(), b.sender());
        let sender = go_named("sender", move || {
            select! {
                send(ta, 1) -> r => { r.unwrap(); "a" },
                send(tb, 2) -> r => { r.unwrap(); "b" },
            }
        });
        let got = select! {
            recv(a) -> v => ("a", v),
            recv(b) -> v => ("b", v),
        };
        let which = sender.join().unwrap();
        assert_eq!(
            got.0, which,
            "the receiver and the sender disagree on the channel"
        );
        assert_eq!(got.1, Some(if which == "a" { 1 } else { 2 }));
        assert_eq!(
            a.try_recv(),
            Err(TryRecvError::Empty),
            "a stale send arm on a"
        );
        assert_eq!(
            b.try_recv(),
            Err(TryRecvError::Empty),
            "a stale send arm on b"
        );
    }));
}

/// A closed channel's recv arm is ready; nil and empty arms are not.
#[test]
fn a_closed_channels_recv_arm_is_ready() {
    holds(checker().verify(|| {
        let nil = Chan::<u8>::nil();
        let empty = chan::named::<u8>("empty", 0);
        let done = chan::named::<u8>("done", 0);
        done.close().unwrap();
        let picked = select! {
            recv(nil) -> _ => "nil",
            recv(empty) -> _ => "empty",
            send(nil, 1) -> _ => "nil send",
            recv(done) -> v => { assert_eq!(v, None); "done" },
        };
        assert_eq!(picked, "done");
    }));
}

/// A nil arm never fires: the live arm beside it does, whenever its partner arrives.
#[test]
fn a_nil_arm_never_fires() {
    holds(checker().verify(|| {
        let nil = Chan::<u8>::nil();
        let ch = chan::named::<u8>("ch", 0);
        let tx = ch.sender();
        let sender = go_named("sender", move || tx.send(4));
        let got = select! {
            recv(nil) -> _ => panic!("the nil recv arm fired"),
            send(nil, 1) -> _ => panic!("the nil send arm fired"),
            recv(ch) -> v => v,
        };
        assert_eq!(got, Some(4));
        assert_eq!(sender.join().unwrap(), Ok(()));
    }));
}

/// Only nil arms and no default: blocked forever, and the report lists every arm.
#[test]
fn a_select_of_nil_arms_blocks_forever() {
    let verdict = checker().verify(|| {
        let nil = Chan::<u8>::nil();
        select! { // [nil-select]
            recv(nil) -> _ => {},
            send(nil, 1) -> _ => {},
        }
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    assert_eq!(
        verdict.report.unwrap().stuck,
        [stuck(
            "main",
            Op::Select,
            &["recv nil", "send nil"],
            "nil-select"
        )]
    );
}

/// Records the order in which select operands are evaluated.
fn noted<T>(log: &std::sync::Mutex<Vec<&'static str>>, what: &'static str, value: T) -> T {
    log.lock().unwrap().push(what);
    value
}

/// spec: "the channel operands of receive operations and the channel and right-hand-side
/// expressions of send statements are evaluated exactly once, in source order, upon entering
/// the select statement" — whichever case runs, default included, and however long it blocks.
#[test]
fn select_operands_are_evaluated_once_in_source_order() {
    holds(checker().verify(|| {
        let log = std::sync::Mutex::new(Vec::new());
        let a = chan::named::<u8>("a", 0);
        let b = chan::named::<u8>("b", 0);
        let picked = select! {
            recv(noted(&log, "recv channel", a.clone())) -> _ => "a",
            send(noted(&log, "send channel", b.clone()), noted(&log, "send value", 9)) -> _ => "b",
            default => "default",
        };
        assert_eq!(picked, "default");
        assert_eq!(
            *log.lock().unwrap(),
            ["recv channel", "send channel", "send value"]
        );

        log.lock().unwrap().clear();
        let rx = b.receiver();
        let receiver = go_named("receiver", move || rx.recv());
        let picked = select! {
            recv(noted(&log, "recv channel", a.clone())) -> _ => "a",
            send(noted(&log, "send channel", b.clone()), noted(&log, "send value", 9)) -> _ => "b",
        };
        assert_eq!(picked, "b");
        assert_eq!(receiver.join().unwrap(), Some(9));
        assert_eq!(
            *log.lock().unwrap(),
            ["recv channel", "send channel", "send value"]
        );
    }));
}

/// Closing a channel wakes a select blocked on it: a recv arm sees closed, and the other arms
/// are withdrawn.
#[test]
fn close_wakes_a_blocked_select_recv_arm() {
    holds(checker().verify(|| {
        let a = chan::named::<u8>("a", 0);
        let b = chan::named::<u8>("b", 0);
        let closer = a.clone();
        let c = go_named("closer", move || closer.close());
        let got = select! {
            recv(a) -> v => v,
            send(b, 1) -> _ => panic!("nobody receives on b"),
        };
        assert_eq!(got, None);
        assert_eq!(c.join().unwrap(), Ok(()));
        assert_eq!(
            b.try_recv(),
            Err(TryRecvError::Empty),
            "a stale send arm on b"
        );
    }));
}

/// Closing a channel wakes a select blocked sending on it; the value comes back.
#[test]
fn close_wakes_a_blocked_select_send_arm() {
    holds(checker().verify(|| {
        let a = chan::named::<u8>("a", 0);
        let b = chan::named::<u8>("b", 0);
        let closer = b.clone();
        let c = go_named("closer", move || closer.close());
        let got = select! {
            recv(a) -> _ => panic!("nobody sends on a"),
            send(b, 1) -> r => r,
        };
        assert_eq!(got, Err(SendError(1)));
        assert_eq!(c.join().unwrap(), Ok(()));
        assert_eq!(
            a.try_send(3),
            Err(TrySendError::Full(3)),
            "a stale recv arm on a"
        );
    }));
}

/// One channel in two recv arms: one value, taken once.
#[test]
fn one_channel_in_two_recv_arms_is_received_once() {
    holds(checker().verify(|| {
        let ch = chan::named::<u8>("ch", 1);
        ch.send(3).unwrap();
        let got = select! {
            recv(ch) -> v => v,
            recv(ch) -> v => v,
        };
        assert_eq!(got, Some(3));
        assert_eq!(ch.len(), 0);
        assert_eq!(ch.try_recv(), Err(TryRecvError::Empty));
    }));
}

/// A select cannot rendezvous with itself: send and recv arms on one unbuffered channel, with
/// nobody else, block forever.
#[test]
fn a_select_never_meets_itself() {
    let verdict = checker().verify(|| {
        let ch = chan::named::<u8>("ch", 0);
        select! { // [self-select]
            send(ch, 1) -> _ => panic!("the select sent to itself"),
            recv(ch) -> _ => panic!("the select received from itself"),
        }
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    assert_eq!(
        verdict.report.unwrap().stuck,
        [stuck(
            "main",
            Op::Select,
            &["send ch", "recv ch"],
            "self-select"
        )]
    );
}

/// Send and recv arms on one channel with a sender waiting: the recv arm takes its value, and the
/// send arm is withdrawn.
#[test]
fn one_channel_in_a_send_and_a_recv_arm() {
    holds(checker().verify(|| {
        let ch = chan::named::<u8>("ch", 0);
        let tx = ch.sender();
        let sender = go_named("sender", move || tx.send(9));
        let got = select! {
            send(ch, 1) -> _ => panic!("nobody receives"),
            recv(ch) -> v => v,
        };
        assert_eq!(got, Some(9));
        assert_eq!(sender.join().unwrap(), Ok(()));
        assert_eq!(
            ch.try_recv(),
            Err(TryRecvError::Empty),
            "a stale send arm on ch"
        );
    }));
    holds(checker().verify(|| {
        let ch = chan::named::<u8>("ch", 1);
        let got = select! {
            send(ch, 1) -> r => { r.unwrap(); "send" },
            recv(ch) -> _ => "recv",
        };
        assert_eq!(got, "send", "only the send arm was ready");
        assert_eq!(ch.try_recv(), Ok(1));
    }));
}

/// Go spec: "If one or more of the communications can proceed, a single one that can proceed is
/// chosen via a uniform pseudo-random selection." Three ready arms, many selects: each arm wins
/// about a third of them (on real threads, and under shuttle's controlled randomness). loom has no
/// randomness: there a select takes the first ready arm written (documented).
#[test]
fn a_select_chooses_uniformly_among_ready_arms() {
    let rounds: usize = if cfg!(loom) {
        3
    } else if cfg!(feature = "shuttle") {
        300
    } else {
        3000
    };
    let verdict = Checker::new()
        .shuttle_iterations(1)
        .std_repetitions(1)
        .verify(move || {
            let chans = [0u8, 1, 2].map(|i| chan::named::<u8>(&format!("c{i}"), 1));
            let mut wins = [0usize; 3];
            for _ in 0..rounds {
                for (i, ch) in chans.iter().enumerate() {
                    ch.send(i as u8).unwrap();
                }
                let won = select! {
                    recv(chans[0]) -> v => v,
                    recv(chans[1]) -> v => v,
                    recv(chans[2]) -> v => v,
                };
                let won = usize::from(won.expect("open channels"));
                wins[won] += 1;
                for (i, ch) in chans.iter().enumerate() {
                    // The losers still hold their values; the winner's channel is empty.
                    assert_eq!(
                        ch.try_recv().is_ok(),
                        i != won,
                        "arm {i} after arm {won} won"
                    );
                }
            }
            if cfg!(loom) {
                assert_eq!(wins, [rounds, 0, 0], "loom takes the first ready arm");
            } else {
                // Expected rounds / 3 each; half of that is at least 6 standard deviations off.
                assert!(
                    wins.iter().all(|&w| w >= rounds / 6),
                    "wins per arm over {rounds} selects: {wins:?}"
                );
            }
        });
    holds(verdict);
}

// ----- reports ----------------------------------------------------------------------------------

/// The report of a violation: outcome, scheduler, replay kind, and execution number agree with
/// the verdict, whichever scheduler found it.
fn report_of(verdict: &Verdict, outcome: Outcome) -> Report {
    assert_eq!(verdict.outcome, outcome, "{verdict}");
    assert!(!verdict.holds(), "a {outcome} verdict does not hold");
    let report = verdict
        .report
        .clone()
        .expect("a violation comes with a report");
    assert_eq!(report.outcome, outcome);
    assert_eq!(report.backend, Backend::current());
    assert_eq!(verdict.stats.backend, Backend::current());
    assert!(report.execution >= 1, "{verdict}");
    assert_eq!(report.execution, verdict.stats.explored, "{verdict}");
    assert!(
        !report.trace.is_empty(),
        "a report carries its trace\n{verdict}"
    );
    match (&report.replay, Backend::current()) {
        (Replay::Std, Backend::Std) => {}
        (
            Replay::Loom {
                preemption_bound, ..
            },
            Backend::Loom,
        ) => {
            assert_eq!(*preemption_bound, Some(2))
        }
        (Replay::Shuttle { schedule }, Backend::Shuttle) => assert!(!schedule.is_empty()),
        (replay, backend) => panic!("{replay:?} from {backend}"),
    }
    let text = verdict.to_string();
    let unit = match Backend::current() {
        Backend::Std => "repetitions",
        Backend::Loom => "executions",
        Backend::Shuttle => "iterations",
    };
    let head = format!(
        "{outcome} under {} ({}) after {} {unit} in ",
        verdict.stats.backend, verdict.stats.settings, verdict.stats.explored
    );
    assert!(text.starts_with(&head), "{text}");
    assert!(text.contains(&report.to_string()), "{text}");
    report
}

/// LEAK: the body returned; every goroutine still blocked is named, in the order started, with
/// its operation, every arm it waits on, and its line.
#[test]
fn a_leak_names_every_blocked_goroutine() {
    let verdict = checker().verify(|| {
        let a = chan::named::<u8>("a", 0);
        let b = chan::named::<u8>("b", 0);
        let (ra, tb) = (a.receiver(), b.sender());
        go_named("first", move || ra.recv()); // [leak-first]
        go_named("second", move || tb.send(1)); // [leak-second]
        let (ra, tb) = (a.receiver(), b.sender());
        go(move || {
            let nil = Chan::<u8>::nil();
            select! { // [leak-third]
                recv(ra) -> _ => {},
                send(tb, 2) -> _ => {},
                recv(nil) -> _ => {},
            }
        });
    });
    let report = report_of(&verdict, Outcome::Leak);
    assert_eq!(
        report.stuck,
        [
            stuck("first", Op::Recv, &["recv a"], "leak-first"),
            stuck("second", Op::Send, &["send b"], "leak-second"),
            stuck(
                "goroutine-1",
                Op::Select,
                &["recv a", "send b", "recv nil"],
                "leak-third"
            ),
        ],
        "{verdict}"
    );
    assert_eq!(
        report.stuck_table(),
        format!(
            "- `first` blocked in recv a at {}\n\
             - `second` blocked in send b at {}\n\
             - `goroutine-1` blocked in select {{ recv a, send b, recv nil }} at {}\n",
            site("leak-first"),
            site("leak-second"),
            site("leak-third")
        )
    );
}

/// DEADLOCK: the body itself is blocked; it is named first, joining, then the goroutine it waits
/// for.
#[test]
fn a_deadlock_names_main_and_the_goroutines() {
    let verdict = checker().verify(|| {
        let jobs = chan::named::<u8>("jobs", 0);
        let rx = jobs.receiver();
        let worker = go_named("worker", move || rx.recv()); // [deadlock-worker]
        let _ = worker.join(); // [deadlock-join]
    });
    let report = report_of(&verdict, Outcome::Deadlock);
    assert_eq!(
        report.stuck,
        [
            stuck("main", Op::Join, &["join worker"], "deadlock-join"),
            stuck("worker", Op::Recv, &["recv jobs"], "deadlock-worker"),
        ],
        "{verdict}"
    );
}

/// A returning body whose goroutines all finished holds, even when one finishes after the body
/// returned; one that did not finish makes it a leak, not a deadlock.
#[test]
fn leak_versus_deadlock_versus_holds() {
    holds(checker().verify(|| {
        let ch = chan::named::<u8>("ch", 1);
        let tx = ch.sender();
        go_named("late", move || tx.send(1));
    }));
    let verdict = checker().verify(|| {
        let ch = chan::named::<u8>("ch", 0);
        let tx = ch.sender();
        go_named("late", move || tx.send(1)); // [late-send]
    });
    let report = report_of(&verdict, Outcome::Leak);
    assert_eq!(
        report.stuck,
        [stuck("late", Op::Send, &["send ch"], "late-send")]
    );
    let verdict = checker().verify(|| {
        let ch = chan::named::<u8>("ch", 0);
        let tx = ch.sender();
        go_named("late", move || tx.send(1));
        ch.recv();
        ch.recv(); // [second-recv]
    });
    let report = report_of(&verdict, Outcome::Deadlock);
    assert_eq!(
        report.stuck,
        [stuck("main", Op::Recv, &["recv ch"], "second-recv")]
    );
}

/// Lock-like waits read as what they are: `lock mu`, `wait waitgroup`.
#[test]
fn locks_and_waitgroups_are_named_as_such() {
    let verdict = checker().verify(|| {
        let mu = Mutex::named("mu", 0u8);
        let _held = mu.lock();
        let _again = mu.lock(); // [relock]
    });
    let report = report_of(&verdict, Outcome::Deadlock);
    assert_eq!(
        report.stuck,
        [stuck("main", Op::Lock, &["lock mu"], "relock")]
    );
    let verdict = checker().verify(|| {
        let wg = WaitGroup::new();
        wg.add(1).unwrap();
        wg.wait(); // [wg-wait]
    });
    let report = report_of(&verdict, Outcome::Deadlock);
    assert_eq!(
        report.stuck,
        [stuck("main", Op::Wait, &["wait waitgroup"], "wg-wait")]
    );
}

/// A panic names its thread and carries its message exactly.
#[test]
fn a_panic_names_its_thread_and_message() {
    let verdict = checker().verify(|| {
        let h = go_named("checker", || panic!("boom {}", 42));
        let _ = h.join();
    });
    let report = report_of(&verdict, Outcome::Panic);
    assert_eq!(
        report.panic,
        Some(PanicInfo {
            thread: "checker".to_string(),
            message: "boom 42".to_string(),
        })
    );
    assert!(report.stuck.is_empty(), "{report}");
    let verdict = checker().verify(|| panic!("in the body"));
    let report = report_of(&verdict, Outcome::Panic);
    assert_eq!(
        report.panic,
        Some(PanicInfo {
            thread: "main".to_string(),
            message: "in the body".to_string(),
        })
    );
}

/// Unnamed channels are `chan#N` in creation order, counting every channel the run made: named
/// ones, a `WaitGroup`'s and a timer's included, so every scheduler names a channel alike.
#[test]
fn unnamed_channels_are_numbered_in_creation_order() {
    let verdict = checker().verify(|| {
        let first = chan::make::<u8>(0);
        let _named = chan::named::<u8>("named", 0);
        let _wg = WaitGroup::new();
        let _timer = chan::after(Duration::from_millis(1));
        let second = chan::make::<u8>(0);
        assert_eq!(first.name(), "chan#1");
        assert_eq!(second.name(), "chan#5");
        let renamed = chan::make::<u8>(0).named("renamed");
        assert_eq!(renamed.name(), "renamed");
        assert_eq!(renamed.sender().name(), "renamed");
        assert_eq!(renamed.receiver().name(), "renamed");
        assert_eq!(Chan::<u8>::nil().name(), "nil");
        second.recv(); // [unnamed-recv]
    });
    let report = report_of(&verdict, Outcome::Deadlock);
    assert_eq!(
        report.stuck,
        [stuck("main", Op::Recv, &["recv chan#5"], "unnamed-recv")]
    );
}

/// Timers and tickers are the runtime's threads: never reported, and shut down once the body is
/// done, whether or not anyone read them.
#[test]
fn timers_fire_and_are_never_reported() {
    holds(checker().verify(|| {
        let after = chan::after(Duration::from_millis(1));
        assert_eq!(after.name(), "after(1ms)");
        assert_eq!(after.cap(), 1);
        assert!(after.recv().is_some(), "a timer fires");
        let _unread = chan::after(Duration::from_millis(1));
    }));
    holds(checker().verify(|| {
        let tick = chan::tick(Duration::from_millis(1));
        assert_eq!(tick.name(), "tick(1ms)");
        assert!(tick.recv().is_some());
        assert!(tick.recv().is_some(), "a ticker fires again");
        assert!(!tick.is_closed());
    }));
}

/// The channel views agree with the channel they view.
#[test]
fn views_agree_with_their_channel() {
    holds(checker().verify(|| {
        let ch = chan::named::<u8>("ch", 2);
        let (tx, rx) = (ch.sender(), ch.receiver());
        assert_eq!((tx.cap(), rx.cap()), (2, 2));
        assert!(tx.is_empty() && rx.is_empty() && ch.is_empty());
        tx.send(1).unwrap();
        assert_eq!(tx.try_send(2), Ok(()));
        assert_eq!(tx.try_send(3), Err(TrySendError::Full(3)));
        assert_eq!((ch.len(), tx.len(), rx.len()), (2, 2, 2));
        assert!(!tx.is_empty() && !rx.is_empty() && !ch.is_empty());
        assert_eq!(
            format!("{ch:?} {tx:?} {rx:?}"),
            "Chan(ch) Sender(ch) Receiver(ch)"
        );
        assert_eq!(rx.try_recv(), Ok(1));
        tx.close().unwrap();
        assert!(rx.is_closed() && ch.is_closed());
        assert_eq!(tx.close(), Err(CloseError::AlreadyClosed));
        assert_eq!(tx.send(4), Err(SendError(4)));
        assert_eq!((&rx).into_iter().collect::<Vec<_>>(), [2]);
        assert_eq!(rx.recv(), None);
        let nil_tx = chan::Sender::<u8>::nil();
        let nil_rx = chan::Receiver::<u8>::nil();
        assert_eq!(
            (nil_tx.len(), nil_tx.cap(), nil_rx.len(), nil_rx.cap()),
            (0, 0, 0, 0)
        );
        assert!(!nil_rx.is_closed() && nil_tx.is_empty() && nil_rx.is_empty());
        assert_eq!(nil_tx.try_send(1), Err(TrySendError::Full(1)));
        assert_eq!(nil_rx.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(nil_tx.close(), Err(CloseError::Nil));
        assert_eq!(
            (nil_tx.name(), nil_rx.name()),
            ("nil".to_string(), "nil".to_string())
        );
        let owned = chan::named::<u8>("owned", 1);
        let tx: chan::Sender<u8> = owned.clone().into();
        let rx: chan::Receiver<u8> = owned.into();
        tx.send(8).unwrap();
        assert_eq!(rx.iter().next(), Some(8));
    }));
}

/// Ends a body with a LEAK, so that its report carries the whole trace: `employee` is left
/// blocked sending on `result`.
#[cfg(any(loom, feature = "shuttle"))]
fn leak_an_employee() {
    let result = chan::named::<u8>("result", 0);
    let tx = result.sender();
    go_named("employee", move || {
        let _ = tx.send(1);
    });
}

/// The trace of a verdict that must be that LEAK.
#[cfg(any(loom, feature = "shuttle"))]
fn leak_trace(verdict: &Verdict) -> Vec<String> {
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    verdict
        .report
        .as_ref()
        .expect("a leak has a report")
        .trace
        .clone()
}

/// Under a model every operation is in the trace, attributed to the thread that ran it: a
/// goroutine's `make`, a receive, a join, and a select's `default` (a failed `try_send` or
/// `try_recv` is no select and logs none).
#[cfg(any(loom, feature = "shuttle"))]
#[test]
fn a_model_trace_names_each_operation_and_its_thread() {
    let verdict = checker().verify(|| {
        let worker = go_named("worker", || drop(chan::named::<u8>("made", 0)));
        worker.join().unwrap();
        let c = chan::named::<u8>("c", 1);
        c.send(1).unwrap();
        assert_eq!(c.recv(), Some(1));
        select! {
            recv(c) -> _ => unreachable!("c is empty"),
            default => {},
        }
        c.send(2).unwrap();
        assert_eq!(c.try_send(3), Err(TrySendError::Full(3)));
        assert_eq!(c.receiver().try_recv(), Ok(2));
        assert_eq!(c.try_recv(), Err(TryRecvError::Empty));
        leak_an_employee();
    });
    let trace = &leak_trace(&verdict);
    // Whether the join had to wait (`(woken)`) is the schedule's choice.
    let count = |event: &str| {
        trace
            .iter()
            .filter(|l| l.trim_end_matches(" (woken)").ends_with(event))
            .count()
    };
    for (event, times) in [
        ("worker: make made (cap 0)", 1),
        ("main: join worker: done", 1),
        ("main: recv c: value", 2),
        ("select: default", 1),
        ("main: select: default", 1),
    ] {
        assert_eq!(count(event), times, "{event:?} in\n{}", trace.join("\n"));
    }
}

/// A send refused by a close says whether the close woke it (it was blocked) or it found the
/// channel closed and had its value handed back. Which comes first is the schedule's choice, so
/// the check runs under several seeds and reads every reported execution.
#[cfg(any(loom, feature = "shuttle"))]
#[test]
fn a_model_trace_tells_a_woken_refused_send_from_one_handed_back() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..16 {
        let verdict = checker().seed(seed).verify(|| {
            let shut = chan::named::<u8>("shut", 0);
            let closer = shut.sender();
            go_named("closer", move || closer.close().unwrap());
            assert_eq!(shut.send(7), Err(SendError(7)));
            leak_an_employee();
        });
        let trace = &leak_trace(&verdict);
        let refused: Vec<&String> = trace.iter().filter(|l| l.contains("send shut")).collect();
        let line = refused.last().expect("the refused send is traced");
        let woken = line.ends_with("main: send shut: closed (woken)");
        let handed_back = line.ends_with("main: send shut: closed, value handed back");
        assert!(woken || handed_back, "{}", trace.join("\n"));
        seen.insert(woken);
    }
    if cfg!(feature = "shuttle") {
        assert_eq!(seen.len(), 2, "16 seeds saw both orders");
    }
}

/// The sequence diagram of a hand-made report, drawn exactly: one lane per thread and per
/// channel (a thread and a channel of the same name apart), a woken receive drawn after the send
/// that completed it, each kind of event as its arrow or note, the stuck thread's final wait
/// drawn once, as the stuck note, and the monitor's verdict line left out.
#[test]
fn a_sequence_diagram_draws_every_event_kind_in_order() {
    let event =
        |thread: &str, kind: EventKind, channel: Option<&str>, peer: Option<&str>| TraceEvent {
            thread: thread.to_string(),
            kind,
            channel: channel.map(str::to_string),
            peer: peer.map(str::to_string),
            waiting_on: Vec::new(),
            site: None,
            woken: false,
            text: String::new(),
        };
    let woken = |e: TraceEvent| TraceEvent { woken: true, ..e };
    let waits = |e: TraceEvent, on: &str| TraceEvent {
        waiting_on: vec![on.to_string()],
        ..e
    };
    use EventKind as K;
    let events = vec![
        event("main", K::Make, Some("jobs"), None),
        event("main", K::Go, None, Some("jobs")),
        event("jobs", K::Start, None, Some("jobs")),
        waits(event("jobs", K::Blocks, None, None), "recv jobs"),
        woken(event("jobs", K::Recv, Some("jobs"), None)),
        event("main", K::Send, Some("jobs"), None),
        woken(event("jobs", K::Recv, Some("jobs"), None)),
        woken(event("main", K::Send, Some("jobs"), None)),
        event("main", K::SendBuffered, Some("b"), None),
        event("main", K::Close, Some("b"), None),
        event("main", K::CloseAgain, Some("b"), None),
        event("main", K::SelectDefault, None, None),
        event("jobs", K::SendClosed, Some("b"), None),
        woken(event("jobs", K::RecvClosed, Some("b"), None)),
        event("jobs", K::Sleep, None, None),
        event("jobs", K::Returns, None, None),
        event("main", K::Join, None, Some("jobs")),
        waits(event("main", K::Blocks, None, None), "recv never"),
        event("monitor", K::Monitor, None, None),
    ];
    let report = Report {
        outcome: Outcome::Deadlock,
        stuck: vec![StuckThread {
            thread: "main".to_string(),
            op: Op::Recv,
            waiting_on: vec!["recv never".to_string()],
            site: "src/x.rs:9".to_string(),
        }],
        panic: None,
        events,
        ..synthetic_report(Replay::Std)
    };
    assert_eq!(
        report.sequence_diagram().expect("the report has events"),
        "\
sequenceDiagram
    participant L0 as main
    participant L2 as jobs
    participant L1 as chan jobs
    participant L3 as chan b
    L0->>L2: go
    Note over L2: waits: recv jobs
    L0->>L1: send
    L1->>L2: recv (woken)
    L1->>L2: recv (woken)
    L0->>L1: send (woken)
    L0->>L3: send (buffered)
    L0-xL3: close
    L0-xL3: close again (refused)
    Note over L0: select: default
    L2-xL3: send refused: closed
    L3-->>L2: recv: closed (woken)
    Note over L2: returns
    L2-->>L0: join
    Note over L0: stuck: recv never (src/x.rs:9)
"
    );
}

/// A long diagram keeps its last steps and says how many it left out (and lists only the lanes
/// those steps use); a select's stuck note shows its arms; a panic gets its note; labels stay
/// one Mermaid-safe line.
#[test]
fn a_long_sequence_diagram_keeps_its_end_and_safe_labels() {
    let event = |thread: &str, kind: EventKind, peer: Option<&str>| TraceEvent {
        thread: thread.to_string(),
        kind,
        channel: None,
        peer: peer.map(str::to_string),
        waiting_on: Vec::new(),
        site: None,
        woken: false,
        text: String::new(),
    };
    let long_name = "w".repeat(130);
    let mut events = vec![
        event("early", EventKind::SelectDefault, None),
        event("main", EventKind::Go, Some("w;1")),
    ];
    events.extend((0..61).map(|_| event("main", EventKind::SelectDefault, None)));
    events.push(event(&long_name, EventKind::Returns, None));
    events.push(event("main", EventKind::BodyReturns, None));
    events.push(event("w;1", EventKind::Panic, None));
    let report = Report {
        outcome: Outcome::Panic,
        stuck: vec![StuckThread {
            thread: "x#2".to_string(),
            op: Op::Select,
            waiting_on: vec!["recv a".to_string(), "send nil".to_string()],
            site: "s.rs:1".to_string(),
        }],
        panic: Some(PanicInfo {
            thread: "w;1".to_string(),
            message: "boom\nsecond line".to_string(),
        }),
        events,
        ..synthetic_report(Replay::Std)
    };
    let diagram = report.sequence_diagram().expect("the report has events");
    let expected = [
        "sequenceDiagram".to_string(),
        "    participant L1 as main".to_string(),
        "    participant L2 as w,1".to_string(),
        format!("    participant L3 as {}…", "w".repeat(120)),
        "    participant L4 as xno. 2".to_string(),
        "    Note over L1: … 6 earlier steps left out (see the full trace)".to_string(),
    ]
    .into_iter()
    .chain((0..57).map(|_| "    Note over L1: select: default".to_string()))
    .chain(
        [
            "    Note over L3: returns",
            "    Note over L1: body returns",
            "    Note over L2: panics",
            "    Note over L4: stuck: select { recv a, send nil } (s.rs:1)",
            "    Note over L2: panicked: boom…",
        ]
        .map(str::to_string),
    )
    .map(|line| line + "\n")
    .collect::<String>();
    assert_eq!(diagram, expected);
}

// ----- Display ----------------------------------------------------------------------------------

#[test]
fn outcomes_ops_and_backends_display_as_documented() {
    let outcomes = [
        Outcome::Holds,
        Outcome::Leak,
        Outcome::Deadlock,
        Outcome::Panic,
        Outcome::Unfinished,
    ]
    .map(|o| o.to_string());
    assert_eq!(
        outcomes,
        ["HOLDS", "LEAK", "DEADLOCK", "PANIC", "UNFINISHED"]
    );
    let ops = [
        Op::Send,
        Op::Recv,
        Op::Select,
        Op::Lock,
        Op::Wait,
        Op::Join,
        Op::Sleep,
    ]
    .map(|o| o.to_string());
    assert_eq!(
        ops,
        ["send", "recv", "select", "lock", "wait", "join", "sleep"]
    );
    let backends = [Backend::Std, Backend::Loom, Backend::Shuttle].map(|b| b.to_string());
    assert_eq!(backends, ["std", "loom", "shuttle"]);
}

#[test]
fn channel_errors_display_and_hand_values_back() {
    assert_eq!(SendError(1u8).to_string(), "send on closed channel");
    assert_eq!(format!("{:?}", SendError(1u8)), "SendError(..)");
    assert_eq!(SendError(1u8).into_inner(), 1);
    assert_eq!(TrySendError::Full(1u8).to_string(), "send on full channel");
    assert_eq!(
        TrySendError::Closed(1u8).to_string(),
        "send on closed channel"
    );
    assert_eq!(format!("{:?}", TrySendError::Full(1u8)), "Full(..)");
    assert_eq!(format!("{:?}", TrySendError::Closed(1u8)), "Closed(..)");
    assert_eq!(TrySendError::Full(2u8).into_inner(), 2);
    assert_eq!(TrySendError::Closed(3u8).into_inner(), 3);
    assert_eq!(TryRecvError::Empty.to_string(), "receive on empty channel");
    assert_eq!(
        TryRecvError::Closed.to_string(),
        "receive on closed and drained channel"
    );
    assert_eq!(
        CloseError::AlreadyClosed.to_string(),
        "close of closed channel"
    );
    assert_eq!(CloseError::Nil.to_string(), "close of nil channel");
}

fn synthetic_report(replay: Replay) -> Report {
    Report {
        outcome: Outcome::Leak,
        backend: Backend::Shuttle,
        stuck: vec![
            StuckThread {
                thread: "employee".to_string(),
                op: Op::Send,
                waiting_on: vec!["send result".to_string()],
                site: "src/patterns/cancellation.rs:56".to_string(),
            },
            StuckThread {
                thread: "goroutine-2".to_string(),
                op: Op::Select,
                waiting_on: vec!["recv a".to_string(), "send nil".to_string()],
                site: "src/x.rs:7".to_string(),
            },
        ],
        panic: Some(PanicInfo {
            thread: "checker".to_string(),
            message: "boom".to_string(),
        }),
        trace: (1..=10).map(|i| format!("main: event {i}")).collect(),
        events: Vec::new(),
        execution: 3,
        replay,
    }
}

/// The whole text of a report and a verdict, for every kind of replay.
#[test]
fn reports_and_verdicts_display_exactly() {
    let replays = [
        Replay::Shuttle {
            schedule: "91010a".to_string(),
        },
        Replay::Loom {
            preemption_bound: Some(2),
            checkpoint: None,
        },
        Replay::Loom {
            preemption_bound: None,
            checkpoint: Some("target/loom-checkpoints/x.json".to_string()),
        },
        Replay::Std,
    ];
    let mut text = String::new();
    for replay in replays {
        text.push_str(&synthetic_report(replay).to_string());
        text.push_str("----\n");
    }
    for (backend, explored) in [
        (Backend::Loom, 343),
        (Backend::Shuttle, 7),
        (Backend::Std, 1),
    ] {
        let verdict = Verdict {
            outcome: Outcome::Leak,
            stats: Stats {
                backend,
                settings: "settings".to_string(),
                explored,
                elapsed: Duration::from_millis(12),
            },
            report: Some(Report {
                backend,
                trace: Vec::new(),
                panic: None,
                ..synthetic_report(Replay::Std)
            }),
        };
        text.push_str(&verdict.to_string());
        text.push_str("----\n");
    }
    let holds = Verdict {
        outcome: Outcome::Holds,
        stats: Stats {
            backend: Backend::Std,
            settings: "40 repetitions".to_string(),
            explored: 40,
            elapsed: Duration::from_micros(1500),
        },
        report: None,
    };
    assert!(holds.holds());
    text.push_str(&holds.to_string());
    insta::assert_snapshot!("report_display", text);
}

/// A body that never blocks and never finishes is UNFINISHED — not a deadlock, not a leak — and
/// the check returns instead of hanging.
#[test]
fn a_spinning_body_is_unfinished() {
    let started = std::time::Instant::now();
    let verdict = Checker::new()
        .time_limit(Duration::from_millis(300))
        .std_repetitions(1)
        .shuttle_iterations(1)
        .verify(|| {
            let never = chan::named::<u8>("never", 0);
            while never.try_recv().is_err() {
                time::sleep(Duration::from_millis(1));
            }
        });
    // Not `report_of`: a checker's own step limit leaves no shuttle schedule to replay.
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
    assert!(!verdict.holds());
    let report = verdict
        .report
        .clone()
        .expect("an unfinished check has a report");
    assert_eq!(report.outcome, Outcome::Unfinished);
    match verdict.stats.backend {
        // Real threads name what is still running, from their trace.
        Backend::Std => assert!(!report.trace.is_empty(), "{verdict}"),
        // The models' step limits say so in words.
        Backend::Loom | Backend::Shuttle => assert!(
            report
                .panic
                .as_ref()
                .is_some_and(|p| p.message.contains("livelock / step limit")),
            "{verdict}"
        ),
    }
    assert!(started.elapsed() < Duration::from_secs(60), "{verdict}");
}

//! `select!`: Go's select over channel arms, with an optional `default` arm.
//!
//! ```
//! use chancheck::{chan, check, select};
//! let verdict = check::verify(|| {
//!     let jobs = chan::named::<u32>("jobs", 1);
//!     let quit = chan::named::<()>("quit", 0);
//!     jobs.send(7).unwrap();
//!     select! {
//!         recv(jobs) -> job => assert_eq!(job, Some(7)),
//!         recv(quit) -> _ => unreachable!("nobody closes quit"),
//!     }
//!     select! {
//!         send(jobs, 8) -> sent => assert!(sent.is_ok()),
//!         default => unreachable!("there is room for one value"),
//!     }
//! });
//! assert!(verdict.holds(), "{verdict}");
//! ```
//!
//! Arms are `recv(rx) -> v => …` (`v: Option<T>`, `None` once closed and drained),
//! `send(tx, value) -> res => …` (`res: Result<(), SendError<T>>`) and `default => …`.
//! A nil channel's arm is never ready; a closed channel's recv arm always is. Channel and value
//! expressions are evaluated once, in order, before the select starts, as in Go.
//!
//! Which ready arm is taken: on real threads, uniformly at random (Go's rule); under shuttle, a
//! choice drawn from shuttle's controlled randomness, so every choice is explored and replayable;
//! under loom, which has no controlled randomness, the first ready arm in the order written —
//! loom still explores every order in which the arms *become* ready.

use std::marker::PhantomData;

use crate::chan::{AsReceiver, AsSender, SendError};

#[cfg(any(loom, feature = "shuttle"))]
use crate::model::select as backend;
#[cfg(not(any(loom, feature = "shuttle")))]
use crate::real::select as backend;

pub use backend::Select;

/// Which arm fired and its result, type-erased until its token claims it.
#[derive(Default)]
pub struct Fired {
    pub(crate) arm: Option<usize>,
    pub(crate) result: Option<Box<dyn std::any::Any>>,
}

impl Fired {
    pub(crate) fn claim(&mut self, arm: usize) -> Option<Box<dyn std::any::Any>> {
        if self.arm == Some(arm) {
            self.result.take()
        } else {
            None
        }
    }
}

/// Claims a recv arm's result after the select ran.
pub struct RecvToken<T> {
    arm: usize,
    _t: PhantomData<fn() -> T>,
}

/// Claims a send arm's result after the select ran.
pub struct SendToken<T> {
    arm: usize,
    _t: PhantomData<fn() -> T>,
}

impl<T: Send + 'static> RecvToken<T> {
    /// `Some(received)` when this arm fired: from `slot` when the first pass took it, else from
    /// the blocking select's boxed result.
    pub fn take(&self, fired: &mut Fired, slot: &mut Option<Option<T>>) -> Option<Option<T>> {
        if fired.arm != Some(self.arm) {
            return None;
        }
        slot.take()
            .or_else(|| fired.claim(self.arm).map(backend::recv_result::<T>))
    }
}

impl<T: Send + 'static> SendToken<T> {
    /// `Some(result)` when this arm fired: from `slot` when the first pass took it, else from
    /// the blocking select's boxed result.
    pub fn take(
        &self,
        fired: &mut Fired,
        slot: &mut Option<Result<(), SendError<T>>>,
    ) -> Option<Result<(), SendError<T>>> {
        if fired.arm != Some(self.arm) {
            return None;
        }
        slot.take()
            .or_else(|| fired.claim(self.arm).map(backend::send_result::<T>))
    }
}

/// The first pass the macro makes before it builds a [`Select`] (on real threads: try every arm
/// once without blocking, from a random arm, allocating nothing; under a model: nothing, the
/// select is one atomic operation). It also hands out the arms' tokens, in source order.
pub struct FirstPass {
    next: usize,
    arms: usize,
    inner: backend::FirstPass,
}

impl FirstPass {
    /// A first pass over `arms` arms; `has_default` when the macro saw a `default` arm.
    pub fn new(arms: usize, has_default: bool) -> Self {
        Self {
            next: 0,
            arms,
            inner: backend::FirstPass::new(arms, has_default),
        }
    }

    /// The next arm's index, and whether the pass is in its second round.
    fn next_arm(&mut self) -> (usize, bool) {
        let n = self.next;
        self.next += 1;
        (n % self.arms, n >= self.arms)
    }

    /// A recv arm, in the first round (returning its token) or the second (ignore the token).
    /// When the first pass takes this arm, what it received goes to `slot` (nothing is boxed);
    /// under a model the first pass takes no arm and `slot` stays empty.
    pub fn recv<T: Send + 'static, R: AsReceiver<T> + ?Sized>(
        &mut self,
        rx: &R,
        slot: &mut Option<Option<T>>,
    ) -> RecvToken<T> {
        let (arm, second_round) = self.next_arm();
        self.inner.recv(arm, second_round, rx.handle(), slot);
        RecvToken {
            arm,
            _t: PhantomData,
        }
    }

    /// A send arm; `value` stays in place unless the arm fires. When the first pass takes this
    /// arm, the send's result goes to `slot`.
    pub fn send<T: Send + 'static, S: AsSender<T> + ?Sized>(
        &mut self,
        tx: &S,
        value: &mut Option<T>,
        slot: &mut Option<Result<(), SendError<T>>>,
    ) -> SendToken<T> {
        let (arm, second_round) = self.next_arm();
        self.inner.send(arm, second_round, tx.handle(), value, slot);
        SendToken {
            arm,
            _t: PhantomData,
        }
    }

    /// The arm that fired, or the default arm, when the first pass settled the select; `None`
    /// when the select must go on to [`Select::wait`].
    pub fn fired(self) -> Option<Fired> {
        self.inner.fired()
    }
}

/// Add a recv arm.
pub fn recv<'a, T: Send + 'static, R: AsReceiver<T> + ?Sized>(
    sel: &mut Select<'a>,
    rx: &'a R,
) -> RecvToken<T> {
    RecvToken {
        arm: sel.add_recv(rx.handle()),
        _t: PhantomData,
    }
}

/// Add a send arm.
pub fn send<'a, T: Send + 'static, S: AsSender<T> + ?Sized>(
    sel: &mut Select<'a>,
    tx: &'a S,
    value: T,
) -> SendToken<T> {
    SendToken {
        arm: sel.add_send(tx.handle(), value),
        _t: PhantomData,
    }
}

/// Go's `select` statement; see the [module docs](crate::select) for the arm syntax.
#[macro_export]
macro_rules! select {
    ($($arms:tt)*) => {
        $crate::__select_parse!(
            @labels [(__c0 __t0) (__c1 __t1) (__c2 __t2) (__c3 __t3) (__c4 __t4) (__c5 __t5)
                     (__c6 __t6) (__c7 __t7) (__c8 __t8) (__c9 __t9) (__c10 __t10) (__c11 __t11)]
            @arms []
            @default []
            $($arms)*
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_parse {
    // recv arm, block body
    (@labels [($c:ident $t:ident) $($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]
     recv($rx:expr) -> $v:pat => $body:block , $($rest:tt)*) => {
        $crate::__select_parse!(@labels [$($labels)*]
            @arms [$($arms)* (recv $c $t ($rx) ($v) $body)] @default [$($def)*] $($rest)*)
    };
    (@labels [($c:ident $t:ident) $($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]
     recv($rx:expr) -> $v:pat => $body:block $($rest:tt)*) => {
        $crate::__select_parse!(@labels [$($labels)*]
            @arms [$($arms)* (recv $c $t ($rx) ($v) $body)] @default [$($def)*] $($rest)*)
    };
    // recv arm, expression body
    (@labels [($c:ident $t:ident) $($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]
     recv($rx:expr) -> $v:pat => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!(@labels [$($labels)*]
            @arms [$($arms)* (recv $c $t ($rx) ($v) { $body })] @default [$($def)*] $($($rest)*)?)
    };
    // send arm, block body
    (@labels [($c:ident $t:ident) $($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]
     send($tx:expr, $val:expr) -> $r:pat => $body:block , $($rest:tt)*) => {
        $crate::__select_parse!(@labels [$($labels)*]
            @arms [$($arms)* (send $c $t ($tx, $val) ($r) $body)] @default [$($def)*] $($rest)*)
    };
    (@labels [($c:ident $t:ident) $($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]
     send($tx:expr, $val:expr) -> $r:pat => $body:block $($rest:tt)*) => {
        $crate::__select_parse!(@labels [$($labels)*]
            @arms [$($arms)* (send $c $t ($tx, $val) ($r) $body)] @default [$($def)*] $($rest)*)
    };
    // send arm, expression body
    (@labels [($c:ident $t:ident) $($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]
     send($tx:expr, $val:expr) -> $r:pat => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!(@labels [$($labels)*]
            @arms [$($arms)* (send $c $t ($tx, $val) ($r) { $body })] @default [$($def)*] $($($rest)*)?)
    };
    // default arm
    (@labels [$($labels:tt)*] @arms [$($arms:tt)*] @default []
     default => $body:block , $($rest:tt)*) => {
        $crate::__select_parse!(@labels [$($labels)*] @arms [$($arms)*] @default [$body] $($rest)*)
    };
    (@labels [$($labels:tt)*] @arms [$($arms:tt)*] @default []
     default => $body:block $($rest:tt)*) => {
        $crate::__select_parse!(@labels [$($labels)*] @arms [$($arms)*] @default [$body] $($rest)*)
    };
    (@labels [$($labels:tt)*] @arms [$($arms:tt)*] @default []
     default => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!(@labels [$($labels)*] @arms [$($arms)*] @default [{ $body }] $($($rest)*)?)
    };
    (@labels [] @arms [$($arms:tt)*] @default [$($def:tt)*] recv $($rest:tt)*) => {
        ::core::compile_error!("chancheck::select! supports at most 12 arms")
    };
    (@labels [] @arms [$($arms:tt)*] @default [$($def:tt)*] send $($rest:tt)*) => {
        ::core::compile_error!("chancheck::select! supports at most 12 arms")
    };
    // done: emit
    (@labels [$($labels:tt)*] @arms [$($arms:tt)*] @default [$($def:tt)*]) => {
        $crate::__select_emit!(@arms [$($arms)*] @default [$($def)*])
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_emit {
    (@arms [$(($kind:ident $c:ident $t:ident ($($chan:tt)*) ($p:pat) $body:block))*] @default [$($def:block)?]) => {{
        $( $crate::__select_bind!($kind $c ($($chan)*)); )*
        let mut __pass = $crate::select::FirstPass::new(
            <[&str]>::len(&[$(::core::stringify!($c)),*]),
            $crate::__select_has_default!($($def)?),
        );
        $( let $t = $crate::__select_try!($kind __pass $c); )*
        $( let _ = $crate::__select_try!($kind __pass $c); )*
        let mut __fired = match __pass.fired() {
            ::core::option::Option::Some(fired) => fired,
            ::core::option::Option::None => {
                let mut __sel = $crate::select::Select::new($crate::__select_has_default!($($def)?));
                $( let _ = $crate::__select_arm!($kind __sel $c); )*
                __sel.wait()
            }
        };
        $crate::__select_chain!(__fired [$(($kind $c $t ($p) $body))*] [$($def)?])
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_bind {
    // (channel, the first pass's result slot)
    (recv $c:ident ($rx:expr)) => {
        let mut $c = (&$rx, ::core::option::Option::None);
    };
    // (channel, value until sent, the first pass's result slot)
    (send $c:ident ($tx:expr, $val:expr)) => {
        let mut $c = (
            &$tx,
            ::core::option::Option::Some($val),
            ::core::option::Option::None,
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_try {
    (recv $pass:ident $c:ident) => {
        $pass.recv($c.0, &mut $c.1)
    };
    (send $pass:ident $c:ident) => {
        $pass.send($c.0, &mut $c.1, &mut $c.2)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_arm {
    (recv $sel:ident $c:ident) => {
        $crate::select::recv(&mut $sel, $c.0)
    };
    (send $sel:ident $c:ident) => {
        $crate::select::send(
            &mut $sel,
            $c.0,
            $c.1.take()
                .expect("a send arm holds its value until it fires"),
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_has_default {
    () => {
        false
    };
    ($def:block) => {
        true
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_chain {
    ($fired:ident [(recv $c:ident $t:ident ($p:pat) $body:block) $($rest:tt)*] [$($def:block)?]) => {
        if let ::core::option::Option::Some($p) = $t.take(&mut $fired, &mut $c.1) {
            $body
        } else {
            $crate::__select_chain!($fired [$($rest)*] [$($def)?])
        }
    };
    ($fired:ident [(send $c:ident $t:ident ($p:pat) $body:block) $($rest:tt)*] [$($def:block)?]) => {
        if let ::core::option::Option::Some($p) = $t.take(&mut $fired, &mut $c.2) {
            $body
        } else {
            $crate::__select_chain!($fired [$($rest)*] [$($def)?])
        }
    };
    ($fired:ident [] [$def:block]) => { $def };
    ($fired:ident [] []) => { ::core::unreachable!("a select without default returns with an arm") };
}

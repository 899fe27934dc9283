//! Differential tests: the model channel, compiled on std, against the crossbeam-backed channel.
//!
//! proptest draws channel capacities and a sequence of operations; both implementations run it
//! on one thread and must agree on every observable result. Blocking operations run only when
//! they cannot block (a value is buffered, there is room, or the channel is closed). When several
//! select arms are ready crossbeam picks one at random; the model is then made to take the same
//! arm, after checking that the model also considers it ready.
//!
//! Selects mix recv and send arms, nil arms and `default`. Blocked selects get a thread of their
//! own: a helper blocks in a select whose arms are all unready (several of them, nil arms among
//! them), and the driver wakes it by closing one of its channels (racing the helper's arrival,
//! so a send may find the channel already closed), by sending to one of its recv arms or by
//! receiving from one of its send arms. Both implementations must wake the helper on an arm of
//! the same kind on the same channel with the same result, and leave the channels alike.

use proptest::prelude::*;

use super::chan::{Core as ModelCore, unbox};
use super::runtime::{Arm, Done, Runtime, Selected};
use crate::chan::{Handle, SendError, TryRecvError, TrySendError};
use crate::facade::plain::Arc;
use crate::monitor::{Op as MonOp, Role};
use crate::real::chan::Core as RealCore;
use crate::real::select::{Select as RealSelect, recv_result};

#[derive(Debug, Clone)]
enum Step {
    Send(usize, u8),
    TrySend(usize, u8),
    Recv(usize),
    TryRecv(usize),
    Close(usize),
    SelectRecv(Vec<usize>),
    SelectSend(usize, u8),
    /// A select over mixed arms (`None` is a nil channel), with or without `default`.
    Select(Vec<ArmSpec>, bool),
    /// A helper blocks in a select over these arms; the driver then wakes it through the arm at
    /// this index (wrapping, skipping nil arms): closing its channel when the flag is set, else
    /// with the matching operation (sending this value to a recv arm, receiving from a send arm).
    Blocked(Vec<ArmSpec>, usize, bool, u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArmSpec {
    Recv(Option<usize>),
    Send(Option<usize>, u8),
}

/// How the driver wakes a blocked helper.
#[derive(Debug, Clone, Copy)]
enum Wake {
    Close(usize),
    Send(usize, u8),
    Recv(usize),
}

fn arm_spec(chans: usize) -> impl Strategy<Value = ArmSpec> {
    let ch = proptest::option::weighted(0.8, 0..chans);
    prop_oneof![
        ch.clone().prop_map(ArmSpec::Recv),
        (ch, any::<u8>()).prop_map(|(c, v)| ArmSpec::Send(c, v)),
    ]
}

/// The wake a `Step::Blocked` asks for, if any of its arms is live.
fn wake_for(arms: &[ArmSpec], at: usize, close: bool, v: u8) -> Option<Wake> {
    (0..arms.len()).find_map(|k| match arms[(at + k) % arms.len()] {
        ArmSpec::Recv(Some(c)) | ArmSpec::Send(Some(c), _) if close => Some(Wake::Close(c)),
        ArmSpec::Recv(Some(c)) => Some(Wake::Send(c, v)),
        ArmSpec::Send(Some(c), _) => Some(Wake::Recv(c)),
        _ => None,
    })
}

fn step(chans: usize) -> impl Strategy<Value = Step> {
    let ch = 0..chans;
    prop_oneof![
        (ch.clone(), any::<u8>()).prop_map(|(c, v)| Step::Send(c, v)),
        (ch.clone(), any::<u8>()).prop_map(|(c, v)| Step::TrySend(c, v)),
        ch.clone().prop_map(Step::Recv),
        ch.clone().prop_map(Step::TryRecv),
        ch.clone().prop_map(Step::Close),
        proptest::collection::vec(ch.clone(), 1..=3).prop_map(Step::SelectRecv),
        (ch, any::<u8>()).prop_map(|(c, v)| Step::SelectSend(c, v)),
        (
            proptest::collection::vec(arm_spec(chans), 1..=4),
            any::<bool>()
        )
            .prop_map(|(arms, default)| Step::Select(arms, default)),
        (
            proptest::collection::vec(arm_spec(chans), 1..=4),
            any::<usize>(),
            any::<bool>(),
            any::<u8>()
        )
            .prop_map(|(arms, at, close, v)| Step::Blocked(arms, at, close, v)),
    ]
}

/// What a select did, comparable across the two implementations.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Default,
    Received(usize, Option<u8>),
    Sent(usize),
    SendClosed(usize, u8),
}

impl Outcome {
    /// The outcome with the arm index replaced by the arm's kind and channel: when several arms
    /// of one kind on one channel could fire, either implementation may take any of them.
    fn class(&self, arms: &[ArmSpec]) -> (String, Option<usize>) {
        let chan = |i: usize| match arms[i] {
            ArmSpec::Recv(c) | ArmSpec::Send(c, _) => c,
        };
        match *self {
            Outcome::Default => ("default".to_string(), None),
            Outcome::Received(i, v) => (format!("received {v:?}"), chan(i)),
            Outcome::Sent(i) => ("sent".to_string(), chan(i)),
            Outcome::SendClosed(i, v) => (format!("send closed, {v} back"), chan(i)),
        }
    }
}

/// Ready without any other thread: a value buffered or closed (recv), room or closed (send).
fn ready(real: &[RealCore<u8>], caps: &[usize], arm: ArmSpec) -> bool {
    match arm {
        ArmSpec::Recv(Some(c)) => real[c].is_closed() || real[c].len() > 0,
        ArmSpec::Send(Some(c), _) => real[c].is_closed() || real[c].len() < caps[c],
        ArmSpec::Recv(None) | ArmSpec::Send(None, _) => false,
    }
}

/// Run a select on crossbeam; `force_default` adds a default arm whatever `default` says.
fn real_select(real: &[RealCore<u8>], arms: &[ArmSpec], default: bool) -> Outcome {
    let handles: Vec<Handle<u8>> = arms
        .iter()
        .map(|a| match *a {
            ArmSpec::Recv(c) | ArmSpec::Send(c, _) => Handle(c.map(|c| real[c].clone())),
        })
        .collect();
    let mut sel = RealSelect::new(default);
    for (a, h) in arms.iter().zip(&handles) {
        match *a {
            ArmSpec::Recv(_) => sel.add_recv(h),
            ArmSpec::Send(_, v) => sel.add_send(h, v),
        };
    }
    let mut fired = sel.wait();
    match fired.arm {
        None => Outcome::Default,
        Some(k) => {
            let raw = fired.claim(k).expect("the fired arm has a result");
            match arms[k] {
                ArmSpec::Recv(_) => Outcome::Received(k, recv_result::<u8>(raw)),
                ArmSpec::Send(..) => match crate::real::select::send_result::<u8>(raw) {
                    Ok(()) => Outcome::Sent(k),
                    Err(SendError(v)) => Outcome::SendClosed(k, v),
                },
            }
        }
    }
}

fn model_arms(model: &[ModelCore<u8>], arms: &[ArmSpec]) -> Vec<Arm> {
    arms.iter()
        .map(|a| match *a {
            ArmSpec::Recv(c) => Arm::Recv(c.map(|c| model[c].id)),
            ArmSpec::Send(c, v) => Arm::Send(c.map(|c| model[c].id), Box::new(v)),
        })
        .collect()
}

fn model_outcome(selected: Selected) -> Outcome {
    match selected {
        Selected::Default(_) => Outcome::Default,
        Selected::Arm(k, Done::Received(v)) => Outcome::Received(k, v.map(unbox::<u8>)),
        Selected::Arm(k, Done::Sent) => Outcome::Sent(k),
        Selected::Arm(k, Done::SendClosed(v)) => Outcome::SendClosed(k, unbox::<u8>(v)),
    }
}

/// A helper blocked in a select over `arms` on crossbeam, woken by `wake`: what the helper's
/// select and the driver's own operation returned.
fn real_blocked(real: &[RealCore<u8>], arms: &[ArmSpec], wake: Wake) -> (Outcome, String) {
    let (chans, arms_owned) = (real.to_vec(), arms.to_vec());
    let helper = std::thread::spawn(move || real_select(&chans, &arms_owned, false));
    let driver = match wake {
        Wake::Close(c) => format!("{:?}", real[c].close(site())),
        Wake::Send(c, v) => format!("{:?}", real[c].send_as(v, MonOp::Send, site())),
        Wake::Recv(c) => format!("{:?}", real[c].recv_as(MonOp::Recv, site())),
    };
    (helper.join().expect("the helper does not panic"), driver)
}

/// The same on the model runtime, with the helper registered as one of its threads.
fn model_blocked(
    rt: &Arc<Runtime>,
    model: &[ModelCore<u8>],
    arms: &[ArmSpec],
    wake: Wake,
) -> (Outcome, String) {
    let idx = rt
        .register_thread(Some("helper"), Role::Goroutine)
        .expect("the runtime is live");
    let (child, model_arms) = (rt.clone(), model_arms(model, arms));
    let helper = std::thread::spawn(move || {
        child.bind(idx);
        let out = child.select(model_arms, false, MonOp::Select, site(), None);
        child.finish(idx, None);
        model_outcome(out)
    });
    let driver = match wake {
        Wake::Close(c) => format!("{:?}", model[c].close(site())),
        Wake::Send(c, v) => format!("{:?}", model[c].send_as(v, MonOp::Send, site())),
        Wake::Recv(c) => format!("{:?}", model[c].recv_as(MonOp::Recv, site())),
    };
    (helper.join().expect("the helper does not panic"), driver)
}

/// Whether `wake` is sure to wake a helper blocked on `arms`.
fn wakes(real: &[RealCore<u8>], arms: &[ArmSpec], wake: Wake) -> bool {
    arms.iter().any(|a| match (*a, wake) {
        (ArmSpec::Recv(Some(c)) | ArmSpec::Send(Some(c), _), Wake::Close(w)) => {
            c == w && !real[w].is_closed()
        }
        (ArmSpec::Recv(Some(c)), Wake::Send(w, _)) => c == w && !real[w].is_closed(),
        (ArmSpec::Send(Some(c), _), Wake::Recv(w)) => c == w,
        _ => false,
    })
}

fn scenario() -> impl Strategy<Value = (Vec<usize>, Vec<Step>)> {
    proptest::collection::vec(0usize..=2, 1..=3).prop_flat_map(|caps| {
        let n = caps.len();
        (Just(caps), proptest::collection::vec(step(n), 0..40))
    })
}

fn site() -> crate::monitor::Site {
    std::panic::Location::caller()
}

fn run(caps: &[usize], steps: &[Step]) {
    let rt = Runtime::new();
    let real: Vec<RealCore<u8>> = caps.iter().map(|&c| RealCore::new(c, None)).collect();
    let model: Vec<ModelCore<u8>> = caps
        .iter()
        .map(|&c| ModelCore::new_in(rt.clone(), c, None))
        .collect();
    for (i, step) in steps.iter().enumerate() {
        let at = format!("step {i} {step:?} (caps {caps:?})");
        match *step {
            Step::Send(c, v) => {
                let can = real[c].is_closed() || real[c].len() < caps[c];
                if can {
                    assert_eq!(
                        real[c].send_as(v, MonOp::Send, site()),
                        model[c].send_as(v, MonOp::Send, site()),
                        "{at}"
                    );
                }
            }
            Step::TrySend(c, v) => {
                let r: Result<(), TrySendError<u8>> = real[c].try_send(v, site());
                assert_eq!(r, model[c].try_send(v, site()), "{at}");
            }
            Step::Recv(c) => {
                if real[c].is_closed() || real[c].len() > 0 {
                    assert_eq!(
                        real[c].recv_as(MonOp::Recv, site()),
                        model[c].recv_as(MonOp::Recv, site()),
                        "{at}"
                    );
                }
            }
            Step::TryRecv(c) => {
                let r: Result<u8, TryRecvError> = real[c].try_recv(site());
                assert_eq!(r, model[c].try_recv(site()), "{at}");
            }
            Step::Close(c) => assert_eq!(real[c].close(site()), model[c].close(site()), "{at}"),
            Step::SelectRecv(ref arms) => {
                let handles: Vec<Handle<u8>> = arms
                    .iter()
                    .map(|&c| Handle(Some(real[c].clone())))
                    .collect();
                let mut sel = RealSelect::new(true);
                for h in &handles {
                    sel.add_recv(h);
                }
                let mut fired = sel.wait();
                let model_arms = arms.iter().map(|&c| Arm::Recv(Some(model[c].id))).collect();
                match fired.arm {
                    None => {
                        let out = rt.select(model_arms, true, MonOp::Select, site(), None);
                        assert!(
                            matches!(out, Selected::Default(_)),
                            "{at}: model had a ready arm"
                        );
                    }
                    Some(k) => {
                        let real_value: Option<u8> = recv_result(fired.claim(k).unwrap());
                        match rt.select(model_arms, true, MonOp::Select, site(), Some(k)) {
                            Selected::Arm(j, Done::Received(v)) => {
                                assert_eq!((j, v.map(unbox::<u8>)), (k, real_value), "{at}")
                            }
                            _ => panic!("{at}: model did not take arm {k}"),
                        }
                    }
                }
            }
            Step::SelectSend(c, v) => {
                let handle = Handle(Some(real[c].clone()));
                let mut sel = RealSelect::new(true);
                sel.add_send(&handle, v);
                let mut fired = sel.wait();
                let out = rt.select(
                    vec![Arm::Send(Some(model[c].id), Box::new(v))],
                    true,
                    MonOp::Select,
                    site(),
                    None,
                );
                match (fired.arm, out) {
                    (None, Selected::Default(_)) => {}
                    (Some(0), Selected::Arm(0, done)) => {
                        let real_result: Result<(), SendError<u8>> =
                            crate::real::select::send_result(fired.claim(0).unwrap());
                        let model_result = match done {
                            Done::Sent => Ok(()),
                            Done::SendClosed(v) => Err(SendError(unbox::<u8>(v))),
                            _ => unreachable!(),
                        };
                        assert_eq!(real_result, model_result, "{at}");
                    }
                    (r, _) => panic!("{at}: crossbeam took {r:?}, the model disagreed"),
                }
            }
            Step::Select(ref arms, default) => {
                let any_ready = arms.iter().any(|&a| ready(&real, caps, a));
                let model_default = default || !any_ready;
                match real_select(&real, arms, true) {
                    Outcome::Default => {
                        assert!(!any_ready, "{at}: crossbeam took default with an arm ready");
                        let out =
                            rt.select(model_arms(&model, arms), true, MonOp::Select, site(), None);
                        assert_eq!(model_outcome(out), Outcome::Default, "{at}");
                    }
                    out => {
                        let k = match out {
                            Outcome::Received(k, _)
                            | Outcome::Sent(k)
                            | Outcome::SendClosed(k, _) => k,
                            Outcome::Default => unreachable!(),
                        };
                        let model_out = rt.select(
                            model_arms(&model, arms),
                            model_default,
                            MonOp::Select,
                            site(),
                            Some(k),
                        );
                        assert_eq!(model_outcome(model_out), out, "{at}");
                    }
                }
            }
            Step::Blocked(ref arms, at, close, v) => {
                // Send arms on one channel offer one value: whichever fires, the driver's
                // receive must see the same thing in both implementations.
                let arms: Vec<ArmSpec> = arms
                    .iter()
                    .map(|&a| match a {
                        ArmSpec::Send(Some(c), _) => {
                            let first = arms.iter().find_map(|b| match *b {
                                ArmSpec::Send(Some(d), v) if d == c => Some(v),
                                _ => None,
                            });
                            ArmSpec::Send(Some(c), first.expect("this arm is one"))
                        }
                        other => other,
                    })
                    .collect();
                let arms = &arms;
                let none_ready = !arms.iter().any(|&a| ready(&real, caps, a));
                let wake = wake_for(arms, at, close, v);
                if let Some(wake) = wake.filter(|&w| none_ready && wakes(&real, arms, w)) {
                    let (real_out, real_driver) = real_blocked(&real, arms, wake);
                    let (model_out, model_driver) = model_blocked(&rt, &model, arms, wake);
                    assert_eq!(
                        real_driver, model_driver,
                        "{at}: the driver's own operation"
                    );
                    // A close makes every arm on the channel ready, send and recv alike.
                    let class = |out: &Outcome| match (wake, out) {
                        (Wake::Close(c), &Outcome::Received(i, None))
                            if arms[i] == ArmSpec::Recv(Some(c)) =>
                        {
                            ("closed".into(), Some(c))
                        }
                        (Wake::Close(c), &Outcome::SendClosed(i, v))
                            if arms[i] == ArmSpec::Send(Some(c), v) =>
                        {
                            ("closed".into(), Some(c))
                        }
                        _ => out.class(arms),
                    };
                    assert_eq!(
                        class(&real_out),
                        class(&model_out),
                        "{at}: crossbeam {real_out:?}, model {model_out:?}"
                    );
                }
            }
        }
        for c in 0..caps.len() {
            assert_eq!(real[c].len(), model[c].len(), "{at}: len of channel {c}");
            assert_eq!(
                real[c].is_closed(),
                model[c].is_closed(),
                "{at}: closed flag of channel {c}"
            );
        }
    }
    drop(Arc::clone(&rt));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn model_channel_matches_crossbeam((caps, steps) in scenario()) {
        run(&caps, &steps);
    }
}

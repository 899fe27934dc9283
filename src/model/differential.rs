//! Differential tests: the model channel, compiled on std, against the crossbeam-backed channel.
//!
//! proptest draws channel capacities and a sequence of operations; both implementations run it
//! on one thread and must agree on every observable result. Blocking operations run only when
//! they cannot block (a value is buffered, there is room, or the channel is closed). When several
//! select arms are ready crossbeam picks one at random; the model is then made to take the same
//! arm, after checking that the model also considers it ready.

use proptest::prelude::*;

use super::chan::{Core as ModelCore, unbox};
use super::runtime::{Arm, Done, Runtime, Selected};
use crate::chan::{Handle, SendError, TryRecvError, TrySendError};
use crate::facade::plain::Arc;
use crate::monitor::Op as MonOp;
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
    ]
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
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn model_channel_matches_crossbeam((caps, steps) in scenario()) {
        run(&caps, &steps);
    }
}

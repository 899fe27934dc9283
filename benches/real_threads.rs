//! Real-thread speed: five channel shapes, chancheck against raw crossbeam-channel in the same
//! criterion group, and each chancheck shape again inside `check::verify` (one repetition).
//!
//! Every measurement is per operation: one round trip (ping-pong), one item through the whole
//! pipeline, one message (SPSC, fan-in select) or one job done and its result collected
//! (workers). Threads are started once per measured batch, so start-up is amortised.
//!
//! ```sh
//! cargo bench --bench real_threads            # all, a few minutes on 2 cores
//! cargo bench --bench real_threads -- spsc    # one shape
//! CHANCHECK_BENCH_AB=1 cargo bench --bench real_threads   # the interleaved table instead
//! CHANCHECK_BENCH_AB=1 CHANCHECK_BENCH_ONLY=spsc cargo bench --bench real_threads  # one shape
//! CHANCHECK_BENCH_ALONE=spsc128/chancheck cargo bench --bench real_threads  # one variant alone
//! CHANCHECK_BENCH_AB=1 CHANCHECK_BENCH_ONLY=pipeline CHANCHECK_BENCH_TWO_OP_RECV=1 cargo bench \
//!     --bench real_threads  # probe: raw crossbeam with a two-operation receive, over plain
//! ```
//!
//! On a shared or loaded machine, criterion's back-to-back measurements of the variants drift
//! with the load. `CHANCHECK_BENCH_AB=1` skips criterion and instead runs the three variants of
//! each shape in turn (rotating which goes first), `AB_ROUNDS` times (`CHANCHECK_BENCH_ROUNDS`
//! to change it), and prints the median ns/op of each and the median of the rounds' own ratios:
//! each ratio compares runs made under the same load.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chancheck::check::Checker;
use chancheck::{chan, go, select};
use criterion::{BenchmarkGroup, Criterion, criterion_group, measurement::WallTime};
use crossbeam_channel as cb;

// ---- chancheck shapes: the same code runs outside and inside `check::verify` ----

fn ping_pong(iters: u64) -> Duration {
    let ping = chan::make::<u64>(0);
    let pong = chan::make::<u64>(0);
    let (rx, tx) = (ping.receiver(), pong.sender());
    let echo = go(move || {
        for v in &rx {
            tx.send(v).unwrap();
        }
    });
    let start = Instant::now();
    for i in 0..iters {
        ping.send(i).unwrap();
        assert_eq!(pong.recv(), Some(i));
    }
    let elapsed = start.elapsed();
    ping.close().unwrap();
    echo.join().unwrap();
    elapsed
}

fn pipeline(iters: u64) -> Duration {
    let c1 = chan::make::<u64>(0);
    let c2 = chan::make::<u64>(0);
    let c3 = chan::make::<u64>(0);
    let tx1 = c1.sender();
    let source = go(move || {
        for i in 0..iters {
            tx1.send(i).unwrap();
        }
        tx1.close().unwrap();
    });
    let stages: Vec<_> = [(c1.receiver(), c2.sender()), (c2.receiver(), c3.sender())]
        .into_iter()
        .map(|(rx, tx)| {
            go(move || {
                for v in &rx {
                    tx.send(v + 1).unwrap();
                }
                tx.close().unwrap();
            })
        })
        .collect();
    let start = Instant::now();
    let mut sum = 0;
    for v in &c3.receiver() {
        sum += v;
    }
    let elapsed = start.elapsed();
    assert_eq!(sum, iters * (iters - 1) / 2 + 2 * iters);
    source.join().unwrap();
    for s in stages {
        s.join().unwrap();
    }
    elapsed
}

fn spsc(iters: u64) -> Duration {
    let ch = chan::make::<u64>(128);
    let tx = ch.sender();
    let start = Instant::now();
    let producer = go(move || {
        for i in 0..iters {
            tx.send(i).unwrap();
        }
        tx.close().unwrap();
    });
    let mut n = 0;
    for _ in &ch.receiver() {
        n += 1;
    }
    let elapsed = start.elapsed();
    assert_eq!(n, iters);
    producer.join().unwrap();
    elapsed
}

fn workers(iters: u64) -> Duration {
    let jobs = chan::make::<u64>(64);
    let results = chan::make::<u64>(64);
    let start = Instant::now();
    let tx = jobs.sender();
    let feeder = go(move || {
        for i in 0..iters {
            tx.send(i).unwrap();
        }
        tx.close().unwrap();
    });
    let pool: Vec<_> = (0..4)
        .map(|_| {
            let (rx, tx) = (jobs.receiver(), results.sender());
            go(move || {
                for j in &rx {
                    tx.send(j * 2).unwrap();
                }
            })
        })
        .collect();
    let mut sum = 0;
    for _ in 0..iters {
        sum += results.recv().unwrap();
    }
    let elapsed = start.elapsed();
    assert_eq!(sum, iters * (iters - 1));
    feeder.join().unwrap();
    for w in pool {
        w.join().unwrap();
    }
    elapsed
}

fn fan_in_select(iters: u64) -> Duration {
    let a = chan::make::<u64>(16);
    let b = chan::make::<u64>(16);
    let start = Instant::now();
    let producers: Vec<_> = [a.sender(), b.sender()]
        .into_iter()
        .map(|tx| {
            go(move || {
                for i in 0..iters / 2 {
                    tx.send(i).unwrap();
                }
            })
        })
        .collect();
    let mut n = 0;
    while n < iters / 2 * 2 {
        select! {
            recv(a) -> v => { v.unwrap(); n += 1; },
            recv(b) -> v => { v.unwrap(); n += 1; },
        }
    }
    let elapsed = start.elapsed();
    for p in producers {
        p.join().unwrap();
    }
    elapsed
}

// ---- the same five on raw crossbeam-channel ----

fn cb_ping_pong(iters: u64) -> Duration {
    let (ping_tx, ping_rx) = cb::bounded::<u64>(0);
    let (pong_tx, pong_rx) = cb::bounded::<u64>(0);
    let echo = std::thread::spawn(move || {
        for v in ping_rx {
            pong_tx.send(v).unwrap();
        }
    });
    let start = Instant::now();
    for i in 0..iters {
        ping_tx.send(i).unwrap();
        assert_eq!(pong_rx.recv(), Ok(i));
    }
    let elapsed = start.elapsed();
    drop(ping_tx);
    echo.join().unwrap();
    elapsed
}

fn cb_pipeline(iters: u64) -> Duration {
    cb_pipeline_receiving_with(iters, |rx| rx.recv().ok())
}

/// `cb_pipeline` with every receive a crossbeam `Select` over its channel and a second, idle
/// one, as chancheck's blocked receive waits on its channel and the close signal: what that
/// two-operation wait costs raw crossbeam (`CHANCHECK_BENCH_TWO_OP_RECV=1`, interleaved mode).
fn cb_pipeline_two_op_recv(iters: u64) -> Duration {
    let (_never_tx, never) = cb::bounded::<()>(0);
    cb_pipeline_receiving_with(iters, move |rx| {
        let mut sel = cb::Select::new();
        let data = sel.recv(rx);
        sel.recv(&never);
        let oper = sel.select();
        assert_eq!(oper.index(), data, "nothing is sent on the idle channel");
        oper.recv(rx).ok()
    })
}

fn cb_pipeline_receiving_with(
    iters: u64,
    recv: impl Fn(&cb::Receiver<u64>) -> Option<u64> + Clone + Send + 'static,
) -> Duration {
    let (tx1, rx1) = cb::bounded::<u64>(0);
    let (tx2, rx2) = cb::bounded::<u64>(0);
    let (tx3, rx3) = cb::bounded::<u64>(0);
    let source = std::thread::spawn(move || {
        for i in 0..iters {
            tx1.send(i).unwrap();
        }
    });
    let stages: Vec<_> = [(rx1, tx2), (rx2, tx3)]
        .into_iter()
        .map(|(rx, tx)| {
            let recv = recv.clone();
            std::thread::spawn(move || {
                while let Some(v) = recv(&rx) {
                    tx.send(v + 1).unwrap();
                }
            })
        })
        .collect();
    let start = Instant::now();
    let mut sum = 0;
    while let Some(v) = recv(&rx3) {
        sum += v;
    }
    let elapsed = start.elapsed();
    assert_eq!(sum, iters * (iters - 1) / 2 + 2 * iters);
    source.join().unwrap();
    for s in stages {
        s.join().unwrap();
    }
    elapsed
}

fn cb_spsc(iters: u64) -> Duration {
    let (tx, rx) = cb::bounded::<u64>(128);
    let start = Instant::now();
    let producer = std::thread::spawn(move || {
        for i in 0..iters {
            tx.send(i).unwrap();
        }
    });
    let mut n = 0;
    for _ in rx {
        n += 1;
    }
    let elapsed = start.elapsed();
    assert_eq!(n, iters);
    producer.join().unwrap();
    elapsed
}

fn cb_workers(iters: u64) -> Duration {
    let (jobs_tx, jobs_rx) = cb::bounded::<u64>(64);
    let (results_tx, results_rx) = cb::bounded::<u64>(64);
    let start = Instant::now();
    let feeder = std::thread::spawn(move || {
        for i in 0..iters {
            jobs_tx.send(i).unwrap();
        }
    });
    let pool: Vec<_> = (0..4)
        .map(|_| {
            let (rx, tx) = (jobs_rx.clone(), results_tx.clone());
            std::thread::spawn(move || {
                for j in rx {
                    tx.send(j * 2).unwrap();
                }
            })
        })
        .collect();
    let mut sum = 0;
    for _ in 0..iters {
        sum += results_rx.recv().unwrap();
    }
    let elapsed = start.elapsed();
    assert_eq!(sum, iters * (iters - 1));
    feeder.join().unwrap();
    for w in pool {
        w.join().unwrap();
    }
    elapsed
}

fn cb_fan_in_select(iters: u64) -> Duration {
    let (a_tx, a) = cb::bounded::<u64>(16);
    let (b_tx, b) = cb::bounded::<u64>(16);
    let start = Instant::now();
    // The producers get clones: a finished producer must not disconnect its channel.
    let producers: Vec<_> = [a_tx.clone(), b_tx.clone()]
        .into_iter()
        .map(|tx| {
            std::thread::spawn(move || {
                for i in 0..iters / 2 {
                    tx.send(i).unwrap();
                }
            })
        })
        .collect();
    let mut n = 0;
    while n < iters / 2 * 2 {
        cb::select! {
            recv(a) -> v => { v.unwrap(); n += 1; },
            recv(b) -> v => { v.unwrap(); n += 1; },
        }
    }
    let elapsed = start.elapsed();
    for p in producers {
        p.join().unwrap();
    }
    drop((a_tx, b_tx));
    elapsed
}

/// Run a chancheck shape inside `check::verify` (one repetition) and return its own timing.
fn in_verify(shape: fn(u64) -> Duration, iters: u64) -> Duration {
    let elapsed = Arc::new(Mutex::new(Duration::ZERO));
    let out = elapsed.clone();
    let verdict = Checker::new()
        .std_repetitions(1)
        .time_limit(Duration::from_secs(600))
        .verify(move || *out.lock().unwrap() = shape(iters));
    assert!(verdict.holds(), "{verdict}");
    *elapsed.lock().unwrap()
}

type Shape = fn(u64) -> Duration;

fn shape_group(c: &mut Criterion, name: &str, raw: Shape, ours: Shape) {
    let mut group: BenchmarkGroup<'_, WallTime> = c.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("crossbeam", |b| b.iter_custom(raw));
    group.bench_function("chancheck", |b| b.iter_custom(ours));
    group.bench_function("chancheck_in_verify", |b| {
        b.iter_custom(|iters| in_verify(ours, iters))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    shape_group(c, "ping_pong", cb_ping_pong, ping_pong);
    shape_group(c, "pipeline3", cb_pipeline, pipeline);
    shape_group(c, "spsc128", cb_spsc, spsc);
    shape_group(c, "workers4", cb_workers, workers);
    shape_group(c, "fan_in_select", cb_fan_in_select, fan_in_select);
}

/// Operations per run in the interleaved table.
const AB_OPS: [(&str, Shape, Shape, u64); 5] = [
    ("ping_pong", cb_ping_pong, ping_pong, 2_000),
    ("pipeline3", cb_pipeline, pipeline, 2_000),
    ("spsc128", cb_spsc, spsc, 200_000),
    ("workers4", cb_workers, workers, 100_000),
    ("fan_in_select", cb_fan_in_select, fan_in_select, 100_000),
];
/// Rounds per shape unless `CHANCHECK_BENCH_ROUNDS` says otherwise.
const AB_ROUNDS: usize = 31;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Interleaved runs: one line per shape,
/// `shape crossbeam chancheck chancheck_in_verify ratio ratio_in_verify`: ns/op medians, then
/// the median of each round's own ratio (chancheck over the crossbeam run of the same round).
/// The variants' order rotates from round to round, so none always runs first or last.
fn interleaved() {
    let rounds = std::env::var("CHANCHECK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(AB_ROUNDS);
    let only = std::env::var("CHANCHECK_BENCH_ONLY").ok();
    let two_op_recv = std::env::var_os("CHANCHECK_BENCH_TWO_OP_RECV").is_some();
    for (name, raw, ours, ops) in AB_OPS {
        // A probe, not chancheck: pipeline3's chancheck columns run raw crossbeam with
        // chancheck's two-operation blocked receive instead, so the ratio is that wait's cost.
        let ours: Shape = if two_op_recv && name == "pipeline3" {
            cb_pipeline_two_op_recv
        } else {
            ours
        };
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let (mut r, mut o, mut v) = (Vec::new(), Vec::new(), Vec::new());
        let per = |d: Duration| d.as_nanos() as f64 / ops as f64;
        for round in 0..rounds {
            let mut times = [0.0; 3];
            for k in 0..3 {
                let variant = (round + k) % 3;
                times[variant] = per(match variant {
                    0 => raw(ops),
                    1 => ours(ops),
                    _ => in_verify(ours, ops),
                });
            }
            r.push(times[0]);
            o.push(times[1]);
            v.push(times[2]);
        }
        let ratios = |xs: &[f64]| median(xs.iter().zip(&r).map(|(x, base)| x / base).collect());
        let (ratio, ratio_in_verify) = (ratios(&o), ratios(&v));
        println!(
            "{name} {:.1} {:.1} {:.1} {ratio:.3} {ratio_in_verify:.3}",
            median(r.clone()),
            median(o),
            median(v),
        );
    }
}

criterion_group!(real_threads, benches);

/// One variant of one shape, alone, for a profiler (`perf record`, `strace -c`):
/// `CHANCHECK_BENCH_ALONE=spsc128/chancheck` runs it for the rounds and prints each run's ns/op.
/// Besides the table's three variants, two baselines for the `verify` column: raw crossbeam as
/// a `verify` body (`crossbeam_in_verify`), and either program on a freshly spawned thread
/// (`crossbeam_spawned`, `chancheck_spawned`), as `verify` runs its body.
fn alone(spec: &str) {
    let (shape, variant) = spec.split_once('/').expect("shape/variant");
    let rounds = std::env::var("CHANCHECK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(AB_ROUNDS);
    let (_, raw, ours, ops) = AB_OPS
        .into_iter()
        .find(|(name, ..)| *name == shape)
        .expect("a shape of AB_OPS");
    for _ in 0..rounds {
        let elapsed = match variant {
            "crossbeam" => raw(ops),
            "chancheck" => ours(ops),
            "chancheck_in_verify" => in_verify(ours, ops),
            // Raw crossbeam run as a `verify` body: what the body's own thread costs.
            "crossbeam_in_verify" => in_verify(raw, ops),
            "chancheck_spawned" => std::thread::spawn(move || ours(ops)).join().unwrap(),
            "crossbeam_spawned" => std::thread::spawn(move || raw(ops)).join().unwrap(),
            _ => panic!(
                "variant: crossbeam, chancheck, chancheck_in_verify, crossbeam_in_verify, \
                 crossbeam_spawned or chancheck_spawned"
            ),
        };
        println!("{spec} {:.1}", elapsed.as_nanos() as f64 / ops as f64);
    }
}

fn main() {
    if let Ok(spec) = std::env::var("CHANCHECK_BENCH_ALONE") {
        alone(&spec);
        return;
    }
    if std::env::var_os("CHANCHECK_BENCH_AB").is_some() {
        interleaved();
        return;
    }
    real_threads();
    Criterion::default().configure_from_args().final_summary();
}

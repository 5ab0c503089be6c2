//! Engine throughput: experiments (deliveries/s, trials/s), per broker
//! (NATS Streaming and JetStream, the same workload), and the explorer
//! (schedules and states per second, and how they grow with updates).
//! Run with `cargo bench --bench engine`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use occ_playground::engine::config::BrokerKind;
use occ_playground::engine::experiment::{run_experiment, ExperimentReport, ExperimentSpec};
use occ_playground::engine::explorer::{explore, ExploreSpec};
use occ_playground::engine::{Config, Strategy, VersionScheme};
use std::hint::black_box;
use std::time::{Duration, Instant};

mod floor;

const TRIALS: u32 = 20;

fn spec(strategy: Strategy) -> ExperimentSpec {
    let config = Config {
        strategy,
        ..Config::default()
    };
    ExperimentSpec::new(config, 200, TRIALS, 7)
}

/// One run's report, and a run's mean wall time over 20 more, for the
/// println figures beside criterion's.
fn probed(s: &ExperimentSpec) -> (ExperimentReport, f64) {
    let probe = run_experiment(s).expect("valid spec");
    let started = Instant::now();
    let reps = 20;
    for _ in 0..reps {
        black_box(run_experiment(s).expect("valid spec"));
    }
    (probe, started.elapsed().as_secs_f64() / f64::from(reps))
}

fn experiment(c: &mut Criterion) {
    for strategy in [Strategy::Naive, Strategy::Occ, Strategy::NewestWins] {
        let s = spec(strategy);
        let (probe, secs) = probed(&s);
        println!(
            "experiment {strategy} 200 updates x 2 listeners: {} deliveries/trial, {:.1} M deliveries/s, {:.0} trials/s (consistent {}, diverged {}, stalled {})",
            probe.deliveries / u64::from(TRIALS),
            probe.deliveries as f64 / secs / 1e6,
            f64::from(TRIALS) / secs,
            probe.outcomes.consistent,
            probe.outcomes.diverged,
            probe.outcomes.stalled
        );
        let mut g = c.benchmark_group(format!("experiment-200x2-{strategy}"));
        g.throughput(Throughput::Elements(probe.deliveries));
        g.bench_function("deliveries", |b| b.iter(|| run_experiment(black_box(&s))));
        g.throughput(Throughput::Elements(u64::from(TRIALS)));
        g.bench_function("trials", |b| b.iter(|| run_experiment(black_box(&s))));
        g.finish();
    }
}

/// Deliveries per second per broker: occ, 200 updates, 2 listeners, and
/// JetStream again with MaxAckPending 1 (one message at a time); Kafka's
/// deliveries are polls (the burst's one ticket is one partition).
fn brokers(c: &mut Criterion) {
    let mut g = c.benchmark_group("broker-occ-200x2");
    for (name, broker, max_ack_pending) in [
        ("stan", BrokerKind::Stan, None),
        ("jetstream", BrokerKind::JetStream, None),
        (
            "jetstream-max-ack-pending-1",
            BrokerKind::JetStream,
            Some(1),
        ),
        ("kafka", BrokerKind::Kafka, None),
    ] {
        let mut s = spec(Strategy::Occ);
        s.config.broker = broker;
        if let Some(n) = max_ack_pending {
            s.config.jetstream.max_ack_pending = n;
        }
        let (probe, secs) = probed(&s);
        println!(
            "broker {name}: occ 200 updates x 2 listeners: {} deliveries/trial, {:.2} M deliveries/s, mean drain {:.0} ms virtual",
            probe.deliveries / u64::from(TRIALS),
            probe.deliveries as f64 / secs / 1e6,
            probe.quiescence_ms_mean
        );
        g.throughput(Throughput::Elements(probe.deliveries));
        g.bench_function(name, |b| b.iter(|| run_experiment(black_box(&s))));
    }
    g.finish();
}

fn explorer(c: &mut Criterion) {
    let mut g = c.benchmark_group("explore-occ-2-listeners");
    g.sample_size(10);
    for updates in 2..=8u32 {
        let spec = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, updates, 2);
        let started = Instant::now();
        let r = explore(&spec).expect("within the state limit");
        let secs = started.elapsed().as_secs_f64();
        println!(
            "explore occ {updates} updates x 2 listeners: {} states, {} schedules ({:.3e}), {:.3} s, {:.2} M states/s, consistent {} diverged {} stalled {}",
            r.states,
            r.schedules_exact,
            r.schedules_approx,
            secs,
            r.states as f64 / secs / 1e6,
            r.outcomes.consistent,
            r.outcomes.diverged,
            r.outcomes.stalled
        );
        g.throughput(Throughput::Elements(r.states));
        g.bench_with_input(BenchmarkId::new("states", updates), &spec, |b, s| {
            b.iter(|| explore(black_box(s)))
        });
    }
    g.finish();
}

/// This thread's CPU time where Linux tells it (`/proc/thread-self/schedstat`,
/// its first field, in ns): on a machine shared with other builds, wall time
/// counts the waits for a core too, and they hit the floor and the engine
/// unevenly. `None` elsewhere (wall time is used then).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Seconds `work` took: this thread's CPU time if known, else wall time.
fn seconds(mut work: impl FnMut()) -> f64 {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    work();
    match (cpu, thread_cpu()) {
        (Some(start), Some(end)) => (end - start).as_secs_f64(),
        _ => wall.elapsed().as_secs_f64(),
    }
}

/// The engine against the floor of its work (`floor/mod.rs`: the same OCC
/// workload as a bare heap loop), in one run so the ratio is one machine's
/// in one minute (issue 26: a delivery should cost at most about twice the
/// floor's).
fn floor_vs_engine(c: &mut Criterion) {
    let s = spec(Strategy::Occ);
    let reps = 5;
    let floor_deliveries = floor::run(s.updates, s.trials, s.seed);
    let engine_deliveries = run_experiment(&s).expect("valid spec").deliveries;
    // Interleaved, best of 5, so a burst of load hits both alike.
    let (mut floor_rate, mut engine_rate) = (0f64, 0f64);
    for _ in 0..5 {
        let secs = seconds(|| {
            for _ in 0..reps {
                black_box(floor::run(s.updates, s.trials, black_box(s.seed)));
            }
        });
        floor_rate = floor_rate.max(floor_deliveries as f64 * f64::from(reps) / secs);
        let secs = seconds(|| {
            for _ in 0..reps {
                black_box(run_experiment(black_box(&s)).expect("valid spec"));
            }
        });
        engine_rate = engine_rate.max(engine_deliveries as f64 * f64::from(reps) / secs);
    }
    let clock = if thread_cpu().is_some() {
        "CPU"
    } else {
        "wall"
    };
    println!(
        "floor-vs-engine occ 200 updates x 2 listeners ({clock} time): floor {} deliveries/trial, {:.2} M deliveries/s; engine {} deliveries/trial, {:.2} M deliveries/s; a delivery costs {:.2}x the floor's",
        floor_deliveries / u64::from(TRIALS),
        floor_rate / 1e6,
        engine_deliveries / u64::from(TRIALS),
        engine_rate / 1e6,
        floor_rate / engine_rate
    );
    let mut g = c.benchmark_group("floor-vs-engine");
    g.throughput(Throughput::Elements(floor_deliveries));
    g.bench_function("floor", |b| {
        b.iter(|| floor::run(s.updates, s.trials, black_box(s.seed)))
    });
    g.throughput(Throughput::Elements(engine_deliveries));
    g.bench_function("engine", |b| b.iter(|| run_experiment(black_box(&s))));
    g.finish();
}

criterion_group!(benches, experiment, brokers, explorer, floor_vs_engine);
criterion_main!(benches);

//! Intent engine speed over the labelled dev sample (or the built-in examples when the
//! sample is not beside the checkout): criterion's time per message, then one pass that
//! reports messages per second and the p50 / p99 latency of single messages.

use autolumiku::nlu::{Role, parse};
use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::Instant;

const FALLBACK: &[(&str, Role)] = &[
    ("Brio 2020 120jt hitam matic km 30rb", Role::Staff),
    ("avanza B 1234 XY udh laku", Role::Staff),
    ("harga xpander turunin jadi 215", Role::Staff),
    ("brp hrg avanza th 19 yg matic?", Role::Customer),
    ("kalo dp 25jt angsuran 4thn brp", Role::Customer),
    ("halo kak, ada innova diesel di bawah 300jt?", Role::Customer),
];

fn messages() -> Vec<(String, Role)> {
    let Ok(text) = std::fs::read_to_string("../shared/nlu/dev.jsonl") else {
        return FALLBACK.iter().map(|(t, r)| ((*t).to_owned(), *r)).collect();
    };
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| {
            let role = v["role"].as_str()?.parse().ok()?;
            Some((v["text"].as_str()?.to_owned(), role))
        })
        .collect()
}

fn latency_report(messages: &[(String, Role)]) {
    let rounds = 200;
    let mut samples = Vec::with_capacity(messages.len() * rounds);
    let started = Instant::now();
    for _ in 0..rounds {
        for (text, role) in messages {
            let t = Instant::now();
            black_box(parse(black_box(text), *role));
            samples.push(t.elapsed());
        }
    }
    let total = started.elapsed();
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!(
        "nlu single core: {:.0} messages/s, p50 {:?}, p99 {:?}, max {:?} ({} messages)",
        samples.len() as f64 / total.as_secs_f64(),
        at(0.50),
        at(0.99),
        samples[samples.len() - 1],
        samples.len()
    );
}

fn main() {
    let messages = messages();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("nlu");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("parse_dev_set", |b| {
        b.iter(|| {
            for (text, role) in &messages {
                black_box(parse(black_box(text), *role));
            }
        })
    });
    group.finish();
    c.final_summary();
    latency_report(&messages);
}

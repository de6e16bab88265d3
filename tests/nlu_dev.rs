//! Scores the intent engine on labelled messages the way the held-out set is scored: intent
//! accuracy, and micro precision / recall / F1 over (entity, value) pairs with make, model and
//! variant compared without case, spaces or punctuation. Two sets: the sample in
//! `../shared/nlu/dev.jsonl` (written outside the project) and our own harder probes in
//! `tests/data/` (written for the project by people who did not see the engine; the second
//! mixes in Javanese, Sundanese and Betawi).

// A malformed labelled line is a broken fixture: fail loudly.
#![allow(clippy::expect_used)]

use autolumiku::nlu::{Role, parse};
use serde_json::Value;
use std::collections::BTreeSet;

const DEV_SET: &str = "../shared/nlu/dev.jsonl";

fn canonical(key: &str, value: &Value) -> String {
    match (key, value) {
        ("make" | "model" | "variant", Value::String(s)) => s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect(),
        _ => value.to_string(),
    }
}

fn pairs(entities: &Value) -> BTreeSet<(String, String)> {
    entities
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), canonical(k, v))).collect())
        .unwrap_or_default()
}

#[test]
fn the_engine_meets_its_bars_on_the_dev_sample() {
    let Ok(text) = std::fs::read_to_string(DEV_SET) else {
        eprintln!("skipped: {DEV_SET} is not beside this checkout");
        return;
    };
    score(DEV_SET, &text);
}

#[test]
fn the_engine_meets_its_bars_on_our_own_probes() {
    for name in [
        "nlu_probe.jsonl",
        "nlu_probe_regional.jsonl",
        "nlu_probe_hard.jsonl",
        "nlu_probe_traffic.jsonl",
        "nlu_probe_customers.jsonl",
        "nlu_probe_staff.jsonl",
    ] {
        let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the probe sets ship with the project");
        score(name, &text);
    }
}

fn score(name: &str, text: &str) {
    let (mut total, mut correct, mut tp, mut fp, mut fn_) = (0, 0, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let role: Role = case["role"].as_str().and_then(|r| r.parse().ok()).expect("role");
        let text = case["text"].as_str().expect("text");
        let got = parse(text, role);
        let got_json = serde_json::to_value(&got).expect("serialise");
        total += 1;
        if got_json["intent"] == case["intent"] {
            correct += 1;
        } else {
            misses.push(format!(
                "intent {text:?}: got {} want {}",
                got_json["intent"], case["intent"]
            ));
        }
        let (want, have) = (pairs(&case["entities"]), pairs(&got_json["entities"]));
        tp += want.intersection(&have).count();
        fp += have.difference(&want).count();
        fn_ += want.difference(&have).count();
        if want != have {
            misses.push(format!(
                "entities {text:?}: extra {:?} missing {:?}",
                have.difference(&want).collect::<Vec<_>>(),
                want.difference(&have).collect::<Vec<_>>()
            ));
        }
    }
    let accuracy = correct as f64 / total as f64;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!(
        "{name}: {total} messages, intent accuracy {accuracy:.3}, entity P {precision:.3} R {recall:.3} F1 {f1:.3}"
    );
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(accuracy >= 0.95, "intent accuracy {accuracy:.3} < 0.95");
    assert!(f1 >= 0.92, "entity F1 {f1:.3} < 0.92");
}

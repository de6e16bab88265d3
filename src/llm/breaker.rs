//! A circuit breaker: after `threshold` failures in a row, stop calling for `cool_down`, then
//! let one trial through; its result closes or reopens the circuit.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct CircuitBreaker {
    threshold: u32,
    cool_down: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    failures: u32,
    open_until: Option<Instant>,
    trial_in_flight: bool,
}

impl CircuitBreaker {
    pub fn new(threshold: u32, cool_down: Duration) -> Self {
        CircuitBreaker {
            threshold: threshold.max(1),
            cool_down,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned breaker is still a valid breaker: its fields are plain counters.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// May a call go out now?
    pub fn allow(&self) -> bool {
        self.allow_at(Instant::now())
    }

    fn allow_at(&self, now: Instant) -> bool {
        let mut s = self.state();
        match s.open_until {
            None => true,
            Some(until) if now < until => false,
            Some(_) if s.trial_in_flight => false,
            Some(_) => {
                s.trial_in_flight = true;
                true
            }
        }
    }

    pub fn record(&self, success: bool) {
        self.record_at(success, Instant::now());
    }

    fn record_at(&self, success: bool, now: Instant) {
        let mut s = self.state();
        s.trial_in_flight = false;
        if success {
            *s = State::default();
            return;
        }
        s.failures += 1;
        if s.failures >= self.threshold {
            s.open_until = Some(now + self.cool_down);
        }
    }

    pub fn is_open(&self) -> bool {
        self.state().open_until.is_some_and(|until| Instant::now() < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_the_threshold_and_recovers_after_a_good_trial() {
        let b = CircuitBreaker::new(3, Duration::from_secs(30));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(b.allow_at(t0));
            b.record_at(false, t0);
        }
        assert!(!b.allow_at(t0 + Duration::from_secs(29)));
        let later = t0 + Duration::from_secs(31);
        assert!(b.allow_at(later), "one trial after the cool-down");
        assert!(!b.allow_at(later), "only one trial at a time");
        b.record_at(true, later);
        assert!(b.allow_at(later));
    }

    #[test]
    fn a_failed_trial_reopens() {
        let b = CircuitBreaker::new(1, Duration::from_secs(10));
        let t0 = Instant::now();
        b.record_at(false, t0);
        let later = t0 + Duration::from_secs(11);
        assert!(b.allow_at(later));
        b.record_at(false, later);
        assert!(!b.allow_at(later + Duration::from_secs(1)));
    }
}

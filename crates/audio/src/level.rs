//! How loud a source is right now, for level meters (the live view, the device check).
//!
//! A meter needs a few readings a second, not one per callback: [`LevelMeter`] gathers
//! 16 kHz samples and hands out one [`Level`] per interval, the peak and the RMS of that
//! interval in dBFS. Silence reads as [`Level::FLOOR`], never as minus infinity, so the
//! value always serialises and compares.

use serde::Serialize;

use crate::SAMPLE_RATE;

/// The loudness of one interval, in dBFS (0 is full scale).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Level {
    pub peak_db: f32,
    pub rms_db: f32,
}

impl Level {
    /// What digital silence reads as: quieter than any microphone's own noise.
    pub const FLOOR: f32 = -90.0;
}

/// Turns a stream of 16 kHz samples into one [`Level`] per interval.
#[derive(Debug, Clone)]
pub struct LevelMeter {
    interval: usize,
    count: usize,
    peak: f32,
    sum_squares: f64,
}

impl LevelMeter {
    /// A meter giving a reading every `interval_ms` of audio (at least one sample).
    pub fn new(interval_ms: u32) -> LevelMeter {
        let interval = (SAMPLE_RATE as usize * interval_ms as usize / 1000).max(1);
        LevelMeter {
            interval,
            count: 0,
            peak: 0.0,
            sum_squares: 0.0,
        }
    }

    /// Takes the next samples; returns the reading of the last interval they completed,
    /// if any (a meter shows the newest; older readings in the same call are dropped).
    pub fn push(&mut self, samples: &[f32]) -> Option<Level> {
        let mut reading = None;
        for &s in samples {
            // A NaN from a broken driver must not poison the meter.
            let s = if s.is_finite() { s } else { 0.0 };
            self.peak = self.peak.max(s.abs());
            self.sum_squares += f64::from(s) * f64::from(s);
            self.count += 1;
            if self.count == self.interval {
                let rms = (self.sum_squares / self.count as f64).sqrt() as f32;
                reading = Some(Level {
                    peak_db: to_db(self.peak),
                    rms_db: to_db(rms),
                });
                self.count = 0;
                self.peak = 0.0;
                self.sum_squares = 0.0;
            }
        }
        reading
    }
}

fn to_db(amplitude: f32) -> f32 {
    if amplitude <= 0.0 {
        return Level::FLOOR;
    }
    (20.0 * amplitude.log10()).clamp(Level::FLOOR, 0.0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_full_scale_sine_reads_zero_peak_and_minus_three_rms() {
        let mut meter = LevelMeter::new(100);
        let sine: Vec<f32> = (0..1600)
            .map(|i| (i as f32 * 2.0 * std::f32::consts::PI * 440.0 / 16_000.0).sin())
            .collect();
        let level = meter.push(&sine).unwrap();
        assert!(level.peak_db > -0.1, "{level:?}");
        assert!((level.rms_db + 3.01).abs() < 0.1, "{level:?}");
    }

    #[test]
    fn silence_reads_the_floor_and_readings_come_once_per_interval() {
        let mut meter = LevelMeter::new(100);
        assert_eq!(meter.push(&[0.0; 1000]), None);
        let level = meter.push(&[0.0; 600]).unwrap();
        assert_eq!(level.peak_db, Level::FLOOR);
        assert_eq!(level.rms_db, Level::FLOOR);
        // A tenth of full scale is -20 dB; a NaN counts as silence.
        let mut quiet = vec![0.1f32; 1599];
        quiet.push(f32::NAN);
        let level = meter.push(&quiet).unwrap();
        assert!((level.peak_db + 20.0).abs() < 0.01, "{level:?}");
    }
}

//! A 12-megapixel phone photo (4000 × 3000 JPEG) through the photo pipeline on one core:
//! intake (header check, decode, orientation, 2048 px master, analysis) and the sizes made
//! on the job queue (three WebP widths and the WhatsApp JPEG). Target: ≤ 400 ms in all.
//!
//!     cargo bench --bench photo_variants

use autolumiku::media::{analysis, image_ops};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// Detailed like a real photo (smooth areas, edges, noise), so the encoders work for real.
fn phone_photo() -> Vec<u8> {
    let image = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let sky = y < 1100;
        let body = (700..3300).contains(&x) && (1300..2400).contains(&y);
        let noise = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        if sky {
            image::Rgb([120 + (y / 20) as u8 % 60, 160, 210 - noise])
        } else if body {
            image::Rgb([30 + noise, 60 + ((x / 40) % 2) as u8 * 30, 140 + noise])
        } else {
            image::Rgb([90 + noise, 90 + noise, 85 + (x / 100) as u8 % 40])
        }
    });
    image_ops::encode_jpeg(&image, 88).unwrap_or_default()
}

fn pipeline(c: &mut Criterion) {
    let photo = phone_photo();
    let mut group = c.benchmark_group("photo 12 MP");
    group.sample_size(10);
    group.bench_function("intake: decode + master + analysis", |b| {
        b.iter(|| {
            let upright = image_ops::decode(black_box(&photo)).unwrap_or_default();
            let (master, jpeg) = image_ops::master(&upright).unwrap_or_default();
            black_box((analysis::analyse(&master), jpeg.len()))
        });
    });
    let upright = image_ops::decode(&photo).unwrap_or_default();
    let (master, master_jpeg) = image_ops::master(&upright).unwrap_or_default();
    group.bench_function("sizes: 1600/1000/400 WebP + 1600 JPEG from the master", |b| {
        b.iter(|| {
            let master = image_ops::decode(black_box(&master_jpeg)).unwrap_or_default();
            black_box(image_ops::variants(&master).map(|v| v.len()))
        });
    });
    group.bench_function("all: 12 MP JPEG to every size", |b| {
        b.iter(|| {
            let upright = image_ops::decode(black_box(&photo)).unwrap_or_default();
            let (master, _) = image_ops::master(&upright).unwrap_or_default();
            black_box(image_ops::variants(&master).map(|v| v.len()))
        });
    });
    group.finish();
    if let Ok(sizes) = image_ops::variants(&master) {
        for v in sizes {
            println!(
                "{} {}x{} {}: {} KB",
                v.name,
                v.width,
                v.height,
                v.ext,
                v.bytes.len() / 1024
            );
        }
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);

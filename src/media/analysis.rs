//! What a photo looks like, judged locally: too dark, blurry, too small or tilted (told to
//! staff, never blocking), a perceptual hash that survives re-encoding and resizing (the same
//! photo sent twice is noticed), and the dominant body colour in Indonesian colour names.
//! Pure; works on a small copy, milliseconds per photo.

use crate::inventory::Color;
use image::{GrayImage, RgbImage, imageops};
use serde::{Deserialize, Serialize};

/// Below this mean brightness (0–255) a photo is too dark to sell a car.
const DARK_BELOW: f64 = 55.0;
/// Variance of the Laplacian below this on a 512 px copy: the photo is out of focus.
const BLURRY_BELOW: f64 = 40.0;
/// Shorter side below this: too small for the catalog's large view.
pub const SMALL_BELOW: u32 = 600;
/// Horizon or verticals off by this many degrees or more: tilted.
const TILTED_FROM: f64 = 6.0;
/// Hashes this close (of 64 bits) are the same photo.
pub const SAME_PHOTO_WITHIN: u32 = 10;

/// Findings about one photo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    pub dark: bool,
    pub blurry: bool,
    pub small: bool,
    pub tilted: bool,
    /// 64-bit difference hash, for spotting the same photo again.
    pub hash: u64,
    pub color: Option<Color>,
}

impl Findings {
    /// The first problem worth a word to staff, as a Fluent key.
    pub fn problem_key(&self) -> Option<&'static str> {
        [
            (self.dark, "photo-dark"),
            (self.blurry, "photo-blurry"),
            (self.tilted, "photo-tilted"),
            (self.small, "photo-small"),
        ]
        .into_iter()
        .find_map(|(flag, key)| flag.then_some(key))
    }
}

pub fn analyse(image: &RgbImage) -> Findings {
    let (w, h) = image.dimensions();
    // Inside a 512 × 512 box whatever the shape (intake refuses extreme shapes anyway).
    let scale = 512.0 / f64::from(w.max(h).max(1));
    let (sw, sh) = if scale < 1.0 {
        (
            ((f64::from(w) * scale) as u32).max(1),
            ((f64::from(h) * scale) as u32).max(1),
        )
    } else {
        (w.max(1), h.max(1))
    };
    let small_copy = imageops::thumbnail(image, sw, sh);
    let gray = imageops::grayscale(&small_copy);
    Findings {
        dark: mean(&gray) < DARK_BELOW,
        blurry: laplacian_variance(&gray) < BLURRY_BELOW,
        small: w.min(h) < SMALL_BELOW,
        tilted: tilt_degrees(&gray).is_some_and(|d| d.abs() >= TILTED_FROM),
        hash: difference_hash(&gray),
        color: dominant_color(&small_copy),
    }
}

pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

fn mean(gray: &GrayImage) -> f64 {
    let n = (gray.width() * gray.height()).max(1);
    gray.pixels().map(|p| f64::from(p.0[0])).sum::<f64>() / f64::from(n)
}

fn laplacian_variance(gray: &GrayImage) -> f64 {
    let (w, h) = gray.dimensions();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let at = |x: u32, y: u32| f64::from(gray.get_pixel(x, y).0[0]);
    let mut values = Vec::with_capacity(((w - 2) * (h - 2)) as usize);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            values.push(at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y));
        }
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n
}

/// dHash: a 9×8 grey copy, one bit per neighbouring pair (is the left brighter?).
fn difference_hash(gray: &GrayImage) -> u64 {
    let tiny = imageops::resize(gray, 9, 8, imageops::FilterType::Triangle);
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            let brighter = tiny.get_pixel(x, y).0[0] > tiny.get_pixel(x + 1, y).0[0];
            hash = (hash << 1) | u64::from(brighter);
        }
    }
    hash
}

/// How far the strong straight edges lean from level or plumb, in degrees (`None` when the
/// photo has too few edges to say).
fn tilt_degrees(gray: &GrayImage) -> Option<f64> {
    let (w, h) = gray.dimensions();
    if w < 3 || h < 3 {
        return None;
    }
    let at = |x: u32, y: u32| f64::from(gray.get_pixel(x, y).0[0]);
    // Edge strength by the angle of the edge, folded onto -45..45 around the nearest axis.
    let mut bins = [0.0f64; 90];
    let mut total = 0.0;
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let gx = at(x + 1, y - 1) + 2.0 * at(x + 1, y) + at(x + 1, y + 1)
                - at(x - 1, y - 1)
                - 2.0 * at(x - 1, y)
                - at(x - 1, y + 1);
            let gy = at(x - 1, y + 1) + 2.0 * at(x, y + 1) + at(x + 1, y + 1)
                - at(x - 1, y - 1)
                - 2.0 * at(x, y - 1)
                - at(x + 1, y - 1);
            let strength = gx * gx + gy * gy;
            if strength < 10_000.0 {
                continue;
            }
            let angle = gy.atan2(gx).to_degrees();
            let folded = (angle + 45.0).rem_euclid(90.0) - 45.0;
            let bin = ((folded + 45.0) as usize).min(89);
            bins[bin] += strength;
            total += strength;
        }
    }
    if total == 0.0 {
        return None;
    }
    let (peak, weight) = bins
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, w)| (i, *w))?;
    // A clear peak only: a photo of texture has no horizon to be off.
    (weight / total > 0.08).then_some(peak as f64 + 0.5 - 45.0)
}

/// The colour most of the middle of the photo has, by votes of its pixels.
fn dominant_color(image: &RgbImage) -> Option<Color> {
    let tiny = imageops::thumbnail(image, 64, 64);
    let (w, h) = tiny.dimensions();
    let mut votes: Vec<(Color, u32)> = Vec::new();
    for y in h / 4..h - h / 4 {
        for x in w / 5..w - w / 5 {
            let p = tiny.get_pixel(x, y).0;
            let c = name_color(p[0], p[1], p[2]);
            match votes.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => votes.push((c, 1)),
            }
        }
    }
    let total: u32 = votes.iter().map(|(_, n)| n).sum();
    let (color, n) = votes.into_iter().max_by_key(|(_, n)| *n)?;
    // A colour only when it clearly dominates.
    (n * 10 >= total * 4).then_some(color)
}

/// Indonesian colour words for one pixel, by hue, saturation and value.
fn name_color(r: u8, g: u8, b: u8) -> Color {
    let (r, g, b) = (f64::from(r) / 255.0, f64::from(g) / 255.0, f64::from(b) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let v = max;
    let s = if max > 0.0 { (max - min) / max } else { 0.0 };
    if v < 0.2 {
        return Color::Hitam;
    }
    if s < 0.15 {
        return match v {
            v if v > 0.85 => Color::Putih,
            v if v > 0.55 => Color::Silver,
            _ => Color::AbuAbu,
        };
    }
    let d = max - min;
    let hue = if max == r {
        60.0 * ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / d + 2.0)
    } else {
        60.0 * ((r - g) / d + 4.0)
    };
    match hue {
        h if !(15.0..345.0).contains(&h) => {
            if v < 0.45 {
                Color::Marun
            } else {
                Color::Merah
            }
        }
        h if h < 40.0 => {
            if v < 0.6 {
                Color::Coklat
            } else {
                Color::Oranye
            }
        }
        h if h < 70.0 => Color::Kuning,
        h if h < 170.0 => Color::Hijau,
        h if h < 260.0 => Color::Biru,
        _ => Color::Ungu,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A car-like picture: a body of one colour on a light grey floor and wall.
    fn car(color: [u8; 3]) -> RgbImage {
        RgbImage::from_fn(800, 600, |x, y| {
            let body = (120..680).contains(&x) && (180..460).contains(&y);
            let window = (250..550).contains(&x) && (200..260).contains(&y);
            if window {
                Rgb([40, 40, 45])
            } else if body {
                Rgb(color)
            } else if y > 460 {
                Rgb([150, 150, 150])
            } else {
                Rgb([210, 210, 205])
            }
        })
    }

    /// Detail everywhere, like a sharp photo: stripes, checks and noise.
    fn detailed(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let noise = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 61) as u8;
            let check = if (x / 8 + y / 8) % 2 == 0 { 90 } else { 170 };
            Rgb([check + noise, check, check - noise / 2])
        })
    }

    #[test]
    fn body_colours_are_named_in_indonesian() {
        for (rgb, name) in [
            ([200, 20, 25], Color::Merah),
            ([20, 40, 160], Color::Biru),
            ([15, 15, 18], Color::Hitam),
            ([245, 245, 245], Color::Putih),
            ([170, 172, 175], Color::Silver),
            ([230, 200, 30], Color::Kuning),
        ] {
            assert_eq!(analyse(&car(rgb)).color, Some(name), "{rgb:?}");
        }
    }

    #[test]
    fn dark_and_blurred_photos_are_flagged_and_a_sharp_one_is_not() {
        let sharp = detailed(1200, 900);
        let f = analyse(&sharp);
        assert!(!f.dark && !f.blurry && !f.small, "{f:?}");
        let dark = RgbImage::from_fn(1200, 900, |x, y| {
            let p = sharp.get_pixel(x, y).0;
            Rgb([p[0] / 6, p[1] / 6, p[2] / 6])
        });
        assert!(analyse(&dark).dark);
        let blurred = imageops::blur(&sharp, 6.0);
        assert!(analyse(&blurred).blurry);
        assert!(analyse(&imageops::thumbnail(&sharp, 400, 300)).small);
    }

    #[test]
    fn a_leaning_horizon_is_tilted_and_a_level_one_is_not() {
        let level = RgbImage::from_fn(
            900,
            600,
            |_, y| if (y / 40) % 2 == 0 { Rgb([30; 3]) } else { Rgb([220; 3]) },
        );
        assert!(!analyse(&level).tilted);
        let leaning = RgbImage::from_fn(900, 600, |x, y| {
            // Stripes rising 12 degrees.
            let t = f64::from(y) + f64::from(x) * 12f64.to_radians().tan();
            if ((t / 40.0) as i64) % 2 == 0 {
                Rgb([30; 3])
            } else {
                Rgb([220; 3])
            }
        });
        assert!(analyse(&leaning).tilted);
    }

    #[test]
    fn the_same_photo_resized_and_recompressed_keeps_its_hash() {
        let original = car([20, 40, 160]);
        let a = analyse(&original).hash;
        let smaller = imageops::resize(&original, 500, 375, imageops::FilterType::Triangle);
        let jpeg = super::super::image_ops::encode_jpeg(&smaller, 50).expect("jpeg");
        let again = super::super::image_ops::decode(&jpeg).expect("decode");
        assert!(hamming(a, analyse(&again).hash) <= SAME_PHOTO_WITHIN);
        let other = analyse(&detailed(800, 600)).hash;
        assert!(hamming(a, other) > SAME_PHOTO_WITHIN);
    }
}

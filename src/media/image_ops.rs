//! Reading a photo safely and making its web and WhatsApp sizes. Pure: bytes in, bytes out.
//!
//! The size of a photo is read from its header before a single pixel is decoded, and the
//! decoder runs with limits, so a decompression bomb is refused in milliseconds with bounded
//! memory. The camera's orientation is applied, and everything else the file carried (EXIF,
//! GPS position, maker notes) is dropped because only pixels are ever re-encoded.

use super::{MediaError, sniff};
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage, metadata::Orientation};
use std::io::Cursor;

/// Largest side we take in.
pub const MAX_SIDE: u32 = 10_000;
/// Most pixels we take in (a 50-megapixel phone camera at full size).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The kept master: every variant is made from it; nothing larger is stored.
pub const MASTER_SIDE: u32 = 2048;

/// One size of a photo, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: &'static str,
    pub ext: &'static str,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// Web sizes (WebP) by target width, largest first, and the JPEG WhatsApp is sent.
pub const WEB_SIZES: [(&str, u32); 3] = [("large", 1600), ("medium", 1000), ("thumb", 400)];
pub const WHATSAPP: (&str, u32) = ("wa", 1600);
const WEBP_QUALITY: f32 = 72.0;
const JPEG_QUALITY: u8 = 82;
const MASTER_QUALITY: u8 = 90;

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // Room for the largest accepted image as RGBA, and not a byte more.
    limits.max_alloc = Some(MAX_PIXELS * 4 + (16 << 20));
    limits
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, MediaError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| MediaError::Corrupt)?;
    reader.limits(limits());
    Ok(reader)
}

/// A decoder refusal: over the limits is "too many pixels", anything else "damaged".
fn refused(e: image::ImageError) -> MediaError {
    match e {
        image::ImageError::Limits(_) => MediaError::TooManyPixels,
        _ => MediaError::Corrupt,
    }
}

/// A JPEG cut short in transit still decodes (as grey) in lenient decoders: the main image's
/// end marker must be there. The header segments are walked by their lengths to the main
/// image's scan (an EXIF thumbnail inside APP1 has its own end marker), and the end marker is
/// looked for after it; data after it (Motion Photos, maker trailers) is fine.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xDA {
            let scan = at + 2 + len;
            return bytes
                .get(scan..)
                .is_some_and(|rest| rest.windows(2).any(|w| w == [0xFF, 0xD9]));
        }
        at += 2 + len;
    }
    false
}

/// At most this width-to-height ratio (or the reverse): a 1 × 2000 strip is not a car photo,
/// and would make the analysis copies enormous.
const MAX_ASPECT: u32 = 8;

/// Decodes a photo upright, as plain RGB pixels.
pub fn decode(bytes: &[u8]) -> Result<RgbImage, MediaError> {
    if bytes.len() > super::MAX_PHOTO_BYTES {
        return Err(MediaError::TooLarge);
    }
    let format = sniff(bytes)?;
    if format == "jpg" && !jpeg_is_whole(bytes) {
        return Err(MediaError::Corrupt);
    }
    let (width, height) = reader(bytes)?.into_dimensions().map_err(refused)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels);
    }
    if width.max(height) > width.min(height).max(1) * MAX_ASPECT {
        return Err(MediaError::OddShape);
    }
    let mut decoder = reader(bytes)?.into_decoder().map_err(refused)?;
    // The decoders check sides but not memory: 16-bit or alpha channels can multiply it.
    if decoder.total_bytes() > MAX_PIXELS * 4 {
        return Err(MediaError::TooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    Ok(image.into_rgb8())
}

/// Scales down to at most `max_side` on the longer side (never up), with a Lanczos filter.
pub fn fit(image: &RgbImage, max_side: u32) -> Result<RgbImage, MediaError> {
    let (w, h) = image.dimensions();
    let longest = w.max(h);
    if longest <= max_side {
        return Ok(image.clone());
    }
    let scale = f64::from(max_side) / f64::from(longest);
    let nw = ((f64::from(w) * scale).round() as u32).max(1);
    let nh = ((f64::from(h) * scale).round() as u32).max(1);
    resize_to(image, nw, nh)
}

/// Scales down to `width` wide (never up), keeping the proportions.
pub fn fit_width(image: &RgbImage, width: u32) -> Result<RgbImage, MediaError> {
    let (w, h) = image.dimensions();
    if w <= width {
        return Ok(image.clone());
    }
    let nh = ((u64::from(h) * u64::from(width)) / u64::from(w)).max(1) as u32;
    resize_to(image, width, nh)
}

fn resize_to(image: &RgbImage, width: u32, height: u32) -> Result<RgbImage, MediaError> {
    let src = Image::from_vec_u8(image.width(), image.height(), image.as_raw().clone(), PixelType::U8x3)
        .map_err(|_| MediaError::Corrupt)?;
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|_| MediaError::Corrupt)?;
    RgbImage::from_raw(width, height, dst.into_vec()).ok_or(MediaError::Corrupt)
}

pub fn encode_jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .map_err(|e| MediaError::Io(e.to_string()))?;
    Ok(out)
}

/// Lossy WebP. Method 2 of libwebp's 0–6 effort scale: about a third faster than its default
/// for files a few percent larger.
pub fn encode_webp(image: &RgbImage) -> Result<Vec<u8>, MediaError> {
    let mut config = webp::WebPConfig::new().map_err(|()| MediaError::Io("webp config".into()))?;
    config.quality = WEBP_QUALITY;
    config.method = 2;
    webp::Encoder::from_rgb(image.as_raw(), image.width(), image.height())
        .encode_advanced(&config)
        .map(|m| m.to_vec())
        .map_err(|e| MediaError::Io(format!("webp: {e:?}")))
}

/// The kept master: upright, at most 2048 px, metadata-free JPEG.
pub fn master(image: &RgbImage) -> Result<(RgbImage, Vec<u8>), MediaError> {
    let master = fit(image, MASTER_SIDE)?;
    let bytes = encode_jpeg(&master, MASTER_QUALITY)?;
    Ok((master, bytes))
}

/// Every served size of a photo, each made from the next larger one (cheaper, and as sharp).
pub fn variants(master: &RgbImage) -> Result<Vec<Variant>, MediaError> {
    let mut out = Vec::with_capacity(4);
    let mut from = master.clone();
    for (name, width) in WEB_SIZES {
        from = fit_width(&from, width)?;
        out.push(Variant {
            name,
            ext: "webp",
            content_type: "image/webp",
            width: from.width(),
            height: from.height(),
            bytes: encode_webp(&from)?,
        });
    }
    let wa = fit(master, WHATSAPP.1)?;
    out.push(Variant {
        name: WHATSAPP.0,
        ext: "jpg",
        content_type: "image/jpeg",
        width: wa.width(),
        height: wa.height(),
        bytes: encode_jpeg(&wa, JPEG_QUALITY)?,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        })
    }

    #[test]
    fn variants_have_their_widths_and_never_grow() {
        let (master, bytes) = master(&photo(3000, 2000)).expect("master");
        assert_eq!(master.dimensions(), (2048, 1365));
        assert!(decode(&bytes).is_ok());
        let v = variants(&master).expect("variants");
        let widths: Vec<(&str, u32)> = v.iter().map(|v| (v.name, v.width)).collect();
        assert_eq!(
            widths,
            [("large", 1600), ("medium", 1000), ("thumb", 400), ("wa", 1600)]
        );
        assert_eq!(v[2].height, 266);
        let small = variants(&photo(300, 200)).expect("variants");
        assert!(small.iter().all(|v| v.width == 300), "small photos are not blown up");
    }

    /// A JPEG with an EXIF block saying "rotate 90° clockwise" and a GPS position.
    fn with_exif_orientation_6(jpeg: &[u8]) -> Vec<u8> {
        let mut tiff: Vec<u8> = b"MM\0\x2A\0\0\0\x08".to_vec();
        tiff.extend([0, 2]); // two entries in IFD0
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
        tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at 38
        tiff.extend([0, 0, 0, 0]);
        tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'S', 0, 0, 0, 0, 0, 0, 0]); // GPSLatitudeRef "S"
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let len = u16::try_from(app1.len() + 2).expect("short");
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(len.to_be_bytes());
        out.extend(app1);
        out.extend(&jpeg[2..]);
        out
    }

    #[test]
    fn the_camera_orientation_is_applied_and_the_metadata_dropped() {
        // A red mark in the top-left corner of a landscape picture.
        let source = RgbImage::from_fn(200, 100, |x, y| {
            if x < 20 && y < 20 {
                image::Rgb([255, 0, 0])
            } else {
                image::Rgb([20, 120, 20])
            }
        });
        let sent = with_exif_orientation_6(&encode_jpeg(&source, 90).expect("jpeg"));
        assert!(sent.windows(4).any(|w| w == b"Exif"));
        let upright = decode(&sent).expect("decodes");
        assert_eq!(upright.dimensions(), (100, 200), "turned upright");
        let corner = upright.get_pixel(95, 5).0;
        assert!(
            corner[0] > 200 && corner[1] < 60,
            "the mark is now top-right: {corner:?}"
        );
        let (_, kept) = master(&upright).expect("master");
        assert!(
            !kept.windows(4).any(|w| w == b"Exif"),
            "no EXIF, so no GPS, in what is kept"
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header_in_milliseconds() {
        let mut bomb = encode_jpeg(&photo(64, 64), 80).expect("jpeg");
        // Claim 60,000 × 60,000 pixels in the frame header.
        let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).expect("SOF0");
        bomb[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
        let started = std::time::Instant::now();
        assert_eq!(decode(&bomb), Err(MediaError::TooManyPixels));
        assert!(
            started.elapsed() < std::time::Duration::from_millis(50),
            "{:?}",
            started.elapsed()
        );
        let mut wide = encode_jpeg(&photo(64, 64), 80).expect("jpeg");
        wide[sof + 5..sof + 9].copy_from_slice(&[0x00, 0x10, 0x2E, 0xE0]); // 16 × 12,000
        assert_eq!(
            decode(&wide),
            Err(MediaError::TooManyPixels),
            "over 10,000 px on a side"
        );
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in data {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A PNG whose header claims a size and depth; its pixel data is almost nothing.
    fn png_claiming(width: u32, height: u32, depth: u8, color: u8) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            out.extend(u32::try_from(data.len()).expect("short").to_be_bytes());
            let mut body = kind.to_vec();
            body.extend(data);
            out.extend(&body);
            out.extend(crc32(&body).to_be_bytes());
        };
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([depth, color, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        chunk(b"IEND", &[]);
        out
    }

    #[test]
    fn png_bombs_are_refused_by_pixels_and_by_memory() {
        let started = std::time::Instant::now();
        // 60,000 × 60,000: too many pixels.
        assert_eq!(
            decode(&png_claiming(60_000, 60_000, 8, 2)),
            Err(MediaError::TooManyPixels)
        );
        // 26 MP is allowed as RGB, but as 16-bit RGBA it would need 208 MB: refused too.
        assert_eq!(
            decode(&png_claiming(5_200, 5_000, 16, 6)),
            Err(MediaError::TooManyPixels)
        );
        assert!(
            started.elapsed() < std::time::Duration::from_millis(50),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn odd_shapes_and_data_after_the_end_are_handled() {
        let strip = encode_jpeg(&photo(2000, 10), 80).expect("jpeg");
        assert_eq!(decode(&strip), Err(MediaError::OddShape));
        let mut motion = encode_jpeg(&photo(300, 200), 80).expect("jpeg");
        motion.extend(b"....ftypmp42 a motion photo's video follows the image");
        assert!(decode(&motion).is_ok(), "a trailer after the end marker is fine");
    }

    #[test]
    fn a_truncated_jpeg_is_refused() {
        let bytes = encode_jpeg(&photo(200, 100), 80).expect("jpeg");
        assert!(decode(&bytes).is_ok());
        assert_eq!(decode(&bytes[..bytes.len() / 2]), Err(MediaError::Corrupt));
        assert_eq!(decode(b"\xFF\xD8\xFF\xE0 not really"), Err(MediaError::Corrupt));
    }
}

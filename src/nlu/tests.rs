use super::*;

fn staff(text: &str) -> Parse {
    parse(text, Role::Staff)
}

fn customer(text: &str) -> Parse {
    parse(text, Role::Customer)
}

#[test]
fn a_listing_caption_is_an_upload_with_every_field() {
    let p = staff("Brio 2020 120jt hitam matic km 30rb");
    assert_eq!(p.intent, Intent::UploadVehicle);
    let e = p.entities;
    assert_eq!(e.model.as_deref(), Some("Brio"));
    assert_eq!(e.make, None, "make only when the brand is written");
    assert_eq!(
        (e.year, e.price, e.mileage_km),
        (Some(2020), Some(120_000_000), Some(30_000))
    );
    assert_eq!(
        (e.color, e.transmission),
        (Some(Color::Hitam), Some(Transmission::Automatic))
    );
}

#[test]
fn the_issue_examples_read_as_intended() {
    let p = customer("brp hrg avanza th 19 yg matic?");
    assert_eq!(p.intent, Intent::AskPrice);
    assert_eq!(
        (p.entities.model.as_deref(), p.entities.year),
        (Some("Avanza"), Some(2019))
    );
    assert_eq!(p.entities.transmission, Some(Transmission::Automatic));

    let p = staff("xpander ultimate 2021 putih km 40rb 235jt nego");
    assert_eq!(p.intent, Intent::UploadVehicle);
    assert_eq!(p.entities.variant.as_deref(), Some("Ultimate"));
    assert_eq!(
        (p.entities.mileage_km, p.entities.price),
        (Some(40_000), Some(235_000_000))
    );

    let p = staff("CRV B 1789 KLM udh laku");
    assert_eq!(p.intent, Intent::UpdateStatus);
    assert_eq!(p.entities.plate.as_deref(), Some("B 1789 KLM"));
    assert_eq!(p.entities.status, Some(VehicleStatus::Sold));

    let p = customer("kalo dp 25jt angsuran 4thn brp");
    assert_eq!(p.intent, Intent::CreditSimulation);
    assert_eq!(
        (p.entities.down_payment, p.entities.tenor_months),
        (Some(25_000_000), Some(48))
    );

    let p = staff("harga brio turunin jd 118 aja");
    assert_eq!(p.intent, Intent::UpdatePrice);
    assert_eq!(p.entities.price, Some(118_000_000));
}

#[test]
fn the_same_words_mean_different_things_by_role() {
    assert_eq!(customer("ada stok innova?").intent, Intent::SearchVehicle);
    assert_eq!(staff("ada stok innova?").intent, Intent::CheckInventory);
}

#[test]
fn budgets_become_ranges() {
    let e = customer("cari matic di bawah 150").entities;
    assert_eq!(e.price_max, Some(150_000_000));
    let e = customer("ada yg 100-150jt?").entities;
    assert_eq!((e.price_min, e.price_max), (Some(100_000_000), Some(150_000_000)));
    let e = customer("budget 200an ada apa aja").entities;
    assert_eq!(e.price_max, Some(200_000_000));
}

#[test]
fn display_ids_and_status_words() {
    let p = staff("AVZ-0007 dibooking");
    assert_eq!(p.intent, Intent::UpdateStatus);
    assert_eq!(p.entities.display_id.as_deref(), Some("AVZ-0007"));
    assert_eq!(p.entities.status, Some(VehicleStatus::Booked));
    assert_eq!(
        staff("avz-7 ready lagi").entities.status,
        Some(VehicleStatus::Available)
    );
}

#[test]
fn misspelt_models_are_forgiven() {
    assert_eq!(customer("ada fortunerr?").entities.model.as_deref(), Some("Fortuner"));
    assert_eq!(customer("inova reborn ready").entities.model.as_deref(), Some("Innova"));
    assert_eq!(customer("expander putih").entities.model.as_deref(), Some("Xpander"));
    assert_eq!(customer("hr v 2018").entities.model.as_deref(), Some("HR-V"));
}

#[test]
fn small_talk_only_wins_alone() {
    assert_eq!(customer("halo kak").intent, Intent::Greeting);
    assert_eq!(customer("halo kak, ada brio?").intent, Intent::SearchVehicle);
    assert_eq!(staff("gas").intent, Intent::Confirm);
    assert_eq!(staff("gak jadi").intent, Intent::Cancel);
    assert_eq!(customer("makasih ya").intent, Intent::Thanks);
}

#[test]
fn nonsense_is_unknown_with_low_confidence() {
    let p = customer("asdf qwerty");
    assert_eq!(p.intent, Intent::Unknown);
    assert!(p.confidence < CLARIFY_BELOW);
    assert!(staff("upload avanza 2019 150jt").confidence >= CLARIFY_BELOW);
}

#[test]
fn json_omits_absent_entities() {
    let json = serde_json::to_value(customer("halo")).unwrap_or_default();
    assert_eq!(json["intent"], "greeting");
    assert_eq!(json["entities"], serde_json::json!({}));
}

mod robustness {
    use super::*;
    use proptest::prelude::*;
    use std::time::{Duration, Instant};

    /// Generous: a debug build on a busy CI core still reads 64 KB far faster than this.
    const BOUND: Duration = Duration::from_secs(2);

    fn timed(text: &str) -> Duration {
        let started = Instant::now();
        let _ = parse(text, Role::Customer);
        let _ = parse(text, Role::Staff);
        started.elapsed()
    }

    #[test]
    fn ten_thousand_emoji_are_unknown_and_quick() {
        let text = "😀🚗🙏".repeat(3_400);
        assert!(timed(&text) < BOUND);
        assert_eq!(parse(&text, Role::Customer).intent, Intent::Unknown);
    }

    #[test]
    fn sixty_four_kilobytes_of_chat_is_read_in_bounded_time() {
        let text = "avanza 2019 150jt km 45rb B 1234 XYZ dp 20% 36x seratus lima puluh juta ".repeat(1000);
        assert!(text.len() >= 64 * 1024);
        assert!(timed(&text[..64 * 1024]) < BOUND);
    }

    #[test]
    fn invalid_utf8_cut_at_a_byte_boundary_is_replaced_not_fatal() {
        let bytes = "harga brio 150jt 🙏".as_bytes();
        for cut in 0..bytes.len() {
            let mut broken = bytes[..cut].to_vec();
            broken.extend_from_slice(&[0xff, 0xc3]);
            let text = String::from_utf8_lossy(&broken);
            let _ = parse(&text, Role::Staff);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn any_text_parses(text in "\\PC{0,300}") {
            let p = parse(&text, Role::Customer);
            prop_assert!((0.0..=1.0).contains(&p.confidence));
        }

        #[test]
        fn chat_like_text_parses_consistently(words in proptest::collection::vec(
            "(harga|brp|avanza|b|1234|xyz|jt|rb|km|dp|%|20|2019|juta|seratus|koma|-|100|150jt|matic|th|19|laku|ya|x|36)", 0..60)) {
            let text = words.join(" ");
            let first = parse(&text, Role::Staff);
            prop_assert_eq!(first, parse(&text, Role::Staff));
        }
    }
}

#[test]
fn amounts_typed_in_a_price_box() {
    use crate::nlu::amount_in_box;
    assert_eq!(amount_in_box("150jt"), Some(150_000_000));
    assert_eq!(amount_in_box("Rp150.000.000"), Some(150_000_000));
    assert_eq!(amount_in_box("1,2M"), Some(1_200_000_000));
    assert_eq!(amount_in_box("150"), Some(150_000_000));
    assert_eq!(amount_in_box("75000000"), Some(75_000_000));
    assert_eq!(amount_in_box("seratus juta"), Some(100_000_000));
    assert_eq!(amount_in_box("murah"), None);
    assert_eq!(amount_in_box(""), None);
}

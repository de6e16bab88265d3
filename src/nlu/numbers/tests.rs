use super::*;
use proptest::prelude::*;

fn rupiah(text: &str) -> Option<i64> {
    let tokens = crate::nlu::normalize::tokenize(text);
    let raws: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
    let m = mentions(&raws).into_iter().next()?;
    match m.unit {
        Some(u) if u.money_factor().is_some() => m.rupiah_value(u),
        _ => m.integer(),
    }
}

#[test]
fn money_in_digits_with_units() {
    assert_eq!(rupiah("150jt"), Some(150_000_000));
    assert_eq!(rupiah("150 jt"), Some(150_000_000));
    assert_eq!(rupiah("150 juta"), Some(150_000_000));
    assert_eq!(rupiah("98,5jt"), Some(98_500_000));
    assert_eq!(rupiah("1,2M"), Some(1_200_000_000));
    assert_eq!(rupiah("1.2 miliar"), Some(1_200_000_000));
    assert_eq!(rupiah("1,5 milyar"), Some(1_500_000_000));
    assert_eq!(rupiah("1.025m"), Some(1_025_000_000));
    assert_eq!(rupiah("45rb"), Some(45_000));
}

#[test]
fn money_with_grouping_and_the_rp_prefix() {
    assert_eq!(rupiah("Rp 150.000.000"), Some(150_000_000));
    assert_eq!(rupiah("Rp150,000,000"), Some(150_000_000));
    assert_eq!(rupiah("rp. 212.500.000"), Some(212_500_000));
    assert_eq!(rupiah("120.000 km"), Some(120_000));
    assert_eq!(rupiah("1.500.000,00"), Some(1_500_000));
}

#[test]
fn money_in_words() {
    assert_eq!(rupiah("seratus lima puluh juta"), Some(150_000_000));
    assert_eq!(rupiah("dua ratus dua puluh lima juta"), Some(225_000_000));
    assert_eq!(rupiah("satu koma dua M"), Some(1_200_000_000));
    assert_eq!(rupiah("satu koma dua miliar"), Some(1_200_000_000));
    assert_eq!(rupiah("satu setengah miliar"), Some(1_500_000_000));
    assert_eq!(rupiah("sejuta"), Some(1_000_000));
    assert_eq!(rupiah("sebelas juta"), Some(11_000_000));
    assert_eq!(rupiah("dua belas ribu"), Some(12_000));
    assert_eq!(rupiah("satu unit"), None);
}

#[test]
fn units_other_than_money_are_kept() {
    let units = |text: &str| {
        let tokens = crate::nlu::normalize::tokenize(text);
        let raws: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
        mentions(&raws)
            .into_iter()
            .map(|m| (m.integer(), m.unit))
            .collect::<Vec<_>>()
    };
    assert_eq!(units("4thn"), [(Some(4), Some(Unit::Years))]);
    assert_eq!(units("36x"), [(Some(36), Some(Unit::Times))]);
    assert_eq!(units("36 bulan"), [(Some(36), Some(Unit::Months))]);
    assert_eq!(units("1500cc"), [(Some(1500), Some(Unit::Cc))]);
    assert_eq!(units("20%"), [(Some(20), Some(Unit::Percent))]);
    assert_eq!(units("2019"), [(Some(2019), None)]);
}

#[test]
fn approximate_amounts_are_marked() {
    let tokens = crate::nlu::normalize::tokenize("budget 200an");
    let raws: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
    let m = mentions(&raws);
    assert_eq!(m.len(), 1);
    assert!(m[0].approx);
    assert_eq!(m[0].integer(), Some(200));
}

proptest! {
    #[test]
    fn any_digits_and_separators_parse_without_panic(s in "[0-9.,]{1,40}(jt|rb|m|an|x|%)?") {
        let _ = mentions(&[s.as_str()]);
    }

    #[test]
    fn any_words_parse_without_panic(words in proptest::collection::vec("(satu|dua|se|koma|setengah|puluh|ratus|belas|ribu|juta|m|miliar|seratus|x)", 0..30)) {
        let raws: Vec<&str> = words.iter().map(String::as_str).collect();
        let _ = mentions(&raws);
    }
}

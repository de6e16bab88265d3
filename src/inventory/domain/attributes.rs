//! Closed sets of vehicle attributes, with the canonical words used in JSON, storage and the
//! intent engine's entities.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares a closed string enum: canonical words for serde/storage, extra accepted spellings.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $(#[serde(rename = $word)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical lowercase word.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(raw: &str) -> Result<Self, ()> {
                let word = raw.trim().to_lowercase();
                match word.as_str() {
                    $($word $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum!(
    /// Where a car is in its life at the showroom.
    VehicleStatus {
        Draft = "draft",
        Available = "available" | "ready" | "tersedia",
        Booked = "booked" | "dibooking",
        Sold = "sold" | "laku" | "terjual",
        Deleted = "deleted",
    }
);

word_enum!(
    Transmission {
        Manual = "manual" | "mt" | "m/t",
        Automatic = "automatic" | "matic" | "at" | "a/t" | "cvt" | "otomatis",
    }
);

word_enum!(
    Fuel {
        Bensin = "bensin" | "petrol" | "gasoline",
        Diesel = "diesel" | "solar",
        Hybrid = "hybrid",
        Listrik = "listrik" | "electric" | "ev",
    }
);

word_enum!(
    /// Body colours by their Indonesian names, as buyers and staff say them.
    Color {
        Hitam = "hitam" | "black",
        Putih = "putih" | "white",
        Silver = "silver" | "perak",
        AbuAbu = "abu-abu" | "abu" | "abu abu" | "grey" | "gray",
        Merah = "merah" | "red",
        Biru = "biru" | "blue",
        Hijau = "hijau" | "green",
        Kuning = "kuning" | "yellow",
        Coklat = "coklat" | "cokelat" | "brown",
        Oranye = "oranye" | "orange",
        Ungu = "ungu" | "purple",
        Emas = "emas" | "gold",
        Krem = "krem" | "cream" | "beige",
        Marun = "marun" | "maroon",
    }
);

impl VehicleStatus {
    /// Whether a buyer may see the car (catalog, customer chat).
    pub fn is_public(self) -> bool {
        matches!(self, Self::Available | Self::Booked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_words_round_trip() {
        for s in VehicleStatus::ALL {
            assert_eq!(s.as_str().parse::<VehicleStatus>(), Ok(*s));
        }
        for c in Color::ALL {
            assert_eq!(c.as_str().parse::<Color>(), Ok(*c));
        }
    }

    #[test]
    fn everyday_spellings_are_understood() {
        assert_eq!("Matic".parse::<Transmission>(), Ok(Transmission::Automatic));
        assert_eq!("solar".parse::<Fuel>(), Ok(Fuel::Diesel));
        assert_eq!("Abu".parse::<Color>(), Ok(Color::AbuAbu));
        assert_eq!("ungu muda".parse::<Color>(), Err(()));
    }

    #[test]
    fn json_uses_canonical_words() {
        assert_eq!(
            serde_json::to_string(&Color::AbuAbu).ok().as_deref(),
            Some("\"abu-abu\"")
        );
        assert_eq!(
            serde_json::to_string(&Transmission::Automatic).ok().as_deref(),
            Some("\"automatic\"")
        );
    }
}

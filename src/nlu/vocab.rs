//! What the engine knows about the Indonesian car market: makes, models (with the aliases
//! and misspellings people type), typical trims, colours, transmissions and fuels.
//! Data only; lookups live in `entities`.

/// A make: canonical name and the spellings that mean it.
pub struct Make {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// A model: canonical name, its make, the spellings that mean it (one or more tokens,
/// lowercase), and its usual trims.
pub struct Model {
    pub name: &'static str,
    pub make: &'static str,
    pub aliases: &'static [&'static str],
    pub trims: &'static [&'static str],
}

pub const MAKES: &[Make] = &[
    Make {
        name: "Toyota",
        aliases: &["toyota", "toyta", "tyt"],
    },
    Make {
        name: "Daihatsu",
        aliases: &["daihatsu", "daihatzu", "dhatsu"],
    },
    Make {
        name: "Honda",
        aliases: &["honda", "hnda"],
    },
    Make {
        name: "Mitsubishi",
        aliases: &["mitsubishi", "mitsubisi", "mitsu", "mitshubishi"],
    },
    Make {
        name: "Suzuki",
        aliases: &["suzuki", "suzu", "szk"],
    },
    Make {
        name: "Nissan",
        aliases: &["nissan", "nisan"],
    },
    Make {
        name: "Hyundai",
        aliases: &["hyundai", "hyundae", "hundai"],
    },
    Make {
        name: "Wuling",
        aliases: &["wuling"],
    },
    Make {
        name: "Mazda",
        aliases: &["mazda"],
    },
    Make {
        name: "Kia",
        aliases: &["kia"],
    },
    Make {
        name: "Chevrolet",
        aliases: &["chevrolet", "chevy"],
    },
    Make {
        name: "Isuzu",
        aliases: &["isuzu"],
    },
    Make {
        name: "Datsun",
        aliases: &["datsun"],
    },
    Make {
        name: "BMW",
        aliases: &["bmw"],
    },
    Make {
        name: "Mercedes-Benz",
        aliases: &["mercedes-benz", "mercedes benz", "mercedes", "mercy", "benz"],
    },
    Make {
        name: "Lexus",
        aliases: &["lexus"],
    },
    Make {
        name: "Ford",
        aliases: &["ford"],
    },
    Make {
        name: "Volkswagen",
        aliases: &["volkswagen", "vw"],
    },
    Make {
        name: "Chery",
        aliases: &["chery"],
    },
    Make {
        name: "MG",
        aliases: &["mg"],
    },
    Make {
        name: "BYD",
        aliases: &["byd"],
    },
    Make {
        name: "DFSK",
        aliases: &["dfsk"],
    },
    Make {
        name: "Subaru",
        aliases: &["subaru"],
    },
    Make {
        name: "Peugeot",
        aliases: &["peugeot"],
    },
];

macro_rules! model {
    ($name:literal, $make:literal, [$($alias:literal),+], [$($trim:literal),*]) => {
        Model { name: $name, make: $make, aliases: &[$($alias),+], trims: &[$($trim),*] }
    };
}

/// Longer aliases are tried first, so "pajero sport" wins over "pajero" and "innova zenix"
/// over "innova".
pub const MODELS: &[Model] = &[
    model!(
        "Avanza",
        "Toyota",
        ["avanza", "avansa", "avanca", "avz"],
        ["e", "g", "veloz", "1.3 e", "1.3 g", "1.5 g", "1.5 veloz"]
    ),
    model!("Veloz", "Toyota", ["veloz"], ["q", "1.5 q"]),
    model!(
        "Innova Zenix",
        "Toyota",
        ["innova zenix", "zenix", "kijang zenix"],
        ["g", "v", "q", "2.0 g", "2.0 v", "2.0 q"]
    ),
    model!(
        "Innova",
        "Toyota",
        ["innova", "inova", "kijang innova", "inopa", "innnova"],
        ["e", "g", "v", "q", "venturer", "reborn", "2.0 g", "2.4 g", "2.4 v"]
    ),
    model!("Kijang", "Toyota", ["kijang"], ["lgx", "ssx", "krista"]),
    model!(
        "Fortuner",
        "Toyota",
        ["fortuner", "fortuner", "fortune", "fortuneer", "fotuner"],
        ["g", "vrz", "srz", "trd", "gr sport", "2.4 g", "2.4 vrz", "2.8 vrz"]
    ),
    model!(
        "Rush",
        "Toyota",
        ["rush", "rus"],
        ["g", "s", "trd", "trd sportivo", "gr sport"]
    ),
    model!("Agya", "Toyota", ["agya", "agia"], ["e", "g", "trd", "gr sport"]),
    model!("Calya", "Toyota", ["calya", "calia", "kalya"], ["e", "g"]),
    model!(
        "Yaris",
        "Toyota",
        ["yaris"],
        ["e", "g", "s", "trd", "gr sport", "cross"]
    ),
    model!("Vios", "Toyota", ["vios"], ["e", "g"]),
    model!("Raize", "Toyota", ["raize", "raise"], ["g", "gr sport"]),
    model!("Sienta", "Toyota", ["sienta"], ["e", "g", "v", "q"]),
    model!("Alphard", "Toyota", ["alphard", "alpard"], ["g", "sc", "x"]),
    model!("Vellfire", "Toyota", ["vellfire", "velfire"], ["g", "zg"]),
    model!("Camry", "Toyota", ["camry"], ["v"]),
    model!("Corolla Cross", "Toyota", ["corolla cross"], []),
    model!(
        "Corolla Altis",
        "Toyota",
        ["corolla altis", "altis", "corolla"],
        ["g", "v"]
    ),
    model!("Hilux", "Toyota", ["hilux"], ["d-cab", "s-cab", "e", "g", "v"]),
    model!("Land Cruiser", "Toyota", ["land cruiser", "landcruiser"], []),
    model!("Voxy", "Toyota", ["voxy"], []),
    model!("C-HR", "Toyota", ["c-hr", "chr"], []),
    model!(
        "Xenia",
        "Daihatsu",
        ["xenia", "senia", "xenya"],
        ["d", "m", "x", "r", "1.3 x", "1.3 r", "1.5 r"]
    ),
    model!(
        "Terios",
        "Daihatsu",
        ["terios", "terrios"],
        ["x", "r", "r custom", "tx", "ts"]
    ),
    model!("Sigra", "Daihatsu", ["sigra"], ["d", "m", "x", "r"]),
    model!("Ayla", "Daihatsu", ["ayla", "aila"], ["d", "m", "x", "r"]),
    model!(
        "Gran Max",
        "Daihatsu",
        ["gran max", "granmax", "grandmax", "grand max"],
        ["pick up", "blind van"]
    ),
    model!("Luxio", "Daihatsu", ["luxio"], ["d", "x"]),
    model!("Rocky", "Daihatsu", ["rocky"], ["x", "r"]),
    model!("Sirion", "Daihatsu", ["sirion"], ["d", "m", "x", "r"]),
    model!("Brio", "Honda", ["brio", "bryo", "brioo"], ["s", "e", "rs", "satya"]),
    model!("Jazz", "Honda", ["jazz", "jaz", "jass"], ["s", "v", "rs"]),
    model!(
        "HR-V",
        "Honda",
        ["hr-v", "hrv", "hr v", "hr - v"],
        ["s", "e", "se", "rs", "prestige", "1.5 e", "1.8 prestige"]
    ),
    model!(
        "CR-V",
        "Honda",
        ["cr-v", "crv", "cr v", "cr - v"],
        ["s", "2.0", "2.4", "turbo", "prestige"]
    ),
    model!("BR-V", "Honda", ["br-v", "brv", "br v"], ["s", "e", "prestige"]),
    model!("WR-V", "Honda", ["wr-v", "wrv", "wr v"], ["e", "rs"]),
    model!("Mobilio", "Honda", ["mobilio", "mobillio"], ["s", "e", "rs"]),
    model!("City", "Honda", ["city", "city hatchback"], ["e", "rs", "hatchback"]),
    model!("Civic", "Honda", ["civic"], ["e", "rs", "turbo", "type r"]),
    model!("Accord", "Honda", ["accord"], []),
    model!("Freed", "Honda", ["freed"], ["s", "e"]),
    model!("Odyssey", "Honda", ["odyssey"], []),
    model!(
        "Pajero Sport",
        "Mitsubishi",
        ["pajero sport", "pajero", "pajsport", "pajero spot", "pejero"],
        ["exceed", "glx", "gls", "dakar", "rockford", "ultimate"]
    ),
    model!(
        "Xpander",
        "Mitsubishi",
        ["xpander", "expander", "xpandr", "ekspander", "xpnder", "xpndr", "xpdr"],
        ["gls", "exceed", "sport", "ultimate", "gl"]
    ),
    model!("Outlander", "Mitsubishi", ["outlander"], ["sport", "px", "glx"]),
    model!("Triton", "Mitsubishi", ["triton"], ["exceed", "gls", "hdx"]),
    model!("L300", "Mitsubishi", ["l300", "l 300"], []),
    model!("Mirage", "Mitsubishi", ["mirage"], ["glx", "gls", "exceed"]),
    model!(
        "Ertiga",
        "Suzuki",
        ["ertiga", "ertga", "ertigo"],
        ["ga", "gl", "gx", "sport", "dreza"]
    ),
    model!("XL7", "Suzuki", ["xl7", "xl 7", "xl-7"], ["zeta", "beta", "alpha"]),
    model!("Ignis", "Suzuki", ["ignis"], ["gl", "gx"]),
    model!("Baleno", "Suzuki", ["baleno"], ["gl"]),
    model!("Swift", "Suzuki", ["swift"], ["gl", "gx", "gs"]),
    model!(
        "Karimun Wagon R",
        "Suzuki",
        ["karimun wagon r", "karimun", "wagon r"],
        ["ga", "gl", "gs"]
    ),
    model!("APV", "Suzuki", ["apv"], ["gl", "gx", "arena"]),
    model!("Carry", "Suzuki", ["carry"], ["pick up"]),
    model!("Jimny", "Suzuki", ["jimny"], []),
    model!("S-Presso", "Suzuki", ["s-presso", "spresso"], []),
    model!("Grand Vitara", "Suzuki", ["grand vitara", "vitara"], []),
    model!(
        "Grand Livina",
        "Nissan",
        ["grand livina", "grandlivina"],
        ["sv", "xv", "ultimate", "highway star"]
    ),
    model!("Livina", "Nissan", ["livina"], ["e", "el", "ve", "vl"]),
    model!("March", "Nissan", ["march"], []),
    model!("Serena", "Nissan", ["serena"], ["highway star"]),
    model!("X-Trail", "Nissan", ["x-trail", "xtrail", "x trail"], []),
    model!("Juke", "Nissan", ["juke"], ["rx"]),
    model!("Kicks", "Nissan", ["kicks"], ["e-power"]),
    model!("Terra", "Nissan", ["terra"], ["vl"]),
    model!(
        "Creta",
        "Hyundai",
        ["creta", "kreta"],
        ["active", "trend", "style", "prime"]
    ),
    model!(
        "Stargazer",
        "Hyundai",
        ["stargazer", "star gazer", "stargaser"],
        ["active", "trend", "style", "prime", "x"]
    ),
    model!("Ioniq 5", "Hyundai", ["ioniq 5", "ioniq"], ["prime", "signature"]),
    model!("Palisade", "Hyundai", ["palisade"], []),
    model!("Santa Fe", "Hyundai", ["santa fe", "santafe"], []),
    model!("Tucson", "Hyundai", ["tucson"], []),
    model!(
        "Almaz",
        "Wuling",
        ["almaz", "almas"],
        ["rs", "pro", "exclusive", "rs pro"]
    ),
    model!("Confero", "Wuling", ["confero"], ["s", "db"]),
    model!("Cortez", "Wuling", ["cortez"], ["ct", "lux"]),
    model!("Air ev", "Wuling", ["air ev", "airev"], ["standard", "long range"]),
    model!("Alvez", "Wuling", ["alvez"], []),
    model!("CX-5", "Mazda", ["cx-5", "cx5", "cx 5"], ["gt", "elite", "kuro"]),
    model!("CX-3", "Mazda", ["cx-3", "cx3", "cx 3"], []),
    model!("CX-30", "Mazda", ["cx-30", "cx30"], []),
    model!("Mazda2", "Mazda", ["mazda2", "mazda 2"], ["gt", "r"]),
    model!("Sonet", "Kia", ["sonet"], []),
    model!("Seltos", "Kia", ["seltos"], []),
    model!("Picanto", "Kia", ["picanto"], []),
    model!("Spin", "Chevrolet", ["spin"], ["ltz", "ls"]),
    model!("Trax", "Chevrolet", ["trax"], ["ltz"]),
    model!("Panther", "Isuzu", ["panther"], ["ls", "touring"]),
    model!("MU-X", "Isuzu", ["mu-x", "mux"], []),
    model!("D-Max", "Isuzu", ["d-max", "dmax"], []),
    model!("Go", "Datsun", ["datsun go", "go+", "go panca"], []),
];

/// Trim codes that mean a trim wherever they stand in a message.
pub const TRIM_CODES: &[&str] = &[
    "rs", "gx", "gl", "glx", "gls", "vrz", "srz", "trd", "exceed", "ultimate", "dakar", "veloz", "prestige", "zeta",
    "ltz", "vx",
];

/// Trim words recognised only right after a model (elsewhere they are ordinary words).
/// Single letters are accepted only from the model's own list or after an engine size ("1.3 G").
pub const TRIM_WORDS: &[&str] = &[
    "ga",
    "gs",
    "sport",
    "beta",
    "alpha",
    "turbo",
    "limited",
    "luxury",
    "premium",
    "sportivo",
    "satya",
    "custom",
    "highway",
    "star",
    "cross",
    "active",
    "trend",
    "style",
    "prime",
    "pro",
    "exclusive",
    "q",
    "el",
    "se",
];

/// Colour words and what they mean (canonical Indonesian names). Multi-word entries first.
pub const COLORS: &[(&str, &str)] = &[
    ("merah marun", "marun"),
    ("abu abu", "abu-abu"),
    ("abu-abu", "abu-abu"),
    ("dark grey", "abu-abu"),
    ("hitam", "hitam"),
    ("item", "hitam"),
    ("ireng", "hitam"),
    ("cemeng", "hitam"),
    ("bodas", "putih"),
    ("black", "hitam"),
    ("putih", "putih"),
    ("white", "putih"),
    ("silver", "silver"),
    ("perak", "silver"),
    ("silber", "silver"),
    ("abu", "abu-abu"),
    ("grey", "abu-abu"),
    ("gray", "abu-abu"),
    ("merah", "merah"),
    ("red", "merah"),
    ("biru", "biru"),
    ("blue", "biru"),
    ("hijau", "hijau"),
    ("ijo", "hijau"),
    ("green", "hijau"),
    ("kuning", "kuning"),
    ("yellow", "kuning"),
    ("coklat", "coklat"),
    ("cokelat", "coklat"),
    ("brown", "coklat"),
    ("oranye", "oranye"),
    ("orange", "oranye"),
    ("orens", "oranye"),
    ("jingga", "oranye"),
    ("ungu", "ungu"),
    ("purple", "ungu"),
    ("emas", "emas"),
    ("gold", "emas"),
    ("krem", "krem"),
    ("cream", "krem"),
    ("beige", "krem"),
    ("marun", "marun"),
    ("maroon", "marun"),
];

pub const TRANSMISSIONS: &[(&str, &str)] = &[
    ("matic", "automatic"),
    ("matik", "automatic"),
    ("metic", "automatic"),
    ("metik", "automatic"),
    ("matict", "automatic"),
    ("automatic", "automatic"),
    ("otomatis", "automatic"),
    ("automatis", "automatic"),
    ("at", "automatic"),
    ("a/t", "automatic"),
    ("cvt", "automatic"),
    ("triptonic", "automatic"),
    ("manual", "manual"),
    ("manul", "manual"),
    ("mt", "manual"),
    ("m/t", "manual"),
    ("mnl", "manual"),
];

pub const FUELS: &[(&str, &str)] = &[
    ("bensin", "bensin"),
    ("bsn", "bensin"),
    ("pertalite", "bensin"),
    ("pertamax", "bensin"),
    ("diesel", "diesel"),
    ("solar", "diesel"),
    ("dsl", "diesel"),
    ("hybrid", "hybrid"),
    ("hibrid", "hybrid"),
    ("hev", "hybrid"),
    ("listrik", "listrik"),
    ("electric", "listrik"),
    ("ev", "listrik"),
];

/// Region codes of Indonesian number plates, to tell "B 1234 XY" from ordinary words.
pub const PLATE_REGIONS: &[&str] = &[
    "a", "b", "d", "e", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z", "aa", "ab", "ad", "ae", "ag",
    "ba", "bb", "bd", "be", "bg", "bh", "bk", "bl", "bm", "bn", "bp", "da", "db", "dd", "de", "dg", "dh", "dk", "dl",
    "dm", "dn", "dr", "ds", "dt", "ea", "eb", "ed", "kb", "kh", "kt", "ku", "pa", "pb",
];

//! `autolumiku demo`: a throw-away showroom with realistic stock, for trying the service.

use crate::app::{self, Application};
use crate::config::Settings;
use crate::inventory::domain::vehicle::VehicleInput;
use crate::tenants;
use anyhow::Context;
use secrecy::SecretString;

/// One seeded car: make, model, variant, year, price, km, transmission, fuel, colour, plate,
/// engine cc, description.
type Seed = (
    &'static str,
    &'static str,
    &'static str,
    i32,
    i64,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    &'static str,
);

/// Stock a typical Jabodetabek used-car showroom carries; prices are plausible 2026 asking prices.
const STOCK: &[Seed] = &[
    (
        "Toyota",
        "Avanza",
        "1.3 G",
        2019,
        163_000_000,
        58_000,
        "manual",
        "bensin",
        "putih",
        "B 1234 KJH",
        1329,
        "Tangan pertama, servis rutin di bengkel resmi.",
    ),
    (
        "Toyota",
        "Avanza",
        "1.5 Veloz",
        2021,
        215_000_000,
        32_000,
        "automatic",
        "bensin",
        "hitam",
        "B 2871 TYU",
        1496,
        "Pajak panjang, ban baru.",
    ),
    (
        "Honda",
        "Brio",
        "RS",
        2020,
        152_000_000,
        41_000,
        "automatic",
        "bensin",
        "merah",
        "B 1923 PLM",
        1199,
        "Interior bersih, bebas banjir.",
    ),
    (
        "Honda",
        "Brio",
        "Satya E",
        2018,
        118_000_000,
        67_000,
        "manual",
        "bensin",
        "silver",
        "D 1456 ABX",
        1199,
        "Irit, cocok untuk harian.",
    ),
    (
        "Mitsubishi",
        "Xpander",
        "Ultimate",
        2021,
        235_000_000,
        40_000,
        "automatic",
        "bensin",
        "putih",
        "B 2077 SJK",
        1499,
        "Kondisi istimewa, buku servis lengkap.",
    ),
    (
        "Mitsubishi",
        "Pajero Sport",
        "Dakar 4x2",
        2019,
        435_000_000,
        78_000,
        "automatic",
        "diesel",
        "hitam",
        "B 1 PJS",
        2442,
        "Full original, siap luar kota.",
    ),
    (
        "Toyota",
        "Innova",
        "2.4 G Reborn",
        2018,
        298_000_000,
        95_000,
        "manual",
        "diesel",
        "abu-abu",
        "B 2468 NMO",
        2393,
        "Mesin halus, kaki-kaki senyap.",
    ),
    (
        "Toyota",
        "Innova Zenix",
        "2.0 Q HV",
        2023,
        560_000_000,
        18_000,
        "automatic",
        "hybrid",
        "putih",
        "B 1717 ZNX",
        1987,
        "Masih garansi pabrik.",
    ),
    (
        "Toyota",
        "Fortuner",
        "2.4 VRZ",
        2020,
        455_000_000,
        61_000,
        "automatic",
        "diesel",
        "putih",
        "B 1133 FRT",
        2393,
        "Velg original, kaca film 3M.",
    ),
    (
        "Honda",
        "HR-V",
        "1.5 E",
        2019,
        255_000_000,
        52_000,
        "automatic",
        "bensin",
        "merah",
        "B 1289 HRV",
        1497,
        "Satu pemilik dari baru.",
    ),
    (
        "Suzuki",
        "Ertiga",
        "GX",
        2020,
        178_000_000,
        47_000,
        "manual",
        "bensin",
        "silver",
        "F 1645 GT",
        1462,
        "AC dingin, siap pakai.",
    ),
    (
        "Suzuki",
        "XL7",
        "Alpha",
        2022,
        229_000_000,
        28_000,
        "automatic",
        "bensin",
        "coklat",
        "B 2901 XLS",
        1462,
        "Kamera mundur, head unit original.",
    ),
    (
        "Daihatsu",
        "Xenia",
        "1.3 R",
        2019,
        150_000_000,
        63_000,
        "manual",
        "bensin",
        "hitam",
        "B 1578 UIO",
        1329,
        "Surat lengkap, pajak hidup.",
    ),
    (
        "Toyota",
        "Rush",
        "1.5 S TRD",
        2020,
        225_000_000,
        45_000,
        "automatic",
        "bensin",
        "putih",
        "B 2314 RSH",
        1496,
        "Ground clearance tinggi, bebas banjir.",
    ),
    (
        "Daihatsu",
        "Terios",
        "R Custom",
        2019,
        185_000_000,
        58_000,
        "manual",
        "bensin",
        "silver",
        "B 1845 TRS",
        1496,
        "Body mulus, cat original.",
    ),
    (
        "Toyota",
        "Agya",
        "1.2 G",
        2021,
        128_000_000,
        25_000,
        "automatic",
        "bensin",
        "kuning",
        "B 2756 AGY",
        1197,
        "Mobil wanita, pemakaian dalam kota.",
    ),
    (
        "Daihatsu",
        "Sigra",
        "1.2 R",
        2020,
        125_000_000,
        39_000,
        "manual",
        "bensin",
        "merah",
        "B 1390 SGR",
        1197,
        "Tujuh penumpang, irit.",
    ),
    (
        "Toyota",
        "Calya",
        "1.2 G",
        2019,
        122_000_000,
        71_000,
        "automatic",
        "bensin",
        "abu-abu",
        "B 2602 CLY",
        1197,
        "Servis terakhir bulan lalu.",
    ),
    (
        "Hyundai",
        "Creta",
        "Prime",
        2022,
        285_000_000,
        21_000,
        "automatic",
        "bensin",
        "biru",
        "B 1822 CRT",
        1497,
        "Sunroof, fitur lengkap.",
    ),
    (
        "Wuling",
        "Almaz",
        "RS Pro",
        2021,
        265_000_000,
        36_000,
        "automatic",
        "bensin",
        "hitam",
        "B 2093 ALZ",
        1451,
        "Voice command, kondisi terawat.",
    ),
];

/// The demo owner's phone: a reserved-looking number that proves staff in the terminal chat.
const DEMO_OWNER_PHONE: &str = "081100000001";

/// What the demo showroom tells customers about itself.
const PROFILE: &str = r##"{
    "address": "Jl. Contoh Raya No. 1, Jakarta Selatan (alamat demo)",
    "map_url": "https://maps.google.com/?q=-6.2607,106.7816",
    "phone": "021-000-0000 (demo)",
    "whatsapp": "0811-0000-0002",
    "hours": {"open": "08:00", "close": "17:00", "days": [1, 2, 3, 4, 5, 6]},
    "branding": {"primary": "#0b5cab", "accent": "#f59e0b", "theme": "classic",
                 "hero": "Mobil bekas pilihan, harga jelas, bisa kredit. (Showroom demo)"},
    "catalog": {"show_sold": true, "featured": ["AVZ-0002", "BRI-0001", "XPR-0001"]}
}"##;

fn input(seed: &Seed) -> VehicleInput {
    let (make, model, variant, year, price, km, transmission, fuel, color, plate, cc, description) = *seed;
    VehicleInput {
        make: Some(make.into()),
        model: Some(model.into()),
        variant: Some(variant.into()),
        year: Some(year),
        price: Some(price),
        mileage_km: Some(km),
        transmission: Some(transmission.into()),
        fuel: Some(fuel.into()),
        color: Some(color.into()),
        plate: Some(plate.into()),
        engine_cc: Some(cc),
        description: Some(description.into()),
        ..VehicleInput::default()
    }
}

/// Creates the demo showroom (`demo-motor`) with its stock, profile and owner phone.
pub async fn seed(state: &crate::AppState) -> anyhow::Result<(tenants::Tenant, tenants::ApiKey)> {
    let (tenant, key) = tenants::service::create(&state.store, "demo-motor", "Demo Motor Jakarta").await?;
    for seed in STOCK {
        state.inventory.create(tenant.id, input(seed), "demo").await?;
    }
    state.store.set_tenant_profile(tenant.id, PROFILE).await?;
    let now = crate::domain::utc_now();
    let phone = crate::domain::Phone::parse_typed(DEMO_OWNER_PHONE).map(crate::domain::Phone::into_string);
    state
        .store
        .add_staff(tenant.id, "Pak Budi", tenants::StaffRole::Owner, phone.as_deref(), now)
        .await?;
    Ok((tenant, key))
}

/// Serves a fresh demo showroom until Ctrl+C; its data directory is deleted afterwards.
pub async fn run(mut settings: Settings) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("autolumiku-demo-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    settings.database_url = SecretString::from(db.clone());
    settings.database_migration_url = SecretString::from(db);
    settings.redis_url = None;
    settings.data_dir = dir.path().to_path_buf();
    let application = Application::build(settings).await?;
    let state = application.state().clone();
    let (tenant, key) = seed(&state).await?;
    // A panel login for whoever runs the demo (an admin: no authenticator app needed).
    let person = tenants::people::Person {
        name: "Demo Admin",
        role: tenants::StaffRole::Admin,
        phone: None,
        email: Some("admin@demo-motor.test"),
    };
    let panel = tenants::people::add(&state, tenant.id, &person)
        .await?
        .setup_url
        .unwrap_or_default();
    let addr = application.local_addr()?;
    let base = format!("http://{addr}");
    let catalog = format!("http://demo-motor.localhost:{}/", addr.port());
    let env = format!(
        "DATABASE_URL=sqlite://{db} DATA_DIR={data} PUBLIC_URL={base}",
        db = dir.path().join("demo.db").display(),
        data = dir.path().display(),
    );
    println!(
        "\nautolumiku demo: {name} with {count} cars (data in {dir}, deleted on exit)\n\n  \
         API key     {key}\n  \
         Cars        curl {base}/api/v1/vehicles -H 'Authorization: Bearer {key}'\n  \
         One car     curl {base}/api/v1/vehicles/AVZ-0001 -H 'Authorization: Bearer {key}'\n  \
         Health      {base}/healthz   Ready {base}/readyz   Metrics {base}/metrics\n\n  \
         Catalog     {catalog}\n              (or {base}/s/demo-motor/ where *.localhost does not resolve)\n  \
         Panel       {panel}\n              (set a password for admin@demo-motor.test, then you are in the dashboard)\n\n  \
         Chat as the owner (lists cars, reprices, marks sold), in another terminal:\n    \
         {env} autolumiku chat --tenant demo-motor --as staff --phone {DEMO_OWNER_PHONE}\n  \
         Chat as a customer:\n    \
         {env} autolumiku chat --tenant demo-motor\n\n\
         Press Ctrl+C to stop.\n",
        name = tenant.name,
        count = STOCK.len(),
        dir = dir.path().display(),
        key = key.reveal(),
    );
    application.run_until_stopped(app::shutdown_signal()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::NewVehicle;

    #[test]
    fn the_demo_profile_is_valid() {
        assert!(crate::tenants::Profile::parse(PROFILE).is_ok());
    }

    #[test]
    fn every_seeded_car_is_valid() {
        for seed in STOCK {
            assert!(NewVehicle::validate(input(seed), 2026).is_ok(), "{seed:?}");
        }
        assert_eq!(STOCK.len(), 20);
    }
}

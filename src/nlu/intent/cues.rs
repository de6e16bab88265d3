//! The cue phrases of every intent and their weights. Data only: the rules that combine
//! them are in `intent.rs`.

use crate::nlu::Intent;

/// Cue phrases: words separated by spaces, matched against standard forms; a trailing `*`
/// matches any ending ("cicil*" matches "cicilan", "cicilannya").
#[rustfmt::skip]
pub(super) const CUES: &[(Intent, &[(&str, f32)])] = &[
    (Intent::UploadVehicle, &[
        ("upload", 3.0), ("dijual", 2.0), ("jual", 1.5), ("tambah unit", 3.0), ("tambah mobil", 3.0),
        ("unit baru", 3.0), ("mobil baru", 2.5), ("stok baru", 3.0), ("stok masuk", 3.5), ("masukkan", 2.5),
        ("masuk", 1.5), ("listing", 2.0), ("tambahkan", 2.0), ("pasang", 1.5), ("tambah", 1.0), ("add", 2.5),
        ("titipan", 2.5), ("posting mobil", 3.5), ("pasang iklan", 3.5), ("unit masuk", 3.5), ("input", 2.5),
    ]),
    (Intent::UpdatePrice, &[
        ("harga", 1.0), ("turun", 2.0), ("naik", 2.0), ("banting harga", 3.0), ("harga baru", 3.0),
        ("kemahalan", 2.0), ("pasang harga", 4.0), ("set harga", 4.0), ("banderol", 2.0), ("drop", 2.0), ("mulai besok", 2.0), ("potong", 2.0), ("harga jadi", 2.0),
    ]),
    (Intent::UpdateStatus, &[
        ("laku", 2.0), ("booking", 2.5), ("dp masuk", 3.0), ("dp sudah masuk", 3.0), ("tanda jadi", 3.0),
        ("ready lagi", 4.0), ("ready kembali", 4.0), ("batal booking", 4.0), ("batal laku", 4.0),
        ("tampil lagi", 4.0), ("buka lagi", 4.0), ("ada yang ambil", 3.0), ("serah terima", 3.0), ("mundur", 2.0),
        ("aktif lagi", 4.0), ("muncul lagi", 4.0), ("jual lagi", 3.0), ("hold", 2.5), ("ada pembeli", 3.0), ("sudah ada pembeli", 3.0), ("ikat", 3.0), ("sudah diambil", 3.0), ("dibawa pulang", 3.0), ("balik ready", 4.0), ("reserve", 3.0), ("iket", 3.0), ("di dp", 2.5),
        ("sudah dp", 2.5),
    ]),
    (Intent::EditVehicle, &[
        ("ubah", 1.5), ("salah", 2.0), ("harusnya", 2.0), ("seharusnya", 2.0), ("keliru", 2.0), ("yang benar", 2.5),
        ("bukan", 1.0), ("typo", 2.5),
    ]),
    (Intent::DeleteVehicle, &[
        ("hapus", 6.0), ("arsip*", 4.0), ("unlist", 4.0), ("stop tayang", 4.0), ("tidak usah dipajang", 5.0), ("tidak dipajang", 4.0), ("batal posting", 5.0), ("singkirkan", 4.0), ("nonaktif*", 4.0), ("cabut", 4.0), ("dari stok", 3.0), ("tidak dijual", 4.0), ("dari list", 3.0), ("take down", 4.0), ("buang", 3.0),
        ("dobel", 2.0), ("double", 2.0), ("hilangkan", 3.0), ("dari katalog", 3.0), ("dari web", 3.0),
        ("dari website", 3.0), ("dari daftar", 2.0), ("tidak jadi dijual", 4.0), ("tidak jadi jual", 4.0),
        ("keluar", 1.5), ("tarik", 3.5),
    ]),
    (Intent::CheckInventory, &[
        ("stok", 3.0), ("unit", 1.0), ("ready", 1.5), ("list", 2.0), ("daftar", 2.0), ("cek", 1.5),
        ("semua mobil", 2.0), ("ada berapa", 2.0), ("berapa unit", 2.5), ("belum laku", 3.0), ("sisa", 2.0),
        ("inventory", 3.0), ("persediaan", 3.0), ("masih ada", 2.5), ("apa saja", 1.0), ("ada apa saja", 2.0),
        ("ada stok", 2.0), ("total unit", 3.0), ("jumlah unit", 3.0), ("inventaris", 3.0), ("yang ada", 2.0), ("gudang", 2.0),
    ]),
    (Intent::GenerateContent, &[
        ("caption", 4.0), ("deskripsi", 3.0), ("iklan", 2.0), ("posting", 2.5), ("instagram", 2.0), ("facebook", 2.0),
        ("tiktok", 2.0), ("promo", 3.0), ("kata*", 2.0), ("konten", 3.0), ("copywriting", 4.0), ("buat", 1.0),
        ("tulis*", 2.0), ("story", 2.0), ("broadcast", 4.0), ("naskah", 3.0), ("hashtag", 4.0), ("tagline", 4.0), ("thread", 3.0), ("reels", 3.0), ("script", 3.0),
        ("kalimat", 2.0), ("teks", 2.0), ("status whatsapp", 3.0),
    ]),
    (Intent::GetReport, &[
        ("laporan", 5.0), ("penjualan", 2.5), ("omzet", 3.0), ("omset", 3.0), ("statistik", 5.0), ("pendapatan", 3.0),
        ("performa", 2.0), ("summary", 3.0), ("ringkasan", 3.0), ("transaksi", 2.5), ("profit", 4.0), ("laba", 4.0), ("perputaran", 3.0), ("bandingin", 3.0), ("bandingkan", 3.0), ("hasil jualan", 3.0), ("laris", 3.0),
        ("terlaris", 3.0), ("total", 2.5), ("rata-rata", 3.0), ("per merk", 2.0), ("per model", 2.0), ("vs", 1.5),
        ("paling laku", 3.0), ("data", 1.0), ("terakhir", 1.0),
    ]),
    (Intent::ListLeads, &[
        ("leads", 5.0), ("prospek", 4.0), ("calon pembeli", 4.0), ("calon", 2.0), ("tanya", 2.5), ("yang tanya", 3.5),
        ("yang minat", 3.0), ("peminat", 4.0), ("minat", 2.5), ("customer", 1.0), ("pembeli", 1.5),
        ("chat masuk", 3.0), ("dibal*", 2.0), ("siapa", 1.5), ("siapa saja", 2.5), ("inquiry", 3.0), ("buyer", 3.0),
        ("potensial", 2.0), ("yang minta", 3.0), ("yang chat", 3.0), ("belum dibal*", 4.0), ("yang tawar", 3.0), ("yang nego", 3.0), ("tertarik", 3.0), ("tunggu respon", 3.0), ("follow up", 3.0), ("yang mau", 2.5), ("nomor", 1.5),
        ("kontak", 2.0),
    ]),
    (Intent::Help, &[
        ("menu", 4.0), ("bantuan", 4.0), ("cara", 4.0), ("bisa apa", 4.0), ("fitur*", 3.0), ("panduan", 4.0),
        ("tutorial", 4.0), ("perintah", 4.0), ("command", 4.0), ("format", 3.0), ("bagaimana", 1.5),
        ("penjelasan", 2.0), ("petunjuk", 4.0), ("beda*", 4.0), ("sistem", 2.0), ("bingung", 3.0), ("jelasin", 3.0), ("jelaskan", 3.0), ("contoh perintah", 4.0), ("ajar", 3.0), ("pakai bot", 2.5),
        ("bot ini", 2.5), ("apa saja yang bisa", 4.0), ("bisa dilakukan", 3.0), ("staff baru", 2.0),
    ]),
    (Intent::SearchVehicle, &[
        ("ada", 1.5), ("cari", 2.5), ("nyari", 2.5), ("mencari", 2.5), ("ready", 2.0), ("stok", 2.0), ("unit", 1.0),
        ("jual", 1.0), ("budget", 2.0), ("rekomendasi", 2.5), ("pilihan", 1.5), ("mobil keluarga", 2.0),
        ("sedan", 2.0), ("suv", 2.0), ("mpv", 2.0), ("hatchback", 2.0), ("minat", 1.5), ("butuh mobil", 2.5),
        ("mau beli", 2.0), ("lagi cari", 2.5), ("masih ada", 2.0), ("available", 2.0), ("menyediakan", 2.5), ("sedia", 2.5),
    ]),
    (Intent::AskPrice, &[
        ("harga", 3.0), ("dilepas", 2.5), ("lepas", 1.5), ("otr", 2.5), ("banderol", 2.5), ("bandrol", 2.5),
        ("how much", 4.0), ("info harga", 2.0), ("penawaran harga", 3.0), ("all in", 3.0), ("biaya", 2.5), ("berapaan", 2.0),
    ]),
    (Intent::CreditSimulation, &[
        ("kredit", 3.5), ("cicil*", 3.5), ("angsuran", 3.5), ("dp", 3.0), ("dp minim*", 2.0), ("minimal dp", 2.0),
        ("tenor", 3.5), ("bunga", 3.0), ("per bulan*", 2.5), ("simulasi", 3.5), ("uang muka", 3.0),
        ("installment", 3.5), ("pelunasan", 3.0), ("pinalti", 3.0), ("penalti", 3.0),
    ]),
    (Intent::AskPhotos, &[
        ("foto", 4.0), ("video", 4.0), ("pap", 4.0), ("interior*", 1.5), ("eksterior*", 1.5), ("dashboard", 1.0),
        ("jok", 1.0), ("mesin", 1.0), ("detail", 1.0), ("kirim", 1.0), ("lihat unit", 1.5), ("picture", 4.0), ("rekam*", 3.0), ("jepret*", 3.0),
    ]),
    (Intent::BookTestDrive, &[
        ("test drive", 5.0), ("drive", 3.0), ("nyoba", 3.0), ("coba", 3.0), ("jajal", 3.0), ("bawa mobil*", 2.0),
        ("bawa", 1.5), ("jadwal*", 2.5), ("menjadwalkan", 2.5), ("lihat langsung", 2.5), ("cek unit", 2.0),
        ("uji jalan", 5.0), ("rasakan", 3.0), ("keliling", 2.0), ("test", 2.0), ("nyetir", 3.0), ("lihat unit", 2.5), ("cek fisik", 3.0), ("booking jadwal", 3.0), ("homevisit", 4.0), ("home visit", 4.0), ("datang", 2.0), ("ke sana", 2.0), ("ke situ", 2.0), ("mampir", 3.0), ("lihat mobil", 2.5), ("kapan bisa", 1.5), ("siapkan", 2.0),
    ]),
    (Intent::AskLocation, &[
        ("alamat", 4.0), ("lokasi", 4.0), ("dimana", 3.0), ("di mana", 3.0), ("mana", 1.5), ("share", 2.0),
        ("maps", 4.0), ("gmaps", 4.0), ("buka", 2.5), ("tutup", 2.0), ("jam buka", 4.0), ("operasional", 3.0),
        ("jam", 1.5), ("jam berapa", 2.0), ("telepon", 2.0), ("nomor", 1.5), ("tol", 2.0), ("arah", 2.0),
        ("rute", 3.0), ("showroom", 1.0), ("kantor", 1.5), ("cabang", 2.0), ("keluar", 1.0), ("jauh", 2.5),
        ("patokan", 4.0), ("stasiun", 2.0), ("where", 3.0), ("located", 3.0), ("address", 4.0), ("parkir*", 3.0), ("outlet", 3.0), ("jalan besar", 2.0), ("gang", 2.0), ("grab", 2.0), ("gojek", 2.0), ("sebelah mana", 3.0), ("dekat", 2.0), ("di jalan", 3.0),
        ("jalan apa", 3.0), ("ketemu", 1.0), ("ke showroom", 1.5),
    ]),
    (Intent::Negotiate, &[
        ("nego", 6.0), ("ruang nego", 2.0), ("bonus", 3.0), ("gratis", 2.0), ("ketinggian", 3.0), ("kemahalan", 3.0),
        ("pasaran", 2.0), ("kurang", 2.5), ("kurang sedikit", 2.0), ("diskon", 4.0), ("potongan", 4.0),
        ("harga pas", 4.0), ("pas", 2.0), ("net", 4.0), ("cash", 1.5), ("murah*", 1.5), ("mentok", 3.0),
        ("harga terbaik", 3.0), ("last price", 3.0), ("turun", 2.0), ("tawar", 4.0), ("deal", 2.5),
        ("bisa kurang", 3.0), ("cashback", 4.0), ("harga terakhir", 4.0), ("harga khusus", 4.0), ("harga dealer", 4.0), ("disamain", 3.0), ("samakan", 3.0), ("bisa turun", 3.0), ("harga teman", 4.0), ("potong", 3.0),
    ]),
    (Intent::TradeIn, &[
        ("tukar", 4.0), ("tukar tambah", 5.0), ("trade in", 5.0), ("tradein", 5.0), ("mobil lama", 3.0),
        ("mobil saya", 2.0), ("punya saya", 2.0), ("dihargai", 2.5), ("taksir*", 3.5), ("jadi dp", 3.5),
        ("upgrade", 3.0), ("taksir", 3.5), ("jual putus", 4.0), ("appraisal", 4.0), ("lego", 3.5), ("laku berapa", 3.0), ("saya ada", 2.5), ("saya punya", 2.5), ("lebih baru", 2.5), ("tambah berapa", 3.0),
    ]),
    (Intent::TalkToHuman, &[
        ("sales", 4.0), ("admin", 3.0), ("customer service", 4.0), ("orang", 3.0), ("manusia", 4.0),
        ("bukan bot", 5.0), ("robot", 3.0), ("bot", 1.5), ("petugas", 4.0), ("sambungkan", 3.0), ("sambung", 3.0),
        ("hubungi", 2.5), ("hubung", 3.0), ("telepon saya", 3.0), ("telepon saja", 3.0), ("ngobrol", 2.5),
        ("berbicara", 2.5), ("bicara", 2.5), ("marketing", 3.0), ("operator", 3.0), ("call", 3.0), ("staff", 3.0),
        ("alih*", 3.0), ("person", 4.0), ("owner", 3.0), ("telepon balik", 4.0), ("komplain", 3.0), ("teruskan", 3.0), ("dilayani bot", 3.0), ("eskalasi", 4.0), ("supervisor", 4.0), ("manager", 4.0), ("agent", 3.5), ("telepon ke", 3.0), ("pemilik", 3.0), ("diskusi", 2.0),
        ("langsung", 1.0), ("talk", 2.0), ("kepala", 2.0), ("mesin", 0.5), ("ngetik", 1.5),
    ]),
    (Intent::Greeting, &[
        ("halo", 2.0), ("hai", 2.0), ("pagi", 2.0), ("siang", 2.0), ("sore", 2.0), ("malam", 2.0), ("selamat", 1.0),
        ("salam", 3.0), ("permisi", 2.0), ("p", 2.0), ("shalom", 3.0), ("horas", 3.0), ("hello", 2.0),
    ]),
    (Intent::Thanks, &[
        ("makasih", 5.0), ("terima kasih", 5.0), ("kasih", 1.0), ("hatur nuhun", 5.0),
    ]),
    (Intent::Confirm, &[
        ("ya", 2.0), ("iya", 2.5), ("oke", 2.5), ("siap", 2.5), ("gas", 2.5), ("lanjut", 2.5), ("setuju", 3.0),
        ("boleh", 2.0), ("benar", 2.0), ("simpan", 2.5), ("mantap", 2.0), ("deal", 2.5), ("publish", 3.0),
        ("terbitkan", 3.0), ("yakin", 2.0), ("sudah benar", 3.0), ("betul", 2.0), ("acc", 3.0), ("approve", 3.0),
        ("mau", 2.0), ("kirim saja", 2.5), ("sip", 2.5), ("jalan", 1.0), ("silakan", 2.5), ("aman", 2.5), ("proses", 2.5),
    ]),
    (Intent::Cancel, &[
        ("batal", 4.0), ("tidak jadi", 4.0), ("tidak usah", 3.5), ("stop", 3.5), ("berhenti", 3.0), ("jangan", 3.5),
        ("sudahan", 3.0), ("cukup", 2.0), ("nanti saja", 3.0), ("tidak dulu", 3.5), ("lain kali", 3.0), ("skip", 3.5),
        ("urungkan", 4.0), ("lupakan", 3.5), ("abort", 4.0),
    ]),
];

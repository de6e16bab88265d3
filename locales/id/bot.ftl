# Names of what a message asks for (staff notices, logs).
intent-upload-vehicle = pasang mobil baru
intent-update-price = ubah harga
intent-update-status = ubah status mobil
intent-edit-vehicle = ubah data mobil
intent-delete-vehicle = hapus mobil
intent-check-inventory = cek stok
intent-generate-content = buat caption atau deskripsi
intent-get-report = laporan
intent-list-leads = daftar calon pembeli
intent-help = bantuan
intent-search-vehicle = cari mobil
intent-ask-price = tanya harga
intent-credit-simulation = simulasi kredit
intent-ask-photos = minta foto
intent-book-test-drive = jadwal test drive
intent-ask-location = lokasi showroom
intent-negotiate = nego harga
intent-trade-in = tukar tambah
intent-talk-to-human = bicara dengan sales
intent-greeting = salam
intent-thanks = terima kasih
intent-confirm = setuju
intent-cancel = batal
intent-unknown = belum jelas

# Words
status-draft = draf
status-available = ready
status-booked = sudah dibooking
status-sold = terjual
status-deleted = dihapus
transmission-manual = manual
transmission-automatic = matic
lead-new = baru
lead-contacted = sudah dihubungi
lead-qualified = serius
lead-negotiating = nego
lead-won = deal
lead-lost = batal
lead-no-name = (tanpa nama)
weekday-1 = Senin
weekday-2 = Selasa
weekday-3 = Rabu
weekday-4 = Kamis
weekday-5 = Jumat
weekday-6 = Sabtu
weekday-7 = Minggu
month-1 = Januari
month-2 = Februari
month-3 = Maret
month-4 = April
month-5 = Mei
month-6 = Juni
month-7 = Juli
month-8 = Agustus
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Desember
when-day-time = { $weekday }, { $day } { $month } { $year } pukul { $time } WIB
greeting-pagi = Selamat pagi
greeting-siang = Selamat siang
greeting-sore = Selamat sore
greeting-malam = Selamat malam
days-in-stock = { $days } hari
card-plate = Plat { $plate }
card-stock = 📷 { $photos } foto · { $days } hari di stok

# Any sender
reply-text-only = Maaf, saya baru bisa membaca pesan teks dan foto. Silakan ketik pesannya ya 🙏
reply-voice = Maaf, saya belum bisa mendengar pesan suara. Mohon diketik saja ya 🙏
cancelled = Oke, dibatalkan.
nothing-pending = Tidak ada yang sedang menunggu persetujuan. Ketik *bantuan* untuk melihat menu.
photos-not-stored = ⚠️ { $count } foto tidak bisa disimpan (harus JPEG/PNG/WebP, maks. 20 MB). Mohon kirim ulang.

# Staff: listing a car
listing-ask-model = Mobil apa? (contoh: *Avanza 1.3 G*)
listing-suggested = 🤖 Dari foto, sepertinya *{ $car }* ({ $details }). Betul? Ketik *ya*, atau tulis mobilnya.
listing-ask-year = Tahun berapa?
listing-ask-price = Harganya berapa? (contoh: *120jt*)
listing-photos-so-far = 📷 { $count } foto diterima.
listing-preview-title = 📝 *Cek dulu sebelum dipasang:*
listing-preview-photos = 📷 { $count } foto
listing-preview-ask = Ketik *ya* untuk pasang, tulis koreksinya (misal *km nya 35rb*), atau *batal*.
listing-published = ✅ Terpasang: *{ $car }* · { $price } · kode *{ $id }* · { $photos } foto
    { $link }
listing-discarded = Oke, draf mobil dibuang.
listing-expired = ⌛ Draf mobil yang belum selesai sudah lewat 24 jam, jadi saya hapus. Silakan kirim ulang kalau masih mau dipasang.
listing-still-open = (Draf { $what } masih menunggu — ketik *ya* untuk pasang atau *batal*.)
listing-finish-first = Draf { $what } masih terbuka. Ketik *ya* untuk pasang atau *batal* dulu, lalu kirim mobil berikutnya.
listing-unnamed = mobil
photos-limit = Maksimal { $max } foto per mobil; sisanya tidak saya simpan.
photos-send-now = Silakan kirim foto untuk *{ $car }* ({ $id }).
photos-added = 📷 { $added } foto ditambahkan ke { $id } (total { $total }). Foto berikutnya langsung saya tambahkan; ketik *batal* kalau sudah.

photo-dark = 📷 Foto ke-{ $n } agak gelap, mau ganti? (boleh juga dipakai apa adanya)
photo-blurry = 📷 Foto ke-{ $n } kurang tajam (blur), mau ganti?
photo-tilted = 📷 Foto ke-{ $n } agak miring, mau ganti?
photo-small = 📷 Foto ke-{ $n } resolusinya kecil; di katalog akan kurang jelas.
photo-duplicate = 📷 Foto ke-{ $n } sama dengan foto mobil { $id } yang sudah dipasang. Betul mobil yang berbeda?
photo-refused-large = ⚠️ Fotonya lebih dari 20 MB, tidak bisa saya simpan. Kirim ukuran yang lebih kecil ya.
photo-refused-heic = ⚠️ Foto berformat HEIC belum bisa. Kirim sebagai JPEG (iPhone: Pengaturan › Kamera › Format › Paling Kompatibel).
photo-refused-format = ⚠️ Berkas itu bukan foto JPEG, PNG, atau WebP.
photo-refused-pixels = ⚠️ Fotonya terlalu besar (lebih dari 50 megapiksel). Kirim ukuran yang lebih kecil ya.
photo-refused-corrupt = ⚠️ Fotonya rusak atau tidak terkirim utuh. Kirim ulang ya.
photo-refused-shape = ⚠️ Fotonya terlalu memanjang (seperti potongan layar). Kirim foto mobilnya ya.
photo-refused-storage = ⚠️ Fotonya belum bisa disimpan. Kirim ulang sebentar lagi ya.
listing-color-guess = warna { $color }? (dari foto — koreksi kalau salah)

# Staff: finding and changing cars
car-which = Mobil yang mana? Sebutkan kodenya (misal *AVZ-0001*), platnya, atau tipenya.
car-not-found = Mobilnya tidak ketemu di stok. Cek lagi kode, plat, atau tipenya ya.
car-choose = Ada { $count } mobil yang cocok. Balas dengan nomornya:
car-plate-taken = Plat itu sudah dipakai mobil lain di stok.
car-bad-year = Tahunnya sepertinya salah. Tulis 4 angka, misal *2019*.
car-bad-price = Harganya sepertinya salah. Tulis lengkap, misal *120jt* atau *1,2M*.
car-bad-mileage = Kilometernya sepertinya salah. Contoh: *km 45rb*.
car-bad-plate = Platnya tidak terbaca. Contoh: *B 1234 XYZ*.
car-bad-engine = CC mesinnya sepertinya salah. Contoh: *1500cc*.
car-missing-field = Masih ada data wajib yang kurang (tipe, tahun, harga).
car-bad-value = Ada data yang tidak bisa saya pakai. Coba tulis ulang ya.
price-need-amount = Harga barunya berapa? Tulis lengkap, misal *harga AVZ-0001 jadi 145jt*.
price-changed = 💰 Harga *{ $car }* ({ $id }): { $old } → *{ $new }*
status-need-word = Statusnya mau jadi apa? *laku*, *booking*, atau *ready lagi*.
status-changed = ✅ *{ $car }* ({ $id }) sekarang: *{ $status }*
edit-need-field = Apa yang mau diubah? Misal *km nya 35rb* atau *warna hitam*.
edit-done = ✏️ *{ $car }* ({ $id }) diperbarui: { $facts }
delete-confirm = Yakin hapus *{ $car }* ({ $id })? Ketik *ya* untuk hapus atau *batal*.
delete-done = 🗑️ { $id } sudah dihapus dari stok.
delete-kept = Oke, { $id } tidak jadi dihapus.
role-owner-admin-only = Maaf, hanya owner atau admin yang bisa melakukan itu.

# Staff: asking
stock-count = 🚗 { $count } mobil { $status }:
stock-more = …dan { $count } lagi. Persempit dengan tipe, harga, atau transmisi.
stock-none = Tidak ada mobil yang cocok di stok.
report-title = 📊 *Laporan { $period }*
report-listed = Mobil masuk: { $count }
report-sold = Terjual: { $count }
report-revenue = Omzet: { $amount }
report-days-to-sell = Rata-rata laku dalam: { $days } hari
report-stock = Stok sekarang: { $count } mobil, rata-rata { $days } hari ({ $stale } lebih dari 60 hari)
report-leads = Calon pembeli baru: { $count } { $detail }
period-today = hari ini
period-week = minggu ini
period-month = bulan ini
period-last-month = bulan lalu
leads-title = 👥 { $count } calon pembeli terbaru:
leads-none = Belum ada calon pembeli.
staff-greeting = Halo { $name }! Mau pasang mobil, cek stok, atau lihat laporan? Ketik *bantuan* untuk menu.
thanks-staff = Sama-sama 👍
staff-unknown = Maaf, saya belum paham maksudnya.
staff-help = *Yang bisa saya bantu:*
    📷 Kirim foto + "Brio 2020 120jt hitam matic km 30rb" → pasang mobil
    💰 "harga AVZ-0001 jadi 145jt" → ubah harga
    ✅ "avanza B 1234 XY laku" / "booking" / "ready lagi" → ubah status
    ✏️ "AVZ-0001 km nya 35rb" → ubah data
    🔎 "stok matic di bawah 150jt" → cek stok
    📊 "laporan bulan ini" → laporan
    👥 "leads" → calon pembeli
    📝 "caption AVZ-0001" (atau "formal") → teks iklan
    📷 "tambah foto AVZ-0001" → tambah foto
    🗑️ "hapus AVZ-0001" → hapus (owner/admin)
    🤖 "bot aktif 0812…" → kembalikan chat pelanggan ke bot
handback-done = 🤖 Chat { $phone } dikembalikan ke bot.
handback-none = Tidak ada chat { $phone } yang sedang ditangani manual.
caption-friendly-head = 🔥 *{ $car }* siap pakai di { $showroom }!
caption-friendly-price = 💰 Harga: *{ $price }*
caption-friendly-cta = Minat? Chat kami sekarang, sebut kode *{ $id }* 👉 { $link }
caption-formal-head = Dijual: *{ $car }* — { $showroom }
caption-formal-price = Harga: { $price }
caption-formal-cta = Informasi dan janji temu: sebutkan kode { $id }. { $link }

# Customers
customer-greeting = { $greeting }, Kak! 👋 Selamat datang di *{ $showroom }*.
    Saya bisa bantu cari mobil, cek harga, simulasi kredit, kirim foto, info lokasi, dan atur jadwal test drive.
    Mau cari mobil apa, Kak? (misal: *avanza matic budget 200jt*)
customer-unknown = Maaf Kak, saya belum paham 🙏 Coba tulis mobil atau budget yang dicari, misal *xpander 2020* atau *mobil di bawah 150jt*. Bisa juga tanya *kredit*, *foto*, *lokasi*, atau *test drive*.
customer-offer-human = Mau dibantu langsung oleh tim sales kami? Ketik *sales* ya, Kak.
customer-anything-else = Siap, Kak. Ada lagi yang bisa saya bantu?
customer-photo-received = Terima kasih fotonya, Kak. Untuk tukar tambah atau pertanyaan soal foto itu, ketik *sales* dan tim kami akan membantu.
thanks-customer = Sama-sama, Kak! Kabari saja kalau ada yang mau ditanyakan lagi 😊
search-found = Ada { $count } mobil yang cocok, Kak:
search-closest = Belum ada yang persis sesuai, Kak. Ini yang paling mendekati:
search-similar = Pilihan lain yang masih tersedia:
search-none = Maaf Kak, saat ini belum ada stok yang cocok.
search-next-steps = Ketik kodenya untuk detail, atau *kredit*, *foto*, *test drive*.
car-not-found-customer = Maaf Kak, mobil itu tidak ada di stok kami. Coba sebutkan tipe atau budgetnya ya.
car-which-customer = Ada beberapa pilihan, Kak. Yang mana? (sebutkan kodenya)
car-which-customer-ask = Untuk mobil yang mana, Kak? Sebutkan tipe atau kodenya (misal *AVZ-0001*).
car-booked = Maaf Kak, *{ $car }* sudah dibooking pembeli lain.
car-sold = Maaf Kak, *{ $car }* sudah terjual.
price-of = Harga *{ $car }* ({ $id }): *{ $price }*
price-offer-credit = Mau saya buatkan simulasi kredit? Ketik misal *kredit dp 30jt 3 tahun*.
credit-title = 🧮 *Simulasi kredit (perkiraan)* — { $car }
credit-dp = Harga { $price } · DP { $dp } · pokok { $principal }
credit-dp-example = Harga { $price } · contoh DP 30% { $dp } · pokok { $principal }
credit-line = • { $years } tahun: *{ $monthly }*/bulan (bunga flat { $rate }/tahun)
credit-disclaimer = Ini perkiraan dengan bunga flat; angka akhir dan persetujuan dari pihak leasing. Belum termasuk asuransi dan biaya admin.
credit-need-price = Untuk mobil yang mana, Kak? Sebutkan tipenya atau kodenya, atau tulis harganya (misal *kredit 150jt dp 30jt 3 tahun*).
credit-bad-dp = DP-nya harus lebih kecil dari harga mobil, Kak.
credit-bad-tenor = Tenor yang tersedia 1 sampai 5 tahun, Kak.
photos-none = Maaf Kak, foto *{ $car }* belum tersedia. Mau dibantu tim sales? Ketik *sales*.
photos-more = Masih ada { $count } foto lagi. Ketik *lagi* untuk melihat, atau *stop*.
photos-stopped = Oke, Kak.
location-title = 📍 *{ $showroom }*
location-hours = 🕘 { $days }: { $open }–{ $close } WIB
location-unknown = Alamat dan jam buka belum diisi. Ketik *sales* dan tim kami akan menginfokan.
testdrive-ask-day = Mau test drive hari apa, Kak? (misal *besok* atau *Sabtu*)
testdrive-ask-time = Jam berapa, Kak? (misal *jam 10*)
testdrive-past = Waktunya sudah lewat, Kak. Mau hari dan jam berapa?
testdrive-closed = Di jam itu showroom tutup, Kak. Kami buka { $days }, { $open }–{ $close } WIB. Mau jam berapa?
testdrive-booked = ✅ Test drive dicatat: { $car }, { $when }. Tim kami akan konfirmasi ya, Kak.
testdrive-cancelled = Oke Kak, jadwal test drive tidak jadi dibuat.
testdrive-any-car = mobil menyusul
name-ask = Oh ya, boleh tahu nama Kakak? 😊
name-thanks = Terima kasih, Kak { $name }!
handoff-customer = Baik Kak, tim sales kami akan segera membalas di chat ini 🙏
staff-notice-handoff = 🔔 Pelanggan minta { $reason }: { $customer }
    "{ $text }"
    Mobil: { $car }
    Bot berhenti menjawab chat ini 24 jam. Ketik *bot aktif { $chat }* untuk mengembalikan.
staff-notice-testdrive = 🚗 Test drive baru: { $customer } · { $car } · { $when }

# Names of what a message asks for (staff notices, logs).
intent-upload-vehicle = list a new car
intent-update-price = change a price
intent-update-status = change a car's status
intent-edit-vehicle = change a car's details
intent-delete-vehicle = delete a car
intent-check-inventory = check stock
intent-generate-content = write a caption or description
intent-get-report = report
intent-list-leads = list leads
intent-help = help
intent-search-vehicle = search for a car
intent-ask-price = ask a price
intent-credit-simulation = credit simulation
intent-ask-photos = ask for photos
intent-book-test-drive = book a test drive
intent-ask-location = showroom location
intent-negotiate = negotiate the price
intent-trade-in = trade-in
intent-talk-to-human = talk to a salesperson
intent-greeting = greeting
intent-thanks = thanks
intent-confirm = agree
intent-cancel = cancel
intent-unknown = unclear

# Words
status-draft = draft
status-available = available
status-booked = booked
status-sold = sold
status-deleted = deleted
transmission-manual = manual
transmission-automatic = automatic
lead-new = new
lead-contacted = contacted
lead-qualified = qualified
lead-negotiating = negotiating
lead-won = won
lead-lost = lost
lead-no-name = (no name)
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
when-day-time = { $weekday }, { $day } { $month } { $year } at { $time } WIB
greeting-pagi = Good morning
greeting-siang = Good afternoon
greeting-sore = Good afternoon
greeting-malam = Good evening
days-in-stock = { $days } days
card-plate = Plate { $plate }
card-stock = 📷 { $photos } photos · { $days } days in stock

# Any sender
reply-text-only = Sorry, I can only read text messages and photos so far. Please type your message 🙏
reply-voice = Sorry, I cannot listen to voice messages yet. Please type it 🙏
cancelled = OK, cancelled.
nothing-pending = Nothing is waiting for your confirmation. Type *help* for the menu.
photos-not-stored = ⚠️ { $count } photo(s) could not be saved (JPEG/PNG/WebP up to 20 MB only). Please send them again.

# Staff: listing a car
listing-ask-model = Which car? (e.g. *Avanza 1.3 G*)
listing-suggested = 🤖 From the photo it looks like a *{ $car }* ({ $details }). Right? Type *yes*, or write the car.
listing-ask-year = Which year?
listing-ask-price = What is the price? (e.g. *120jt*)
listing-photos-so-far = 📷 { $count } photo(s) received.
listing-preview-title = 📝 *Check before publishing:*
listing-preview-photos = 📷 { $count } photo(s)
listing-preview-ask = Type *yes* to publish, write a correction (e.g. *km 35rb*), or *cancel*.
listing-published = ✅ Published: *{ $car }* · { $price } · code *{ $id }* · { $photos } photo(s)
    { $link }
listing-discarded = OK, the draft was discarded.
listing-expired = ⌛ The unfinished car draft was older than 24 hours, so I removed it. Send it again if you still want to list it.
listing-still-open = (The { $what } draft is still waiting — type *yes* to publish or *cancel*.)
listing-finish-first = The { $what } draft is still open. Type *yes* to publish it or *cancel* first, then send the next car.
listing-unnamed = car
photos-limit = At most { $max } photos per car; I did not keep the rest.
photos-send-now = Send the photos for *{ $car }* ({ $id }) now.
photos-added = 📷 { $added } photo(s) added to { $id } ({ $total } in all). I will add the next ones quietly; type *cancel* when done.

photo-dark = 📷 Photo { $n } is rather dark — replace it? (it can be used as it is)
photo-blurry = 📷 Photo { $n } is not sharp (blurred) — replace it?
photo-tilted = 📷 Photo { $n } is tilted — replace it?
photo-small = 📷 Photo { $n } is small; it will look poor in the catalog.
photo-duplicate = 📷 Photo { $n } is the same as a photo of { $id }, already listed. Is this a different car?
photo-refused-large = ⚠️ The photo is over 20 MB and cannot be kept. Send a smaller one.
photo-refused-heic = ⚠️ HEIC photos are not supported yet. Send JPEG (iPhone: Settings › Camera › Formats › Most Compatible).
photo-refused-format = ⚠️ That file is not a JPEG, PNG or WebP photo.
photo-refused-pixels = ⚠️ The photo is too large (over 50 megapixels). Send a smaller one.
photo-refused-corrupt = ⚠️ The photo is damaged or did not arrive whole. Send it again.
photo-refused-shape = ⚠️ That picture is a long strip (like a screenshot piece). Send a photo of the car.
photo-refused-storage = ⚠️ The photo could not be stored yet. Send it again in a moment.
listing-color-guess = colour { $color }? (from the photo — correct it if wrong)

# Staff: finding and changing cars
car-which = Which car? Give its code (e.g. *AVZ-0001*), plate or model.
car-not-found = I cannot find that car in stock. Check the code, plate or model.
car-choose = { $count } cars match. Reply with the number:
car-plate-taken = That plate is already used by another car in stock.
car-bad-year = The year looks wrong. Write 4 digits, e.g. *2019*.
car-bad-price = The price looks wrong. Write it in full, e.g. *120jt* or *1,2M*.
car-bad-mileage = The mileage looks wrong. Example: *km 45rb*.
car-bad-plate = I cannot read the plate. Example: *B 1234 XYZ*.
car-bad-engine = The engine size looks wrong. Example: *1500cc*.
car-missing-field = A required detail is missing (model, year, price).
car-bad-value = Some detail cannot be used. Please write it again.
price-need-amount = What is the new price? Write it in full, e.g. *price AVZ-0001 145jt*.
price-changed = 💰 Price of *{ $car }* ({ $id }): { $old } → *{ $new }*
status-need-word = Which status? *sold*, *booked* or *available again*.
status-changed = ✅ *{ $car }* ({ $id }) is now: *{ $status }*
edit-need-field = What should change? E.g. *km 35rb* or *colour black*.
edit-done = ✏️ *{ $car }* ({ $id }) updated: { $facts }
delete-confirm = Really delete *{ $car }* ({ $id })? Type *yes* to delete or *cancel*.
delete-done = 🗑️ { $id } was removed from stock.
delete-kept = OK, { $id } stays.
role-owner-admin-only = Sorry, only an owner or admin can do that.

# Staff: asking
stock-count = 🚗 { $count } cars { $status }:
stock-more = …and { $count } more. Narrow it down by model, price or transmission.
stock-none = No car in stock matches.
report-title = 📊 *Report for { $period }*
report-listed = Cars listed: { $count }
report-sold = Sold: { $count }
report-revenue = Revenue: { $amount }
report-days-to-sell = Average days to sell: { $days }
report-stock = Stock now: { $count } cars, { $days } days on average ({ $stale } over 60 days)
report-leads = New leads: { $count } { $detail }
period-today = today
period-week = this week
period-month = this month
period-last-month = last month
leads-title = 👥 { $count } newest leads:
leads-none = No leads yet.
staff-greeting = Hello { $name }! List a car, check stock or see a report? Type *help* for the menu.
thanks-staff = You're welcome 👍
staff-unknown = Sorry, I did not understand that.
staff-help = *What I can do:*
    📷 Photo + "Brio 2020 120jt hitam matic km 30rb" → list a car
    💰 "harga AVZ-0001 jadi 145jt" → change a price
    ✅ "avanza B 1234 XY laku" / "booking" / "ready lagi" → change status
    ✏️ "AVZ-0001 km nya 35rb" → change details
    🔎 "stok matic di bawah 150jt" → check stock
    📊 "laporan bulan ini" → report
    👥 "leads" → leads
    📝 "caption AVZ-0001" (or "formal") → ad text
    📷 "tambah foto AVZ-0001" → add photos
    🗑️ "hapus AVZ-0001" → delete (owner/admin)
    🤖 "bot aktif 0812…" → give a customer chat back to the bot
handback-done = 🤖 Chat { $phone } is back with the bot.
handback-none = No chat { $phone } is being handled by a person.
caption-friendly-head = 🔥 *{ $car }* ready to drive at { $showroom }!
caption-friendly-price = 💰 Price: *{ $price }*
caption-friendly-cta = Interested? Chat with us now and mention code *{ $id }* 👉 { $link }
caption-formal-head = For sale: *{ $car }* — { $showroom }
caption-formal-price = Price: { $price }
caption-formal-cta = Information and appointments: quote code { $id }. { $link }

# Customers
customer-greeting = { $greeting }! 👋 Welcome to *{ $showroom }*.
    I can help you find a car, check prices, simulate credit, send photos, share our location and book a test drive.
    What are you looking for? (e.g. *automatic avanza budget 200jt*)
customer-unknown = Sorry, I did not understand 🙏 Try a car or a budget, e.g. *xpander 2020* or *car under 150jt*. You can also ask about *credit*, *photos*, *location* or a *test drive*.
customer-offer-human = Would you like our sales team to help you directly? Type *sales*.
customer-anything-else = Sure. Anything else I can help with?
customer-photo-received = Thanks for the photo. For a trade-in or questions about it, type *sales* and our team will help.
thanks-customer = You're welcome! Just message us if you have more questions 😊
search-found = { $count } cars match:
search-closest = Nothing matches exactly yet. These are the closest:
search-similar = Other cars still available:
search-none = Sorry, nothing in stock matches right now.
search-next-steps = Type a code for details, or *credit*, *photos*, *test drive*.
car-not-found-customer = Sorry, that car is not in our stock. Tell me the model or your budget.
car-which-customer = There are several. Which one? (give its code)
car-which-customer-ask = Which car? Give the model or its code (e.g. *AVZ-0001*).
car-booked = Sorry, *{ $car }* has been booked by another buyer.
car-sold = Sorry, *{ $car }* has been sold.
price-of = Price of *{ $car }* ({ $id }): *{ $price }*
price-offer-credit = Shall I simulate a credit? Type e.g. *credit dp 30jt 3 years*.
credit-title = 🧮 *Credit simulation (estimate)* — { $car }
credit-dp = Price { $price } · down payment { $dp } · principal { $principal }
credit-dp-example = Price { $price } · example 30% down payment { $dp } · principal { $principal }
credit-line = • { $years } year(s): *{ $monthly }*/month (flat { $rate }/year)
credit-disclaimer = This is a flat-rate estimate; the final figures and approval come from the leasing company. Insurance and admin fees are not included.
credit-need-price = For which car? Give the model or code, or write the price (e.g. *credit 150jt dp 30jt 3 years*).
credit-bad-dp = The down payment must be less than the car's price.
credit-bad-tenor = Tenors from 1 to 5 years are available.
photos-none = Sorry, there are no photos of *{ $car }* yet. Type *sales* for help from our team.
photos-more = { $count } more photo(s). Type *lagi* to see them, or *stop*.
photos-stopped = OK.
location-title = 📍 *{ $showroom }*
location-hours = 🕘 { $days }: { $open }–{ $close } WIB
location-unknown = The address and opening hours are not filled in yet. Type *sales* and our team will tell you.
testdrive-ask-day = Which day would you like the test drive? (e.g. *tomorrow* or *Saturday*)
testdrive-ask-time = At what time? (e.g. *jam 10*)
testdrive-past = That time has passed. Which day and time?
testdrive-closed = The showroom is closed then. We are open { $days }, { $open }–{ $close } WIB. What time suits you?
testdrive-booked = ✅ Test drive noted: { $car }, { $when }. Our team will confirm.
testdrive-cancelled = OK, no test drive was booked.
testdrive-any-car = car to be chosen
name-ask = By the way, may I know your name? 😊
name-thanks = Thank you, { $name }!
handoff-customer = Sure, our sales team will reply in this chat shortly 🙏
staff-notice-handoff = 🔔 A customer asks to { $reason }: { $customer }
    "{ $text }"
    Car: { $car }
    The bot stays quiet in this chat for 24 hours. Type *bot aktif { $chat }* to give it back.
staff-notice-testdrive = 🚗 New test drive: { $customer } · { $car } · { $when }

use super::*;
use time::macros::datetime;

fn input() -> VehicleInput {
    VehicleInput {
        make: Some("Toyota".into()),
        model: Some("Avanza".into()),
        year: Some(2019),
        price: Some(163_000_000),
        ..VehicleInput::default()
    }
}

fn stored(new: NewVehicle) -> Vehicle {
    new.into_vehicle(
        TenantId::new(),
        DisplayId::new("AVZ", 1),
        datetime!(2026-01-02 03:04:05 UTC),
    )
}

#[test]
fn minimal_input_becomes_an_available_car() {
    let car = NewVehicle::validate(input(), 2026);
    assert_eq!(car.as_ref().map(|c| c.status), Ok(VehicleStatus::Available));
    assert_eq!(car.map(|c| c.price.amount()), Ok(163_000_000));
}

#[test]
fn out_of_range_values_name_their_problem() {
    let with = |f: fn(&mut VehicleInput)| {
        let mut i = input();
        f(&mut i);
        NewVehicle::validate(i, 2026).err()
    };
    assert_eq!(
        with(|i| i.year = Some(1800)),
        Some(VehicleError::Year { min: 1950, max: 2027 })
    );
    assert_eq!(with(|i| i.price = Some(-5)), Some(VehicleError::Price));
    assert_eq!(with(|i| i.price = Some(150)), Some(VehicleError::Price));
    assert_eq!(
        with(|i| i.model = Some("  ".into())),
        Some(VehicleError::Missing("model"))
    );
    assert_eq!(with(|i| i.plate = Some("12345".into())), Some(VehicleError::Plate));
    assert_eq!(
        with(|i| i.status = Some("deleted".into())),
        Some(VehicleError::DeleteThroughStatus)
    );
    assert!(matches!(
        with(|i| i.color = Some("pink".into())),
        Some(VehicleError::Word { field: "color", .. })
    ));
}

#[test]
fn patch_records_each_changed_field_once() {
    let car = NewVehicle::validate(input(), 2026).map(stored);
    let patch = VehiclePatch {
        price: Some(155_000_000),
        year: Some(2019),
        color: Some(Some("Hitam".into())),
        ..VehiclePatch::default()
    };
    let now = datetime!(2026-02-01 00:00 UTC);
    let Ok((next, history)) = car.map(|c| c.apply(patch, now, 2026)).and_then(|r| r) else {
        panic!("patch should apply");
    };
    assert_eq!(next.price.amount(), 155_000_000);
    assert_eq!(next.updated_at, now);
    let fields: Vec<_> = history.iter().map(|h| h.field).collect();
    assert_eq!(fields, ["price", "color"]);
    assert_eq!(history[0].old_value.as_deref(), Some("163000000"));
}

#[test]
fn selling_sets_sold_at_and_reopening_clears_it() {
    let Ok(car) = NewVehicle::validate(input(), 2026).map(stored) else {
        panic!("valid")
    };
    let now = datetime!(2026-03-01 00:00 UTC);
    let (sold, history) = car.set_status_at(VehicleStatus::Sold, now);
    assert_eq!(sold.sold_at, Some(now));
    assert_eq!(history.len(), 1);
    let (again, _) = sold.set_status_at(VehicleStatus::Available, now);
    assert_eq!(again.sold_at, None);
    let (same, none) = again.set_status_at(VehicleStatus::Available, now);
    assert!(none.is_empty());
    assert_eq!(same, again);
}

#[test]
fn null_clears_and_absent_keeps() {
    let patch: Result<VehiclePatch, _> = serde_json::from_str(r#"{"variant": null}"#);
    assert!(matches!(patch.map(|p| (p.variant, p.color)), Ok((Some(None), None))));
    let unknown: Result<VehiclePatch, _> = serde_json::from_str(r#"{"colour": "red"}"#);
    assert!(unknown.is_err());
}

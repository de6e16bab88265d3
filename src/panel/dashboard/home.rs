//! The dashboard's first page: today in numbers, stock by status and age, open leads, and a
//! small chart of listings and sales over the last 30 days (Jakarta days).

use super::member;
use crate::AppState;
use crate::domain::{JAKARTA, in_jakarta, utc_now};
use crate::inventory::VehicleStatus;
use crate::leads::LeadStatus;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelResult};
use askama::Template;
use axum::extract::{Query, State};
use time::{Date, Duration, OffsetDateTime, Time};

const CHART_DAYS: usize = 30;

/// One day of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartDay {
    pub label: String,
    pub listed: u32,
    pub sold: u32,
    /// Bar heights in the SVG (0–60).
    pub listed_h: u32,
    pub sold_h: u32,
    pub x: usize,
}

/// Counts listings and sales per Jakarta day for the `days` days ending `today`.
pub fn chart(today: Date, listed: &[OffsetDateTime], sold: &[OffsetDateTime], days: usize) -> Vec<ChartDay> {
    let first = today - Duration::days(i64::try_from(days).unwrap_or(30) - 1);
    let index = |t: &OffsetDateTime| {
        let d = in_jakarta(*t).date();
        usize::try_from((d - first).whole_days()).ok().filter(|i| *i < days)
    };
    let mut counts = vec![(0u32, 0u32); days];
    for i in listed.iter().filter_map(index) {
        counts[i].0 += 1;
    }
    for i in sold.iter().filter_map(index) {
        counts[i].1 += 1;
    }
    let top = counts.iter().map(|(l, s)| (*l).max(*s)).max().unwrap_or(0).max(1);
    counts
        .into_iter()
        .enumerate()
        .map(|(i, (l, s))| {
            let date = first + Duration::days(i64::try_from(i).unwrap_or(0));
            ChartDay {
                label: format!("{:02}/{:02}", date.day(), u8::from(date.month())),
                listed: l,
                sold: s,
                listed_h: l * 60 / top,
                sold_h: s * 60 / top,
                x: i * 10,
            }
        })
        .collect()
}

/// Cars in stock by age: up to 30 days, 31–60, 61–90, over 90.
pub fn age_buckets(ages: &[i64]) -> [usize; 4] {
    let mut out = [0; 4];
    for age in ages {
        let i = match age {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        out[i] += 1;
    }
    out
}

#[derive(Template)]
#[template(path = "panel/dashboard/home.html")]
struct HomePage<'a> {
    chrome: Chrome<'a>,
    listed_today: i64,
    sold_today: usize,
    leads_today: i64,
    revenue_month: Option<String>,
    by_status: Vec<(String, i64)>,
    ages: [usize; 4],
    open_leads: Vec<(String, i64)>,
    days: Vec<ChartDay>,
}

fn jakarta_midnight(now: OffsetDateTime) -> OffsetDateTime {
    in_jakarta(now).date().with_time(Time::MIDNIGHT).assume_offset(JAKARTA)
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(notice): Query<Notice>) -> PanelResult {
    let me = member(&viewer)?;
    let now = utc_now();
    let midnight = jakarta_midnight(now);
    let today = state.store.period_figures(me.tenant, midnight, now, now).await?;
    let month_start = in_jakarta(now)
        .date()
        .replace_day(1)
        .map_or(midnight, |d| d.with_time(Time::MIDNIGHT).assume_offset(JAKARTA));
    let chart_start = midnight - Duration::days(i64::try_from(CHART_DAYS).unwrap_or(30) - 1);
    // One read covers both the chart and this month's sales.
    let (listed, sold) = state
        .store
        .listings_and_sales(me.tenant, chart_start.min(month_start))
        .await?;
    let sold_at: Vec<OffsetDateTime> = sold.iter().map(|(at, _)| *at).collect();
    let revenue: i64 = sold.iter().filter(|(at, _)| *at >= month_start).map(|(_, p)| p).sum();
    let chrome = Chrome::new(&state, &viewer, "panel-home-title", "/dashboard").notice(notice.ok.as_deref());
    let by_status = state
        .store
        .status_counts(me.tenant)
        .await?
        .into_iter()
        .filter(|(s, _)| s != VehicleStatus::Deleted.as_str())
        .map(|(s, n)| (chrome.tr.t(&format!("status-{s}")), n))
        .collect();
    let open_leads = state
        .store
        .lead_stage_counts(me.tenant)
        .await?
        .into_iter()
        .filter(|(s, _)| !matches!(s, LeadStatus::Won | LeadStatus::Lost))
        .map(|(s, n)| (chrome.tr.t(&format!("panel-lead-{}", s.as_str())), n))
        .collect();
    let page = HomePage {
        listed_today: today.listed,
        sold_today: today.sold.len(),
        leads_today: today.leads.iter().map(|(_, n)| n).sum(),
        revenue_month: me.is_manager().then(|| view::rupiah(revenue)),
        by_status,
        ages: age_buckets(&today.stock_ages),
        open_leads,
        days: chart(in_jakarta(now).date(), &listed, &sold_at, CHART_DAYS),
        chrome,
    };
    view::ok(&page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn chart_counts_by_jakarta_day() {
        // 18:00 UTC on the 26th is already the 27th in Jakarta.
        let listed = [datetime!(2026-11-26 18:00 UTC), datetime!(2026-11-27 01:00 UTC)];
        let sold = [datetime!(2026-11-20 03:00 UTC), datetime!(2026-09-01 03:00 UTC)];
        let days = chart(date!(2026 - 11 - 27), &listed, &sold, 30);
        assert_eq!(days.len(), 30);
        assert_eq!(days[29].label, "27/11");
        assert_eq!((days[29].listed, days[29].listed_h), (2, 60));
        assert_eq!(days[22].sold, 1);
        assert_eq!(
            days.iter().map(|d| d.sold).sum::<u32>(),
            1,
            "September is outside the chart"
        );
    }

    #[test]
    fn stock_ages_fall_in_buckets() {
        assert_eq!(age_buckets(&[0, 30, 31, 60, 61, 90, 91, 400]), [2, 2, 2, 2]);
    }
}

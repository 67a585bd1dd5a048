//! Embargo times: a local date, time and zone turned into UTC and into the
//! local times of Rome and Athens, which differ by an hour.
//!
//! Written by hand because the rule is small and fixed: EU summer time runs
//! from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October, and Italy (UTC+1) and Greece (UTC+2) both follow it. A
//! time-zone database would be a large dependency for three zones.

/// Minutes since 1970-01-01 00:00 UTC.
type Minutes = i64;

/// An embargo: the moment before which nothing may be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embargo {
    /// The moment, in minutes since the Unix epoch, UTC.
    pub utc: Minutes,
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The last Sunday of a month, as a day count.
fn last_sunday(y: i64, m: i64) -> i64 {
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    let last = next - 1;
    // 1970-01-01 was a Thursday: weekday 0 = Sunday.
    let weekday = (last + 4).rem_euclid(7);
    last - weekday
}

/// Whether EU summer time is in force at a UTC moment.
fn summer(utc: Minutes) -> bool {
    let (y, _, _) = civil_from_days(utc.div_euclid(1440));
    let start = last_sunday(y, 3) * 1440 + 60;
    let end = last_sunday(y, 10) * 1440 + 60;
    utc >= start && utc < end
}

/// The standard offset of a zone in minutes, and whether it keeps EU summer
/// time.
fn zone(name: &str) -> Option<(i64, bool)> {
    match name {
        "UTC" => Some((0, false)),
        "Europe/Rome" => Some((60, true)),
        "Europe/Athens" => Some((120, true)),
        _ => None,
    }
}

fn offset(name: &str, utc: Minutes) -> i64 {
    let (standard, dst) = zone(name).unwrap_or((0, false));
    standard + if dst && summer(utc) { 60 } else { 0 }
}

impl Embargo {
    /// Reads "2026-12-10", "09:00" and a zone.
    pub fn parse(date: &str, time: &str, zone_name: &str) -> Result<Embargo, String> {
        let nums = |s: &str, sep: char| -> Option<Vec<i64>> {
            s.split(sep).map(|p| p.trim().parse().ok()).collect()
        };
        let d = nums(date, '-')
            .filter(|v| v.len() == 3)
            .ok_or_else(|| format!("embargo date {date:?} is not YYYY-MM-DD"))?;
        let t = nums(time, ':')
            .filter(|v| v.len() == 2)
            .ok_or_else(|| format!("embargo time {time:?} is not HH:MM"))?;
        let (y, m, day, h, min) = (d[0], d[1], d[2], t[0], t[1]);
        let days = days_from_civil(y, m, day);
        if !(1..=12).contains(&m) || civil_from_days(days) != (y, m, day) {
            return Err(format!("embargo date {date:?} does not exist"));
        }
        if !(0..24).contains(&h) || !(0..60).contains(&min) {
            return Err(format!("embargo time {time:?} is not a time of day"));
        }
        if zone(zone_name).is_none() {
            return Err(format!(
                "embargo zone {zone_name:?} is not UTC, Europe/Rome or Europe/Athens"
            ));
        }
        let local = days * 1440 + h * 60 + min;
        // Guess with the standard offset, then correct for summer time.
        let guess = local - offset(zone_name, local - 120);
        let utc = local - offset(zone_name, guess);
        Ok(Embargo { utc })
    }

    /// The embargo in a zone, as "2026-12-10 09:00".
    pub fn local(&self, zone_name: &str) -> String {
        let t = self.utc + offset(zone_name, self.utc);
        let (y, m, d) = civil_from_days(t.div_euclid(1440));
        let mins = t.rem_euclid(1440);
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", mins / 60, mins % 60)
    }

    /// "2026-12-10 08:00 UTC (09:00 Rome, 10:00 Athens)", with the city
    /// names given; local dates are added when they differ from UTC's.
    pub fn describe(&self, rome: &str, athens: &str) -> String {
        let utc = self.local("UTC");
        let part = |zone: &str, city: &str| {
            let l = self.local(zone);
            if l[..10] == utc[..10] {
                format!("{} {city}", &l[11..])
            } else {
                format!("{l} {city}")
            }
        };
        format!(
            "{utc} UTC ({}, {})",
            part("Europe/Rome", rome),
            part("Europe/Athens", athens)
        )
    }
}

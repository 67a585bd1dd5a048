//! Embargo times: a local date, time and IANA zone turned into one moment,
//! and that moment written in UTC and in the zones `kit.yaml` lists
//! (`embargo-zones:`), each with the city name the page uses.
//!
//! The rules come from jiff's copy of the IANA time-zone database, compiled
//! into handbill (the `tzdb-bundle-always` feature, looked up through
//! `TimeZoneDatabase::bundled`), so an embargo reads the same on every
//! machine whatever its own zone files say. Nothing here reads the clock.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{TimeZone, TimeZoneDatabase};

/// An IANA time zone, by its name ("Europe/Rome", "UTC").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// Looks a zone up in the bundled database.
    pub fn named(name: &str) -> Result<Zone, String> {
        let tz = TimeZoneDatabase::bundled()
            .get(name)
            .map_err(|_| format!("{name:?} is not an IANA time zone"))?;
        Ok(Zone {
            name: name.to_owned(),
            tz,
        })
    }

    /// The zone's IANA name, as written in `kit.yaml`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// An embargo: the moment before which nothing may be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embargo {
    pub at: Timestamp,
}

impl Embargo {
    /// Reads "2026-12-10", "09:00" and a zone. A local time that does not
    /// exist (skipped when clocks go forward) or happens twice (when they go
    /// back) is refused rather than guessed: an embargo must be one moment.
    pub fn parse(date: &str, time: &str, zone_name: &str) -> Result<Embargo, String> {
        let date = parse_date(date)?;
        let time = parse_time(time)?;
        let zone = Zone::named(zone_name).map_err(|e| format!("embargo zone {e}"))?;
        let at = zone
            .tz
            .to_ambiguous_timestamp(DateTime::from_parts(date, time))
            .unambiguous()
            .map_err(|_| {
                format!(
                    "the embargo's {date} {} does not name one moment in {zone_name}: the clocks change then",
                    time.strftime("%H:%M")
                )
            })?;
        Ok(Embargo { at })
    }

    /// The embargo in a zone, as "2026-12-10 09:00".
    pub fn local(&self, zone: &Zone) -> String {
        zone.tz
            .to_datetime(self.at)
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// "2026-12-10 08:00 UTC (09:00 Rome, 10:00 Athens)", with each zone's
    /// name as given; a local date is written too when it is not UTC's.
    pub fn describe(&self, shown: &[(&Zone, &str)]) -> String {
        let utc = self.at.strftime("%Y-%m-%d %H:%M").to_string();
        if shown.is_empty() {
            return format!("{utc} UTC");
        }
        let parts: Vec<String> = shown
            .iter()
            .map(|(zone, city)| {
                let local = self.local(zone);
                match local.strip_prefix(&utc[..11]) {
                    Some(clock) => format!("{clock} {city}"),
                    None => format!("{local} {city}"),
                }
            })
            .collect();
        format!("{utc} UTC ({})", parts.join(", "))
    }
}

/// Reads "YYYY-MM-DD". Hand-split rather than jiff's parser so that the
/// messages say what the user wrote wrong: its form, or a day that does not
/// exist.
fn parse_date(date: &str) -> Result<Date, String> {
    let d = numbers(date, '-')
        .filter(|v| v.len() == 3)
        .ok_or_else(|| format!("embargo date {date:?} is not YYYY-MM-DD"))?;
    let part = |v: i64| i8::try_from(v).unwrap_or(i8::MAX);
    let year = i16::try_from(d[0]).unwrap_or(i16::MAX);
    Date::new(year, part(d[1]), part(d[2]))
        .map_err(|_| format!("embargo date {date:?} does not exist"))
}

/// Reads "HH:MM", 24 hours.
fn parse_time(time: &str) -> Result<Time, String> {
    let t = numbers(time, ':')
        .filter(|v| v.len() == 2)
        .ok_or_else(|| format!("embargo time {time:?} is not HH:MM"))?;
    let part = |v: i64| i8::try_from(v).unwrap_or(i8::MAX);
    Time::new(part(t[0]), part(t[1]), 0, 0)
        .map_err(|_| format!("embargo time {time:?} is not a time of day"))
}

/// The numbers between separators, or `None` if one is not a number.
fn numbers(s: &str, sep: char) -> Option<Vec<i64>> {
    s.split(sep).map(|p| p.trim().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::named(name).expect("a zone of the bundled database")
    }

    fn at(date: &str, time: &str, zone: &str) -> Embargo {
        Embargo::parse(date, time, zone).expect("a valid embargo")
    }

    #[test]
    fn the_shipped_form_reads_as_before() {
        let (rome, athens) = (zone("Europe/Rome"), zone("Europe/Athens"));
        // Winter: Rome is UTC+1, Athens UTC+2.
        assert_eq!(
            at("2026-12-10", "09:00", "Europe/Rome")
                .describe(&[(&rome, "Rome"), (&athens, "Athens")]),
            "2026-12-10 08:00 UTC (09:00 Rome, 10:00 Athens)"
        );
        // Summer: UTC+2 and UTC+3.
        assert_eq!(
            at("2026-07-01", "10:00", "Europe/Athens")
                .describe(&[(&rome, "Roma"), (&athens, "Atene")]),
            "2026-07-01 07:00 UTC (09:00 Roma, 10:00 Atene)"
        );
    }

    #[test]
    fn a_local_date_is_written_when_it_is_not_utcs() {
        let (rome, athens) = (zone("Europe/Rome"), zone("Europe/Athens"));
        assert_eq!(
            at("2026-03-01", "23:30", "UTC").describe(&[(&rome, "Rome"), (&athens, "Athens")]),
            "2026-03-01 23:30 UTC (2026-03-02 00:30 Rome, 2026-03-02 01:30 Athens)"
        );
        let ny = zone("America/New_York");
        assert_eq!(
            at("2026-03-01", "02:00", "UTC").describe(&[(&ny, "New York")]),
            "2026-03-01 02:00 UTC (2026-02-28 21:00 New York)"
        );
    }

    #[test]
    fn without_zones_only_utc_is_written() {
        assert_eq!(
            at("2026-12-10", "09:00", "Europe/Rome").describe(&[]),
            "2026-12-10 08:00 UTC"
        );
    }

    #[test]
    fn eu_summer_time_starts_at_one_utc_on_the_last_sunday_of_march() {
        let rome = zone("Europe/Rome");
        assert_eq!(
            at("2026-03-29", "00:59", "UTC").local(&rome),
            "2026-03-29 01:59"
        );
        assert_eq!(
            at("2026-03-29", "01:00", "UTC").local(&rome),
            "2026-03-29 03:00"
        );
    }

    #[test]
    fn eu_summer_time_ends_at_one_utc_on_the_last_sunday_of_october() {
        let athens = zone("Europe/Athens");
        assert_eq!(
            at("2026-10-25", "00:59", "UTC").local(&athens),
            "2026-10-25 03:59"
        );
        assert_eq!(
            at("2026-10-25", "01:00", "UTC").local(&athens),
            "2026-10-25 03:00"
        );
    }

    #[test]
    fn zones_outside_europe_follow_their_own_rules() {
        // The United States change on the second Sunday of March.
        let ny = zone("America/New_York");
        assert_eq!(
            at("2026-03-08", "06:59", "UTC").local(&ny),
            "2026-03-08 01:59"
        );
        assert_eq!(
            at("2026-03-08", "07:00", "UTC").local(&ny),
            "2026-03-08 03:00"
        );
    }

    #[test]
    fn a_local_time_the_clocks_skip_or_repeat_is_refused() {
        // 02:30 does not happen in Rome on 29 March 2026, and happens twice
        // on 25 October.
        for date in ["2026-03-29", "2026-10-25"] {
            let e = Embargo::parse(date, "02:30", "Europe/Rome").expect_err("not one moment");
            assert!(e.contains("the clocks change"), "{e}");
        }
        assert!(Embargo::parse("2026-10-25", "03:30", "Europe/Rome").is_ok());
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        let err = |d, t, z| Embargo::parse(d, t, z).expect_err("a mistake");
        assert!(err("2026-02-30", "09:00", "UTC").contains("does not exist"));
        assert!(err("10/12/2026", "09:00", "UTC").contains("is not YYYY-MM-DD"));
        assert!(err("2026-02-10", "25:00", "UTC").contains("is not a time of day"));
        assert!(err("2026-02-10", "9h", "UTC").contains("is not HH:MM"));
        assert!(
            err("2026-02-10", "09:00", "Europe/Nowhere")
                .contains("\"Europe/Nowhere\" is not an IANA time zone")
        );
    }
}

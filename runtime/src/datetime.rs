//! Date-times as the API writes them.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};

/// A date-time with a UTC offset, as found in responses (`createDate`).
///
/// NCP writes `2020-08-24T10:34:27+0900` (offset without a colon, so not RFC 3339); RFC 3339
/// forms are accepted too (`2020-08-24T10:34:27+09:00`, `2020-08-24T01:34:27Z`, fractional
/// seconds `...27.123456+09:00`, lower-case `t`/`z`, a space instead of `T`).
///
/// The value keeps its original text: [`Display`](fmt::Display), [`as_str`](Self::as_str) and
/// `Serialize` give it back unchanged, so decoding and re-encoding a response is lossless.
///
/// Equality and hashing are on that text: two values are equal when they were written the same
/// way (which implies the same instant). `10:34:27+0900` and `01:34:27Z` are the same instant
/// but not equal; compare instants with [`cmp_instant`](Self::cmp_instant) (or
/// [`unix_timestamp`](Self::unix_timestamp) and [`nanosecond`](Self::nanosecond)).
///
/// A leap second (`:60`) is accepted and counted as the first second of the next minute.
#[derive(Clone)]
pub struct DateTime {
    text: Box<str>,
    /// Seconds since 1970-01-01T00:00:00Z.
    unix: i64,
    nanos: u32,
    offset: i32,
}

/// A text that is not a date-time in one of the accepted forms (see [`DateTime`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateTimeError {
    snippet: String,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date-time {:?}: expected {}",
            self.snippet,
            DateTime::EXPECTED
        )
    }
}

impl std::error::Error for ParseDateTimeError {}

impl DateTime {
    /// What a date-time should look like, for error messages.
    pub const EXPECTED: &'static str =
        "a date-time like 2020-08-24T10:34:27+0900 or RFC 3339 (2020-08-24T10:34:27+09:00)";

    /// Parses `text` (no surrounding whitespace allowed), keeping it as the value's text.
    pub fn parse(text: &str) -> Result<DateTime, ParseDateTimeError> {
        Self::parse_owned(Box::from(text))
    }

    fn parse_owned(text: Box<str>) -> Result<DateTime, ParseDateTimeError> {
        match parse_fields(text.as_bytes()) {
            Some((unix, nanos, offset)) => Ok(DateTime {
                text,
                unix,
                nanos,
                offset,
            }),
            None => Err(ParseDateTimeError {
                snippet: crate::error::snippet(&text),
            }),
        }
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since the Unix epoch (1970-01-01T00:00:00Z) of this instant.
    pub fn unix_timestamp(&self) -> i64 {
        self.unix
    }

    /// Nanoseconds within the second (from fractional seconds; digits past the ninth are
    /// ignored).
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }

    /// The UTC offset in seconds (`+0900` is `32400`; `Z` is `0`).
    pub fn offset_seconds(&self) -> i32 {
        self.offset
    }

    /// Orders by instant, ignoring how the values are written.
    pub fn cmp_instant(&self, other: &DateTime) -> Ordering {
        (self.unix, self.nanos).cmp(&(other.unix, other.nanos))
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", &*self.text)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse(s)
    }
}

impl TryFrom<&str> for DateTime {
    type Error = ParseDateTimeError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        DateTime::parse(s)
    }
}

impl TryFrom<String> for DateTime {
    type Error = ParseDateTimeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DateTime::parse_owned(s.into_boxed_str())
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateTimeVisitor;
        impl Visitor<'_> for DateTimeVisitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DateTime::EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                DateTime::parse(v).map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<DateTime, E> {
                DateTime::parse_owned(v.into_boxed_str())
                    .map_err(|e| E::invalid_value(Unexpected::Str(&e.snippet), &self))
            }
        }
        deserializer.deserialize_str(DateTimeVisitor)
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)` into (unix seconds, nanoseconds,
/// offset seconds).
fn parse_fields(s: &[u8]) -> Option<(i64, u32, i32)> {
    let mut p = Cursor { s, pos: 0 };
    let year = p.digits(4)?;
    p.expect(b'-')?;
    let month = p.digits(2)?;
    p.expect(b'-')?;
    let day = p.digits(2)?;
    if !matches!(p.next()?, b'T' | b't' | b' ') {
        return None;
    }
    let hour = p.digits(2)?;
    p.expect(b':')?;
    let minute = p.digits(2)?;
    p.expect(b':')?;
    let second = p.digits(2)?;
    let mut nanos = 0u32;
    if p.peek() == Some(b'.') {
        p.pos += 1;
        let mut count = 0;
        while let Some(d) = p.peek().filter(u8::is_ascii_digit) {
            if count < 9 {
                nanos = nanos * 10 + u32::from(d - b'0');
            }
            count += 1;
            p.pos += 1;
        }
        if count == 0 {
            return None;
        }
        for _ in count..9 {
            nanos *= 10;
        }
    }
    let offset = match p.next()? {
        b'Z' | b'z' => 0,
        sign @ (b'+' | b'-') => {
            let hours = p.digits(2)?;
            if p.peek() == Some(b':') {
                p.pos += 1;
            }
            let minutes = p.digits(2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            if sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    if p.pos != s.len() {
        return None;
    }
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year as i64, month, day);
    let unix = days * 86_400 + (hour * 3600 + minute * 60 + second) as i64 - i64::from(offset);
    Some((unix, nanos, offset))
}

struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self.next()?;
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(d - b'0');
        }
        Some(v)
    }
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
///
/// Counts in 400-year cycles (146 097 days each) of years that start on March 1st, so that the
/// leap day is the last day of its year.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Years start in March: January and February belong to the previous year.
    let year = if month <= 2 { year - 1 } else { year };
    let cycle = year.div_euclid(400);
    let year_of_cycle = year - cycle * 400; // 0..=399
    let month_from_march = i64::from((month + 9) % 12); // March = 0 .. February = 11
    // (153 * m + 2) / 5 is the number of days before month m of a March-based year.
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    // 719 468 days separate 0000-03-01 from 1970-01-01.
    cycle * 146_097 + day_of_cycle - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> DateTime {
        DateTime::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn ncp_form_without_colon() {
        let d = dt("2020-08-24T10:34:27+0900");
        assert_eq!(d.as_str(), "2020-08-24T10:34:27+0900");
        assert_eq!(d.to_string(), "2020-08-24T10:34:27+0900");
        assert_eq!(d.unix_timestamp(), 1_598_232_867);
        assert_eq!(d.offset_seconds(), 9 * 3600);
        assert_eq!(d.nanosecond(), 0);
    }

    #[test]
    fn rfc3339_forms() {
        let a = dt("2020-08-24T10:34:27+09:00");
        let b = dt("2020-08-24T01:34:27Z");
        let c = dt("2020-08-24t01:34:27z");
        let d = dt("2020-08-23 20:34:27-05:00");
        for x in [&a, &b, &c, &d] {
            assert_eq!(x.unix_timestamp(), 1_598_232_867, "{x}");
        }
        assert_eq!(d.offset_seconds(), -5 * 3600);
        assert_ne!(a, b);
        assert_eq!(a.cmp_instant(&b), Ordering::Equal);
        assert_eq!(a, dt("2020-08-24T10:34:27+09:00"));

        let f = dt("2020-08-24T01:34:27.5Z");
        assert_eq!(f.nanosecond(), 500_000_000);
        assert_eq!(f.cmp_instant(&b), Ordering::Greater);
        assert_eq!(
            dt("2020-08-24T01:34:27.123456789123Z").nanosecond(),
            123_456_789
        );
        assert_eq!(dt("2020-08-24T01:34:27.000001+0000").nanosecond(), 1_000);
    }

    #[test]
    fn calendar_edges() {
        assert_eq!(dt("1970-01-01T00:00:00Z").unix_timestamp(), 0);
        assert_eq!(dt("1969-12-31T23:59:59Z").unix_timestamp(), -1);
        assert_eq!(dt("2000-02-29T00:00:00Z").unix_timestamp(), 951_782_400);
        assert_eq!(
            dt("2024-02-29T12:00:00+0000").unix_timestamp(),
            1_709_208_000
        );
        assert_eq!(dt("2038-01-19T03:14:08Z").unix_timestamp(), 1 << 31);
        assert_eq!(dt("0001-01-01T00:00:00Z").unix_timestamp(), -62_135_596_800);
        assert_eq!(dt("9999-12-31T23:59:59Z").unix_timestamp(), 253_402_300_799);
        // Leap second: counted as the next minute's first second.
        assert_eq!(
            dt("2016-12-31T23:59:60Z").unix_timestamp(),
            dt("2017-01-01T00:00:00Z").unix_timestamp()
        );
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "2020-08-24",
            "2020-08-24T10:34:27",
            "2020-08-24T10:34+0900",
            "2020-08-24T10:34:27+09",
            "2020-08-24T10:34:27+9:00",
            "2020-08-24T10:34:27.+09:00",
            "2020-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-04-31T00:00:00Z",
            "2020-08-24T24:00:00Z",
            "2020-08-24T10:60:00Z",
            "2020-08-24T10:34:61Z",
            "2020-08-24T10:34:27+24:00",
            "2020-08-24T10:34:27Z ",
            " 2020-08-24T10:34:27Z",
            "2020-08-24X10:34:27Z",
            "２020-08-24T10:34:27Z",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad:?}");
        }
        let e = DateTime::parse("yesterday").unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "invalid date-time \"yesterday\": expected {}",
                DateTime::EXPECTED
            )
        );
    }

    #[test]
    fn serde_round_trip_keeps_text() {
        let d: DateTime = serde_json::from_str("\"2020-08-24T10:34:27+0900\"").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2020-08-24T10:34:27+0900\""
        );
        let e = serde_json::from_str::<DateTime>("\"2020-08-24\"").unwrap_err();
        assert!(e.to_string().contains("expected a date-time like"), "{e}");
        assert!(serde_json::from_str::<DateTime>("12").is_err());
        let owned: DateTime = "2020-08-24T10:34:27+0900".to_owned().try_into().unwrap();
        assert_eq!(owned, d);
        let parsed: DateTime = "2020-08-24T10:34:27+0900".parse().unwrap();
        assert_eq!(
            format!("{parsed:?}"),
            "DateTime(\"2020-08-24T10:34:27+0900\")"
        );
    }
}

//! Decimal text for the numbers the page draws (SVG coordinates, percents,
//! seconds), made with integer formatting: core's float formatter is a few
//! kilobytes of the first-visit module that nothing else there needs.

/// `v` with `decimals` digits after the point (0 to 6), rounded half away
/// from zero: `fixed(2.25, 1)` is "2.3", `fixed(-0.5, 0)` is "-1".
pub fn fixed(v: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals.min(6));
    let scaled = (v.abs() * scale as f64 + 0.5) as u64;
    let sign = if v < 0.0 && scaled > 0 { "-" } else { "" };
    if scale == 1 {
        return format!("{sign}{scaled}");
    }
    let width = decimals.min(6) as usize;
    format!("{sign}{}.{:0width$}", scaled / scale, scaled % scale)
}

/// `fixed(v, 1)` without a trailing ".0": an SVG coordinate as short as it
/// reads the same ("168", "12.5"), for the stage's markup, which the first
/// visit's index.html carries twice (issue 26).
pub fn coordinate(v: f64) -> String {
    let mut s = fixed(v, 1);
    if s.ends_with(".0") {
        s.truncate(s.len() - 2);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{coordinate, fixed};

    #[test]
    fn a_coordinate_drops_only_a_zero_tenth() {
        assert_eq!(coordinate(168.0), "168");
        assert_eq!(coordinate(12.5), "12.5");
        assert_eq!(coordinate(-0.04), "0");
        assert_eq!(coordinate(-7.96), "-8");
        assert_eq!(coordinate(10.04), "10");
        assert_eq!(coordinate(100.25), "100.3");
    }

    #[test]
    fn like_the_float_formatter_for_the_page_s_numbers() {
        for v in [
            0.0,
            1.0,
            12.34,
            99.95,
            250.04,
            -3.25,
            1e6 + 0.123,
            0.0005,
            -0.04,
        ] {
            for d in 0..4 {
                let ours = fixed(v, d);
                let std = format!("{v:.prec$}", prec = d as usize);
                // Only halfway cases may differ (std rounds the binary value).
                let diff = (ours.parse::<f64>().unwrap() - std.parse::<f64>().unwrap()).abs();
                assert!(
                    diff <= 10f64.powi(-(d as i32)) + 1e-9,
                    "{v} {d}: {ours} vs {std}"
                );
            }
        }
        assert_eq!(fixed(2.25, 1), "2.3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(4.9, 1), "4.9");
        assert_eq!(fixed(33.3333, 3), "33.333");
        assert_eq!(fixed(7.0, 0), "7");
    }
}

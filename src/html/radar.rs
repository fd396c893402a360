//! Radar charts as inline SVG, drawn at build time: one spoke per
//! dimension, clockwise from the top, a value in `0..=1` along each. No
//! chart library and no script: the page carries the finished drawing.
//! Colours come from the stylesheet (`currentColor` and the theme's custom
//! properties), so the chart follows light and dark mode like the text.
//! What the values mean is decided in `model::shape`; this module only
//! draws.

use std::f64::consts::PI;
use std::fmt::Write;

use super::escape;

/// The drawing's size in SVG units. Labels need room around the rim.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Size {
    pub width: f64,
    pub height: f64,
    pub radius: f64,
    /// Draw dimension names around the rim (small multiples leave them out).
    pub labels: bool,
}

/// A level page's chart, and the compare view's.
pub(crate) const FULL: Size = Size {
    width: 440.0,
    height: 300.0,
    radius: 100.0,
    labels: true,
};

/// One chart of a row of small multiples.
pub(crate) const SMALL: Size = Size {
    width: 120.0,
    height: 120.0,
    radius: 52.0,
    labels: false,
};

const FONT: f64 = 12.0;
/// Gap between the rim and a label.
const LABEL_GAP: f64 = 10.0;
/// The rings drawn as a scale, as fractions of the radius.
const RINGS: [f64; 4] = [0.25, 0.5, 0.75, 1.0];

/// Fewer spokes than this make a line or a point, not a shape: the page
/// shows the values as a table only.
pub(crate) const MIN_AXES: usize = 3;

impl Size {
    fn centre(&self) -> (f64, f64) {
        (self.width / 2.0, self.height / 2.0)
    }
}

/// Where value `value` (0 at the centre, 1 at the rim) of axis `i` of `n`
/// lies. Axis 0 points straight up; the others follow clockwise.
pub(crate) fn vertex(i: usize, n: usize, value: f64, size: &Size) -> (f64, f64) {
    let (cx, cy) = size.centre();
    let angle = -PI / 2.0 + 2.0 * PI * i as f64 / n.max(1) as f64;
    let r = size.radius * value.clamp(0.0, 1.0);
    (cx + r * angle.cos(), cy + r * angle.sin())
}

/// The polygon of a series of values, one vertex per axis.
pub(crate) fn polygon(values: &[f64], size: &Size) -> Vec<(f64, f64)> {
    let n = values.len();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| vertex(i, n, *v, size))
        .collect()
}

/// A number as SVG wants it: one decimal, no `-0`, no trailing `.0`.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// `points` attribute of a polygon.
pub(crate) fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where an axis label goes and how it is anchored so it grows away from
/// the chart: left of the centre it ends at its point, right of it it
/// starts there, on the vertical it is centred.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelPos {
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
    /// Vertical shift so the text sits outside the rim above and below.
    pub dy: &'static str,
    /// How many characters fit before the edge of the drawing.
    pub max_chars: usize,
}

pub(crate) fn label_position(i: usize, n: usize, size: &Size) -> LabelPos {
    let outer = Size {
        radius: size.radius + LABEL_GAP,
        ..*size
    };
    let (x, y) = vertex(i, n, 1.0, &outer);
    let (cx, cy) = size.centre();
    let (dx, dy) = (x - cx, y - cy);
    let side = 0.15 * outer.radius;
    let (anchor, room) = if dx > side {
        ("start", size.width - x)
    } else if dx < -side {
        ("end", x)
    } else {
        ("middle", 2.0 * x.min(size.width - x))
    };
    let dy = if dy < -side {
        "0"
    } else if dy > side {
        ".8em"
    } else {
        ".35em"
    };
    // An average glyph of a sans-serif face is a little over half its size.
    let max_chars = ((room - 4.0) / (FONT * 0.58)).floor().max(3.0) as usize;
    LabelPos {
        x,
        y,
        anchor,
        dy,
        max_chars,
    }
}

/// A name cut to `max` characters with an ellipsis.
fn fit(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
    s.truncate(s.trim_end().len());
    s.push('…');
    s
}

/// One chart: the level's shape and, dashed, the one it is contrasted with.
pub(crate) struct Chart<'a> {
    /// Prefix of the ids inside the drawing, unique on the page. Without
    /// one the `<title>` child alone names the drawing, so the same small
    /// chart may appear twice on a page (a level shared by two tracks).
    pub id: Option<&'a str>,
    /// Accessible name and description (plain text; escaped here).
    pub title: &'a str,
    pub description: &'a str,
    /// Axis names, in axis order.
    pub axes: &'a [String],
    pub current: &'a [f64],
    pub previous: Option<&'a [f64]>,
}

/// The chart as an `<svg>` element, or `None` with fewer than
/// [`MIN_AXES`] axes.
pub(crate) fn svg(chart: &Chart, size: &Size) -> Option<String> {
    let n = chart.axes.len();
    if n < MIN_AXES || chart.current.len() != n {
        return None;
    }
    let mut s = String::with_capacity(2048);
    let _ = write!(
        s,
        "<svg class=\"radar\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\"",
        w = num(size.width),
        h = num(size.height),
    );
    match chart.id.map(escape) {
        Some(id) => {
            let _ = write!(
                s,
                " aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
                escape(chart.title),
                escape(chart.description)
            );
        }
        None => {
            let _ = write!(
                s,
                "><title>{}</title><desc>{}</desc>",
                escape(chart.title),
                escape(chart.description)
            );
        }
    }
    s.push_str(
        "<g class=\"radar-grid\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\".3\">",
    );
    for ring in RINGS {
        let _ = write!(
            s,
            "<polygon points=\"{}\"/>",
            points_attr(&polygon(&vec![ring; n], size))
        );
    }
    let (cx, cy) = size.centre();
    for i in 0..n {
        let (x, y) = vertex(i, n, 1.0, size);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            num(cx),
            num(cy),
            num(x),
            num(y)
        );
    }
    s.push_str("</g>");
    if let Some(prev) = chart.previous.filter(|p| p.len() == n) {
        let _ = write!(
            s,
            "<polygon class=\"radar-previous\" points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>",
            points_attr(&polygon(prev, size))
        );
    }
    let current = polygon(chart.current, size);
    let _ = write!(
        s,
        "<polygon class=\"radar-current\" points=\"{}\" fill=\"currentColor\" fill-opacity=\".2\" stroke=\"currentColor\" stroke-width=\"2\"/>",
        points_attr(&current)
    );
    if size.labels {
        s.push_str("<g class=\"radar-dots\" fill=\"currentColor\">");
        for (x, y) in &current {
            let _ = write!(s, "<circle cx=\"{}\" cy=\"{}\" r=\"3\"/>", num(*x), num(*y));
        }
        s.push_str("</g>");
        let _ = write!(
            s,
            "<g class=\"radar-labels\" fill=\"currentColor\" font-size=\"{}\">",
            num(FONT)
        );
        for (i, name) in chart.axes.iter().enumerate() {
            let p = label_position(i, n, size);
            let shown = fit(name, p.max_chars);
            // A cut name keeps its full text as a tooltip.
            let full = if shown == *name {
                String::new()
            } else {
                format!("<title>{}</title>", escape(name))
            };
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" dy=\"{}\" text-anchor=\"{}\">{}{full}</text>",
                num(p.x),
                num(p.y),
                p.dy,
                p.anchor,
                escape(&shown)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn axis_zero_points_up_and_the_rest_go_clockwise() {
        let (cx, cy) = FULL.centre();
        let r = FULL.radius;
        assert!(close(vertex(0, 4, 1.0, &FULL), (cx, cy - r)));
        assert!(close(vertex(1, 4, 1.0, &FULL), (cx + r, cy)), "right");
        assert!(close(vertex(2, 4, 1.0, &FULL), (cx, cy + r)), "down");
        assert!(close(vertex(3, 4, 1.0, &FULL), (cx - r, cy)), "left");
    }

    #[test]
    fn values_scale_the_distance_from_the_centre() {
        let c = FULL.centre();
        assert!(close(vertex(3, 7, 0.0, &FULL), c), "zero is the centre");
        for n in 3..=12 {
            for (i, (x, y)) in polygon(&vec![0.5; n], &FULL).into_iter().enumerate() {
                let d = ((x - c.0).powi(2) + (y - c.1).powi(2)).sqrt();
                assert!((d - FULL.radius / 2.0).abs() < 1e-9, "n={n} i={i} d={d}");
            }
        }
        // Out-of-range values stay inside the drawing.
        assert!(close(vertex(0, 3, 7.0, &FULL), vertex(0, 3, 1.0, &FULL)));
        assert!(close(vertex(0, 3, -1.0, &FULL), c));
    }

    #[test]
    fn labels_grow_away_from_the_chart_and_fit_the_drawing() {
        let top = label_position(0, 4, &FULL);
        assert_eq!((top.anchor, top.dy), ("middle", "0"));
        assert!(top.y < FULL.centre().1 - FULL.radius);
        let right = label_position(1, 4, &FULL);
        assert_eq!((right.anchor, right.dy), ("start", ".35em"));
        assert!(right.x > FULL.centre().0 + FULL.radius);
        let bottom = label_position(2, 4, &FULL);
        assert_eq!((bottom.anchor, bottom.dy), ("middle", ".8em"));
        let left = label_position(3, 4, &FULL);
        assert_eq!(left.anchor, "end");
        // A side label has less room than a centred one.
        assert!(right.max_chars < top.max_chars);
        assert!(right.max_chars * 7 <= (FULL.width - right.x) as usize);
        assert_eq!(fit("Technical depth and breadth", 10), "Technical…");
        assert_eq!(fit("Scope", 10), "Scope");
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(120.0), "120");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(points_attr(&[(1.0, 2.25), (0.0, -0.0)]), "1,2.3 0,0");
    }

    fn chart<'a>(axes: &'a [String], cur: &'a [f64], prev: Option<&'a [f64]>) -> Chart<'a> {
        Chart {
            id: Some("radar"),
            title: "Shape of <Senior>",
            description: "Scope 50%",
            axes,
            current: cur,
            previous: prev,
        }
    }

    #[test]
    fn fewer_than_three_axes_draw_nothing() {
        let axes = vec!["A".to_string(), "B".to_string()];
        assert!(svg(&chart(&axes, &[1.0, 1.0], None), &FULL).is_none());
    }

    #[test]
    fn the_svg_is_accessible_escaped_and_themed() {
        let axes: Vec<String> = ["<b>Scope</b>", "Impact & reach", "Craft"]
            .map(String::from)
            .to_vec();
        let s = svg(
            &chart(&axes, &[1.0, 0.5, 0.0], Some(&[0.5, 0.5, 0.5])),
            &FULL,
        )
        .expect("three axes draw");
        assert!(s.starts_with("<svg class=\"radar\""));
        assert!(s.contains(
            "role=\"img\" aria-labelledby=\"radar-title\" aria-describedby=\"radar-desc\""
        ));
        assert!(s.contains("<title id=\"radar-title\">Shape of &lt;Senior&gt;</title>"));
        assert!(s.contains("&lt;b&gt;Scope&lt;/b&gt;") && s.contains("Impact &amp; reach"));
        assert!(!s.contains("<b>"));
        // No colour is written in: the stylesheet decides, dark mode included.
        assert!(!s.contains('#'), "{s}");
        assert!(s.contains("stroke=\"currentColor\""));
        assert_eq!(s.matches("class=\"radar-previous\"").count(), 1);
        assert!(s.contains("stroke-dasharray"));
        // Four rings, three spokes, three dots, three labels.
        assert_eq!(s.matches("<line ").count(), 3);
        assert_eq!(s.matches("<circle ").count(), 3);
        assert_eq!(s.matches("<text ").count(), 3);
        let small = svg(&chart(&axes, &[1.0, 0.5, 0.0], None), &SMALL).expect("small");
        assert!(!small.contains("<text") && !small.contains("radar-previous"));
        let anonymous = Chart {
            id: None,
            ..chart(&axes, &[1.0, 0.5, 0.0], None)
        };
        let small = svg(&anonymous, &SMALL).expect("small");
        assert!(!small.contains("id=") && !small.contains("aria-labelledby"));
        assert!(small.contains("<title>Shape of &lt;Senior&gt;</title>"));
    }
}

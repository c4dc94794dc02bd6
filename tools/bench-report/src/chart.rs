//! The report's chart, a PNG of grouped bar panels stacked vertically: decode throughput per
//! approach grouped by response size, and calls per second per client grouped by run.
//!
//! Text is drawn with an embedded font (DejaVu Sans, from the `dejavu` crate) through plotters'
//! `ab_glyph` backend, so neither building nor running this needs system font libraries.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};

/// One bar series: an approach and its throughput (MB/s) for each group, `None` if missing.
pub struct Series {
    /// The approach's name, shown in the legend.
    pub name: String,
    /// One value per group, in group order.
    pub values: Vec<Option<f64>>,
}

const COLORS: [RGBColor; 6] = [
    RGBColor(110, 110, 110),
    RGBColor(31, 119, 180),
    RGBColor(158, 202, 225),
    RGBColor(214, 120, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];

/// One grouped bar chart.
pub struct Panel {
    /// The panel's caption.
    pub title: String,
    /// The x labels, one per group.
    pub groups: Vec<String>,
    /// The x axis' description.
    pub x_desc: String,
    /// The y axis' description.
    pub y_desc: String,
    /// The bars: one series per approach, one value per group.
    pub series: Vec<Series>,
}

/// Draws `panels` one above the other to `path` (PNG).
pub fn draw(path: &Path, panels: &[Panel]) -> Result<(), String> {
    register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the embedded font does not load".to_owned())?;
    draw_inner(path, panels).map_err(|e| format!("drawing {}: {e}", path.display()))
}

fn draw_inner(path: &Path, panels: &[Panel]) -> Result<(), Box<dyn std::error::Error>> {
    let height = 620 * panels.len().max(1) as u32;
    let root = BitMapBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE)?;
    for (area, panel) in root
        .split_evenly((panels.len().max(1), 1))
        .iter()
        .zip(panels)
    {
        draw_panel(area, panel)?;
    }
    root.present()?;
    Ok(())
}

fn draw_panel(
    root: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    panel: &Panel,
) -> Result<(), Box<dyn std::error::Error>> {
    let Panel {
        title,
        groups,
        x_desc,
        y_desc,
        series,
    } = panel;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0_f64, |m, &v| m.max(v));
    let n = groups.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title.as_str(), ("sans-serif", 26))
        .margin(18)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..max * 1.4)?;
    let group_label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < groups.len() {
            groups[i as usize].clone()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(groups.len())
        .x_label_formatter(&group_label)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(x_desc.as_str())
        .y_desc(y_desc.as_str())
        .label_style(("sans-serif", 17))
        .axis_desc_style(("sans-serif", 18))
        .draw()?;

    let width = 0.84 / series.len().max(1) as f64;
    let value_style = TextStyle::from(("sans-serif", 13).into_font())
        .pos(Pos::new(HPos::Center, VPos::Bottom))
        .color(&BLACK);
    for (k, s) in series.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let bars = s.values.iter().enumerate().filter_map(|(g, v)| {
            let x0 = g as f64 - 0.42 + k as f64 * width;
            v.map(|v| Rectangle::new([(x0, 0.0), (x0 + width * 0.9, v)], color.filled()))
        });
        chart
            .draw_series(bars)?
            .label(s.name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
        let labels = s.values.iter().enumerate().filter_map(|(g, v)| {
            let x = g as f64 - 0.42 + k as f64 * width + width * 0.45;
            v.map(|v| Text::new(format!("{v:.0}"), (x, v), value_style.clone()))
        });
        chart.draw_series(labels)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 16))
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_panel_per_chart_stacked() {
        let path = std::env::temp_dir().join(format!("bench-chart-{}.png", std::process::id()));
        let panel = |title: &str| Panel {
            title: title.to_owned(),
            groups: vec!["a".to_owned(), "b".to_owned()],
            x_desc: "x".to_owned(),
            y_desc: "y".to_owned(),
            series: vec![
                Series {
                    name: "one".to_owned(),
                    values: vec![Some(1.0), None],
                },
                Series {
                    name: "two".to_owned(),
                    values: vec![Some(3.0), Some(2.0)],
                },
            ],
        };
        draw(&path, &[panel("decode"), panel("calls")]).unwrap();
        let png = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, after the signature and the chunk header.
        let dimension = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((dimension(16), dimension(20)), (1100, 2 * 620));
    }
}

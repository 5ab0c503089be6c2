//! Inline SVG charts of experiment results. Each is an `img` with an
//! aria-label that says what it shows in words; each bar has a `<title>`
//! (a tooltip) and its numbers are printed as text, not left to the eye.

use crate::engine::experiment::Bucket;
use crate::fixed::fixed;
use crate::playground::batch::TrialSet;
use yew::prelude::*;

/// viewBox width: about one unit per CSS pixel on a 375 px phone.
const WIDTH: f64 = 360.0;
const ROW: f64 = 56.0;

#[derive(Properties, PartialEq)]
pub struct OutcomeChartProps {
    /// The experiments of one version scheme, one row per strategy.
    pub sets: Vec<TrialSet>,
    pub scheme: AttrValue,
}

fn outcome_words(set: &TrialSet) -> String {
    let r = &set.report;
    format!(
        "{} consistent · {} diverged · {} stalled",
        r.outcomes.consistent, r.outcomes.diverged, r.outcomes.stalled
    )
}

/// Stacked bars of consistent / diverged / stalled trials per strategy.
#[component]
pub fn OutcomeChart(p: &OutcomeChartProps) -> Html {
    let summary = p
        .sets
        .iter()
        .map(|s| {
            format!(
                "{}: {}",
                s.report.strategy,
                outcome_words(s).replace(" · ", ", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!(
        "Outcomes per strategy with the {} version scheme. {summary}.",
        p.scheme
    );
    let height = ROW * p.sets.len() as f64;
    html! {
        <figure class="chart">
            <svg class="outcome-chart" role="img" aria-label={label}
                viewBox={format!("0 0 {} {}", fixed(WIDTH, 0), fixed(height, 0))} preserveAspectRatio="xMinYMin meet">
                for (i, set) in p.sets.iter().enumerate() {
                    { row(set, ROW * i as f64) }
                }
            </svg>
            <figcaption>{ format!("Trials by outcome, version scheme {}", p.scheme) }</figcaption>
        </figure>
    }
}

fn row(set: &TrialSet, y: f64) -> Html {
    let r = &set.report;
    let trials = f64::from(r.trials.max(1));
    let mut x = 0.0;
    let segments = [
        ("consistent", r.outcomes.consistent),
        ("diverged", r.outcomes.diverged),
        ("stalled", r.outcomes.stalled),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(kind, n)| {
        let w = WIDTH * f64::from(n) / trials;
        let rect = html! {
            <rect class={format!("seg-{kind}")} x={fixed(f64::from(x), 2)} y={fixed(f64::from(y + 18.0), 1)}
                width={fixed(f64::from(w), 2)} height="16">
                <title>{ format!("{}, {}: {n} of {} trials {kind}", r.strategy, r.scheme, r.trials) }</title>
            </rect>
        };
        x += w;
        rect
    })
    .collect::<Html>();
    html! {
        <g class="chart-row" data-strategy={r.strategy.name()}>
            <text class="chart-label" x="0" y={fixed(f64::from(y + 13.0), 1)}>{ r.strategy.name() }</text>
            { segments }
            <text class="chart-numbers" x="0" y={fixed(f64::from(y + 48.0), 1)}>{ outcome_words(set) }</text>
        </g>
    }
}

/// What the histogram counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistogramKind {
    Redeliveries,
    Quiescence,
}

impl HistogramKind {
    pub fn unit(self) -> &'static str {
        match self {
            HistogramKind::Redeliveries => "redeliveries",
            HistogramKind::Quiescence => "ms to quiescence",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct HistogramProps {
    pub set: TrialSet,
    pub kind: HistogramKind,
}

fn range(b: &Bucket) -> String {
    if b.from == b.to {
        b.from.to_string()
    } else {
        format!("{}–{}", b.from, b.to)
    }
}

/// Trials per bucket of redeliveries (or of time to quiescence) in one trial.
#[component]
pub fn Histogram(p: &HistogramProps) -> Html {
    let r = &p.set.report;
    let buckets = match p.kind {
        HistogramKind::Redeliveries => &r.redeliveries_histogram,
        HistogramKind::Quiescence => &r.quiescence_histogram,
    };
    let unit = p.kind.unit();
    let top = buckets.iter().map(|b| b.trials).max().unwrap_or(0).max(1);
    let listed = buckets
        .iter()
        .filter(|b| b.trials > 0)
        .map(|b| format!("{} {unit}: {} trials", range(b), b.trials))
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!(
        "Histogram of {unit} per trial, {} with {}, {} trials. {listed}.",
        r.strategy, r.scheme, r.trials
    );
    let (plot_h, base) = (104.0, 124.0);
    let w = WIDTH / buckets.len().max(1) as f64;
    html! {
        <figure class="chart">
            <svg class="histogram" role="img" aria-label={label} viewBox={format!("0 0 {} 150", fixed(WIDTH, 0))}
                preserveAspectRatio="xMinYMin meet">
                for (i, b) in buckets.iter().enumerate() {
                    <rect class="hist-bar" x={fixed(f64::from(w * i as f64 + 1.0), 2)}
                        y={fixed(f64::from(base - plot_h * f64::from(b.trials) / f64::from(top)), 2)}
                        width={fixed(f64::from((w - 2.0).max(1.0)), 2)}
                        height={fixed(f64::from(plot_h * f64::from(b.trials) / f64::from(top)), 2)}>
                        <title>{ format!("{} {unit}: {} trials", range(b), b.trials) }</title>
                    </rect>
                }
                if buckets.len() <= 12 {
                    for (i, b) in buckets.iter().enumerate() {
                        <text class="chart-numbers" text-anchor="middle" x={fixed(f64::from(w * (i as f64 + 0.5)), 1)}
                            y={fixed(f64::from(base - plot_h * f64::from(b.trials) / f64::from(top) - 3.0), 1)}>{ b.trials.to_string() }</text>
                        <text class="chart-numbers" text-anchor="middle" x={fixed(f64::from(w * (i as f64 + 0.5)), 1)} y="138">{ range(b) }</text>
                    }
                }
                <line class="axis" x1="0" x2={fixed(WIDTH, 0)} y1={fixed(base, 0)} y2={fixed(base, 0)} />
                if buckets.len() > 12 {
                    <text class="chart-numbers" x="0" y="10">{ format!("{top} trials") }</text>
                    if let (Some(first), Some(last)) = (buckets.first(), buckets.last()) {
                        <text class="chart-numbers" x="0" y="138">{ first.from.to_string() }</text>
                        <text class="chart-numbers" x={fixed(WIDTH, 0)} y="138" text-anchor="end">{ last.to.to_string() }</text>
                    }
                }
            </svg>
            <figcaption>{ format!("Trials (bar height) by {unit} (below the bars): {} with {}", r.strategy, r.scheme) }</figcaption>
        </figure>
    }
}

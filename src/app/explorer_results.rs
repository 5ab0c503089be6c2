//! What the explorer found: how many schedules and states, how the schedules
//! end, and the shortest counterexample in words with a button that opens it
//! in the live view (a scenario with `schedule`, stepped one choice a step).

use crate::engine::explorer::{
    counterexample_scenario, describe_schedule, schedule_start, ExploreReport, ExploreSpec,
};
use crate::engine::Outcome;
use crate::fixed::fixed;
use crate::playground::fields::grouped;
use crate::playground::options::broker_title;
use crate::playground::provenance::From;
use crate::playground::Msg;
use crate::share::SharedState;
use yew::prelude::*;

/// Digits as superscripts, for "10²⁴".
fn superscript(n: i32) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                [d.to_digit(10).unwrap_or(0) as usize],
        })
        .collect()
}

/// 3.3357e24 as "3.34 × 10²⁴".
pub fn scientific(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return "0".into();
    }
    let exp = x.log10().floor() as i32;
    let mantissa = x / 10f64.powi(exp);
    format!("{} × 10{}", fixed(mantissa, 2), superscript(exp))
}

/// A count that may be astronomically large: grouped digits up to 15 digits,
/// else scientific notation (the f64 count is exact to 15 digits).
pub fn readable_count(exact: &str, approx: f64) -> String {
    let digits = exact.trim_start_matches('>');
    match digits.parse::<u64>() {
        Ok(n) if digits.len() <= 15 && !exact.starts_with('>') => grouped(n),
        _ => format!("about {}", scientific(approx)),
    }
}

/// A per-outcome count (u64, saturating in the report).
fn outcome_count(n: u64, saturated: bool) -> String {
    if saturated && n == u64::MAX {
        format!("more than {}", scientific(u64::MAX as f64))
    } else if n >= 1_000_000_000_000_000 {
        format!("about {}", scientific(n as f64))
    } else {
        grouped(n)
    }
}

#[derive(Properties, PartialEq)]
pub struct ExploreResultsProps {
    pub spec: ExploreSpec,
    pub report: ExploreReport,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn ExploreResults(p: &ExploreResultsProps) -> Html {
    let r = &p.report;
    let schedules = readable_count(&r.schedules_exact, r.schedules_approx);
    let long = !r.schedules_exact.starts_with('>') && r.schedules_exact.len() > 15;
    html! {
        <div class="results explore-results">
            <p class="run-status" role="status">{ format!(
                "Explored: {} schedules through {} distinct states.",
                schedules, grouped(r.states)) }</p>
            <table class="db explore-table">
                <caption>{ format!("Every schedule of {} with {}, {} update(s){}, {} listener(s){}",
                    r.strategy, r.scheme, r.updates,
                    if r.deletes > 0 { format!(" and a delete ({})", r.on_delete.name()) } else { String::new() },
                    r.listeners,
                    if r.broker.is_stan() { String::new() } else { format!(", under {}", broker_title(r.broker)) }) }</caption>
                <thead><tr>
                    <th scope="col">{ "Ends" }</th><th scope="col">{ "Schedules" }</th><th scope="col">{ "Distinct final states" }</th>
                </tr></thead>
                <tbody>
                    for (o, &n) in r.outcomes.iter().filter(|(o, n)| *o != Outcome::CutOff || **n > 0) {
                        <tr class={classes!((o != Outcome::Consistent && n > 0).then_some("bad"))}>
                            <th scope="row">{ o.name() }</th>
                            <td class="num">{ outcome_count(n, r.saturated) }</td>
                            <td class="num">{ grouped(r.final_states[o]) }</td>
                        </tr>
                    }
                    <tr>
                        <th scope="row">{ "all" }</th>
                        <td class="num">{ schedules.clone() }</td>
                        <td class="num">{ grouped(r.final_states.total()) }</td>
                    </tr>
                </tbody>
            </table>
            if long {
                <details class="exact">
                    <summary>{ "The exact number of schedules" }</summary>
                    <p class="digits">{ &r.schedules_exact }</p>
                </details>
            }
            <Counterexample spec={p.spec.clone()} report={r.clone()} on_msg={p.on_msg.clone()} />
        </div>
    }
}

#[component]
fn Counterexample(p: &ExploreResultsProps) -> Html {
    let (Some(choices), Some(outcome)) =
        (&p.report.counterexample, p.report.counterexample_outcome)
    else {
        return html! {
            <p class="proof">{ "No counterexample: every schedule ends consistent." }</p>
        };
    };
    let word = outcome.name();
    let words = describe_schedule(&p.spec, choices).unwrap_or_default();
    let open = {
        let (spec, choices) = (p.spec.clone(), choices.clone());
        p.on_msg.reform(move |_| Msg::Open {
            state: Box::new(SharedState {
                scenario: counterexample_scenario(&spec, &choices),
                step: schedule_start(&spec),
                lesson: None,
            }),
            from: From::Own,
        })
    };
    html! {
        <section class="counterexample" aria-labelledby="cx-title">
            <h3 id="cx-title">{ format!("Shortest counterexample: {} choices, ends {word}", choices.len()) }</h3>
            <p class="hint">{ "After the owner's saves (all events published), the broker and listeners take these steps:" }</p>
            <ol class="choices">
                for w in words { <li>{ w }</li> }
            </ol>
            <button type="button" class="primary" onclick={open}>{ "Open in the live view" }</button>
            <span class="hint">{ " then press Step to walk through it." }</span>
        </section>
    }
}

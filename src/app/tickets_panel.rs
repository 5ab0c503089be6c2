//! The Tickets service: the owner of the records. Create, update, two editors, and
//! its database.

use crate::engine::TicketId;
use crate::playground::fields::{check_title, parse_in_range, MAX_PRICE};
use crate::playground::view::TicketRow;
use crate::playground::Msg;
use yew::prelude::*;

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

#[derive(Properties, PartialEq)]
pub struct TicketsPanelProps {
    pub tickets: Vec<TicketRow>,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn TicketsPanel(p: &TicketsPanelProps) -> Html {
    html! {
        <section class="panel tickets" aria-labelledby="tickets-title">
            <h2 id="tickets-title">{ "Tickets service" }</h2>
            <CreateForm on_msg={p.on_msg.clone()} />
            if !p.tickets.is_empty() {
                <UpdateForm tickets={p.tickets.clone()} on_msg={p.on_msg.clone()} />
            }
            <table class="db">
                <caption>{ "Tickets database" }</caption>
                <thead><tr><th scope="col">{"id"}</th><th scope="col">{"title"}</th><th scope="col">{"price"}</th><th scope="col">{"version"}</th></tr></thead>
                <tbody>
                    for t in &p.tickets {
                        <tr key={t.id.clone()}>
                            <th scope="row">{ &t.id }</th><td>{ &t.title }</td><td>{ &t.price }</td><td>{ &t.version }</td>
                        </tr>
                    }
                    if p.tickets.is_empty() {
                        <tr><td colspan="4" class="empty">{ "No tickets (none created, or all deleted): create one." }</td></tr>
                    }
                </tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    #[prop_or_default]
    tickets: Vec<TicketRow>,
    on_msg: Callback<Msg>,
}

#[component]
fn CreateForm(p: &FormProps) -> Html {
    let title = use_state(|| "concert".to_string());
    let price = use_state(|| "5".to_string());
    let errors = use_state(|| (None::<String>, None::<String>));
    let onsubmit = {
        let (title, price, errors, on_msg) = (
            title.clone(),
            price.clone(),
            errors.clone(),
            p.on_msg.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match (check_title(&title), parse_in_range(&price, 0, MAX_PRICE)) {
                (Ok(title), Ok(price)) => {
                    errors.set((None, None));
                    on_msg.emit(Msg::Create { title, price });
                }
                (t, p) => errors.set((t.err(), p.err())),
            }
        })
    };
    html! {
        <form class="form" aria-label="Create a ticket" {onsubmit}>
            <TextField id="create-title" label="Title" value={(*title).clone()} error={errors.0.clone()}
                oninput={let s = title.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
            <TextField id="create-price" label="Price" value={(*price).clone()} error={errors.1.clone()} numeric=true
                oninput={let s = price.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
            <button type="submit">{ "Create ticket" }</button>
        </form>
    }
}

/// The update form's message from its fields' text, or the error to show.
fn update_msg(id: TicketId, price: &str, second: Option<&str>) -> Result<Msg, String> {
    let price = parse_in_range(price, 0, MAX_PRICE)?;
    Ok(match second {
        None => Msg::Update {
            id,
            title: None,
            price: Some(price),
        },
        Some(second) => Msg::TwoEditors {
            id,
            first_price: price,
            second_price: parse_in_range(second, 0, MAX_PRICE)?,
        },
    })
}

#[component]
fn UpdateForm(p: &FormProps) -> Html {
    let chosen = use_state(String::new);
    let price = use_state(|| "10".to_string());
    let second = use_state(|| "15".to_string());
    let error = use_state(|| None::<String>);
    let ticket = p
        .tickets
        .iter()
        .find(|t| t.id == *chosen)
        .unwrap_or(&p.tickets[0]);
    let (id, ticket_id) = (ticket.id.clone(), ticket.ticket);
    let send = |two_editors: bool| {
        let (price, second, error, on_msg) = (
            price.clone(),
            second.clone(),
            error.clone(),
            p.on_msg.clone(),
        );
        Callback::from(move |_| {
            let second = two_editors.then_some(second.as_str());
            match update_msg(ticket_id, &price, second) {
                Ok(msg) => {
                    error.set(None);
                    on_msg.emit(msg);
                }
                Err(m) => error.set(Some(m)),
            }
        })
    };
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    html! {
        <form class="form" aria-label="Update a ticket" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="field">
                <label for="update-id">{ "Ticket" }</label>
                <select id="update-id" {onchange}>
                    for t in &p.tickets {
                        <option value={t.id.clone()} selected={t.id == id}>{ format!("{} ({})", t.id, t.title) }</option>
                    }
                </select>
            </div>
            <TextField id="update-price" label="New price" value={(*price).clone()} error={error.as_ref().cloned()} numeric=true
                oninput={let s = price.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
            <button type="button" onclick={send(false)}>{ "Update" }</button>
            <TextField id="editor2-price" label="Second editor's price" value={(*second).clone()} numeric=true
                oninput={let s = second.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
            <button type="button" onclick={send(true)}
                title="Both editors load the same version; the second save fails with a version error">
                { "Two editors" }
            </button>
            <button type="button" onclick={let m = p.on_msg.clone(); Callback::from(move |_| m.emit(Msg::Delete { id: ticket_id }))}
                title="Tickets destroys the record: the version is bumped and ticket:deleted published">
                { "Delete" }
            </button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct TextFieldProps {
    id: AttrValue,
    label: AttrValue,
    value: String,
    #[prop_or_default]
    error: Option<String>,
    #[prop_or_default]
    numeric: bool,
    oninput: Callback<InputEvent>,
}

#[component]
fn TextField(p: &TextFieldProps) -> Html {
    let err_id = format!("{}-error", p.id);
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input id={p.id.clone()} value={p.value.clone()} oninput={p.oninput.clone()}
                inputmode={p.numeric.then_some("numeric")}
                aria-invalid={p.error.is_some().to_string()}
                aria-describedby={p.error.is_some().then(|| err_id.clone())} />
            if let Some(msg) = &p.error {
                <span id={err_id} class="field-error" role="alert">{ msg }</span>
            }
        </div>
    }
}

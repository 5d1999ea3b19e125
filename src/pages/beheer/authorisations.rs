//! The machtigingen of one means on the user's page: each with its status and dates; for an
//! active means each active one can be withdrawn ("Intrekken", behind a confirmation that names
//! the service and the person) or given a new end date, and "Machtigingen toevoegen" leads to
//! its own page ([`super::add`]). For a revoked or expired means a sentence says why nothing
//! can change.

use leptos::prelude::*;

use super::add::date_input;
use super::{ConfirmRegion, Notice, Outcome, focus_id, refusal};
use crate::api::MeansDetail;
use crate::api::authorisations::{self as calls, AuthorisationStatus, MeansAuthorisation};
use crate::components::error_summary::{Problem, problem_at};
use crate::components::shared::shared;
use crate::format::{long_date, long_date_of};
use crate::i18n::{I18n, T, Y, use_i18n};

/// The id of the new end date's field.
const NEW_END: &str = "new-end";

/// Which machtiging's change is open under the table.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    Withdraw(MeansAuthorisation),
    End(MeansAuthorisation),
}

/// A machtiging's status in words: "Actief", "Ingetrokken op …", "Beëindigd".
pub fn status_text(a: &MeansAuthorisation, i18n: I18n) -> String {
    match (a.status, a.withdrawn_at) {
        (AuthorisationStatus::Active, _) => i18n.t(Y::BhAuthActive).to_string(),
        (AuthorisationStatus::Withdrawn, Some(at)) => i18n
            .t(Y::BhAuthWithdrawnOn)
            .replace("{date}", &long_date_of(at, i18n.lang())),
        (AuthorisationStatus::Withdrawn, None) => i18n.t(Y::BhAuthWithdrawn).to_string(),
        (AuthorisationStatus::Ended, _) => i18n.t(Y::BhAuthEnded).to_string(),
    }
}

/// The table of `means`' machtigingen and, while `active`, their changes. `changed` runs after
/// each change (the page fetches the person again).
#[component]
pub fn MeansAuthorisations(
    means: MeansDetail,
    request_id: String,
    name: String,
    active: bool,
    changed: Callback<()>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(None::<Open>);
    let new_end = RwSignal::new(String::new());
    let means_id = means.id.clone();
    let person = name.clone();

    let withdraw = Action::new_local(move |a: &MeansAuthorisation| {
        let (means_id, a, person) = (means_id.clone(), a.clone(), person.clone());
        async move {
            let result = calls::withdraw_authorisation(means_id, a.position).await;
            if open.try_set(None).is_none() {
                match &result {
                    Ok(_) => {
                        changed.run(());
                        outcome.done(
                            Notice::new(Y::BhAuthWithdrawnNotice)
                                .with("service", a.label.clone())
                                .with("name", person),
                        );
                    }
                    Err(error) => outcome.failed(vec![refusal(
                        error,
                        format!("withdraw-{}", a.position),
                        i18n,
                    )]),
                }
            }
        }
    });
    let means_id = means.id.clone();
    let person = name.clone();
    let change_end = Action::new_local(move |(a, until): &(MeansAuthorisation, String)| {
        let (means_id, a, until, person) =
            (means_id.clone(), a.clone(), until.clone(), person.clone());
        async move {
            let result = calls::change_authorisation_end(means_id, a.position, until.clone()).await;
            match &result {
                Ok(_) if open.try_set(None).is_none() => {
                    changed.run(());
                    outcome.done(
                        Notice::new(Y::BhAuthEndChanged)
                            .with("service", a.label.clone())
                            .with("name", person)
                            .with("date", long_date(&until, i18n.lang())),
                    );
                }
                Ok(_) => {}
                Err(error) => outcome.failed(vec![refusal(error, NEW_END, i18n)]),
            }
        }
    });

    let open_end = move |a: MeansAuthorisation| {
        outcome.clear();
        new_end.set(a.valid_until.clone());
        open.set(Some(Open::End(a)));
        request_animation_frame(|| {
            focus_id(NEW_END);
        });
    };
    let close = move |back: String| {
        open.set(None);
        outcome.clear();
        request_animation_frame(move || {
            focus_id(&back);
        });
    };

    let lang = i18n.lang();
    let rows = means
        .authorisations
        .iter()
        .map(|a| {
            let can_change = active && a.status == AuthorisationStatus::Active;
            let actions = can_change.then(|| {
                let (for_end, for_withdraw) = (a.clone(), a.clone());
                view! {
                    <td class="data-table__nowrap">
                        <div class="table-actions">
                            <button
                                type="button"
                                class="button button--secondary button--small"
                                id=format!("end-{}", a.position)
                                on:click=move |_| open_end(for_end.clone())
                            >
                                {i18n.t(Y::BhAuthChangeEnd)}
                                <span class="visually-hidden">" " {a.label.clone()}</span>
                            </button>
                            <button
                                type="button"
                                class="button button--warning button--small"
                                id=format!("withdraw-{}", a.position)
                                on:click=move |_| {
                                    outcome.clear();
                                    open.set(Some(Open::Withdraw(for_withdraw.clone())));
                                }
                            >
                                {i18n.t(Y::BhAuthWithdraw)}
                                <span class="visually-hidden">" " {a.label.clone()}</span>
                            </button>
                        </div>
                    </td>
                }
            });
            let empty_cell = (active && !can_change).then(|| view! { <td>"—"</td> });
            view! {
                <tr>
                    <th scope="row">{a.label.clone()}</th>
                    <td>{status_text(a, i18n)}</td>
                    <td class="data-table__nowrap">{long_date(&a.valid_from, lang)}</td>
                    <td class="data-table__nowrap">{long_date(&a.valid_until, lang)}</td>
                    {actions}
                    {empty_cell}
                </tr>
            }
        })
        .collect_view();
    let table = if means.authorisations.is_empty() {
        view! { <p>{i18n.t(T::NoAuthorisationsYet)}</p> }.into_any()
    } else {
        view! {
            <div class="table-region" role="region" tabindex="0" aria-label=i18n.t(T::AuthorisationsLabel)>
                <table class="data-table">
                    <caption>{i18n.t(T::AuthorisationsLabel)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::BhColAuthorisation)}</th>
                            <th scope="col">{i18n.t(Y::BhColAuthStatus)}</th>
                            <th scope="col">{i18n.t(T::BhColValidFrom)}</th>
                            <th scope="col">{i18n.t(T::BhColValidUntil)}</th>
                            {active.then(|| view! { <th scope="col">{i18n.t(Y::BhColAuthActions)}</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };

    let end_error = problem_at(outcome.problems, NEW_END);
    let person = name.clone();
    let change = shared(move || match open.get() {
        None => ().into_any(),
        Some(Open::Withdraw(a)) => {
            let question = i18n
                .t(Y::BhAuthWithdrawQuestion)
                .replace("{service}", &a.label)
                .replace("{name}", &person);
            let back = format!("withdraw-{}", a.position);
            let confirm = a.clone();
            view! {
                <ConfirmRegion
                    question=question
                    confirm=Y::BhAuthWithdrawYes
                    busy=withdraw.pending()
                    on_confirm=Callback::new(move |()| {
                        if !withdraw.pending().get_untracked() {
                            withdraw.dispatch(confirm.clone());
                        }
                    })
                    on_cancel=Callback::new(move |()| close(back.clone()))
                />
            }
            .into_any()
        }
        Some(Open::End(a)) => end_form(a, new_end, end_error, change_end, close, outcome, i18n),
    });

    view! {
        {table}
        {change}
        {if active {
            view! {
                <p>
                    <a class="button button--primary" id="add-authorisations" href=format!("/beheer/gebruikers/{request_id}/machtigingen-toevoegen")>
                        {i18n.t(Y::BhAuthAdd)}
                    </a>
                </p>
            }
            .into_any()
        } else {
            view! { <p>{i18n.t(Y::BhAuthMeansNotActive)}</p> }.into_any()
        }}
    }
}

/// The form for a machtiging's new end date: from today to its `latest_until`.
fn end_form(
    a: MeansAuthorisation,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    change_end: Action<(MeansAuthorisation, String), ()>,
    close: impl Fn(String) + Copy + Send + 'static,
    outcome: Outcome,
    i18n: I18n,
) -> AnyView {
    let label = i18n.t(Y::BhAuthNewEnd).replace("{service}", &a.label);
    let hint_text = i18n
        .t(Y::BhAuthNewEndHint)
        .replace("{date}", &long_date(&a.latest_until, i18n.lang()));
    let back = format!("end-{}", a.position);
    let max = a.latest_until.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let until = value.get_untracked().trim().to_string();
        if until.is_empty() {
            outcome.failed(vec![Problem::new(NEW_END, i18n.t(Y::BhAuthNewEndMissing))]);
        } else if !change_end.pending().get_untracked() {
            change_end.dispatch((a.clone(), until));
        }
    };
    view! {
        <form class="form action" novalidate on:submit=on_submit>
            {date_input(NEW_END, label, value, Some(max), hint_text, error)}
            <div class="button-group">
                <button type="submit" class="button button--primary" disabled=move || change_end.pending().get()>
                    {i18n.t(Y::BhAuthSaveEnd)}
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| close(back.clone())>
                    {i18n.t(Y::BhAuthCancelEnd)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

//! `/beheer/actie/{action}`: an action on many people at once (issue 11): renew their means
//! (`verlengen`), order a higher level (`hoger-niveau`) or revoke (`intrekken`) for the people
//! selected in Gebruikers, re-send the invitation (`uitnodiging-opnieuw`) or cancel the
//! request (`annuleren`) for the requests selected in Lopende aanvragen; or, with
//! `?gebruiker={request_id}`, for that one person (the user's page opens it so).
//!
//! Three steps on one page, as for machtigingen ([`super::bulk`]): the choice (renewal and
//! level only: the term, the level, the machtigingen kept or chosen anew), the check (the
//! server's preview: for how many, who is skipped and why, the price and the terms when it
//! costs money; for a revocation that it takes effect at once, and the second factor when it
//! was given long ago) and the outcome per person with the orders placed. The selection is
//! cleared once the action is done.

use domain::Level;
use domain::catalogue::Authorisations;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::action_check::{CheckControls, check_view, done_view, field_of};
use super::add::{ACCEPT_TERMS, ALL, SUBMIT, all_question};
use super::selection::{ListKind, Person, Selected, update_of, use_selected_of};
use super::{focus_id, success_notice};
use crate::api::authorisations::new_idempotency_key;
use crate::api::year::{self as calls, BulkAction, BulkActionResult, PeopleAction};
use crate::api::{self, ApiError};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::radios::{Choice, Radios};
use crate::components::service_picker::{NO, SERVICES_GROUP, ServicePicker, chosen};
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, is_step_up_problem};
use crate::i18n::{I18n, T, Text, Y, use_i18n};
use crate::session::use_session;

/// The ids of the choice's fields.
pub const TERM: &str = "term";
pub const LEVEL: &str = "level";
pub const KEEP: &str = "keep-authorisations";
const KEEP_YES: &str = "houden";
const KEEP_NO: &str = "anders";

/// Which action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Renew,
    ChangeLevel,
    Revoke,
    Resend,
    Cancel,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Renew,
        Kind::ChangeLevel,
        Kind::Revoke,
        Kind::Resend,
        Kind::Cancel,
    ];

    /// Its place: `/beheer/actie/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Renew => "verlengen",
            Kind::ChangeLevel => "hoger-niveau",
            Kind::Revoke => "intrekken",
            Kind::Resend => "uitnodiging-opnieuw",
            Kind::Cancel => "annuleren",
        }
    }

    fn parse(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The list whose selection it acts on.
    pub fn list(self) -> ListKind {
        match self {
            Kind::Renew | Kind::ChangeLevel | Kind::Revoke => ListKind::Users,
            Kind::Resend | Kind::Cancel => ListKind::Requests,
        }
    }

    pub fn title(self) -> Y {
        match self {
            Kind::Renew => Y::YrRenewTitle,
            Kind::ChangeLevel => Y::YrChangeLevelTitle,
            Kind::Revoke => Y::YrRevokeTitle,
            Kind::Resend => Y::YrResendTitle,
            Kind::Cancel => Y::YrCancelTitle,
        }
    }

    /// Whether it places orders (and so asks for a term and machtigingen first).
    pub fn orders(self) -> bool {
        matches!(self, Kind::Renew | Kind::ChangeLevel)
    }
}

/// The action page for `kind`, for the one person `request_id` or (without) the selection.
pub fn action_href(kind: Kind, request_id: Option<&str>) -> String {
    match request_id {
        Some(id) => format!(
            "/beheer/actie/{}?gebruiker={}",
            kind.slug(),
            super::encode(id)
        ),
        None => format!("/beheer/actie/{}", kind.slug()),
    }
}

/// Where the page is.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Choose,
    /// The preview of `action`, to be sent with `key`.
    Check {
        action: Box<BulkAction>,
        preview: BulkActionResult,
        key: String,
    },
    Done(BulkActionResult),
}

/// The levels a manager at `own` may order above EH2: EH2+ and EH3, at most their own.
pub fn higher_levels(own: Level) -> Vec<Level> {
    Level::ALL
        .into_iter()
        .filter(|l| *l > Level::Eh2 && *l <= own)
        .collect()
}

/// The server's refusal as problems at their fields.
fn refusal_problems(error: &ApiError, all_services: bool, i18n: I18n) -> Vec<Problem> {
    let at = |field: &'static str| {
        if field == SERVICES_GROUP && all_services {
            ALL
        } else {
            field
        }
    };
    match error {
        ApiError::Server { body, .. } if is_step_up_problem(&body.code) => {
            vec![Problem::new(
                STEP_UP_FIELD,
                body.message_in(i18n.lang()).to_string(),
            )]
        }
        _ => super::refusal_problems(
            error,
            |location| at(field_of(location)).to_string(),
            SUBMIT,
            i18n,
        ),
    }
}

#[component]
pub fn PeopleActionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let kind = Memo::new(move |_| {
        params
            .read()
            .get("action")
            .and_then(|slug| Kind::parse(&slug))
    });
    let list = move || kind.get().map_or(ListKind::Users, Kind::list);
    // One person, from their page: their name is looked up; the selection stays as it is.
    let single = Memo::new(move |_| query.read().get("gebruiker").filter(|id| !id.is_empty()));
    let single_name = LocalResource::new(move || {
        let id = single.get();
        async move {
            match id {
                Some(id) => api::user(id).await.ok().map(|d| d.user.name),
                None => None,
            }
        }
    });
    let users = use_selected_of(ListKind::Users);
    let requests = use_selected_of(ListKind::Requests);
    let selected = Memo::new(move |_| match single.get() {
        Some(request_id) => Selected::one(Person {
            request_id,
            name: single_name.get().flatten().unwrap_or_default(),
        }),
        None => match list() {
            ListKind::Users => users.get(),
            ListKind::Requests => requests.get(),
        },
    });
    let back_href = move || match single.get() {
        Some(id) => format!("/beheer/gebruikers/{id}"),
        None => list().path().to_string(),
    };
    let back_text = move || {
        if single.get().is_some() {
            i18n.t(Y::YrBackToUser)
        } else {
            i18n.t(list().back())
        }
    };
    let title = move || kind.get().map_or(Y::YrUnknownAction, Kind::title);
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} – {} – {}",
            i18n.t(title()),
            i18n.t(list().title()),
            i18n.t(T::ProductName)
        ));
    });
    let own_level = use_session()
        .manager()
        .map(|m| m.level)
        .unwrap_or(Level::Eh2);

    let stage = RwSignal::new(Stage::Choose);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let term = RwSignal::new(None::<String>);
    let levels = higher_levels(own_level);
    let level = RwSignal::new((levels.len() == 1).then(|| levels[0].label().to_string()));
    let keep = RwSignal::new(Some(KEEP_YES.to_string()));
    let all = RwSignal::new(None::<String>);
    let providers = RwSignal::new(Vec::<String>::new());
    let services = RwSignal::new(Vec::<String>::new());
    let search = RwSignal::new(String::new());
    let accepted = RwSignal::new(false);
    let catalogue = LocalResource::new(crate::api::catalogue);
    let notice = RwSignal::new(None::<String>);
    let step_up = StepUp::new();

    let fail = move |found: Vec<Problem>| {
        problems.set(found);
        attempt.update(|n| *n += 1);
    };
    let chose_all = move |action: &BulkAction| {
        matches!(
            action.action,
            PeopleAction::Renew {
                authorisations: Some(Authorisations::AllServices),
                ..
            } | PeopleAction::ChangeLevel {
                authorisations: Some(Authorisations::AllServices),
                ..
            }
        )
    };
    let preview = Action::new_local(move |action: &BulkAction| {
        let action = action.clone();
        async move {
            let result = calls::preview_bulk_action(action.clone()).await;
            (action, result)
        }
    });
    Effect::new(move |_| match preview.value().get() {
        Some((action, Ok(result))) => {
            problems.set(Vec::new());
            accepted.set(false);
            stage.set(Stage::Check {
                action: Box::new(action),
                preview: result,
                key: new_idempotency_key(),
            });
            request_animation_frame(|| {
                focus_id("check-title");
            });
        }
        Some((action, Err(error))) => fail(refusal_problems(&error, chose_all(&action), i18n)),
        None => {}
    });
    let apply = Action::new_local(
        move |(action, key, code): &(BulkAction, String, Option<String>)| {
            let (action, key, code) = (action.clone(), key.clone(), code.clone());
            async move {
                let result = StepUp::then(code, calls::bulk_action(action, key)).await;
                step_up.watch(&result);
                result
            }
        },
    );
    Effect::new(move |_| match apply.value().get() {
        Some(Ok(result)) => {
            problems.set(Vec::new());
            notice.set(Some(
                i18n.t(Y::YrActionDone)
                    .replace("{done}", &result.done.to_string())
                    .replace("{skipped}", &result.skipped.to_string()),
            ));
            stage.set(Stage::Done(result));
            if single.get_untracked().is_none() {
                update_of(list(), |s| *s = Selected::default());
            }
            super::focus_notice();
        }
        Some(Err(error)) => fail(refusal_problems(&error, false, i18n)),
        None => {}
    });

    // What the choice comes to: the action, or the problems of the form.
    let read_choice = move |kind: Kind| -> Result<PeopleAction, Vec<Problem>> {
        let mut found = Vec::new();
        let years = term.get_untracked().and_then(|t| t.parse::<i64>().ok());
        if kind.orders() && years.is_none() {
            found.push(Problem::new(TERM, i18n.t(T::ChooseTerm)));
        }
        let new_level = level.get_untracked().and_then(|l| Level::parse(&l));
        if kind == Kind::ChangeLevel && new_level.is_none() {
            found.push(Problem::new(LEVEL, i18n.t(Y::YrChooseLevel)));
        }
        let authorisations = if keep.get_untracked().as_deref() == Some(KEEP_NO) {
            match chosen(
                all.get_untracked().as_deref(),
                &providers.get_untracked(),
                &services.get_untracked(),
            ) {
                None => {
                    found.push(Problem::new(ALL, i18n.t(T::ChooseAllServices)));
                    None
                }
                Some(Authorisations::Selected {
                    providers,
                    services,
                }) if providers.is_empty() && services.is_empty() => {
                    found.push(Problem::new(
                        SERVICES_GROUP,
                        i18n.t(T::ChooseAtLeastOneService),
                    ));
                    None
                }
                Some(chosen) => Some(chosen),
            }
        } else {
            None
        };
        if !found.is_empty() {
            return Err(found);
        }
        Ok(match kind {
            Kind::Renew => PeopleAction::Renew {
                term_years: years.unwrap_or(1),
                authorisations,
            },
            Kind::ChangeLevel => PeopleAction::ChangeLevel {
                level: new_level.unwrap_or(Level::Eh3),
                term_years: years.unwrap_or(1),
                authorisations,
            },
            Kind::Revoke => PeopleAction::Revoke,
            Kind::Resend => PeopleAction::ResendInvitation,
            Kind::Cancel => PeopleAction::CancelRequest,
        })
    };
    let ask_preview = move || {
        let Some(kind) = kind.get_untracked() else {
            return;
        };
        if preview.pending().get_untracked() {
            return;
        }
        match read_choice(kind) {
            Err(found) => fail(found),
            Ok(action) => {
                problems.set(Vec::new());
                preview.dispatch(BulkAction {
                    selection: selected.with_untracked(|s| s.selection_of(kind.list())),
                    action,
                    accepted_terms: false,
                });
            }
        }
    };
    // An action without a choice goes to its check at once (once the person's name is known).
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let ready = kind.get().is_some_and(|k| !k.orders())
            && !selected.with(Selected::is_empty)
            && (single.get().is_none() || single_name.get().is_some());
        if ready {
            ask_preview();
        }
        ready
    });
    let on_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask_preview();
    };
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Stage::Check {
            mut action,
            preview,
            key,
        } = stage.get_untracked()
        else {
            return;
        };
        if apply.pending().get_untracked() {
            return;
        }
        let costs = preview.quote.total_excl_vat.0 > 0;
        let mut found = Vec::new();
        if costs && !accepted.get_untracked() {
            found.push(Problem::new(ACCEPT_TERMS, i18n.t(T::AcceptTermsError)));
        }
        let code = match step_up.take_code() {
            Ok(code) => code,
            Err(_) => {
                found.push(Problem::new(STEP_UP_FIELD, i18n.t(T::StepUpCodeMissing)));
                None
            }
        };
        if !found.is_empty() {
            return fail(found);
        }
        action.accepted_terms = costs;
        problems.set(Vec::new());
        apply.dispatch((*action, key, code));
    };
    let change_choice = Callback::new(move |()| {
        problems.set(Vec::new());
        stage.set(Stage::Choose);
        request_animation_frame(|| {
            focus_id(TERM);
        });
    });

    let error_at = move |id: &'static str| problem_at(problems, id);
    let controls = CheckControls {
        accepted,
        step_up,
        problems,
        busy: apply.pending().into(),
        on_confirm: Callback::new(on_confirm),
        change_choice,
    };
    let choose = move |kind: Kind| {
        if !kind.orders() {
            // No choice: the check is asked for at once; the button tries again after a refusal.
            return view! {
                <form class="form" novalidate on:submit=on_preview>
                    <button type="submit" id=SUBMIT class="button button--primary" disabled=move || preview.pending().get()>
                        {move || if preview.pending().get() { i18n.t(Y::BhBulkPreviewing) } else { i18n.t(Y::BhBulkPreview) }}
                    </button>
                </form>
            }
            .into_any();
        }
        if kind == Kind::ChangeLevel && higher_levels(own_level).is_empty() {
            return view! {
                <p class="notice notice--warning">
                    {i18n.t(Y::YrNoHigherLevel).replace("{level}", own_level.label())}
                </p>
            }
            .into_any();
        }
        let terms = Signal::derive(move || {
            domain::pricing::Term::ALL
                .into_iter()
                .map(|t| {
                    let years = t.years();
                    let label = if years == 1 {
                        i18n.t(T::ActTermOneYear).to_string()
                    } else {
                        i18n.t(T::ActTermYears).replace("{n}", &years.to_string())
                    };
                    Choice::new(years.to_string(), label)
                })
                .collect::<Vec<_>>()
        });
        let level_choices = Signal::derive(move || {
            higher_levels(own_level)
                .into_iter()
                .map(|l| Choice::new(l.label(), l.label()).hint(l.explanation(i18n.lang())))
                .collect::<Vec<_>>()
        });
        let keep_choices = Signal::derive(move || {
            vec![
                Choice::new(KEEP_YES, i18n.t(Y::YrKeepAuthorisations)),
                Choice::new(KEEP_NO, i18n.t(Y::YrOtherAuthorisations)),
            ]
        });
        let term_hint = if kind == Kind::Renew {
            Y::YrRenewTermHint
        } else {
            Y::YrLevelTermHint
        };
        let picker_level = move || match kind {
            Kind::ChangeLevel => level
                .get()
                .and_then(|l| Level::parse(&l))
                .unwrap_or(own_level),
            _ => own_level,
        };
        view! {
            <form class="form form--wide" novalidate on:submit=on_preview>
                {(kind == Kind::ChangeLevel).then(|| view! {
                    <Radios
                        name=LEVEL
                        legend=Signal::derive(move || i18n.t(Y::YrLevelQuestion).to_string())
                        hint=Signal::derive(move || i18n.t(Y::YrLevelHint).replace("{level}", own_level.label()))
                        choices=level_choices
                        selected=level
                        error=error_at(LEVEL)
                    />
                })}
                <Radios
                    name=TERM
                    legend=Signal::derive(move || i18n.t(T::TermQuestion).to_string())
                    hint=Signal::derive(move || i18n.t(term_hint).to_string())
                    choices=terms
                    selected=term
                    error=error_at(TERM)
                />
                <Radios
                    name=KEEP
                    legend=Signal::derive(move || i18n.t(T::AuthorisationsLabel).to_string())
                    hint=Signal::derive(move || i18n.t(Y::YrKeepHint).to_string())
                    choices=keep_choices
                    selected=keep
                />
                <Show when=move || keep.read().as_deref() == Some(KEEP_NO)>
                    {all_question(
                        all,
                        i18n.t(Y::BhAddAllQuestion).to_string(),
                        i18n.t(Y::BhBulkAllHint).replace("{level}", own_level.label()),
                        error_at(ALL),
                        i18n,
                    )}
                    <Show when=move || all.read().as_deref() == Some(NO)>
                        {move || view! {
                            <ServicePicker
                                catalogue=catalogue
                                level=picker_level()
                                providers=providers
                                services=services
                                search=search
                                error=error_at(SERVICES_GROUP)
                                legend=Signal::derive(move || i18n.t(Y::BhServicesLegend).to_string())
                            />
                        }}
                    </Show>
                </Show>
                <button type="submit" id=SUBMIT class="button button--primary" disabled=move || preview.pending().get()>
                    {move || if preview.pending().get() { i18n.t(Y::BhBulkPreviewing) } else { i18n.t(Y::BhBulkPreview) }}
                </button>
            </form>
        }
        .into_any()
    };

    let body = shared(move || {
        let Some(kind) = kind.get() else {
            return view! { <p>{i18n.t(Y::YrUnknownActionBody)}</p> }.into_any();
        };
        let stage = stage.get();
        let nobody = selected.with(Selected::is_empty);
        if nobody && !matches!(stage, Stage::Done(_)) {
            let text: Text = match kind.list() {
                ListKind::Users => Y::BhBulkNobody.into(),
                ListKind::Requests => T::YrNobodyRequests.into(),
            };
            return view! {
                <p>{i18n.t(text)}</p>
                <p><a href=kind.list().path()>{i18n.t(kind.list().back())}</a></p>
            }
            .into_any();
        }
        let who = selected.with(|s| match (single.get().is_some(), s.people.first()) {
            (true, Some(person)) if !person.name.is_empty() => person.name.clone(),
            _ => s.who_text_of(kind.list(), i18n),
        });
        let for_whom = (!matches!(stage, Stage::Done(_))).then(|| {
            view! { <p id="action-for">{i18n.t(Y::BhBulkFor).replace("{who}", &who)}</p> }
        });
        let part = match stage {
            Stage::Choose => choose(kind),
            Stage::Check {
                action, preview, ..
            } => check_view(
                kind,
                &action,
                preview,
                catalogue.get().and_then(Result::ok).as_ref(),
                controls,
                i18n,
            ),
            Stage::Done(result) => done_view(kind, result, i18n),
        };
        view! { {for_whom} {part} }.into_any()
    });

    view! {
        <a href=back_href class="back-link">{back_text}</a>
        <ErrorSummary problems=problems attempt=attempt/>
        {success_notice(Signal::derive(move || notice.get()))}
        <h1 id=PAGE_HEADING_ID tabindex="-1">{move || i18n.t(title())}</h1>
        {body}
    }
}

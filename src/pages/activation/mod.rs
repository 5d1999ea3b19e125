//! The user's activation (seed steps 16–20), in the main app and without a login: the link in
//! the invitation is the key. `/activeren/{token}` puts the token in `sessionStorage` and moves
//! on to `/activeren/gegevens`, so that the token leaves the address bar and the history; every
//! API call sends it in the `X-Activation-Token` header.
//!
//! The steps share one [`Activation`] (the frame's context): the server's `ActivationView`, or
//! the reason the link does not work. Every step checks the view's `status` and sends the user
//! on to the step that fits it, so that a bookmark, the Back button or a second tab never show a
//! step that no longer applies.

pub mod code;
pub mod details;
pub mod link_problem;
pub mod mobile;
pub mod overview;
pub mod result;
pub mod start;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ActivationView, ApiError, AuthorisationList, Contact, RequestStatus};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::shared::shared;
use crate::i18n::{I18n, T, use_i18n};
use link_problem::{LinkProblem, LinkProblemPage};

const TOKEN_KEY: &str = "middelpunt.activation-token";

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The token of the invitation being completed in this tab.
pub fn stored_token() -> Option<String> {
    session_storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

fn store_token(token: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(TOKEN_KEY, token);
    }
}

/// The pages of the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Details,
    Mobile,
    Code,
    Overview,
    Result,
}

impl Step {
    pub fn path(self) -> &'static str {
        match self {
            Step::Details => "/activeren/gegevens",
            Step::Mobile => "/activeren/mobiel",
            Step::Code => "/activeren/code",
            Step::Overview => "/activeren/overzicht",
            Step::Result => "/activeren/resultaat",
        }
    }

    /// "Stap N van 4"; the result is no step.
    fn number(self) -> Option<usize> {
        match self {
            Step::Details => Some(1),
            Step::Mobile => Some(2),
            Step::Code => Some(3),
            Step::Overview => Some(4),
            Step::Result => None,
        }
    }

    /// Whether this page applies to an activation in this state.
    fn fits(self, view: &ActivationView) -> bool {
        use RequestStatus::*;
        match self {
            Step::Details => matches!(view.status, Invited | EmailConfirmed),
            Step::Mobile => view.status == EmailConfirmed,
            Step::Code => view.status == EmailConfirmed && view.sms.is_some(),
            Step::Overview => view.status == MobileVerified,
            Step::Result => Step::of(view) == Step::Result,
        }
    }

    /// Where an activation in this state continues.
    fn of(view: &ActivationView) -> Step {
        match view.status {
            RequestStatus::Invited => Step::Details,
            RequestStatus::EmailConfirmed => Step::Mobile,
            RequestStatus::MobileVerified => Step::Overview,
            // A finished request answers an error instead of a view (`link_problem`); were one
            // to come, the result page is where it belongs.
            RequestStatus::IdentificationRequired
            | RequestStatus::Issued
            | RequestStatus::Rejected
            | RequestStatus::Expired
            | RequestStatus::Cancelled => Step::Result,
        }
    }
}

/// The journey's shared state, provided by [`ActivationArea`].
#[derive(Debug, Clone, Copy)]
pub struct Activation {
    /// The latest view the server sent.
    pub view: RwSignal<Option<ActivationView>>,
    /// Why the link does not work, when it does not.
    pub problem: RwSignal<Option<LinkProblem>>,
    /// Loading the view failed on the network.
    failed: RwSignal<bool>,
    /// Bumped when the view was fetched again because a step no longer fitted, so that the
    /// page re-checks where the user belongs.
    resynced: RwSignal<u32>,
}

impl Activation {
    /// Fetches the view: with `confirm`, through the e-mail confirmation (opening the link
    /// confirms the address), otherwise as it is. Without a token: the link does not work.
    pub fn load(self, confirm: bool) {
        let Some(token) = stored_token() else {
            self.problem.set(Some(LinkProblem::NotFound));
            return;
        };
        self.failed.set(false);
        spawn_local(async move {
            let mut result = if confirm {
                api::confirm_email(&token).await
            } else {
                api::activation(&token).await
            };
            // Already past the confirmation: then the view as it is.
            if confirm && is_wrong_step(&result) {
                result = api::activation(&token).await;
            }
            match result {
                Ok(view) => {
                    self.view.try_set(Some(view));
                }
                Err(error) => {
                    if !self.absorb(&error) {
                        self.failed.try_set(true);
                    }
                }
            }
        });
    }

    /// Takes over the errors every call can get: a link that does not (or no longer) works
    /// shows its own page; a step that no longer fits sends the user to the right one.
    /// Returns whether `error` was one of those.
    pub fn absorb(self, error: &ApiError) -> bool {
        if let Some(problem) = LinkProblem::from_error(error) {
            self.problem.try_set(Some(problem));
            return true;
        }
        if error.code() == Some("activation_wrong_step") {
            let Some(token) = stored_token() else {
                return false;
            };
            spawn_local(async move {
                match api::activation(&token).await {
                    Ok(view) => {
                        self.view.try_set(Some(view));
                        self.resynced.try_update(|n| *n += 1);
                    }
                    Err(error) => {
                        self.absorb(&error);
                    }
                }
            });
            return true;
        }
        false
    }
}

fn is_wrong_step(result: &Result<ActivationView, ApiError>) -> bool {
    matches!(result, Err(e) if e.code() == Some("activation_wrong_step"))
}

pub fn use_activation() -> Activation {
    expect_context::<Activation>()
}

/// The journey's one route, `/activeren/:step`: the step pages by name, anything else is an
/// invitation's token. One route (rather than one per step) keeps the router's code small and
/// keeps this component, and so the journey's state, mounted from step to step.
#[component]
pub fn ActivationArea() -> impl IntoView {
    let state = Activation {
        view: RwSignal::new(None),
        problem: RwSignal::new(None),
        failed: RwSignal::new(false),
        resynced: RwSignal::new(0),
    };
    provide_context(state);
    let params = use_params_map();
    let page = Memo::new(move |_| {
        if state.problem.read().is_some() {
            return None;
        }
        let step = params.read().get("step").unwrap_or_default();
        Some(match step.as_str() {
            "gegevens" => Page::Step(Step::Details),
            "mobiel" => Page::Step(Step::Mobile),
            "code" => Page::Step(Step::Code),
            "overzicht" => Page::Step(Step::Overview),
            "resultaat" => Page::Step(Step::Result),
            _ => Page::Start,
        })
    });
    shared(move || match page.get() {
        None => {
            let problem = state
                .problem
                .get_untracked()
                .unwrap_or(LinkProblem::NotFound);
            view! { <LinkProblemPage problem=problem/> }.into_any()
        }
        Some(Page::Start) => view! { <start::StartActivation/> }.into_any(),
        Some(Page::Step(Step::Details)) => view! { <details::DetailsStep/> }.into_any(),
        Some(Page::Step(Step::Mobile)) => view! { <mobile::MobileStep/> }.into_any(),
        Some(Page::Step(Step::Code)) => view! { <code::CodeStep/> }.into_any(),
        Some(Page::Step(Step::Overview)) => view! { <overview::OverviewStep/> }.into_any(),
        Some(Page::Step(Step::Result)) => view! { <result::ResultPage/> }.into_any(),
    })
}

/// What `/activeren/:step` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    /// The invitation's link: keep the token, go on to the first step.
    Start,
    Step(Step),
}

/// Loads the view when needed (`confirm`: through the e-mail confirmation) and sends the user
/// to the step that fits it whenever this one does not.
pub fn guard(step: Step, confirm: bool) -> Activation {
    let state = use_activation();
    let navigate = use_navigate();
    let needs_load = state.view.with_untracked(|v| {
        v.as_ref()
            .is_none_or(|v| confirm && v.status == RequestStatus::Invited)
    });
    if needs_load {
        state.load(confirm);
    }
    let loaded = Memo::new(move |_| state.view.read().is_some());
    Effect::new(move |_| {
        state.resynced.track();
        if !loaded.get() {
            return;
        }
        let target = state
            .view
            .with_untracked(|v| v.as_ref().filter(|v| !step.fits(v)).map(Step::of));
        if let Some(target) = target.filter(|t| *t != step) {
            navigate(
                target.path(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    state
}

/// What a step shows around its content: the back link, "Stap N van 4" (as text, above the
/// heading, also in the document title), the error summary and the heading.
#[component]
pub fn StepFrame(
    step: Step,
    title: T,
    #[prop(optional)] back: Option<Step>,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    #[prop(into)] attempt: Signal<usize>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_activation();
    // Until the view is known, no step's heading is shown: a link that turns out not to work
    // must never flash a step first (its page replaces this frame), so a neutral loading state
    // stands in for the heading and the content.
    let known = Memo::new(move |_| state.view.read().is_some());
    let confirm = step == Step::Details;
    let counter = move || {
        step.number()
            .map(|n| i18n.t(T::ActStepCounter).replace("{n}", &n.to_string()))
    };
    Effect::new(move |_| {
        if !known.get() {
            document().set_title(&format!(
                "{} – {}",
                i18n.t(T::Loading),
                i18n.t(T::ProductName)
            ));
            return;
        }
        let prefix = if problems.read().is_empty() {
            ""
        } else {
            i18n.t(T::ErrorTitlePrefix)
        };
        let counter = counter().map(|c| format!("{c} – ")).unwrap_or_default();
        document().set_title(&format!(
            "{prefix}{counter}{} – {}",
            i18n.t(title),
            i18n.t(T::ProductName)
        ));
    });
    view! {
        // Gone, not hidden, once known: the page has one heading.
        {move || (!known.get()).then(|| loading(state, confirm))}
        <div hidden=move || !known.get()>
            {back.map(|back| view! {
                <A href=back.path() attr:class="back-link">{i18n.tr(T::Previous)}</A>
            })}
            <ErrorSummary problems=problems attempt=attempt/>
            {step.number().map(|_| view! { <p class="step-counter">{shared(counter)}</p> })}
            <h1 id=PAGE_HEADING_ID tabindex="-1">{i18n.tr(title)}</h1>
            {children()}
        </div>
    }
}

/// The heading while it is not yet known which step (or which problem) is true: neutral, so that
/// nothing shows that may turn out wrong, and without the page heading's id, for which the
/// layout waits before it moves focus.
pub fn neutral_heading() -> impl IntoView {
    view! { <h1>{use_i18n().tr(T::ActLoadingHeading)}</h1> }
}

/// While the view loads: the neutral heading and "Bezig met laden…", or the network problem
/// with "Probeer opnieuw".
fn loading(state: Activation, confirm: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = shared(move || {
        if state.failed.get() {
            view! {
                <div class="notice notice--error" role="alert">
                    <p>{i18n.t(T::NetworkError)}</p>
                    <button type="button" class="button button--secondary" on:click=move |_| state.load(confirm)>
                        {i18n.t(T::TryAgain)}
                    </button>
                </div>
            }
            .into_any()
        } else {
            view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any()
        }
    });
    view! { {neutral_heading()} {status} }
}

/// `text` with `{manager}` as a mail link to the manager (or "uw machtigingenbeheerder").
pub fn with_manager(text: &str, manager: Option<&Contact>, i18n: I18n) -> AnyView {
    let (before, after) = text.split_once("{manager}").unwrap_or((text, ""));
    let link = match manager {
        Some(m) => view! { <a href=format!("mailto:{}", m.email)>{m.name.clone()}</a> }.into_any(),
        None => i18n.t(T::ActYourManager).into_any(),
    };
    view! { {before.to_string()} {link} {after.to_string()} }.into_any()
}

/// One row of a summary list.
pub fn row(label: &'static str, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="summary-list__row summary-list__row--two">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// "3 jaar" / "1 year".
pub fn term_text(years: i64, i18n: I18n) -> String {
    if years == 1 {
        i18n.t(T::ActTermOneYear).to_string()
    } else {
        i18n.t(T::ActTermYears).replace("{n}", &years.to_string())
    }
}

/// The authorisations as a list, "Alle diensten", or "Nog geen machtigingen".
pub fn authorisations(list: &AuthorisationList, i18n: I18n) -> AnyView {
    if list.all_services {
        i18n.t(T::ActAllServices).into_any()
    } else if list.items.is_empty() {
        i18n.t(T::NoAuthorisationsYet).into_any()
    } else {
        let items = list
            .items
            .iter()
            .map(|item| view! { <li>{item.clone()}</li> })
            .collect_view();
        view! { <ul class="plain-list">{items}</ul> }.into_any()
    }
}

/// The request's organisation, level, term and authorisations as summary rows.
pub fn request_rows(view: &ActivationView, i18n: I18n) -> impl IntoView + use<> {
    let organisation = &view.organisation;
    let branch = organisation
        .branch_number
        .clone()
        .unwrap_or_else(|| i18n.t(T::AllBranches).to_string());
    view! {
        {row(i18n.t(T::OrganisationLabel), organisation.name.clone())}
        {row(i18n.t(T::KvkNumberShort), organisation.kvk_number.clone())}
        {row(i18n.t(T::Branch), branch)}
        {row(i18n.t(T::LevelLabel), view.level.label())}
        {row(i18n.t(T::TermQuestion), term_text(view.term_years, i18n))}
        {row(i18n.t(T::AuthorisationsLabel), authorisations(&view.authorisations, i18n))}
    }
}

/// When the request renews or replaces the user's means: which, until when it is valid, and
/// whether the user is identified again.
pub fn succession_notice(view: &ActivationView, i18n: I18n) -> Option<AnyView> {
    let s = view.succession.as_ref()?;
    let lang = i18n.lang();
    let text = match s.kind {
        crate::api::year::SuccessionKind::Renewal => {
            let mut text = i18n
                .t(T::ActRenewing)
                .replace("{means}", &s.means_id)
                .replace(
                    "{date}",
                    &crate::format::long_date(&s.means_valid_until, lang),
                );
            if !s.identification_needed {
                text.push(' ');
                text.push_str(i18n.t(T::ActNoIdentificationAgain));
            }
            text
        }
        crate::api::year::SuccessionKind::LevelChange => i18n
            .t(T::ActReplacing)
            .replace("{level}", view.level.label())
            .replace("{means}", &s.means_id),
    };
    Some(view! { <p class="notice" id="succession">{text}</p> }.into_any())
}

//! Beheer (issue 6): the manager's "Gebruikers" (everyone with a means or an open request at
//! their organisations), "Lopende aanvragen" (every request with its current step, timeline and
//! actions) and the audit log. Only for a logged-in manager: nobody logged in goes to the login
//! page (and back here afterwards), an operator sees "Geen toegang".
//!
//! The lists keep their filters, sort and page in the URL's query string, under the API's own
//! parameter names, so a filtered view can be bookmarked and shared and the API call (and the
//! export link) is the page's own query. Filtering, sorting and paging happen on the server.
//! The lists share one skeleton (`list`) and their filter fields (`filters`); this module holds
//! the routes, the words for the vocabularies, the timeline and the confirmation step.

pub mod action;
mod action_check;
pub mod add;
pub mod audit;
pub mod authorisations;
pub mod bulk;
pub mod cards;
pub mod clients;
pub mod co_manager;
pub mod filters;
pub mod list;
pub mod overview;
pub mod request;
pub mod requests;
pub mod selection;
pub mod user;
pub mod users;

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

pub use self::list::{encode, failure};
use domain::RegisterDate;

use crate::api::year::SuccessionKind;
use crate::api::{
    ActorKind, AuditAction, EventKind, Manager, OrganisationRef, RequestStatus, TimelineEvent,
    UserStatus,
};
use crate::components::error_summary::Problem;
use crate::components::shared::shared;
use crate::i18n::{I18n, T, Text, Y, use_i18n};
use crate::session::RoleOnly;

// ----- The routes -----

/// `/beheer`: what needs attention.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <ManagerOnly><overview::Overview/></ManagerOnly> }
}

/// `/beheer/actie/:action`: revoke, re-send, cancel, renew or a higher level for the people
/// selected in Gebruikers or Lopende aanvragen (or the one person of `?gebruiker=`).
#[component]
pub fn ActionPage() -> impl IntoView {
    view! { <ManagerOnly><action::PeopleActionPage/></ManagerOnly> }
}

/// `/beheer/gebruikers`
#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ManagerOnly><users::UserList/></ManagerOnly> }
}

/// `/beheer/gebruikers/:request_id`
#[component]
pub fn UserPage() -> impl IntoView {
    view! { <ManagerOnly><user::UserDetailPage/></ManagerOnly> }
}

/// `/beheer/gebruikers/:request_id/machtigingen-toevoegen`
#[component]
pub fn AddAuthorisationsPage() -> impl IntoView {
    view! { <ManagerOnly><add::AddAuthorisations/></ManagerOnly> }
}

/// `/beheer/selectie/:action`: a machtiging added to or withdrawn from the people selected in
/// Gebruikers.
#[component]
pub fn BulkPage() -> impl IntoView {
    view! { <ManagerOnly><bulk::BulkChangePage/></ManagerOnly> }
}

/// `/beheer/aanvragen`
#[component]
pub fn RequestsPage() -> impl IntoView {
    view! { <ManagerOnly><requests::RequestList/></ManagerOnly> }
}

/// `/beheer/aanvragen/:request_id`
#[component]
pub fn RequestPage() -> impl IntoView {
    view! { <ManagerOnly><request::RequestDetailPage/></ManagerOnly> }
}

/// `/beheer/audit`
#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <ManagerOnly><audit::AuditLog/></ManagerOnly> }
}

/// `/beheer/koppelingen`: the API clients of the manager's organisations.
#[component]
pub fn ClientsPage() -> impl IntoView {
    view! { <ManagerOnly><clients::ClientList/></ManagerOnly> }
}

/// `/beheer/koppelingen/nieuw`
#[component]
pub fn NewClientPage() -> impl IntoView {
    view! { <ManagerOnly><clients::new::NewClient/></ManagerOnly> }
}

/// `/beheer/koppelingen/:client_id`
#[component]
pub fn ClientPage() -> impl IntoView {
    view! { <ManagerOnly><clients::detail::ClientDetail/></ManagerOnly> }
}

// ----- Who may enter -----

/// Lets a manager in, with Beheer's own navigation above the page; anyone not logged in goes
/// to the login page (back to this very URL, filters included, afterwards), an operator sees
/// "Geen toegang".
#[component]
fn ManagerOnly(children: ChildrenFn) -> impl IntoView {
    view! {
        <RoleOnly allowed=Manager::is_manager refused=T::BhNoAccessBody>
            <BeheerNav/>
            {children()}
        </RoleOnly>
    }
}

/// Beheer's own navigation: Overzicht, Gebruikers, Lopende aanvragen, Auditlog, Koppelingen.
#[component]
fn BeheerNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sub-nav" aria-label=i18n.tr(T::BhNavLabel)>
            <ul>
                <li><A href="/beheer" exact=true>{i18n.tr(T::YrOverviewTitle)}</A></li>
                <li><A href="/beheer/gebruikers">{i18n.tr(T::BhUsersTitle)}</A></li>
                <li><A href="/beheer/aanvragen">{i18n.tr(T::BhRequestsTitle)}</A></li>
                <li><A href="/beheer/audit">{i18n.tr(T::BhAuditTitle)}</A></li>
                <li><A href="/beheer/koppelingen">{i18n.tr(Y::KpTitle)}</A></li>
            </ul>
        </nav>
    }
}

// ----- Focus -----

/// Moves focus to the element with `id`; whether there is one.
pub fn focus_id(id: &str) -> bool {
    match document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(el) => {
            let _ = el.focus();
            true
        }
        None => false,
    }
}

// ----- Words and dates -----

pub use crate::format::date_time;

/// "Beëindigd volgens het Handelsregister: 01-03-2024", for an organisation the register lists
/// as ended.
pub fn ended_text(ended_on: Option<RegisterDate>, i18n: I18n) -> Option<String> {
    ended_on.map(|on| {
        i18n.t(T::OrganisationEndedMark)
            .replace("{date}", &on.to_dutch())
    })
}

/// An organisation as a list shows it to a manager of several: its name and, when the register
/// lists it as ended, that in words (never by colour alone). Its KvK number is on the detail
/// pages.
pub fn organisation_cell(organisation: OrganisationRef, i18n: I18n) -> AnyView {
    let mark = ended_mark(&organisation, i18n);
    view! { {organisation.name} {mark} }.into_any()
}

/// "Beëindigd volgens het Handelsregister: …" on a line of its own, for an ended organisation:
/// in the organisation's cell, or (a manager of one organisation, whose rows do not name it)
/// below the status.
pub fn ended_mark(organisation: &OrganisationRef, i18n: I18n) -> Option<AnyView> {
    ended_text(organisation.ended_on, i18n)
        .map(|text| view! { <br/><strong class="ended-mark">{text}</strong> }.into_any())
}

/// An organisation on a detail page: its name, and whether it has ended (its KvK number has a
/// row of its own).
pub fn organisation_line(organisation: &OrganisationRef, i18n: I18n) -> String {
    let mut line = organisation.name.clone();
    if let Some(ended) = ended_text(organisation.ended_on, i18n) {
        line.push_str(" – ");
        line.push_str(&ended);
    }
    line
}

/// How long since `since`: "3 dagen", "5 uur", "12 minuten", "minder dan een minuut".
pub fn waited(since: i64, now: i64, i18n: I18n) -> String {
    let seconds = (now - since).max(0);
    let (n, one, many) = if seconds >= domain::SECONDS_PER_DAY {
        (seconds / domain::SECONDS_PER_DAY, T::BhDay, T::BhDays)
    } else if seconds >= 3_600 {
        (seconds / 3_600, T::BhHour, T::BhHours)
    } else if seconds >= 60 {
        (seconds / 60, T::BhMinute, T::BhMinutes)
    } else {
        return i18n.t(T::BhUnderAMinute).to_string();
    };
    let key = if n == 1 { one } else { many };
    i18n.t(key).replace("{n}", &n.to_string())
}

/// "1 gebruiker gevonden" / "12 gebruikers gevonden" / "Geen … gevonden".
pub fn count_text(total: i64, none: T, one: T, many: T, i18n: I18n) -> String {
    match total {
        0 => i18n.t(none).to_string(),
        1 => i18n.t(one).to_string(),
        n => i18n.t(many).replace("{n}", &n.to_string()),
    }
}

/// "Verlenging" or "Hoger niveau": a request that renews or replaces an earlier means, as a
/// tag after its name.
pub fn succession_tag(kind: SuccessionKind, i18n: I18n) -> AnyView {
    let text = match kind {
        SuccessionKind::Renewal => Y::YrTagRenewal,
        SuccessionKind::LevelChange => Y::YrTagLevelChange,
    };
    view! { " " <span class="tag">{i18n.t(text)}</span> }.into_any()
}

/// A user's status in words.
pub fn user_status(status: UserStatus) -> T {
    match status {
        UserStatus::Active => T::BhStatusActive,
        UserStatus::Pending => T::BhStatusPending,
        UserStatus::Revoked => T::BhStatusRevoked,
        UserStatus::Expired => T::BhStatusExpired,
    }
}

/// A request's current step.
pub fn request_step(status: RequestStatus) -> T {
    match status {
        RequestStatus::Invited => T::BhStepInvited,
        RequestStatus::EmailConfirmed => T::BhStepEmailConfirmed,
        RequestStatus::MobileVerified => T::BhStepMobileVerified,
        RequestStatus::IdentificationRequired => T::BhStepIdentification,
        RequestStatus::Issued => T::BhStepIssued,
        RequestStatus::Rejected => T::BhStepRejected,
        RequestStatus::Expired => T::BhStepExpired,
        RequestStatus::Cancelled => T::BhStepCancelled,
    }
}

/// A request status in words.
pub fn request_step_text(status: RequestStatus, i18n: I18n) -> String {
    i18n.t(request_step(status)).to_string()
}

/// An event of a timeline in words.
fn event_label(kind: EventKind) -> Text {
    match kind {
        EventKind::Invited => T::BhEvInvited.into(),
        EventKind::EmailConfirmed => T::BhEvEmailConfirmed.into(),
        EventKind::SmsSent => T::BhEvSmsSent.into(),
        EventKind::MobileVerified => T::BhEvMobileVerified.into(),
        EventKind::UserOrdered => T::BhEvUserOrdered.into(),
        EventKind::IdentificationRequired => T::BhEvIdentificationRequired.into(),
        EventKind::Identified => T::BhEvIdentified.into(),
        EventKind::Issued => T::BhEvIssued.into(),
        EventKind::Rejected => T::BhEvRejected.into(),
        EventKind::Expired => T::BhEvExpired.into(),
        EventKind::Cancelled => T::BhEvCancelled.into(),
        EventKind::InvitationResent => T::BhEvInvitationResent.into(),
        EventKind::EmailCorrected => T::BhEvEmailCorrected.into(),
        EventKind::MobileCorrected => T::BhEvMobileCorrected.into(),
        EventKind::DetailsCorrected => T::KpEvDetailsCorrected.into(),
        EventKind::Revoked => T::BhEvRevoked.into(),
        EventKind::MessageUndeliverable => T::BhEvMessageUndeliverable.into(),
        EventKind::OrganisationEnded => T::BhEvOrganisationEnded.into(),
        EventKind::AuthorisationsAdded => Y::BhEvAuthorisationsAdded.into(),
        EventKind::AuthorisationWithdrawn => Y::BhEvAuthorisationWithdrawn.into(),
        EventKind::AuthorisationEndChanged => Y::BhEvAuthorisationEndChanged.into(),
        EventKind::ManagerRoleGiven => Y::BhEvManagerRoleGiven.into(),
        EventKind::ManagerRoleWithdrawn => Y::BhEvManagerRoleWithdrawn.into(),
        EventKind::RenewalOrdered => T::YrEvRenewalOrdered.into(),
        EventKind::LevelChangeOrdered => T::YrEvLevelChangeOrdered.into(),
        EventKind::Replaced => T::YrEvReplaced.into(),
    }
}

/// Who did it: the manager or operator by name, the user, or Middelpunt itself.
fn actor_text(event: &TimelineEvent, i18n: I18n) -> String {
    let name = event.actor_name.clone();
    // Issuing is Middelpunt's act, whoever's step led to it (the user's confirmation, the
    // operator's identification).
    let actor = match event.kind {
        EventKind::Issued => ActorKind::System,
        _ => event.actor,
    };
    match actor {
        ActorKind::User => i18n.t(T::BhActorUser).to_string(),
        ActorKind::Operator => i18n
            .t(T::BhActorOperator)
            .replace("{name}", &name.unwrap_or_default()),
        ActorKind::Manager => name.unwrap_or_else(|| i18n.t(T::BhActorManager).to_string()),
        ActorKind::System => i18n.t(T::BhActorSystem).to_string(),
        ActorKind::Client => match name {
            Some(name) => i18n.t(T::KpActorClient).replace("{name}", &name),
            None => i18n.t(T::KpActorClientUnnamed).to_string(),
        },
    }
}

/// The events of a request, oldest first: when, what, by whom, and any detail.
pub fn timeline(events: &[TimelineEvent], i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    if events.is_empty() {
        return view! { <p>{i18n.t(T::BhNoEvents)}</p> }.into_any();
    }
    let items = events
        .iter()
        .map(|e| {
            let what = i18n.t(event_label(e.kind));
            let by = i18n.t(T::BhBy).replace("{who}", &actor_text(e, i18n));
            view! {
                <li class="timeline__item">
                    <span class="timeline__when">{date_time(e.at, lang)}</span>
                    <span class="timeline__what">{what}</span>
                    <span class="timeline__who">{by}</span>
                    {e.detail.clone().map(|d| view! { <span class="timeline__detail">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }.into_any()
}

/// An audit action in words.
pub fn audit_action(action: AuditAction) -> Text {
    match action {
        AuditAction::OrderPlaced => T::BhAcOrderPlaced.into(),
        AuditAction::RequestCancelled => T::BhAcRequestCancelled.into(),
        AuditAction::OrderCancelled => T::BhAcOrderCancelled.into(),
        AuditAction::InvitationResent => T::BhAcInvitationResent.into(),
        AuditAction::EmailCorrected => T::BhAcEmailCorrected.into(),
        AuditAction::MobileCorrected => T::BhAcMobileCorrected.into(),
        AuditAction::DetailsCorrected => T::KpAcDetailsCorrected.into(),
        AuditAction::MeansRevoked => T::BhAcMeansRevoked.into(),
        AuditAction::UsersExported => T::BhAcUsersExported.into(),
        AuditAction::AuditExported => T::BhAcAuditExported.into(),
        AuditAction::SignedIn => T::BhAcSignedIn.into(),
        AuditAction::SignInFailed => T::BhAcSignInFailed.into(),
        AuditAction::SignInWaited => T::BhAcSignInWaited.into(),
        AuditAction::PasswordSet => T::BhAcPasswordSet.into(),
        AuditAction::AuthenticatorAdded => T::BhAcAuthenticatorAdded.into(),
        AuditAction::SecondFactorPassed => T::BhAcSecondFactorPassed.into(),
        AuditAction::SecondFactorFailed => T::BhAcSecondFactorFailed.into(),
        AuditAction::RecoveryCodeUsed => T::BhAcRecoveryCodeUsed.into(),
        AuditAction::SessionsEnded => T::BhAcSessionsEnded.into(),
        AuditAction::PasskeyAdded => T::BhAcPasskeyAdded.into(),
        AuditAction::PasskeyRemoved => T::BhAcPasskeyRemoved.into(),
        AuditAction::AuthenticatorRemoved => T::BhAcAuthenticatorRemoved.into(),
        AuditAction::RecoveryCodesRenewed => T::BhAcRecoveryCodesRenewed.into(),
        AuditAction::OrganisationRegistered => T::BhAcOrganisationRegistered.into(),
        AuditAction::ManagerAppointed => T::BhAcManagerAppointed.into(),
        AuditAction::ManagerOrganisationRemoved => T::BhAcManagerOrganisationRemoved.into(),
        AuditAction::ManagerLevelChanged => T::BhAcManagerLevelChanged.into(),
        AuditAction::ManagerSuspended => T::BhAcManagerSuspended.into(),
        AuditAction::ManagerReactivated => T::BhAcManagerReactivated.into(),
        AuditAction::SetupLinkSent => T::BhAcSetupLinkSent.into(),
        AuditAction::AccountCreated => T::BhAcAccountCreated.into(),
        AuditAction::SecondFactorReset => T::BhAcSecondFactorReset.into(),
        AuditAction::AuthorisationsAdded => Y::BhAcAuthorisationsAdded.into(),
        AuditAction::AuthorisationWithdrawn => Y::BhAcAuthorisationWithdrawn.into(),
        AuditAction::AuthorisationEndChanged => Y::BhAcAuthorisationEndChanged.into(),
        AuditAction::CoManagerAppointed => Y::BhAcCoManagerAppointed.into(),
        AuditAction::CoManagerWithdrawn => Y::BhAcCoManagerWithdrawn.into(),
        AuditAction::RenewalOrdered => T::YrAcRenewalOrdered.into(),
        AuditAction::LevelChangeOrdered => T::YrAcLevelChangeOrdered.into(),
        AuditAction::ApiClientCreated => T::KpAcCreated.into(),
        AuditAction::ApiClientSecretRotated => T::KpAcSecretRotated.into(),
        AuditAction::ApiClientRevoked => T::KpAcRevoked.into(),
        AuditAction::ApiClientWebhookSet => T::KpAcWebhookSet.into(),
        AuditAction::ApiClientWebhookRemoved => T::KpAcWebhookRemoved.into(),
        AuditAction::ApiClientRead => T::KpAcRead.into(),
        AuditAction::ScimUserCreated => T::KpAcScimCreated.into(),
        AuditAction::ScimUserChanged => T::KpAcScimChanged.into(),
        AuditAction::ScimUserDeleted => T::KpAcScimDeleted.into(),
    }
}

// ----- Confirmation -----

/// A confirmation step in the page: the question names the person (or order), focus moves to
/// it when it appears, "Ja, …" does it, "Nee, terug" closes it.
#[component]
pub fn ConfirmRegion<K: crate::i18n::Key>(
    question: String,
    confirm: K,
    #[prop(into)] busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// Shown between the question and the buttons, such as a step-up's code field.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    view! {
        <div class="confirm" role="group" aria-labelledby="confirm-question" tabindex="-1" node_ref=node>
            <p id="confirm-question" class="confirm__question">{question}</p>
            {children.map(|children| children())}
            <div class="button-group">
                <button
                    type="button"
                    class="button button--warning"
                    disabled=shared(move || busy.get())
                    on:click=move |_| on_confirm.run(())
                >
                    {i18n.tr(confirm)}
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| on_cancel.run(())>
                    {i18n.tr(T::BhConfirmNo)}
                </button>
            </div>
        </div>
    }
}

/// The outcome of an action, shown above the page's content; takes focus so that it is read
/// (the control that did it may be gone).
pub const NOTICE_ID: &str = "beheer-notice";

/// Puts focus on the action's notice once it is shown.
pub fn focus_notice() {
    request_animation_frame(|| {
        focus_id(NOTICE_ID);
    });
}

/// The success notice of an action (`text`), in a status region.
pub fn success_notice(text: Signal<Option<String>>) -> AnyView {
    view! {
        <div role="status" class="status-message">
            {shared(move || {
                text.get().map(|t| {
                    view! { <p class="notice notice--success" id=NOTICE_ID tabindex="-1">{t}</p> }.into_any()
                })
            })}
        </div>
    }
    .into_any()
}

/// A notice in words that follow the language: a text with its `{placeholders}` filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    key: Text,
    values: Vec<(&'static str, String)>,
}

impl Notice {
    pub fn new(key: impl Into<Text>) -> Notice {
        Notice {
            key: key.into(),
            values: Vec::new(),
        }
    }

    /// The same notice with `{name}` filled in by `value`.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Notice {
        self.values.push((name, value.into()));
        self
    }

    /// The text in the current language (tracked).
    pub fn text(&self, i18n: I18n) -> String {
        self.values
            .iter()
            .fold(i18n.t(self.key).to_string(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

thread_local! {
    /// A notice for the next page: what a page that ends by going elsewhere (adding machtigingen
    /// returns to the user's page) has to say there.
    static FLASH: RefCell<Option<Notice>> = const { RefCell::new(None) };
}

/// Leaves `notice` for the next page to show.
pub fn flash(notice: Notice) {
    FLASH.with(|f| *f.borrow_mut() = Some(notice));
}

/// The notice a previous page left, once.
pub fn take_flash() -> Option<Notice> {
    FLASH.with(|f| f.borrow_mut().take())
}

/// What the actions of a page came to: the last success's notice (focus moves to it) or the
/// last refusal's problems (the error summary takes focus), for a page whose parts each act.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub notice: RwSignal<Option<Notice>>,
    pub problems: RwSignal<Vec<Problem>>,
    pub attempt: RwSignal<usize>,
}

impl Outcome {
    pub fn new(notice: Option<Notice>) -> Outcome {
        Outcome {
            notice: RwSignal::new(notice),
            problems: RwSignal::new(Vec::new()),
            attempt: RwSignal::new(0),
        }
    }

    /// A success: its notice, focused; earlier problems go.
    pub fn done(&self, notice: Notice) {
        self.problems.try_set(Vec::new());
        if self.notice.try_set(Some(notice)).is_none() {
            focus_notice();
        }
    }

    /// A refusal (or a form's own problems): the summary shows them and takes focus.
    pub fn failed(&self, problems: Vec<Problem>) {
        self.notice.try_set(None);
        self.problems.try_set(problems);
        self.attempt.try_update(|n| *n += 1);
    }

    /// A new attempt begins: the last outcome goes.
    pub fn clear(&self) {
        self.problems.try_set(Vec::new());
    }
}

/// The server's refusal, or the network failure, as the problem of the field `field`.
pub fn refusal(error: &crate::api::ApiError, field: impl Into<String>, i18n: I18n) -> Problem {
    Problem::new(field, error.text(i18n))
}

/// The server's refusal of a form as problems at their fields: each of `details.problems` at
/// the field `place` gives for its location, else the error at the field `place` gives for its
/// code; a network error at `submit`.
pub fn refusal_problems(
    error: &crate::api::ApiError,
    place: impl Fn(&str) -> String,
    submit: &'static str,
    i18n: I18n,
) -> Vec<Problem> {
    use crate::api::ApiError;
    match error {
        ApiError::Server { body, .. } if !body.problems().is_empty() => body
            .problems()
            .iter()
            .map(|p| Problem::new(place(&p.location), p.message_in(i18n.lang()).to_string()))
            .collect(),
        ApiError::Server { body, .. } => vec![Problem::new(place(&body.code), error.text(i18n))],
        ApiError::Network(_) => vec![Problem::new(submit, error.text(i18n))],
    }
}

//! The manager's steps: sign in once (from a loopback address of their own), fetch the users
//! file's template once, then over and over validate a users file of 1 to 100 people and order
//! means for them; every invitation sent is handed to the users' scenario.

use std::time::Instant;

use goose::prelude::*;
use serde_json::json;

use crate::http::{Body, Call, Credentials, Session, failure, reject, send, use_address};
use crate::people::{self, Person};
use crate::shared::{DEMO_ORGANISATIONS, Invitee, Shared};
use crate::steps;

/// The demo manager of `MIDDELPUNT_DEMO` (EH3, the three demo organisations) and its password.
pub const DEMO_MANAGER: &str = "beheerder@demo.middelpunt.nl";
pub const DEMO_PASSWORD: &str = "Middelpunt-demo-2026";

/// What a signed-in goose user keeps between its steps.
#[derive(Debug, Clone)]
pub struct ManagerState {
    pub session: Session,
    /// The users file's header line, from the server's template.
    template_header: Option<String>,
    /// The validated users and the organisation, until they are ordered.
    draft: Option<(Vec<Person>, &'static str)>,
}

/// The session of a signed-in goose user; a failed transaction (without a request) otherwise.
pub fn session(user: &GooseUser) -> Result<Session, Box<TransactionError>> {
    user.get_session_data::<ManagerState>()
        .map(|state| state.session.clone())
        .ok_or_else(|| failure("not signed in"))
}

fn state_mut(user: &mut GooseUser) -> Result<&mut ManagerState, Box<TransactionError>> {
    user.get_session_data_mut::<ManagerState>()
        .ok_or_else(|| failure("not signed in"))
}

/// Signs in as the demo manager from a loopback address no other goose user of this run used
/// (the server allows 20 attempts per address per 10 minutes), and keeps the session.
pub async fn sign_in(user: &mut GooseUser, shared: &Shared, step: &str) -> TransactionResult {
    let address = shared
        .sign_in_address()
        .ok_or_else(|| failure("no loopback address left to sign in from"))?;
    use_address(user, address).await?;
    let credentials = json!({ "email": DEMO_MANAGER, "password": DEMO_PASSWORD });
    let call = Call::post(step, "/api/v1/session", Some(Body::Json(credentials)));
    let mut answer = send(user, call).await?;
    let csrf = answer
        .json()
        .and_then(|body| body["csrf_token"].as_str().map(str::to_owned));
    match (answer.session_cookie(), csrf) {
        (Some(cookie), Some(csrf)) => {
            user.set_session_data(ManagerState {
                session: Session { cookie, csrf },
                template_header: None,
                draft: None,
            });
            Ok(())
        }
        _ => Err(reject(user, &mut answer, "the sign-in answered no session")),
    }
}

/// `GET /api/v1/user-files/template.csv`: the header line the users files are written under.
pub async fn template(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let session = session(user)?;
    let call = Call::get(steps::MANAGER_TEMPLATE, "/api/v1/user-files/template.csv")
        .by(Credentials::Manager(&session));
    let mut answer = send(user, call).await?;
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    let header = text
        .lines()
        .next()
        .filter(|line| line.split(';').count() == 8);
    match header {
        Some(header) => {
            state_mut(user)?.template_header = Some(header.to_owned());
            Ok(())
        }
        None => Err(reject(
            user,
            &mut answer,
            "the template has no header of 8 columns",
        )),
    }
}

/// `POST /api/v1/user-files/validate` of a users file of 1 to 100 new people, as the order
/// wizard does before it shows them; they become the draft order.
pub async fn validate(user: &mut GooseUser, shared: &Shared) -> TransactionResult {
    let session = session(user)?;
    let header = state_mut(user)?
        .template_header
        .clone()
        .ok_or_else(|| failure("no users file template"))?;
    let mut rng = fastrand::Rng::new();
    let people = shared.people.order(people::order_size(&mut rng), &mut rng);
    let organisation = DEMO_ORGANISATIONS[rng.usize(..DEMO_ORGANISATIONS.len())];
    let file = Body::File {
        name: "gebruikers.csv",
        bytes: people::users_file(&header, &people),
    };
    let call = Call::post(
        steps::MANAGER_VALIDATE,
        "/api/v1/user-files/validate",
        Some(file),
    )
    .by(Credentials::Manager(&session));
    let mut answer = send(user, call).await?;
    let report = answer.json();
    let valid = report.as_ref().and_then(|r| r["ok"].as_bool()) == Some(true)
        && report
            .as_ref()
            .and_then(|r| r["rows"].as_array().map(Vec::len))
            == Some(people.len());
    if !valid {
        return Err(reject(
            user,
            &mut answer,
            "the users file was not found valid",
        ));
    }
    state_mut(user)?.draft = Some((people, organisation));
    Ok(())
}

/// `POST /api/v1/orders` of the validated users with an `Idempotency-Key`; their invitations
/// go to the users' scenario. Nothing to do when the validation failed.
pub async fn place_order(user: &mut GooseUser, shared: &Shared) -> TransactionResult {
    let session = session(user)?;
    let Some((people, organisation)) = state_mut(user)?.draft.take() else {
        return Ok(());
    };
    order(
        user,
        shared,
        &session,
        steps::MANAGER_ORDER,
        organisation,
        &people,
    )
    .await?;
    let invited_at = Instant::now();
    shared.invited(people.into_iter().map(|person| Invitee {
        mobile_e164: person.mobile_e164(),
        email: person.email,
        invited_at,
    }));
    Ok(())
}

/// Places the order of `people` at `organisation` as the step `step`: 201 with every user.
async fn order(
    user: &mut GooseUser,
    shared: &Shared,
    session: &Session,
    step: &str,
    organisation: &str,
    people: &[Person],
) -> TransactionResult {
    let key = format!(
        "load-{}-{}",
        shared.people.tag(),
        shared.people.next_serial()
    );
    let body = people::order_body(organisation, people);
    let call = Call::post(step, "/api/v1/orders", Some(Body::Json(body)))
        .by(Credentials::Manager(session))
        .header("Idempotency-Key", key)
        .expect(201);
    let mut answer = send(user, call).await?;
    let ordered = answer
        .json()
        .and_then(|placed| placed["users"].as_array().map(Vec::len));
    if ordered != Some(people.len()) {
        return Err(reject(
            user,
            &mut answer,
            "the order does not hold every user",
        ));
    }
    Ok(())
}

/// The backlog's step: an order of 100 users at the first demo organisation, placed at once
/// (no users file), counted in the run's backlog figures. Nothing once the backlog's time is up.
pub async fn backlog_order(user: &mut GooseUser, shared: &Shared) -> TransactionResult {
    if shared.backlog_time_is_up() {
        return Ok(());
    }
    let session = session(user)?;
    let people = shared
        .people
        .order(people::MAX_ORDER, &mut fastrand::Rng::new());
    shared.backlog_started();
    order(
        user,
        shared,
        &session,
        steps::BACKLOG_ORDER,
        DEMO_ORGANISATIONS[0],
        &people,
    )
    .await?;
    shared.backlog_placed(people.len());
    Ok(())
}

//! An order as the manager places it (`POST /api/v1/orders`), and every rule it must meet. The
//! SPA checks each step with the same rules; the server checks the whole order again, with what
//! only it knows (the manager's rights, the register, the catalogue).

use serde::{Deserialize, Serialize};

use crate::catalogue::{AuthorisationError, Authorisations, Catalogue};
use crate::import::{ImportOutcome, ReportFinding};
use crate::kvk::{BranchNumber, KvkNumber};
use crate::organisation::OrganisationEnded;
use crate::pricing::{QuoteRequest, Term};
use crate::user::{NewUser, RawUser};
use crate::{Date, Lang, Level};

/// What the SPA sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderRequest {
    /// The organisation's KvK number as entered; it must be one the manager manages.
    pub kvk_number: String,
    /// One branch (vestigingsnummer) to order for, as entered; `None` (or absent) for the whole
    /// organisation.
    #[serde(default)]
    pub branch_number: Option<String>,
    /// The level of every means in the order; at most the manager's own.
    pub level: Level,
    /// The users as entered, one by one or from the users file, in the order shown.
    pub users: Vec<RawUser>,
    /// The authorisations every user gets.
    pub authorisations: Authorisations,
    /// How long the means and their authorisations are valid.
    pub term: Term,
    /// Whether the manager accepted the terms and conditions; absent means not, and the order
    /// is refused.
    #[serde(default)]
    pub accepted_terms: bool,
}

/// What only the server knows when it checks an order.
#[derive(Debug, Clone, Copy)]
pub struct OrderContext<'a> {
    /// The manager's own level: they may order up to it (Afsprakenstelsel).
    pub manager_level: Level,
    /// The KvK numbers the manager manages.
    pub managed: &'a [String],
    /// The organisation's branch numbers, from the register.
    pub branches: &'a [String],
    /// Whether the register lists the organisation as ended ([`Organisation::ended`]).
    ///
    /// [`Organisation::ended`]: crate::organisation::Organisation::ended
    pub ended: Option<&'a OrganisationEnded>,
    /// The service catalogue the authorisations are checked against.
    pub catalogue: &'a Catalogue,
    /// Today's date, for the users' birth dates (not in the future, old enough).
    pub today: Date,
    /// At most this many users in one order.
    pub max_users: usize,
}

/// An order that meets every rule, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedOrder {
    /// The organisation, one the manager manages.
    pub kvk_number: KvkNumber,
    /// The branch, one of the organisation's in the register; `None` for the whole organisation.
    pub branch_number: Option<BranchNumber>,
    /// The level, at most the manager's own.
    pub level: Level,
    /// The users with their values normalised: at least one, at most
    /// [`OrderContext::max_users`], no person twice.
    pub users: Vec<NewUser>,
    /// The authorisations as [`Catalogue::check`] normalised them.
    pub authorisations: Authorisations,
    /// How long the means and their authorisations are valid.
    pub term: Term,
}

impl CheckedOrder {
    /// What the price depends on.
    pub fn quote_request(&self) -> QuoteRequest {
        QuoteRequest {
            level: self.level,
            term: self.term,
            users: self.users.len() as u32,
            authorisations_per_user: self.authorisations.count_per_user(),
        }
    }
}

/// One reason an order cannot be placed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OrderProblem {
    /// The KvK number, as sent, is not a valid one or not of an organisation the manager
    /// manages.
    #[error("the manager does not manage organisation {0}")]
    OrganisationNotManaged(String),
    /// The register lists the organisation as ended: no new means for it.
    #[error(transparent)]
    OrganisationEnded(OrganisationEnded),
    /// The level is above the manager's own: a manager may order up to their own level.
    #[error("level {requested} is above the manager's own level {own}")]
    LevelAboveOwn {
        /// The level ordered.
        requested: Level,
        /// The manager's own level.
        own: Level,
    },
    /// The branch number, as sent, is not a valid one or not of a branch of the organisation in
    /// the register.
    #[error("branch {0} is not a branch of this organisation")]
    UnknownBranch(String),
    /// The order has no users.
    #[error("no users")]
    NoUsers,
    /// A user with all eight fields empty, by 1-based position in the list.
    #[error("user {0} has no values")]
    EmptyUser(u32),
    /// More users than one order may have.
    #[error("{count} users, at most {max}")]
    TooManyUsers {
        /// How many users the order has.
        count: usize,
        /// The most one order may have ([`OrderContext::max_users`]).
        max: usize,
    },
    /// A user's value, or the same user twice: the import engine's finding, with the user's
    /// 1-based position in the list.
    #[error("user {position}: {code}", code = .finding.code)]
    User {
        /// The user's 1-based position in the list.
        position: u32,
        /// The finding, its message in the language of the check.
        finding: ReportFinding,
    },
    /// A problem with the authorisations: nothing chosen, not in the catalogue, or above the
    /// order's level.
    #[error(transparent)]
    Authorisation(AuthorisationError),
    /// The terms and conditions are not accepted.
    #[error("the terms are not accepted")]
    TermsNotAccepted,
}

impl OrderProblem {
    /// A stable machine code.
    pub fn code(&self) -> &str {
        match self {
            OrderProblem::OrganisationNotManaged(_) => "organisation_not_managed",
            OrderProblem::OrganisationEnded(_) => "organisation_ended",
            OrderProblem::LevelAboveOwn { .. } => "level_above_own",
            OrderProblem::UnknownBranch(_) => "unknown_branch",
            OrderProblem::NoUsers => "no_users",
            OrderProblem::EmptyUser(_) => "empty_user",
            OrderProblem::TooManyUsers { .. } => "too_many_users",
            OrderProblem::User { finding, .. } => &finding.code,
            OrderProblem::Authorisation(e) => e.code(),
            OrderProblem::TermsNotAccepted => "terms_not_accepted",
        }
    }

    /// Where in the request it is: `kvk_number`, `level`, `users[2].mobile`, ….
    pub fn location(&self) -> String {
        match self {
            OrderProblem::OrganisationNotManaged(_) | OrderProblem::OrganisationEnded(_) => {
                "kvk_number".into()
            }
            OrderProblem::LevelAboveOwn { .. } => "level".into(),
            OrderProblem::UnknownBranch(_) => "branch_number".into(),
            OrderProblem::NoUsers | OrderProblem::TooManyUsers { .. } => "users".into(),
            OrderProblem::EmptyUser(position) => format!("users[{}]", position - 1),
            OrderProblem::User { position, finding } => match finding.field {
                Some(field) => format!("users[{}].{}", position - 1, field.key()),
                None => format!("users[{}]", position - 1),
            },
            OrderProblem::Authorisation(_) => "authorisations".into(),
            OrderProblem::TermsNotAccepted => "accepted_terms".into(),
        }
    }

    /// What is wrong and how to fix it.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OrderProblem::OrganisationNotManaged(kvk), Lang::Nl) => format!(
                "U bent geen machtigingenbeheerder van de organisatie met KvK-nummer {kvk}; kies een organisatie die u beheert"
            ),
            (OrderProblem::OrganisationNotManaged(kvk), Lang::En) => format!(
                "You are not an authorisation manager of the organisation with KvK number {kvk}; choose an organisation you manage"
            ),
            (OrderProblem::OrganisationEnded(ended), lang) => ended.message(lang),
            (OrderProblem::LevelAboveOwn { requested, own }, Lang::Nl) => format!(
                "U mag middelen aanvragen tot en met uw eigen niveau ({own}); {requested} is hoger. Kies {own} of lager"
            ),
            (OrderProblem::LevelAboveOwn { requested, own }, Lang::En) => format!(
                "You may order means up to your own level ({own}); {requested} is higher. Choose {own} or lower"
            ),
            (OrderProblem::UnknownBranch(branch), Lang::Nl) => format!(
                "Vestiging {branch} hoort niet bij deze organisatie; kies een vestiging uit de lijst"
            ),
            (OrderProblem::UnknownBranch(branch), Lang::En) => format!(
                "Branch {branch} does not belong to this organisation; choose a branch from the list"
            ),
            (OrderProblem::NoUsers, Lang::Nl) => "Voeg minstens één gebruiker toe".into(),
            (OrderProblem::NoUsers, Lang::En) => "Add at least one user".into(),
            (OrderProblem::EmptyUser(position), Lang::Nl) => {
                format!(
                    "Gebruiker {position} is leeg; vul de gegevens in of verwijder de gebruiker"
                )
            }
            (OrderProblem::EmptyUser(position), Lang::En) => {
                format!("User {position} is empty; fill in the details or remove the user")
            }
            (OrderProblem::TooManyUsers { count, max }, Lang::Nl) => format!(
                "Een aanvraag heeft hoogstens {max} gebruikers; deze heeft er {count}. Splits ze over meer aanvragen"
            ),
            (OrderProblem::TooManyUsers { count, max }, Lang::En) => format!(
                "An order has at most {max} users; this one has {count}. Split them over several orders"
            ),
            (OrderProblem::User { finding, .. }, _) => finding.message.clone(),
            (OrderProblem::Authorisation(e), lang) => e.message(lang),
            (OrderProblem::TermsNotAccepted, Lang::Nl) => {
                "Ga akkoord met de voorwaarden om te bestellen".into()
            }
            (OrderProblem::TermsNotAccepted, Lang::En) => {
                "Accept the terms and conditions to order".into()
            }
        }
    }
}

/// Checks an order; messages of user findings are rendered in `lang`.
pub fn check_order(
    request: &OrderRequest,
    context: OrderContext<'_>,
    lang: Lang,
) -> Result<CheckedOrder, Vec<OrderProblem>> {
    let mut problems = Vec::new();

    let kvk = KvkNumber::parse(&request.kvk_number)
        .ok()
        .filter(|k| context.managed.iter().any(|m| m == k.as_str()));
    if kvk.is_none() {
        problems.push(OrderProblem::OrganisationNotManaged(
            request.kvk_number.clone(),
        ));
    } else if let Some(ended) = context.ended {
        problems.push(OrderProblem::OrganisationEnded(ended.clone()));
    }
    if request.level > context.manager_level {
        problems.push(OrderProblem::LevelAboveOwn {
            requested: request.level,
            own: context.manager_level,
        });
    }
    let branch = match &request.branch_number {
        None => None,
        Some(raw) => match BranchNumber::parse(raw)
            .ok()
            .filter(|b| context.branches.iter().any(|known| known == b.as_str()))
        {
            Some(branch) => Some(branch),
            None => {
                problems.push(OrderProblem::UnknownBranch(raw.clone()));
                None
            }
        },
    };

    let users = check_users(&request.users, context, lang, &mut problems);

    let authorisations =
        match context
            .catalogue
            .check(&request.authorisations, request.level, |s| s.name.clone())
        {
            Ok(checked) => Some(checked),
            Err(errors) => {
                problems.extend(errors.into_iter().map(OrderProblem::Authorisation));
                None
            }
        };
    if !request.accepted_terms {
        problems.push(OrderProblem::TermsNotAccepted);
    }

    match (kvk, users, authorisations) {
        (Some(kvk_number), Some(users), Some(authorisations)) if problems.is_empty() => {
            Ok(CheckedOrder {
                kvk_number,
                branch_number: branch,
                level: request.level,
                users,
                authorisations,
                term: request.term,
            })
        }
        _ => Err(problems),
    }
}

/// The users, checked by the import engine's rules, duplicates across the list included.
fn check_users(
    users: &[RawUser],
    context: OrderContext<'_>,
    lang: Lang,
    problems: &mut Vec<OrderProblem>,
) -> Option<Vec<NewUser>> {
    if users.is_empty() {
        problems.push(OrderProblem::NoUsers);
        return None;
    }
    if users.len() > context.max_users {
        problems.push(OrderProblem::TooManyUsers {
            count: users.len(),
            max: context.max_users,
        });
        return None;
    }
    let empty: Vec<OrderProblem> = users
        .iter()
        .enumerate()
        .filter(|(_, u)| **u == RawUser::default())
        .map(|(i, _)| OrderProblem::EmptyUser(i as u32 + 1))
        .collect();
    if !empty.is_empty() {
        problems.extend(empty);
        return None;
    }
    let outcome: ImportOutcome = crate::import::check_users(users, context.today);
    if outcome.is_ok() {
        return Some(outcome.users());
    }
    for row in outcome.report(lang).rows {
        for finding in row.errors {
            problems.push(OrderProblem::User {
                position: row.line,
                finding,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{MinLevel, Provider, Service};

    fn catalogue() -> Catalogue {
        Catalogue {
            providers: vec![Provider {
                id: "belastingdienst".into(),
                name: "Belastingdienst".into(),
                website: None,
                services: vec![Service {
                    id: "belastingdienst.mijn-zakelijk".into(),
                    name: "Mijn Belastingdienst Zakelijk".into(),
                    min_level: MinLevel::Eh3,
                }],
            }],
        }
    }

    fn user(email: &str) -> RawUser {
        RawUser {
            first_names: "Jan Pieter".into(),
            infix: "van".into(),
            last_name: "Dijk".into(),
            birth_date: "15-03-1985".into(),
            birth_place: "Utrecht".into(),
            email: email.into(),
            mobile: "06 12345678".into(),
            employed: "J".into(),
        }
    }

    fn request() -> OrderRequest {
        OrderRequest {
            kvk_number: "68750110".into(),
            branch_number: None,
            level: Level::Eh3,
            users: vec![user("jan@voorbeeld.nl")],
            authorisations: Authorisations::Selected {
                providers: vec![],
                services: vec!["belastingdienst.mijn-zakelijk".into()],
            },
            term: Term::ThreeYears,
            accepted_terms: true,
        }
    }

    fn check(request: &OrderRequest, own: Level) -> Result<CheckedOrder, Vec<OrderProblem>> {
        check_ended(request, own, None)
    }

    fn check_ended(
        request: &OrderRequest,
        own: Level,
        ended: Option<&OrganisationEnded>,
    ) -> Result<CheckedOrder, Vec<OrderProblem>> {
        let managed = ["68750110".to_string()];
        let branches = ["000037178598".to_string()];
        let catalogue = catalogue();
        let context = OrderContext {
            manager_level: own,
            managed: &managed,
            branches: &branches,
            catalogue: &catalogue,
            today: Date::new(2026, 11, 25).unwrap(),
            max_users: 100,
            ended,
        };
        check_order(request, context, Lang::Nl)
    }

    fn codes(problems: &[OrderProblem]) -> Vec<&str> {
        problems.iter().map(OrderProblem::code).collect()
    }

    #[test]
    fn a_complete_order_is_normalised() {
        let order = check(&request(), Level::Eh3).unwrap();
        assert_eq!(order.users[0].mobile.as_str(), "+31612345678");
        assert_eq!(order.quote_request().authorisations_per_user, 1);
    }

    #[test]
    fn the_manager_orders_only_for_managed_organisations_up_to_their_own_level() {
        let mut other = request();
        other.kvk_number = "69599084".into();
        assert_eq!(
            codes(&check(&other, Level::Eh3).unwrap_err()),
            ["organisation_not_managed"]
        );
        let problems = check(&request(), Level::Eh2Plus).unwrap_err();
        assert!(codes(&problems).contains(&"level_above_own"));
        assert_eq!(
            problems[0].message(Lang::Nl),
            "U mag middelen aanvragen tot en met uw eigen niveau (EH2+); EH3 is hoger. Kies EH2+ of lager"
        );
    }

    #[test]
    fn an_organisation_the_register_lists_as_ended_gets_no_order() {
        let ended = OrganisationEnded {
            kvk_number: "68750110".into(),
            name: "Test BV Donald".into(),
            on: crate::RegisterDate::parse_kvk("20240301").unwrap(),
        };
        let problems = check_ended(&request(), Level::Eh3, Some(&ended)).unwrap_err();
        assert_eq!(codes(&problems), ["organisation_ended"]);
        assert_eq!(problems[0].location(), "kvk_number");
        assert_eq!(problems[0].message(Lang::En), ended.message(Lang::En));
        assert!(
            problems[0]
                .message(Lang::Nl)
                .contains("beëindigd op 01-03-2024"),
            "{}",
            problems[0].message(Lang::Nl)
        );
    }

    #[test]
    fn users_that_slipped_past_the_browser_are_refused_where_they_are() {
        let mut bad = request();
        bad.users.push(user("JAN@voorbeeld.nl"));
        bad.users[1].mobile = "0201234567".into();
        let problems = check(&bad, Level::Eh3).unwrap_err();
        let locations: Vec<String> = problems.iter().map(OrderProblem::location).collect();
        assert!(
            locations.contains(&"users[1].mobile".to_string()),
            "{locations:?}"
        );
        assert!(
            locations.contains(&"users[1].email".to_string()),
            "{locations:?}"
        );
        let mut empty = request();
        empty.users.push(RawUser::default());
        assert_eq!(
            codes(&check(&empty, Level::Eh3).unwrap_err()),
            ["empty_user"]
        );
    }

    #[test]
    fn branches_terms_and_authorisations_are_checked() {
        let mut bad = request();
        bad.branch_number = Some("000000000001".into());
        bad.accepted_terms = false;
        bad.authorisations = Authorisations::Selected {
            providers: vec![],
            services: vec![],
        };
        let problems = check(&bad, Level::Eh3).unwrap_err();
        assert_eq!(
            codes(&problems),
            [
                "unknown_branch",
                "no_service_selected",
                "terms_not_accepted"
            ]
        );
        let mut good_branch = request();
        good_branch.branch_number = Some("0000 3717 8598".into());
        assert_eq!(
            check(&good_branch, Level::Eh3)
                .unwrap()
                .branch_number
                .unwrap()
                .as_str(),
            "000037178598"
        );
    }
}

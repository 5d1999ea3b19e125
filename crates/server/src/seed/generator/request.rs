//! One request of an order as the generator makes it: the person, the steps they took (SMS
//! codes, identification), and the request's fate (a means, open, expired, cancelled, rejected).

use api::{ActorKind, AuditAction, EventKind, MeansStatus, RequestStatus};
use domain::{Lang, NewUser};

use super::people::{Organisation, REJECTION_REASONS};
use super::{Fate, Generator, OrderFacts, Progress};
use crate::activation::authorisation_items;
use crate::activation::issuance::valid_until;
use crate::activation::store::EndReason;
use crate::seed::tables::Value;
use crate::seed::{DAY, HOUR, INVITATION_DAYS, MINUTE, SeedError};

impl Generator {
    /// The SMS step: one or two codes, the last one used at `verified_at` if given. Returns the
    /// time of the last code.
    fn sms(&mut self, id: &str, progress: &mut Progress, from: i64, verify: bool) -> i64 {
        let codes = if self.chance(0.15) { 2 } else { 1 };
        let mut sent_at = from;
        for code in 0..codes {
            sent_at = if code == 0 {
                self.after(from, 10, 3 * MINUTE)
            } else {
                self.after(sent_at, 60, 10 * MINUTE)
            };
            progress.event(sent_at, EventKind::SmsSent, ActorKind::User.as_str(), None);
            let last = code + 1 == codes;
            let used_at = (last && verify).then(|| self.after(sent_at, 15, 5 * MINUTE));
            let sms_id = self.readable("SMS");
            let wrong = if self.chance(0.1) { 1 } else { 0 };
            let code_hash = self.random_hash();
            self.tables.sms_codes.push([
                sms_id.into(),
                id.into(),
                code_hash.into(),
                sent_at.into(),
                (sent_at + crate::activation::sms_code::VALID_SECS).into(),
                Value::Int(wrong),
                used_at.into(),
            ]);
            self.report.sms_codes += 1;
            if let Some(used_at) = used_at {
                progress.event(
                    used_at,
                    EventKind::MobileVerified,
                    ActorKind::User.as_str(),
                    None,
                );
                progress.mobile_verified_at = Some(used_at);
                return used_at;
            }
        }
        sent_at
    }

    fn identification(&mut self, id: &str, at: i64, approved: bool) -> Option<String> {
        let reason = (!approved).then(|| (*self.pick(REJECTION_REASONS)).to_owned());
        let last4: String = (0..4)
            .map(|_| char::from(b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ"[self.rng.usize(..33)]))
            .collect();
        let method = if self.chance(0.6) {
            "video"
        } else {
            "in_person"
        };
        let document = if self.chance(0.55) {
            "id_card"
        } else {
            "passport"
        };
        let name_matches = approved || self.chance(0.5);
        self.tables.identifications.push([
            id.into(),
            if approved { "approved" } else { "rejected" }.into(),
            method.into(),
            document.into(),
            last4.into(),
            Value::Int(i64::from(name_matches)),
            Value::Int(1),
            reason.clone().into(),
            self.operator_id.into(),
            at.into(),
        ]);
        self.report.identifications += 1;
        reason
    }

    pub(super) fn request(
        &mut self,
        order: &OrderFacts,
        index: usize,
        fate: Fate,
    ) -> Result<(), SeedError> {
        let employed = match fate {
            Fate::Open(RequestStatus::IdentificationRequired) | Fate::Rejected => false,
            _ => self.chance(0.88),
        };
        let user = self.person(order.organisation, employed)?;
        let id = format!("{}-{}", order.number, index + 1);
        let t0 = order.created_at;
        let mut token_expires_at = t0 + INVITATION_DAYS * DAY;
        let mut p = Progress::default();
        p.event(t0, EventKind::Invited, &self.manager.clone(), None);
        let manager = self.manager.clone();
        let status: RequestStatus;
        let mut means: Option<i64> = None;

        // How far the user got before the request's fate.
        let reach = match fate {
            Fate::Open(status) => status,
            Fate::Issued | Fate::Rejected => RequestStatus::IdentificationRequired,
            Fate::Expired | Fate::Cancelled => {
                if self.chance(0.3) {
                    RequestStatus::EmailConfirmed
                } else {
                    RequestStatus::Invited
                }
            }
        };
        if reach == RequestStatus::Invited
            && matches!(fate, Fate::Open(_))
            && t0 < self.now - 3 * DAY
            && self.chance(0.15)
        {
            // The manager sent a new link: the old one stopped working.
            let resent = self.between(t0 + 2 * DAY, self.now - HOUR);
            p.event(resent, EventKind::InvitationResent, &manager, None);
            token_expires_at = resent + INVITATION_DAYS * DAY;
            let kvk = self.organisations[order.organisation].kvk_number.clone();
            self.audit(
                resent,
                Some(&kvk),
                AuditAction::InvitationResent,
                &id,
                Some(user.email.as_str().to_owned()),
            );
        }
        if reach != RequestStatus::Invited {
            let confirmed = self.after(t0, 5 * MINUTE, 3 * DAY);
            p.event(
                confirmed,
                EventKind::EmailConfirmed,
                ActorKind::User.as_str(),
                None,
            );
            p.email_confirmed_at = Some(confirmed);
            if reach == RequestStatus::EmailConfirmed {
                if matches!(fate, Fate::Open(_)) && self.chance(0.4) {
                    self.sms(&id, &mut p, confirmed, false);
                }
            } else {
                let verified = self.sms(&id, &mut p, confirmed, true);
                if reach != RequestStatus::MobileVerified {
                    let ordered = self.after(verified, 30, 20 * MINUTE);
                    p.event(
                        ordered,
                        EventKind::UserOrdered,
                        ActorKind::User.as_str(),
                        None,
                    );
                    p.user_ordered_at = Some(ordered);
                    if employed {
                        means = Some(ordered);
                    } else {
                        p.event(
                            ordered,
                            EventKind::IdentificationRequired,
                            ActorKind::System.as_str(),
                            None,
                        );
                        let deadline = ordered + crate::activation::IDENTIFICATION_DAYS * DAY;
                        p.identification_deadline = Some(deadline);
                        token_expires_at = token_expires_at.max(deadline);
                        if matches!(fate, Fate::Issued | Fate::Rejected) {
                            let checked = self.after(ordered, HOUR, 20 * DAY);
                            let approved = fate == Fate::Issued;
                            let reason = self.identification(&id, checked, approved);
                            if approved {
                                p.event(
                                    checked,
                                    EventKind::Identified,
                                    &self.operator.clone(),
                                    None,
                                );
                                means = Some(checked);
                            } else {
                                p.event(
                                    checked,
                                    EventKind::Rejected,
                                    &self.operator.clone(),
                                    reason,
                                );
                                p.finished_at = Some(checked);
                                p.end_reason = Some(EndReason::IdentificationRejected);
                            }
                        }
                    }
                }
            }
        }

        let organisation = self.organisations[order.organisation].clone();
        match fate {
            Fate::Open(open) => {
                status = open;
                self.report.open += 1;
                self.report.open_by_status[RequestStatus::OPEN
                    .iter()
                    .position(|s| *s == open)
                    .unwrap_or_default()] += 1;
            }
            Fate::Issued => {
                status = RequestStatus::Issued;
                let issued_at = means.unwrap_or(p.last_at());
                let actor = if employed {
                    ActorKind::User.as_str().to_owned()
                } else {
                    self.operator.clone()
                };
                let means_id = self.readable("EHM");
                p.event(issued_at, EventKind::Issued, &actor, Some(means_id.clone()));
                p.finished_at = Some(issued_at);
                self.means(
                    order,
                    &organisation,
                    &id,
                    &means_id,
                    &user,
                    issued_at,
                    &mut p,
                );
            }
            Fate::Expired => {
                status = RequestStatus::Expired;
                let at = token_expires_at.min(self.now - MINUTE);
                p.event(
                    at,
                    EventKind::Expired,
                    ActorKind::System.as_str(),
                    Some(EndReason::InvitationExpired.as_str().to_owned()),
                );
                p.finished_at = Some(at);
                p.end_reason = Some(EndReason::InvitationExpired);
                self.report.ended += 1;
            }
            Fate::Cancelled => {
                status = RequestStatus::Cancelled;
                let at = self.after(p.last_at(), HOUR, 10 * DAY);
                p.event(at, EventKind::Cancelled, &manager, None);
                p.finished_at = Some(at);
                p.end_reason = Some(EndReason::Cancelled);
                self.audit(
                    at,
                    Some(&organisation.kvk_number),
                    AuditAction::RequestCancelled,
                    &id,
                    Some(format!("{} ({})", user.full_name(), user.email.as_str())),
                );
                self.report.ended += 1;
            }
            Fate::Rejected => {
                status = RequestStatus::Rejected;
                self.report.ended += 1;
            }
        }

        let last_event_at = p.last_at();
        let token_hash = self.random_hash();
        self.tables.requests.push([
            id.as_str().into(),
            order.number.as_str().into(),
            (index as i64 + 1).into(),
            user.first_names.as_str().into(),
            user.infix.as_str().into(),
            user.last_name.as_str().into(),
            user.birth_date.iso_string().into(),
            user.birth_place.as_str().into(),
            user.email.as_str().into(),
            user.mobile.as_str().into(),
            i64::from(user.employed).into(),
            status.as_str().into(),
            token_hash.into(),
            token_expires_at.into(),
            t0.into(),
            p.email_confirmed_at.into(),
            p.mobile_verified_at.into(),
            p.user_ordered_at.into(),
            p.identification_deadline.into(),
            p.finished_at.into(),
            p.end_reason.map(|r| r.as_str().to_owned()).into(),
            organisation.kvk_number.as_str().into(),
            order.branch.clone().into(),
            order.level.label().into(),
            domain::user::sort_name(&user.first_names, &user.infix, &user.last_name).into(),
            domain::user::search_text(
                &user.first_names,
                &user.infix,
                &user.last_name,
                user.email.as_str(),
            )
            .into(),
            last_event_at.into(),
        ]);
        self.report.requests += 1;
        for (at, kind, actor, detail) in p.events {
            self.tables.events.push([
                id.as_str().into(),
                at.into(),
                kind.as_str().into(),
                actor.into(),
                detail.into(),
            ]);
            self.report.events += 1;
        }
        Ok(())
    }

    /// The means of request `id`, issued at `issued_at`, its machtigingen, and perhaps its
    /// revocation.
    #[allow(clippy::too_many_arguments)]
    fn means(
        &mut self,
        order: &OrderFacts,
        organisation: &Organisation,
        id: &str,
        means_id: &str,
        user: &NewUser,
        issued_at: i64,
        p: &mut Progress,
    ) {
        let from = crate::orders::today(issued_at);
        let until = valid_until(from, order.term_years);
        let until_ends = (until.days_since_unix_epoch() + 1) * DAY;
        // 5% revoked by the manager, at some time while the means was valid.
        let revoked_at = if self.chance(0.05) {
            let last = until_ends.min(self.now - HOUR);
            (last > issued_at + DAY).then(|| self.between(issued_at + DAY, last))
        } else {
            None
        };
        let today = self.today.days_since_unix_epoch();
        let until_day = until.days_since_unix_epoch();
        self.report.means += 1;
        if revoked_at.is_some() {
            self.report.revoked += 1;
        } else if until_day < today {
            self.report.validity_passed += 1;
        } else {
            self.report.active += 1;
            if until_day <= today + 60 {
                self.report.expiring_soon += 1;
            }
        }
        // The warnings a running Middelpunt would have sent by today (activation::means_expiry).
        if revoked_at.is_none() && until_day >= today {
            let today_iso = self.today.iso_string();
            for threshold in crate::activation::means_expiry::THRESHOLDS {
                if until_day <= today + threshold {
                    self.tables.expiry_warnings.push([
                        means_id.into(),
                        threshold.into(),
                        today_iso.as_str().into(),
                    ]);
                }
            }
        }
        let (from_iso, until_iso) = (from.iso_string(), until.iso_string());
        self.tables.means.push([
            means_id.into(),
            id.into(),
            organisation.kvk_number.as_str().into(),
            organisation.name.as_str().into(),
            order.branch.clone().into(),
            order.level.label().into(),
            user.email.as_str().into(),
            from_iso.as_str().into(),
            until_iso.as_str().into(),
            if revoked_at.is_some() {
                MeansStatus::Revoked
            } else {
                MeansStatus::Active
            }
            .as_str()
            .into(),
            issued_at.into(),
            revoked_at.into(),
        ]);
        // Revoking ends the machtigingen on the day of the revocation.
        let authorisations_until = revoked_at
            .map(|at| crate::orders::today(at).iso_string())
            .filter(|day| *day < until_iso)
            .unwrap_or_else(|| until_iso.clone());
        for (position, item) in authorisation_items(&order.authorisations, Lang::Nl)
            .into_iter()
            .enumerate()
        {
            self.tables.authorisations.push([
                means_id.into(),
                (position as i64 + 1).into(),
                item.kind.into(),
                item.subject.into(),
                item.label.into(),
                from_iso.as_str().into(),
                authorisations_until.as_str().into(),
            ]);
            self.report.authorisations += 1;
        }
        if let Some(at) = revoked_at {
            let manager = self.manager.clone();
            p.event(at, EventKind::Revoked, &manager, Some(means_id.to_owned()));
            self.audit(
                at,
                Some(&organisation.kvk_number),
                AuditAction::MeansRevoked,
                means_id,
                Some(format!("{} ({})", user.full_name(), user.email.as_str())),
            );
        }
    }
}

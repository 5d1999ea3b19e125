//! "Gebruiker toevoegen": one user's eight fields, checked by the same rules as the list and
//! together with the list (so that nobody is added twice). A field's error shows once the field
//! has been left after a change, or after "Opslaan" — never while it is typed the first time.
//! "Opslaan" adds the user to the list and opens an empty form for the next one. What is typed
//! is kept in the draft, so a reload keeps a half-filled form.

use std::collections::HashSet;

use domain::import::RowError;
use domain::users_merge::{TooManyUsers, check_total};
use domain::{Date, Field, Lang, RawUser};
use leptos::prelude::*;

use crate::components::error_summary::{Problem, focus_field};
use crate::components::radios::{Choice, Radios};
use crate::components::text_field::TextField;
use crate::components::users_grid::checks::{self, Findings};
use crate::i18n::{T, U, use_i18n};
use crate::order_draft::{DraftUser, raw_users, use_draft};

/// The id of the form's first field: the error summary links here for "add a user first".
pub const FIRST_FIELD_ID: &str = "new-user-first-names";

/// The id of a field's input (for `employed`: its first radio button).
pub const fn field_id(field: Field) -> &'static str {
    match field {
        Field::FirstNames => FIRST_FIELD_ID,
        Field::Infix => "new-user-infix",
        Field::LastName => "new-user-last-name",
        Field::BirthDate => "new-user-birth-date",
        Field::BirthPlace => "new-user-birth-place",
        Field::Email => "new-user-email",
        Field::Mobile => "new-user-mobile",
        Field::Employed => "new-user-employed",
    }
}

/// How one text field of the form is asked: its words and what the browser should know.
struct TextSpec {
    field: Field,
    label: T,
    hint: T,
    input_type: &'static str,
    autocomplete: &'static str,
    spellcheck: Option<&'static str>,
    optional: bool,
}

impl TextSpec {
    /// A required plain text field without autocompletion.
    const fn plain(field: Field, label: T, hint: T) -> TextSpec {
        TextSpec {
            field,
            label,
            hint,
            input_type: "text",
            autocomplete: "off",
            spellcheck: None,
            optional: false,
        }
    }

    /// The same field, not spell-checked (dates, addresses, numbers).
    const fn unchecked(self) -> TextSpec {
        TextSpec {
            spellcheck: Some("false"),
            ..self
        }
    }

    /// The same field as an `input_type` input that the browser may fill in (`autocomplete`).
    const fn typed(self, input_type: &'static str, autocomplete: &'static str) -> TextSpec {
        TextSpec {
            input_type,
            autocomplete,
            ..self
        }
    }

    /// The same field, optional.
    const fn optional(self) -> TextSpec {
        TextSpec {
            optional: true,
            ..self
        }
    }
}

/// The text fields, in the form's order (the eighth field, `employed`, is a pair of radios).
const TEXT_FIELDS: [TextSpec; 7] = [
    TextSpec::plain(
        Field::FirstNames,
        T::UsersFirstNamesLabel,
        T::UsersFirstNamesHint,
    ),
    TextSpec::plain(Field::Infix, T::UsersInfixLabel, T::UsersInfixHint).optional(),
    TextSpec::plain(Field::LastName, T::UsersLastNameLabel, T::UsersLastNameHint),
    TextSpec::plain(
        Field::BirthDate,
        T::UsersBirthDateLabel,
        T::UsersBirthDateHint,
    )
    .unchecked(),
    TextSpec::plain(
        Field::BirthPlace,
        T::UsersBirthPlaceLabel,
        T::UsersBirthPlaceHint,
    ),
    TextSpec::plain(Field::Email, T::UsersEmailLabel, T::UsersEmailHint)
        .typed("email", "email")
        .unchecked(),
    TextSpec::plain(Field::Mobile, T::UsersMobileLabel, T::UsersMobileHint)
        .typed("tel", "tel")
        .unchecked(),
];

const YES: &str = "J";
const NO: &str = "N";

/// The form's state, created by the step (which also needs its problems for "Volgende").
#[derive(Clone, Copy)]
pub struct UserForm {
    texts: [RwSignal<String>; 7],
    employed: RwSignal<Option<String>>,
    /// Fields left after a change: their errors show.
    touched: RwSignal<HashSet<Field>>,
    /// "Opslaan" was tried: every error shows.
    submitted: RwSignal<bool>,
    /// The candidate checked as the next user of `list`.
    findings: Memo<Findings>,
}

impl UserForm {
    /// The form filled with `initial` (what the draft kept), checked against `list`.
    pub fn new(initial: &RawUser, list: Memo<Vec<DraftUser>>, today: Date) -> UserForm {
        let texts = TEXT_FIELDS
            .each_ref()
            .map(|spec| RwSignal::new(initial.get(spec.field).to_string()));
        let employed = RwSignal::new(
            [YES, NO]
                .into_iter()
                .find(|v| *v == initial.employed)
                .map(str::to_string),
        );
        let raw = move || raw_of(&texts, employed, true);
        let findings = Memo::new(move |_| {
            let mut users = raw_users(&list.read());
            users.push(raw());
            checks::check_list(&users, today).pop().unwrap_or_default()
        });
        UserForm {
            texts,
            employed,
            touched: RwSignal::new(HashSet::new()),
            submitted: RwSignal::new(false),
            findings,
        }
    }

    fn text(&self, field: Field) -> RwSignal<String> {
        let index = TEXT_FIELDS
            .iter()
            .position(|spec| spec.field == field)
            .expect("only the text fields have a text signal");
        self.texts[index]
    }

    /// What is typed now (not tracked).
    pub fn raw_untracked(&self) -> RawUser {
        raw_of(&self.texts, self.employed, false)
    }

    /// Whether nothing has been typed or chosen (tracked).
    pub fn is_blank(&self) -> bool {
        self.texts.iter().all(|t| t.read().trim().is_empty()) && self.employed.read().is_none()
    }

    /// Empties every field and forgets what was touched.
    pub fn clear(&self) {
        for text in self.texts {
            text.set(String::new());
        }
        self.employed.set(None);
        self.touched.set(HashSet::new());
        self.submitted.set(false);
    }

    /// The message for `field`, whether shown yet or not (tracked).
    pub fn message(&self, field: Field, lang: Lang) -> Option<String> {
        self.findings.with(|found| {
            if field == Field::FirstNames
                && let Some(RowError::DuplicatePerson {
                    name,
                    birth_date,
                    first_line,
                }) = found.row_errors().next()
            {
                return Some(
                    T::UsersFormDuplicatePerson
                        .text(lang)
                        .replace("{name}", name)
                        .replace("{date}", &birth_date.to_dutch())
                        .replace("{row}", &first_line.to_string()),
                );
            }
            let error = found.error(field)?;
            Some(if field == Field::Employed {
                // Radio buttons: the only possible error is that none is chosen.
                T::UsersEmployedMissing.text(lang).to_string()
            } else {
                checks::field_message(field, error, lang)
            })
        })
    }

    /// The warnings about `field` (tracked).
    fn note(&self, field: Field, lang: Lang) -> Option<String> {
        self.findings.with(|found| {
            let notes: Vec<String> = found
                .warnings(field)
                .map(|w| checks::warning_detail(w, lang))
                .collect();
            (!notes.is_empty()).then(|| notes.join(" "))
        })
    }

    /// The form's problems as the error summary lists them: none for an empty form (which
    /// blocks nothing) unless "Opslaan" was tried (tracked).
    pub fn problems(&self, lang: Lang) -> Vec<Problem> {
        if self.is_blank() && !self.submitted.get() {
            return Vec::new();
        }
        self.all_problems(lang)
    }

    /// Every problem of the form, the "missing" ones of an empty form included (tracked).
    pub fn all_problems(&self, lang: Lang) -> Vec<Problem> {
        Field::ALL
            .into_iter()
            .filter_map(|field| {
                self.message(field, lang)
                    .map(|message| Problem::new(field_id(field), message))
            })
            .collect()
    }

    fn shown(&self, field: Field) -> bool {
        self.submitted.get() || self.touched.with(|t| t.contains(&field))
    }

    fn touch(&self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| {
                t.insert(field);
            });
        }
    }
}

fn raw_of(
    texts: &[RwSignal<String>; 7],
    employed: RwSignal<Option<String>>,
    tracked: bool,
) -> RawUser {
    let mut user = RawUser::default();
    for (spec, text) in TEXT_FIELDS.iter().zip(texts) {
        let value = if tracked {
            text.get()
        } else {
            text.get_untracked()
        };
        *user.get_mut(spec.field) = value;
    }
    let employed = if tracked {
        employed.get()
    } else {
        employed.get_untracked()
    };
    user.employed = employed.unwrap_or_default();
    user
}

/// The form. `on_problems` is called when "Opslaan" is refused, for the error summary.
#[component]
pub fn AddUserForm(form: UserForm, today: Date, on_problems: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let status = RwSignal::new(String::new());
    // "Opslaan" refused because the list is full; shown while it still is.
    let full = RwSignal::new(None::<TooManyUsers>);
    let full_message = move || {
        let refused = full.get()?;
        (draft.0.read().users.len() >= refused.max).then(|| {
            i18n.t(U::UsFormFull)
                .replace("{max}", &refused.max.to_string())
        })
    };

    let keep_in_draft = move |_| {
        let typed = form.raw_untracked();
        if draft.0.with_untracked(|d| d.user_form != typed) {
            draft.0.update(|d| d.user_form = typed);
        }
    };
    let error = move |field: Field| {
        Signal::derive(move || {
            if form.shown(field) {
                form.message(field, i18n.lang())
            } else {
                None
            }
        })
    };
    let hint = move |field: Field, base: T| {
        Signal::derive(move || {
            let mut hint = i18n.t(base).to_string();
            if form.shown(field)
                && let Some(note) = form.note(field, i18n.lang())
            {
                hint.push_str(". ");
                hint.push_str(i18n.t(T::UsersNotePrefix));
                hint.push_str(&note);
            }
            hint
        })
    };
    let label = move |key: T| Signal::derive(move || i18n.t(key).to_string());
    let touch = move |field: Field| Callback::new(move |()| form.touch(field));

    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let count = draft.0.with_untracked(|d| d.users.len()) + 1;
        // A full list takes nobody more; what is typed stays.
        if let Err(refused) = check_total(count) {
            status.set(String::new());
            full.set(Some(refused));
            return;
        }
        full.set(None);
        form.submitted.set(true);
        if !form.all_problems(i18n.lang()).is_empty() {
            on_problems.run(());
            return;
        }
        let user = checks::tidy(&form.raw_untracked(), today);
        let name = checks::display_name(&user);
        draft.0.update(|d| {
            let id = d.next_user_id();
            d.users.push(DraftUser { id, user });
            d.user_form = RawUser::default();
        });
        form.clear();
        status.set(
            i18n.t(T::UsersAdded)
                .replace("{name}", &name)
                .replace("{n}", &count.to_string()),
        );
        request_animation_frame(|| focus_field(FIRST_FIELD_ID));
    };
    let on_clear = move |_| {
        form.clear();
        draft.0.update(|d| d.user_form = RawUser::default());
        status.set(i18n.t(T::UsersFormCleared).to_string());
        request_animation_frame(|| focus_field(FIRST_FIELD_ID));
    };

    view! {
        <section class="users-section" aria-labelledby="users-add-heading">
            <h2 id="users-add-heading">{i18n.tr(T::UsersAddHeading)}</h2>
            <p>{i18n.tr(T::UsersAddIntro)}</p>
            <form novalidate class="form" on:submit=on_save on:input=keep_in_draft on:change=keep_in_draft>
                {TEXT_FIELDS
                    .iter()
                    .map(|spec| {
                        let field = spec.field;
                        view! {
                            <TextField
                                id=field_id(field)
                                label=label(spec.label)
                                value=form.text(field)
                                hint=hint(field, spec.hint)
                                error=error(field)
                                input_type=spec.input_type
                                autocomplete=spec.autocomplete
                                spellcheck=spec.spellcheck
                                optional=spec.optional
                                on_change=touch(field)
                            />
                        }
                    })
                    .collect_view()}
                <Radios
                    name=field_id(Field::Employed)
                    legend=label(T::UsersEmployedQuestion)
                    hint=label(T::UsersEmployedHint)
                    choices=Signal::derive(move || vec![
                        Choice::new(YES, i18n.t(T::UsersEmployedYes)),
                        Choice::new(NO, i18n.t(T::UsersEmployedNo)),
                    ])
                    selected=form.employed
                    error=error(Field::Employed)
                    on_change=touch(Field::Employed)
                />
                <div class="button-group">
                    <button type="submit" class="button button--secondary">{i18n.tr(T::UsersSave)}</button>
                    <button type="button" class="button button--link" on:click=on_clear>
                        {i18n.tr(T::UsersClearForm)}
                    </button>
                </div>
                <p role="status" class="users-status">{move || status.get()}</p>
                <p role="alert" class="users-form-full">
                    {move || full_message().map(|message| view! {
                        <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                        {message}
                    })}
                </p>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_asks_every_field_once_in_the_lists_order() {
        let asked: Vec<Field> = TEXT_FIELDS
            .iter()
            .map(|spec| spec.field)
            .chain([Field::Employed])
            .collect();
        assert_eq!(asked, Field::ALL.to_vec());
    }

    #[test]
    fn every_field_has_its_own_id() {
        let ids: HashSet<&str> = Field::ALL.into_iter().map(field_id).collect();
        assert_eq!(ids.len(), Field::ALL.len());
        assert_eq!(field_id(Field::FirstNames), FIRST_FIELD_ID);
    }
}

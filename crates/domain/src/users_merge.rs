//! A second users file against the list already in an order: which rows are people already in
//! the list (the same e-mail address, or else the same name and birth date), which of those
//! change, and which are new; and the list's limit of [`Limits::DEFAULT`]`.max_rows` users.
//! Also a small bounded undo/redo history of list states ([`History`]).
//!
//! [`Limits::DEFAULT`]: crate::import::Limits::DEFAULT

use std::collections::VecDeque;

use crate::RawUser;
use crate::import::Limits;

/// The most users one order's list may hold.
pub const MAX_USERS: usize = Limits::DEFAULT.max_rows;

/// The e-mail address as compared: trimmed, lower case; `None` when empty.
fn email_key(user: &RawUser) -> Option<String> {
    let email = user.email.trim().to_lowercase();
    (!email.is_empty()).then_some(email)
}

/// Trimmed, lower case, inner whitespace collapsed to one space.
fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Names and birth date as compared; `None` when the name or the birth date is empty.
fn person_key(user: &RawUser) -> Option<(String, String)> {
    let name = folded(&format!(
        "{} {} {}",
        user.first_names, user.infix, user.last_name
    ));
    let birth_date = user.birth_date.trim().to_string();
    (!name.is_empty() && !birth_date.is_empty()).then_some((name, birth_date))
}

/// Whether `a` and `b` are the same person: the same non-empty e-mail address (trimmed, any
/// case), or else the same names (trimmed, any case, inner spaces collapsed) and the same
/// birth date as typed (trimmed), both non-empty.
pub fn same_person(a: &RawUser, b: &RawUser) -> bool {
    match (email_key(a), email_key(b)) {
        (Some(x), Some(y)) if x == y => true,
        _ => person_key(a).is_some_and(|key| Some(key) == person_key(b)),
    }
}

/// What merging a file into a list would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergePlan {
    /// Users of the list (by index) that a file row changes, with their new values.
    pub updated: Vec<(usize, RawUser)>,
    /// Indexes in the list of users that a file row matches with the same values.
    pub unchanged: Vec<usize>,
    /// File rows that match nobody: they come after the list.
    pub added: Vec<RawUser>,
}

impl MergePlan {
    /// How many users the list holds after the merge, when it held `existing`.
    pub fn total(&self, existing: usize) -> usize {
        existing + self.added.len()
    }

    /// Applies the plan to `list` (whose users are reached through `user`): updated users keep
    /// their place (and whatever else `T` holds, such as an id); `new` makes the list's item
    /// for each added user.
    pub fn apply<T>(
        self,
        list: &mut Vec<T>,
        user: impl Fn(&mut T) -> &mut RawUser,
        mut new: impl FnMut(&[T], RawUser) -> T,
    ) {
        for (index, values) in self.updated {
            if let Some(item) = list.get_mut(index) {
                *user(item) = values;
            }
        }
        for values in self.added {
            let item = new(list, values);
            list.push(item);
        }
    }
}

/// For each of `incoming` (a file's rows), the user of `existing` (the list) that is the same
/// person, by index, or `None` for someone new. Each row is matched by e-mail address first, then
/// by name and birth date ([`same_person`]), against a user of the list that no earlier row
/// matched: a second row for the same person is someone new, so that nothing uploaded is lost
/// (the list's own checks then flag the duplicate).
pub fn match_rows(existing: &[RawUser], incoming: &[RawUser]) -> Vec<Option<usize>> {
    let emails: Vec<Option<String>> = existing.iter().map(email_key).collect();
    let people: Vec<Option<(String, String)>> = existing.iter().map(person_key).collect();
    let mut taken = vec![false; existing.len()];
    incoming
        .iter()
        .map(|row| {
            let free = |i: &usize| !taken[*i];
            let by_email = email_key(row).and_then(|key| {
                (0..existing.len())
                    .filter(free)
                    .find(|i| emails[*i].as_ref() == Some(&key))
            });
            let found = by_email.or_else(|| {
                person_key(row).and_then(|key| {
                    (0..existing.len())
                        .filter(free)
                        .find(|i| people[*i].as_ref() == Some(&key))
                })
            });
            if let Some(index) = found {
                taken[index] = true;
            }
            found
        })
        .collect()
}

/// Plans merging `incoming` (a file's rows) into `existing` (the list), matching the rows as
/// [`match_rows`] does.
pub fn plan_merge(existing: &[RawUser], incoming: &[RawUser]) -> MergePlan {
    let mut plan = MergePlan::default();
    for (row, found) in incoming.iter().zip(match_rows(existing, incoming)) {
        match found {
            Some(index) if existing[index] == *row => plan.unchanged.push(index),
            Some(index) => plan.updated.push((index, row.clone())),
            None => plan.added.push(row.clone()),
        }
    }
    plan
}

/// The list would hold more users than an order may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{total} users, at most {max} per order")]
pub struct TooManyUsers {
    /// How many users the list would hold.
    pub total: usize,
    /// The most it may hold.
    pub max: usize,
}

impl TooManyUsers {
    /// How many users too many.
    pub fn excess(&self) -> usize {
        self.total.saturating_sub(self.max)
    }
}

/// Refuses a list of `total` users when that is more than [`MAX_USERS`].
pub fn check_total(total: usize) -> Result<(), TooManyUsers> {
    if total > MAX_USERS {
        Err(TooManyUsers {
            total,
            max: MAX_USERS,
        })
    } else {
        Ok(())
    }
}

/// One change of a list: what it was before and after, and what the change was (`L`).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<S, L> {
    /// What the change was, to name it.
    pub label: L,
    /// The state before.
    pub before: S,
    /// The state after.
    pub after: S,
}

/// A bounded undo/redo history of whole states (`S`), each change named by a label (`L`).
/// Recording a change forgets what could be redone; the oldest entries go beyond `capacity`.
#[derive(Debug, Clone, PartialEq)]
pub struct History<S, L> {
    undo: VecDeque<Entry<S, L>>,
    redo: Vec<Entry<S, L>>,
    capacity: usize,
}

impl<S: Clone, L: Clone> History<S, L> {
    /// An empty history keeping at most `capacity` changes.
    pub fn new(capacity: usize) -> History<S, L> {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            capacity: capacity.max(1),
        }
    }

    /// Records a change from `before` to `after`.
    pub fn record(&mut self, label: L, before: S, after: S) {
        self.redo.clear();
        self.undo.push_back(Entry {
            label,
            before,
            after,
        });
        while self.undo.len() > self.capacity {
            self.undo.pop_front();
        }
    }

    /// Undoes the last change: its entry, whose `before` is the state to restore.
    pub fn undo(&mut self) -> Option<&Entry<S, L>> {
        let entry = self.undo.pop_back()?;
        self.redo.push(entry);
        self.redo.last()
    }

    /// Redoes the last undone change: its entry, whose `after` is the state to restore.
    pub fn redo(&mut self) -> Option<&Entry<S, L>> {
        let entry = self.redo.pop()?;
        self.undo.push_back(entry);
        self.undo.back()
    }

    /// The change that [`undo`](Self::undo) would undo.
    pub fn next_undo(&self) -> Option<&L> {
        self.undo.back().map(|e| &e.label)
    }

    /// The change that [`redo`](Self::redo) would redo.
    pub fn next_redo(&self) -> Option<&L> {
        self.redo.last().map(|e| &e.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(first: &str, last: &str, date: &str, email: &str, mobile: &str) -> RawUser {
        RawUser {
            first_names: first.into(),
            infix: String::new(),
            last_name: last.into(),
            birth_date: date.into(),
            birth_place: "Utrecht".into(),
            email: email.into(),
            mobile: mobile.into(),
            employed: "J".into(),
        }
    }

    fn jan() -> RawUser {
        user(
            "Jan",
            "Vries",
            "15-03-1985",
            "jan@voorbeeld.nl",
            "06 12345678",
        )
    }

    #[test]
    fn the_same_email_in_any_case_is_the_same_person() {
        let mut other = user("Johan", "Anders", "01-01-1990", " JAN@Voorbeeld.NL ", "");
        assert!(same_person(&jan(), &other));
        other.email = "jan2@voorbeeld.nl".into();
        assert!(!same_person(&jan(), &other));
    }

    #[test]
    fn without_the_same_email_the_name_and_birth_date_decide() {
        let mut other = jan();
        other.email = "j.vries@werk.nl".into();
        other.first_names = "  JAN ".into();
        other.last_name = "vries".into();
        assert!(same_person(&jan(), &other));
        other.birth_date = "16-03-1985".into();
        assert!(!same_person(&jan(), &other));
    }

    #[test]
    fn inner_spaces_and_the_infix_are_part_of_the_name() {
        let a = user("Anna  Maria", "Jansen", "03-07-1992", "", "");
        let mut b = user("anna maria", "jansen", "03-07-1992", "", "");
        assert!(same_person(&a, &b));
        b.infix = "van".into();
        assert!(!same_person(&a, &b));
    }

    #[test]
    fn empty_emails_and_empty_names_or_dates_never_match() {
        let a = user("", "", "", "", "06 1");
        assert!(!same_person(&a, &a.clone()));
        let b = user("Jan", "Vries", "", "", "");
        assert!(!same_person(&b, &b.clone()));
        let c = user("", "", "15-03-1985", "", "");
        assert!(!same_person(&c, &c.clone()));
    }

    #[test]
    fn a_merge_updates_keeps_and_adds() {
        let piet = user(
            "Piet",
            "Bos",
            "05-05-1980",
            "piet@voorbeeld.nl",
            "06 99887766",
        );
        let existing = vec![jan(), piet.clone()];
        let mut changed = jan();
        changed.mobile = "06 11111111".into();
        let new = user(
            "Kees",
            "Smit",
            "01-01-1970",
            "kees@voorbeeld.nl",
            "06 22222222",
        );
        let plan = plan_merge(&existing, &[new.clone(), piet, changed.clone()]);
        assert_eq!(plan.updated, vec![(0, changed.clone())]);
        assert_eq!(plan.unchanged, vec![1]);
        assert_eq!(plan.added, vec![new.clone()]);
        assert_eq!(plan.total(existing.len()), 3);

        let mut list: Vec<(u32, RawUser)> = existing
            .into_iter()
            .zip([7, 9])
            .map(|(u, id)| (id, u))
            .collect();
        plan.apply(
            &mut list,
            |item| &mut item.1,
            |list, u| (list.len() as u32 + 100, u),
        );
        assert_eq!(list[0], (7, changed));
        assert_eq!(list[1].0, 9);
        assert_eq!(list[2], (102, new));
    }

    #[test]
    fn each_file_row_is_matched_to_its_person_in_the_list_at_most_once() {
        let piet = user("Piet", "Bos", "05-05-1980", "piet@voorbeeld.nl", "");
        let mut corrected = jan();
        // A corrected e-mail address: the name and birth date still say who it is.
        corrected.email = "jan.vries@voorbeeld.nl".into();
        let mut wrong = jan();
        wrong.email = "jan".into();
        let kees = user("Kees", "Smit", "01-01-1970", "kees@voorbeeld.nl", "");
        let existing = [wrong, piet.clone()];
        assert_eq!(
            match_rows(
                &existing,
                &[piet.clone(), kees, corrected.clone(), corrected]
            ),
            vec![Some(1), None, Some(0), None]
        );
        assert_eq!(match_rows(&[], &[piet]), vec![None]);
    }

    #[test]
    fn a_second_row_for_the_same_person_is_added_not_lost() {
        let mut twice = jan();
        twice.mobile = "06 33333333".into();
        let plan = plan_merge(&[jan()], &[twice.clone(), twice.clone()]);
        assert_eq!(plan.updated.len(), 1);
        assert_eq!(plan.added, vec![twice]);
    }

    #[test]
    fn the_email_is_matched_before_the_name() {
        // Row matches user 1 by name and user 0 by e-mail: e-mail wins.
        let by_email = user("Karel", "Appel", "01-01-1960", "x@voorbeeld.nl", "");
        let by_name = user("Jan", "Vries", "15-03-1985", "", "");
        let row = user("Jan", "Vries", "15-03-1985", "X@voorbeeld.nl", "");
        let plan = plan_merge(&[by_email, by_name], &[row]);
        assert_eq!(plan.updated.len(), 1);
        assert_eq!(plan.updated[0].0, 0);
    }

    #[test]
    fn the_list_holds_at_most_a_hundred() {
        assert_eq!(MAX_USERS, 100);
        assert_eq!(check_total(100), Ok(()));
        let refused = check_total(130).unwrap_err();
        assert_eq!(
            refused,
            TooManyUsers {
                total: 130,
                max: 100
            }
        );
        assert_eq!(refused.excess(), 30);
    }

    #[test]
    fn undo_and_redo_restore_whole_states() {
        let mut history: History<Vec<u32>, &str> = History::new(2);
        assert_eq!(history.next_undo(), None);
        history.record("a", vec![], vec![1]);
        history.record("b", vec![1], vec![1, 2]);
        assert_eq!(history.next_undo(), Some(&"b"));
        assert_eq!(history.undo().map(|e| e.before.clone()), Some(vec![1]));
        assert_eq!(history.next_redo(), Some(&"b"));
        assert_eq!(history.redo().map(|e| e.after.clone()), Some(vec![1, 2]));
        assert_eq!(history.next_redo(), None);
        // A new change forgets the redo and the oldest beyond the capacity.
        history.undo();
        history.record("c", vec![1], vec![3]);
        assert_eq!(history.next_redo(), None);
        history.record("d", vec![3], vec![4]);
        assert_eq!(history.undo().map(|e| e.label), Some("d"));
        assert_eq!(history.undo().map(|e| e.label), Some("c"));
        assert!(history.undo().is_none(), "a was dropped at capacity 2");
    }
}

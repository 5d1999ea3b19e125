//! The steps' names: each is a goose transaction, and its requests carry the same name, so the
//! report has a line per step. [`ALL`] is the report's order.

pub const MANAGER_SIGN_IN: &str = "manager: sign in";
pub const MANAGER_TEMPLATE: &str = "manager: users file template";
pub const MANAGER_VALIDATE: &str = "manager: validate users file";
pub const MANAGER_ORDER: &str = "manager: place order";

pub const USER_INVITATION: &str = "user: read invitation (dev mailbox)";
pub const USER_OPEN: &str = "user: open link";
pub const USER_CONFIRM: &str = "user: confirm e-mail";
pub const USER_SEND_CODE: &str = "user: request SMS code";
pub const USER_READ_CODE: &str = "user: read SMS code (dev mailbox)";
pub const USER_VERIFY: &str = "user: verify SMS code";
pub const USER_ORDER: &str = "user: order";

pub const BEHEER_SIGN_IN: &str = "beheer: sign in";
pub const BEHEER_USERS: &str = "beheer: users list";
pub const BEHEER_REQUESTS: &str = "beheer: requests list";
pub const BEHEER_EXPORT: &str = "beheer: users export CSV (first byte)";
pub const BEHEER_EXPORT_WHOLE: &str = "beheer: users export CSV (whole)";

pub const BACKLOG_SIGN_IN: &str = "backlog: sign in";
pub const BACKLOG_ORDER: &str = "backlog: place order of 100";

/// Every step, in the report's order.
pub const ALL: [&str; 18] = [
    MANAGER_SIGN_IN,
    MANAGER_TEMPLATE,
    MANAGER_VALIDATE,
    MANAGER_ORDER,
    USER_INVITATION,
    USER_OPEN,
    USER_CONFIRM,
    USER_SEND_CODE,
    USER_READ_CODE,
    USER_VERIFY,
    USER_ORDER,
    BEHEER_SIGN_IN,
    BEHEER_USERS,
    BEHEER_REQUESTS,
    BEHEER_EXPORT,
    BEHEER_EXPORT_WHOLE,
    BACKLOG_SIGN_IN,
    BACKLOG_ORDER,
];

/// Where `name` goes in the report: its place in [`ALL`], unknown names last.
pub fn rank(name: &str) -> usize {
    ALL.iter()
        .position(|step| *step == name)
        .unwrap_or(ALL.len())
}

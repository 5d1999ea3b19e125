//! The texts of the e-mails: pure functions from the facts to a [`RenderedMail`] with a subject,
//! a plain-text part and an HTML part, in Dutch.
//!
//! Every value that comes from a person (names, organisation, addresses) is put on one line and,
//! in the HTML part, escaped; the HTML is simple tables with inline styles, as mail clients need.

use domain::{Date, Level};

/// The name the mails are signed with.
pub const SENDER_NAME: &str = "Middelpunt";

/// How long an invitation link works, in days.
pub const INVITATION_VALID_DAYS: u32 = 30;

/// The text of the invitation's button: what it does, not "Klik hier" as in seed step 16 (a link
/// text says where it goes).
pub const INVITATION_BUTTON: &str = "Bevestig uw e-mailadres en start uw aanvraag";

/// A mail ready for the outbox: [`crate::outbox::NewMessage::email`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The facts of an invitation: the mail a user gets for each request a manager ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationMail<'a> {
    /// The user's full name as the manager entered it, e.g. `Jan Pieter van Dijk`.
    pub user_name: &'a str,
    /// The organisation's name as the KvK register holds it.
    pub organisation: &'a str,
    /// The organisation's KvK number.
    pub kvk_number: &'a str,
    /// The manager (machtigingenbeheerder) who ordered, and how to reach them.
    pub manager_name: &'a str,
    pub manager_email: &'a str,
    /// The level ordered.
    pub level: Level,
    /// The user's personal link, `{MIDDELPUNT_PUBLIC_URL}/activeren/{token}` ([`activation_link`]).
    pub link: &'a str,
    /// The last day the link works.
    pub expires_on: Date,
    /// How many days the link works, e.g. [`INVITATION_VALID_DAYS`].
    pub valid_days: u32,
    /// When the request renews or replaces the user's means: how, which, and its last day.
    pub succession: Option<(api::SuccessionKind, &'a str, Date)>,
}

/// The user's personal link: `{public_url}/activeren/{token}`.
pub fn activation_link(public_url: &str, token: &str) -> String {
    format!("{}/activeren/{token}", public_url.trim_end_matches('/'))
}

/// The invitation mail.
pub fn invitation(mail: InvitationMail<'_>) -> RenderedMail {
    let user = one_line(mail.user_name);
    let organisation = one_line(mail.organisation);
    let kvk = one_line(mail.kvk_number);
    let manager = one_line(mail.manager_name);
    let manager_email = one_line(mail.manager_email);
    let level = mail.level.label();
    let link = one_line(mail.link);
    let until = long_date(mail.expires_on);
    let days = mail.valid_days;

    let succession = mail
        .succession
        .map(|(kind, means, old_until)| (kind, one_line(means), long_date(old_until)));
    let subject = match succession {
        Some((api::SuccessionKind::Renewal, _, _)) => {
            format!("Verleng uw eHerkenningsmiddel voor {organisation}")
        }
        _ => format!("Bevestig uw e-mailadres voor eHerkenning bij {organisation}"),
    };
    // What was ordered, and what follows the SMS code: with U+0001 around what the HTML
    // part shows in bold.
    let (what, after) = match &succession {
        None => (
            format!(
                "{manager} heeft voor \u{1}{organisation}\u{1} (KvK-nummer {kvk}) een \
                 eHerkenningsmiddel op niveau \u{1}{level}\u{1} voor u aangevraagd. Daarmee logt u \
                 namens {organisation} in bij overheidsdiensten en andere organisaties."
            ),
            "Bent u niet in loondienst, dan volgt nog een identificatie; u leest dan wat u \
             moet doen."
                .to_owned(),
        ),
        Some((api::SuccessionKind::Renewal, means, old_until)) => (
            format!(
                "{manager} heeft voor \u{1}{organisation}\u{1} (KvK-nummer {kvk}) de verlenging van \
                 uw eHerkenningsmiddel {means} op niveau \u{1}{level}\u{1} aangevraagd. Uw huidige \
                 middel is geldig tot en met {old_until}; het nieuwe gaat in op de dag erna, \
                 zodat u geen dag verliest."
            ),
            "Zolang uw huidige middel geldig is, hoeft u zich niet opnieuw te identificeren."
                .to_owned(),
        ),
        Some((api::SuccessionKind::LevelChange, means, _)) => (
            format!(
                "{manager} heeft voor \u{1}{organisation}\u{1} (KvK-nummer {kvk}) een \
                 eHerkenningsmiddel op niveau \u{1}{level}\u{1} voor u aangevraagd, in plaats van uw \
                 middel {means}. Dat stopt zodra het nieuwe is uitgegeven."
            ),
            "Bent u niet in loondienst, dan volgt nog een identificatie; u leest dan wat u \
             moet doen."
                .to_owned(),
        ),
    };
    let what_text = what.replace('\u{1}', "");

    let text = format!(
        "Beste {user},\n\
         \n\
         {what_text}\n\
         \n\
         Wat moet u doen?\n\
         {INVITATION_BUTTON}:\n\
         {link}\n\
         \n\
         Daarna controleert u uw gegevens, bevestigt u uw mobiele nummer met een code die u per \
         sms ontvangt, en rondt u de aanvraag af. {after}\n\
         \n\
         Deze link is persoonlijk: stuur hem niet door. Hij is {days} dagen geldig, tot en met \
         {until}. Daarna werkt hij niet meer en moet {manager} de aanvraag opnieuw doen.\n\
         \n\
         Vragen?\n\
         Over deze aanvraag of uw gegevens: neem contact op met {manager} ({manager_email}), \
         machtigingenbeheerder van {organisation}.\n\
         Heeft u deze aanvraag niet verwacht? Klik dan niet op de link en neem contact op met \
         {manager}. Zonder uw bevestiging gebeurt er niets.\n\
         \n\
         Met vriendelijke groet,\n\
         {SENDER_NAME}\n\
         \n\
         Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.\n"
    );

    let (user, organisation, manager, manager_email, link, subject_html) = (
        escape(&user),
        escape(&organisation),
        escape(&manager),
        escape(&manager_email),
        escape(&link),
        escape(&subject),
    );
    let mailto = escape(&format!("mailto:{}", one_line(mail.manager_email)));
    // Bold between the U+0001 marks; everything else escaped.
    let what_html: String = escape(&what)
        .split('\u{1}')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<strong>{part}</strong>")
            } else {
                part.to_owned()
            }
        })
        .collect();
    let after = escape(&after);
    let content = format!(
        r#"<tr><td style="padding:32px 32px 8px 32px;">
<p style="margin:0 0 16px 0;">Beste {user},</p>
<p style="margin:0 0 16px 0;">{what_html}</p>
<h2 style="margin:24px 0 8px 0;font-size:18px;">Wat moet u doen?</h2>
</td></tr>
<tr><td style="padding:0 32px 16px 32px;">
<table role="presentation" cellpadding="0" cellspacing="0"><tr><td style="border-radius:4px;background:#1d4ed8;">
<a href="{link}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:bold;text-decoration:none;">{INVITATION_BUTTON}</a>
</td></tr></table>
</td></tr>
<tr><td style="padding:0 32px 8px 32px;">
<p style="margin:0 0 16px 0;font-size:14px;">Werkt de knop niet? Kopieer dan deze link naar uw browser:<br><a href="{link}" style="color:#1d4ed8;word-break:break-all;">{link}</a></p>
<p style="margin:0 0 16px 0;">Daarna controleert u uw gegevens, bevestigt u uw mobiele nummer met een code die u per sms ontvangt, en rondt u de aanvraag af. {after}</p>
<p style="margin:0 0 16px 0;">Deze link is persoonlijk: stuur hem niet door. Hij is {days} dagen geldig, <strong>tot en met {until}</strong>. Daarna werkt hij niet meer en moet {manager} de aanvraag opnieuw doen.</p>
<h2 style="margin:24px 0 8px 0;font-size:18px;">Vragen?</h2>
<p style="margin:0 0 16px 0;">Over deze aanvraag of uw gegevens: neem contact op met {manager} (<a href="{mailto}" style="color:#1d4ed8;">{manager_email}</a>), machtigingenbeheerder van {organisation}.</p>
<p style="margin:0 0 16px 0;">Heeft u deze aanvraag niet verwacht? Klik dan niet op de link en neem contact op met {manager}. Zonder uw bevestiging gebeurt er niets.</p>
<p style="margin:0 0 24px 0;">Met vriendelijke groet,<br>{SENDER_NAME}</p>
</td></tr>
"#
    );
    let html = html_page(&subject_html, &content);

    RenderedMail {
        subject,
        text,
        html,
    }
}

/// A whole HTML mail around `content` (table rows, `<tr>…</tr>`): the grey page, the white
/// card of at most 600 px, and the "automatic message" footer. `subject_html` is escaped.
pub fn html_page(subject_html: &str, content: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{subject_html}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;">
{content}<tr><td style="padding:16px 32px 32px 32px;border-top:1px solid #e5e7eb;font-size:13px;color:#4b5563;">Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"#
    )
}

/// `value` on one line, runs of whitespace (line breaks included) as one space.
pub fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `value` safe in HTML text and in double- or single-quoted attributes.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `25 december 2026`.
pub fn long_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let month = MONTHS[usize::from(date.month().clamp(1, 12)) - 1];
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail<'a>(organisation: &'a str, user_name: &'a str) -> InvitationMail<'a> {
        InvitationMail {
            user_name,
            organisation,
            kvk_number: "68750110",
            manager_name: "Petra de Boer",
            manager_email: "petra@korenbloem.example",
            level: Level::Eh3,
            link: "https://portaal.example/activeren/abc123",
            expires_on: Date::new(2026, 12, 25).unwrap(),
            valid_days: INVITATION_VALID_DAYS,
            succession: None,
        }
    }

    #[test]
    fn a_renewal_says_which_means_and_that_no_identification_is_needed() {
        let mut facts = mail("Bakkerij De Korenbloem B.V.", "Jan Pieter van Dijk");
        facts.succession = Some((
            api::SuccessionKind::Renewal,
            "EHM-AAAAA-BBBBB",
            Date::new(2027, 1, 20).unwrap(),
        ));
        let rendered = invitation(facts);
        assert_eq!(
            rendered.subject,
            "Verleng uw eHerkenningsmiddel voor Bakkerij De Korenbloem B.V."
        );
        for part in [&rendered.text, &rendered.html] {
            assert!(part.contains("verlenging van uw eHerkenningsmiddel EHM-AAAAA-BBBBB"));
            assert!(part.contains("20 januari 2027"));
            assert!(part.contains("niet opnieuw te identificeren"));
            assert!(!part.contains("volgt nog een identificatie"));
            assert!(!part.contains('\u{1}'));
        }
        assert!(
            rendered
                .html
                .contains("<strong>Bakkerij De Korenbloem B.V.</strong>")
        );
    }

    #[test]
    fn the_invitation_names_user_organisation_manager_level_link_and_expiry() {
        let rendered = invitation(mail("Bakkerij De Korenbloem B.V.", "Jan Pieter van Dijk"));
        assert_eq!(
            rendered.subject,
            "Bevestig uw e-mailadres voor eHerkenning bij Bakkerij De Korenbloem B.V."
        );
        for part in [&rendered.text, &rendered.html] {
            for expected in [
                "Beste Jan Pieter van Dijk,",
                "Bakkerij De Korenbloem B.V.",
                "68750110",
                "Petra de Boer",
                "petra@korenbloem.example",
                "EH3",
                "https://portaal.example/activeren/abc123",
                "25 december 2026",
                "30 dagen",
                INVITATION_BUTTON,
            ] {
                assert!(part.contains(expected), "{expected:?} missing in\n{part}");
            }
        }
        assert!(
            rendered
                .html
                .contains(r#"<a href="https://portaal.example/activeren/abc123""#)
        );
        assert!(rendered.html.contains(r#"<html lang="nl">"#));
    }

    #[test]
    fn user_values_are_escaped_in_html_and_kept_on_one_line() {
        let rendered = invitation(InvitationMail {
            manager_name: "Eve \"<img src=x onerror=alert(1)>\"",
            ..mail(
                "<script>alert('x')</script> & Zn.\r\nBcc: x@y",
                "Jan <b>Dijk</b>",
            )
        });
        assert!(!rendered.html.contains("<script>"), "{}", rendered.html);
        assert!(!rendered.html.contains("<b>"), "{}", rendered.html);
        assert!(!rendered.html.contains("<img"), "{}", rendered.html);
        assert!(
            rendered
                .html
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Zn. Bcc: x@y")
        );
        assert!(rendered.html.contains("Beste Jan &lt;b&gt;Dijk&lt;/b&gt;,"));
        assert!(
            rendered
                .html
                .contains("Eve &quot;&lt;img src=x onerror=alert(1)&gt;&quot;")
        );
        // Plain text as given, but never a line break from a value.
        assert!(
            rendered
                .text
                .contains("<script>alert('x')</script> & Zn. Bcc: x@y")
        );
        assert!(!rendered.subject.contains('\n') && !rendered.subject.contains('\r'));
    }

    #[test]
    fn a_link_with_special_characters_is_escaped_in_the_attribute() {
        let rendered = invitation(InvitationMail {
            link: "https://portaal.example/activeren/a\"b&c",
            ..mail("Org", "Jan")
        });
        assert!(
            rendered
                .html
                .contains(r#"href="https://portaal.example/activeren/a&quot;b&amp;c""#)
        );
    }

    #[test]
    fn links_and_dates_read_naturally() {
        assert_eq!(
            activation_link("http://127.0.0.1:8080/", "tok"),
            "http://127.0.0.1:8080/activeren/tok"
        );
        assert_eq!(long_date(Date::new(2027, 1, 5).unwrap()), "5 januari 2027");
        assert_eq!(escape("a&b<c>\"'"), "a&amp;b&lt;c&gt;&quot;&#39;");
    }
}

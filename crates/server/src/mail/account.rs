//! The e-mails about a person's own account: the set-up link of an appointed manager, the link
//! to choose a new password, a removed second factor. A new one goes in
//! [`super::samples::all`] too, so that `admin test-mail` sends it and the mail check scores it.

use super::templates::{RenderedMail, SENDER_NAME, escape, html_page, one_line};

/// A short letter to the account's holder: the greeting, `paragraphs` (plain text; a paragraph
/// that is the `link` becomes a link in HTML), the sign-off and the "automatic message" footer.
fn letter(name: &str, subject: String, paragraphs: &[String], link: Option<&str>) -> RenderedMail {
    let name = one_line(name);
    let body: String = paragraphs.iter().map(|p| format!("{p}\n\n")).collect();
    let text = format!(
        "Beste {name},\n\n{body}Met vriendelijke groet,\n{SENDER_NAME}\n\n\
         Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.\n"
    );
    let paragraph = |p: &String| {
        let inner = if Some(p.as_str()) == link {
            let href = escape(p);
            format!(r#"<a href="{href}" style="color:#1d4ed8;word-break:break-all;">{href}</a>"#)
        } else {
            escape(p)
        };
        format!(r#"<p style="margin:0 0 16px 0;">{inner}</p>"#)
    };
    let paragraphs_html: String = paragraphs
        .iter()
        .map(paragraph)
        .collect::<Vec<_>>()
        .join("\n");
    let content = format!(
        r#"<tr><td style="padding:32px 32px 8px 32px;">
<p style="margin:0 0 16px 0;">Beste {},</p>
{paragraphs_html}
<p style="margin:0 0 24px 0;">Met vriendelijke groet,<br>{SENDER_NAME}</p>
</td></tr>
"#,
        escape(&name)
    );
    RenderedMail {
        html: html_page(&escape(&subject), &content),
        subject,
        text,
    }
}

/// The back office appointed the person machtigingenbeheerder of `organisation`: the one-time
/// link to set up the account, valid `hours`.
pub(crate) fn appointed(name: &str, organisation: &str, link: &str, hours: i64) -> RenderedMail {
    let link = one_line(link);
    let organisation = one_line(organisation);
    let paragraphs = [
        format!(
            "U bent aangesteld als machtigingenbeheerder van {organisation} in Middelpunt. \
             Daarmee vraagt u eHerkenningsmiddelen aan voor de mensen van uw organisatie en \
             volgt u ze in Beheer."
        ),
        "Stel uw account in via deze link: u kiest een wachtwoord en koppelt een \
         authenticator-app op uw telefoon."
            .to_owned(),
        link.clone(),
        format!(
            "De link werkt één keer, {hours} uur lang. Is hij verlopen? Vraag dan uw \
             eHerkenning-leverancier om een nieuwe."
        ),
        "Verwachtte u dit bericht niet? Neem dan contact op met uw eHerkenning-leverancier."
            .to_owned(),
    ];
    letter(
        name,
        "Stel uw account in bij Middelpunt".to_owned(),
        &paragraphs,
        Some(&link),
    )
}

/// "Wachtwoord vergeten?": the one-time link to choose a new password, valid `minutes`.
pub(crate) fn password_reset(name: &str, link: &str, minutes: i64) -> RenderedMail {
    let link = one_line(link);
    let paragraphs = [
        "Iemand heeft gevraagd om een nieuw wachtwoord voor uw account bij Middelpunt. Was u \
         dat? Kies dan via deze link een nieuw wachtwoord:"
            .to_owned(),
        link.clone(),
        format!(
            "De link werkt één keer, {minutes} minuten lang. Na het nieuwe wachtwoord vraagt \
             Middelpunt zoals altijd om de code uit uw authenticator-app (of een herstelcode)."
        ),
        "Was u dit niet? Dan hoeft u niets te doen: uw wachtwoord blijft zoals het is.".to_owned(),
    ];
    letter(
        name,
        "Kies een nieuw wachtwoord voor Middelpunt".to_owned(),
        &paragraphs,
        Some(&link),
    )
}

/// The provider's staff removed the person's authenticator app and recovery codes.
pub(crate) fn second_factor_reset(name: &str) -> RenderedMail {
    let paragraphs = [
        "Op verzoek is de authenticator-app van uw account bij Middelpunt verwijderd, samen met \
         uw passkeys en herstelcodes. U bent overal uitgelogd. De volgende keer dat u inlogt, \
         voegt u na uw wachtwoord opnieuw een passkey of authenticator-app toe."
            .to_owned(),
        "Heeft u hier niet om gevraagd? Neem dan meteen contact op met uw eHerkenning-leverancier."
            .to_owned(),
    ];
    letter(
        name,
        "Uw tweede factor voor Middelpunt is verwijderd".to_owned(),
        &paragraphs,
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reset_mail_holds_the_link_and_says_how_long_it_works() {
        let mail = password_reset(
            "Bea <de> Vries",
            "https://p.example/account/instellen#abc",
            60,
        );
        assert!(
            mail.text
                .contains("https://p.example/account/instellen#abc")
        );
        assert!(mail.text.contains("60 minuten"));
        assert!(mail.html.contains("Bea &lt;de&gt; Vries"));
        assert!(!mail.html.contains("<de>"));
        assert!(
            mail.html
                .contains(r#"<a href="https://p.example/account/instellen#abc""#)
        );
        assert!(
            mail.text
                .starts_with("Beste Bea <de> Vries,\n\nIemand heeft")
        );
        assert!(mail.text.contains("Met vriendelijke groet,\nMiddelpunt"));
    }

    #[test]
    fn the_appointment_mail_names_the_organisation_and_holds_the_link() {
        let mail = appointed(
            "Bea",
            "Test BV Donald",
            "https://p.example/account/instellen#xyz",
            24,
        );
        assert!(
            mail.text
                .contains("machtigingenbeheerder van Test BV Donald")
        );
        assert!(
            mail.text
                .contains("https://p.example/account/instellen#xyz")
        );
        assert!(mail.text.contains("24 uur"));
        assert!(
            mail.html
                .contains(r#"<a href="https://p.example/account/instellen#xyz""#)
        );
    }

    #[test]
    fn the_second_factor_mail_says_what_happened_and_whom_to_call() {
        let mail = second_factor_reset("Bea");
        assert!(mail.text.contains("authenticator-app van uw account"));
        assert!(mail.html.contains("eHerkenning-leverancier"));
        assert!(!mail.html.contains("<a href"));
    }
}

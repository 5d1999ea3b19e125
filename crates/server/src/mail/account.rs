//! The e-mails about a person's own account: the link to choose a new password.

use super::templates::{RenderedMail, SENDER_NAME, escape, html_page, one_line};

/// "Wachtwoord vergeten?": the one-time link to choose a new password, valid `minutes`.
pub(crate) fn password_reset(name: &str, link: &str, minutes: i64) -> RenderedMail {
    let name = one_line(name);
    let link = one_line(link);
    let subject = "Kies een nieuw wachtwoord voor Middelpunt".to_owned();
    let text = format!(
        "Beste {name},\n\
         \n\
         Iemand heeft gevraagd om een nieuw wachtwoord voor uw account bij Middelpunt. Was u \
         dat? Kies dan via deze link een nieuw wachtwoord:\n\
         {link}\n\
         \n\
         De link werkt één keer, {minutes} minuten lang. Na het nieuwe wachtwoord vraagt \
         Middelpunt zoals altijd om de code uit uw authenticator-app (of een herstelcode).\n\
         \n\
         Was u dit niet? Dan hoeft u niets te doen: uw wachtwoord blijft zoals het is.\n\
         \n\
         Met vriendelijke groet,\n\
         {SENDER_NAME}\n\
         \n\
         Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.\n"
    );
    let (name_html, link_html, subject_html) = (escape(&name), escape(&link), escape(&subject));
    let content = format!(
        r#"<tr><td style="padding:32px 32px 8px 32px;">
<p style="margin:0 0 16px 0;">Beste {name_html},</p>
<p style="margin:0 0 16px 0;">Iemand heeft gevraagd om een nieuw wachtwoord voor uw account bij Middelpunt. Was u dat? Kies dan via deze link een nieuw wachtwoord:</p>
<p style="margin:0 0 16px 0;"><a href="{link_html}" style="color:#1d4ed8;word-break:break-all;">{link_html}</a></p>
<p style="margin:0 0 16px 0;">De link werkt één keer, {minutes} minuten lang. Na het nieuwe wachtwoord vraagt Middelpunt zoals altijd om de code uit uw authenticator-app (of een herstelcode).</p>
<p style="margin:0 0 16px 0;">Was u dit niet? Dan hoeft u niets te doen: uw wachtwoord blijft zoals het is.</p>
<p style="margin:0 0 24px 0;">Met vriendelijke groet,<br>{SENDER_NAME}</p>
</td></tr>
"#
    );
    RenderedMail {
        html: html_page(&subject_html, &content),
        subject,
        text,
    }
}

/// The provider's staff removed the person's authenticator app and recovery codes.
pub(crate) fn second_factor_reset(name: &str) -> RenderedMail {
    let name = one_line(name);
    let subject = "Uw tweede factor voor Middelpunt is verwijderd".to_owned();
    let text = format!(
        "Beste {name},\n\
         \n\
         Op verzoek is de authenticator-app van uw account bij Middelpunt verwijderd, samen met \
         uw herstelcodes. U bent overal uitgelogd. De volgende keer dat u inlogt, voegt u na uw \
         wachtwoord opnieuw een authenticator-app toe.\n\
         \n\
         Heeft u hier niet om gevraagd? Neem dan meteen contact op met uw eHerkenning-leverancier.\n\
         \n\
         Met vriendelijke groet,\n\
         {SENDER_NAME}\n\
         \n\
         Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.\n"
    );
    let (name_html, subject_html) = (escape(&name), escape(&subject));
    let content = format!(
        r#"<tr><td style="padding:32px 32px 8px 32px;">
<p style="margin:0 0 16px 0;">Beste {name_html},</p>
<p style="margin:0 0 16px 0;">Op verzoek is de authenticator-app van uw account bij Middelpunt verwijderd, samen met uw herstelcodes. U bent overal uitgelogd. De volgende keer dat u inlogt, voegt u na uw wachtwoord opnieuw een authenticator-app toe.</p>
<p style="margin:0 0 16px 0;">Heeft u hier niet om gevraagd? Neem dan meteen contact op met uw eHerkenning-leverancier.</p>
<p style="margin:0 0 24px 0;">Met vriendelijke groet,<br>{SENDER_NAME}</p>
</td></tr>
"#
    );
    RenderedMail {
        html: html_page(&subject_html, &content),
        subject,
        text,
    }
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
    }
}

"""Checks that e-mails are well-formed, for `cargo xtask mail-check` (xtask/src/mail_check.rs).

    python mail_check.py FILE...

Each FILE is one message as an SMTP server received it. Prints one JSON line per file:
{"file": FILE, "problems": ["…", …]}; no problems means the message is well-formed by these
rules: CRLF line endings only and no line over 998 octets (RFC 5322 2.1.1, 2.3); headers in
ASCII (RFC 2047 encoded words for anything else); From, To, Subject, Date, Message-ID and
MIME-Version exactly once, the date and the addresses readable, the Message-ID `<left@right>`
(RFC 5322 3.6); `Auto-Submitted: auto-generated` (RFC 3834: replies and vacation notices are
not sent to it); no defect that Python's standard e-mail parser finds in any part; a
text/plain part, and every text part in a declared charset that decodes.
"""

import email
import email.policy
import email.utils
import json
import re
import sys

REQUIRED = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version"]
MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


def problems(raw):
    found = []
    without_crlf = raw.replace(b"\r\n", b"")
    if b"\n" in without_crlf or b"\r" in without_crlf:
        found.append("a line ends in a bare LF or CR (RFC 5322 wants CRLF)")
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 998:
            found.append(f"line {number} is {len(line)} octets long (at most 998)")
    head = raw.split(b"\r\n\r\n", 1)[0]
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        found.append("a header holds bytes outside ASCII (not RFC 2047-encoded)")

    message = email.message_from_bytes(raw, policy=email.policy.default)
    for name in REQUIRED:
        count = len(message.get_all(name) or [])
        if count != 1:
            found.append(f"{name} appears {count} times (once expected)")
    try:
        if email.utils.parsedate_to_datetime(str(message["Date"])) is None:
            found.append("the Date cannot be read")
    except (TypeError, ValueError):
        found.append("the Date cannot be read")
    if not MESSAGE_ID.match(str(message.get("Message-ID", "")).strip()):
        found.append(f"the Message-ID {message.get('Message-ID')!r} is not <left@right>")
    for name in ["From", "To"]:
        header = message.get(name)
        if header is None or not getattr(header, "addresses", None):
            found.append(f"{name} names no address")
    if str(message.get("Auto-Submitted", "")).strip().lower() != "auto-generated":
        found.append("no Auto-Submitted: auto-generated")

    types = []
    for part in message.walk():
        types.append(part.get_content_type())
        for defect in part.defects:
            found.append(f"{part.get_content_type()}: {type(defect).__name__}: {defect}")
        if part.get_content_maintype() == "text":
            if part.get_param("charset") is None:
                found.append(f"{part.get_content_type()} declares no charset")
            try:
                part.get_content()
            except (LookupError, UnicodeDecodeError) as error:
                found.append(f"{part.get_content_type()} does not decode: {error}")
    if "text/plain" not in types:
        found.append("no text/plain part")
    return found


def main():
    for path in sys.argv[1:]:
        with open(path, "rb") as file:
            raw = file.read()
        print(json.dumps({"file": path, "problems": problems(raw)}), flush=True)


if __name__ == "__main__":
    main()

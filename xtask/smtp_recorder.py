"""A recording SMTP server for Middelpunt's tests (started by xtask/src/smtp.rs).

    python smtp_recorder.py --port PORT --out FILE [--host 127.0.0.1] [--raw-dir DIR]

Accepts every message on HOST:PORT (no TLS, no AUTH, nothing relayed) and appends it to FILE as
one JSON line, handed to the operating system before the server answers 250, so a message the
client saw accepted is in the file even when the recorder is killed (only a crash of the machine
itself could lose it: not fsynced, which would cap the recorder at the disk's flushes per second,
about 130 a second here, and make it, not the sender, what a throughput test measures):

    {"received_at": "2026-01-01T12:00:00.123456+00:00", "peer": "127.0.0.1",
     "mail_from": "noreply@…", "rcpt_tos": ["jan@…"], "message_id": "<outbox.42@…>",
     "date": "…", "subject": "…", "headers": [["From", "…"], …], "size": 1234,
     "text": "Hallo …"}

With `--raw-dir`, each message is also kept as received, byte for byte, in DIR/NNNNNN.eml (counted
from 1 per start), named in the record as "raw_path" (for checkers that read whole messages, such
as SpamAssassin). `size` is the message's length in bytes as received; `subject` is decoded, `headers` are as
sent, and `text` is the first text/plain part, decoded (the links a test follows are in it). Prints `listening on HOST:PORT` once it accepts connections; stops on SIGTERM or SIGINT,
and can be started again on the same port at once (SO_REUSEADDR).
"""

import argparse
import asyncio
import datetime
import email
import email.header
import email.policy
import json
import os
import signal

from aiosmtpd.smtp import SMTP


def decoded(value):
    """A header value with its RFC 2047 encoded words decoded, or None."""
    if value is None:
        return None
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError):
        return str(value)


def plain_text(message):
    """The first text/plain part of `message`, decoded, or None."""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.is_multipart():
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                return payload.decode(charset, errors="replace")
            except LookupError:
                return payload.decode("utf-8", errors="replace")
    return None


class Recorder:
    """The aiosmtpd handler: one JSON line per accepted message."""

    def __init__(self, path, raw_dir=None):
        self.file = open(path, "a", encoding="utf-8")
        self.raw_dir = raw_dir
        self.count = 0
        # Set when the recorder stops: a message still arriving on an open connection is
        # refused as a mail server going down refuses it (421: try again later), never with a
        # permanent error that would make the sender give the message up.
        self.closing = False

    async def handle_DATA(self, server, session, envelope):
        if self.closing:
            return "421 4.3.2 smtp-recorder.localhost shutting down"
        content = envelope.original_content or envelope.content or b""
        # compat32 keeps header values as sent (folded lines joined), without parsing them.
        message = email.message_from_bytes(content, policy=email.policy.compat32)
        record = {
            "received_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "peer": session.peer[0] if session.peer else None,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": message.get("Message-ID"),
            "date": message.get("Date"),
            "subject": decoded(message.get("Subject")),
            "headers": [[name, str(value)] for name, value in message.items()],
            "size": len(content),
            "text": plain_text(message),
        }
        if self.raw_dir is not None:
            self.count += 1
            raw_path = os.path.join(self.raw_dir, f"{self.count:06}.eml")
            with open(raw_path, "wb") as raw:
                raw.write(content)
            record["raw_path"] = raw_path
        self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.file.flush()
        return "250 OK: recorded"


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--raw-dir")
    args = parser.parse_args()

    if args.raw_dir is not None:
        os.makedirs(args.raw_dir, exist_ok=True)
    handler = Recorder(args.out, args.raw_dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(
            handler,
            hostname="smtp-recorder.localhost",
            enable_SMTPUTF8=True,
            data_size_limit=32 * 1024 * 1024,
        ),
        host=args.host,
        port=args.port,
        reuse_address=True,
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"listening on {args.host}:{args.port}", flush=True)
    await stop.wait()
    handler.closing = True
    server.close()
    await server.wait_closed()
    handler.file.close()


if __name__ == "__main__":
    asyncio.run(main())

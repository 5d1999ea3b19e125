"""The demo manager's session on the portal's own API (to make and revoke API clients), the
development mailbox, and a user's activation through the API, for `cargo xtask scim`. The
manager's address and password come from MIDDELPUNT_DEMO_EMAIL and MIDDELPUNT_DEMO_PASSWORD.
"""

import datetime
import os
import re
import time

import httpx2


class Portal:
    """The manager's session on the portal's own API, and the development mailbox."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = httpx2.Client(base_url=base, timeout=30)
        answer = self.http.post(
            "/api/v1/session",
            json={
                "email": os.environ["MIDDELPUNT_DEMO_EMAIL"],
                "password": os.environ["MIDDELPUNT_DEMO_PASSWORD"],
            },
        )
        assert answer.status_code == 200, answer.text
        self.csrf = answer.json()["csrf_token"]

    def post(self, path: str, body=None) -> httpx2.Response:
        headers = {"X-CSRF-Token": self.csrf, "Origin": self.base}
        return self.http.post(path, json=body, headers=headers)

    def get(self, path: str) -> dict:
        answer = self.http.get(path)
        assert answer.status_code == 200, f"{path}: {answer.status_code} {answer.text}"
        return answer.json()

    def new_client(self, name: str, kvk_number: str) -> tuple[str, str]:
        expires_on = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
        answer = self.post(
            "/api/v1/api-clients",
            {
                "name": name,
                "kvk_number": kvk_number,
                "permissions": ["read_users", "order", "revoke"],
                "expires_on": expires_on,
                "profile": {
                    "level": "EH2",
                    "branch_number": None,
                    "authorisations": {"kind": "none"},
                    "term": 1,
                },
                "accepted_terms": True,
            },
        )
        assert answer.status_code == 201, answer.text
        issued = answer.json()
        return issued["client"]["id"], issued["secret"]

    def message(self, recipient: str, pattern: str, seen=()) -> re.Match:
        """Waits (10 s at most) for a message to `recipient` matching `pattern`."""
        for _ in range(100):
            answer = self.http.get("/api/v1/dev/messages", params={"recipient": recipient})
            for message in answer.json()["messages"]:
                found = re.search(pattern, message["text"])
                if found and found.group(1) not in seen:
                    return found
            time.sleep(0.1)
        raise AssertionError(f"no message to {recipient} matching {pattern}")

    def activate(self, token: str, mobile: str) -> dict:
        """The user's steps through the activation API, as the user's pages take them."""
        headers = {"X-Activation-Token": token}

        def post(path, body=None):
            answer = self.http.post(path, json=body, headers=headers)
            assert answer.status_code == 200, f"{path}: {answer.text}"
            return answer.json()

        post("/api/v1/activation/email-confirmation")
        post("/api/v1/activation/sms-code")
        code = self.message(mobile, r"\b(\d{6})\b").group(1)
        post("/api/v1/activation/sms-code/verification", {"code": code})
        return post("/api/v1/activation/order", {"accepted_terms": True})

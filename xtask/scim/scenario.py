"""A joiner and a leaver, with scim2-client in the role of an identity provider (`cargo xtask
scim`): the manager makes two API clients (Koppelingen); through the first, the provider
creates a joiner; the invitation e-mail arrives; the user activates; the provider reads the
user as active with an issued means; it sets active=false and the means is revoked, which
Beheer shows and the audit log attributes to the client. The second client, of another
organisation, sees 404 for that user; after its revocation the first client's token gets 401.
Every step asserts; exits 1 on the first failure.

Usage: scenario.py BASE_URL   (the demo manager's address and password in
MIDDELPUNT_DEMO_EMAIL and MIDDELPUNT_DEMO_PASSWORD)
"""

import sys
import uuid

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import Error, PatchOp, PatchOperation

from models import EXTENSION, EHerkenningUser, Email, MiddelpuntUser, Name, PhoneNumber, provider
from portal import Portal


def step(text: str) -> None:
    print(f"scim scenario: {text}", flush=True)


def scim(base: str, secret: str) -> SyncSCIMClient:
    http = httpx2.Client(
        base_url=base + "/scim/v2", headers={"Authorization": f"Bearer {secret}"}, timeout=30
    )
    return SyncSCIMClient(http, provider=provider())


STATE = [f"{EXTENSION}:{name}" for name in ("requestId", "requestStatus", "meansId", "meansStatus")]


def main() -> int:
    base = sys.argv[1].rstrip("/")
    portal = Portal(base)
    client_id, secret = portal.new_client("Entra ID", "68750110")
    _, other_secret = portal.new_client("Ander systeem", "69599084")
    provider_side = scim(base, secret)
    step(f"the manager made the clients {client_id} and another organisation's")

    email = f"joiner-{uuid.uuid4().hex[:8]}@voorbeeld.nl"
    mobile = "+31611223344"
    joiner = MiddelpuntUser(
        user_name=email,
        external_id=str(uuid.uuid4()),
        name=Name(given_name="Sanne", family_name="Berg"),
        emails=[Email(value=email, type="work", primary=True)],
        phone_numbers=[PhoneNumber(value="06 11 22 33 44", type="mobile")],
        active=True,
    )
    joiner[EHerkenningUser] = EHerkenningUser(
        first_names="Sanne Maria",
        infix="van den",
        birth_date="1990-06-01",
        birth_place="Zwolle",
        employed=True,
    )
    created = provider_side.create(joiner)
    assert created.active is True, created
    assert created.display_name == "Sanne Maria van den Berg", created.display_name
    step(f"the provider created the joiner {created.id}")

    token = portal.message(email, r"/activeren/([A-Za-z0-9_-]+)").group(1)
    step("the invitation e-mail arrived")
    view = portal.activate(token, mobile)
    assert view["status"] == "issued", view
    means_id = view["means"]["id"]
    step(f"the user activated: means {means_id}")

    read = provider_side.query(MiddelpuntUser, created.id, {"attributes": STATE + ["active"]})
    state = read[EHerkenningUser]
    assert read.active is True, read
    assert (state.request_status, state.means_id, state.means_status) == ("issued", means_id, "active"), state
    listed = provider_side.query(MiddelpuntUser, {"filter": f'userName eq "{email.upper()}"'})
    assert [user.id for user in listed.resources] == [created.id], listed
    step("the provider reads the user as active with the issued means, and finds them by userName")

    leave = PatchOp[MiddelpuntUser](
        operations=[PatchOperation(op=PatchOperation.Op.replace_, path="active", value=False)]
    )
    left = provider_side.modify(MiddelpuntUser, created.id, leave)
    assert left.active is False, left
    request_id = state.request_id
    user = portal.get(f"/api/v1/users/{request_id}")
    assert user["means"]["status"] == "revoked", user
    audit = portal.get(f"/api/v1/audit?q={means_id}")
    revoked = [e for e in audit["entries"] if e["action"] == "means_revoked"]
    assert revoked and revoked[0]["actor_name"] == f"Koppeling Entra ID ({client_id})", audit
    step("active=false revoked the means; Beheer shows it, the audit log names the client")

    elsewhere = scim(base, other_secret).query(MiddelpuntUser, created.id, raise_scim_errors=False)
    assert isinstance(elsewhere, Error) and elsewhere.status == 404, elsewhere
    step("another organisation's client gets 404 for the user")

    answer = portal.post(f"/api/v1/api-clients/{client_id}/revocation")
    assert answer.status_code == 200, answer.text
    refused = provider_side.query(MiddelpuntUser, created.id, raise_scim_errors=False)
    assert isinstance(refused, Error) and refused.status == 401, refused
    step("after its revocation the client's token gets 401")
    print("scim scenario: passed (7 steps)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

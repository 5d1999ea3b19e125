"""scim2-tester, the SCIM compliance checker, against Middelpunt's /scim/v2 (`cargo xtask
scim`): discovery, creation, reading (with attributes), replacement, PATCH add/replace/remove,
deletion and an unknown URL, for the Users it serves. Prints every check that is not a
success, and a summary line; exits 1 when any check errors.

Usage: check.py BASE_URL   (the demo manager's address and password in MIDDELPUNT_DEMO_EMAIL
and MIDDELPUNT_DEMO_PASSWORD: it makes the API client it checks with)
"""

import collections
import sys

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from models import provider
from portal import Portal

FAILING = {Status.ERROR, Status.CRITICAL}


def main() -> int:
    base = sys.argv[1].rstrip("/")
    _, token = Portal(base).new_client("scim2-tester", "68750110")
    http = httpx2.Client(
        base_url=base + "/scim/v2", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    client = SyncSCIMClient(http, provider=provider())
    results = check_server(client, resource_types=["User"])
    counts = collections.Counter(result.status.name for result in results)
    for result in results:
        if result.status != Status.SUCCESS:
            print(f"{result.status.name:10} {result.title}: {result.reason}")
    summary = ", ".join(f"{count} {status.lower()}" for status, count in sorted(counts.items()))
    print(f"scim2-tester: {len(results)} checks: {summary}")
    return 1 if any(result.status in FAILING for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())

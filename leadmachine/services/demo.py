"""The demo business that `make run` and `seed-demo` create once.

Its password and API key exist in plaintext only in `var/demo-credentials.json`
(mode 0600) so they can be printed again; the database keeps hashes as for anyone.
If that file is lost, the next run issues a fresh password and key.
"""

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlmodel import select

from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Business, Membership, User
from leadmachine.services.api_keys import create_api_key
from leadmachine.services.passwords import hash_password
from leadmachine.services.businesses import create_business

DEMO_EMAIL = "owner@demo.leadmachine.test"
DEMO_PROFILE = dict(
    name="Bright Smile Plumbing",
    owner_name="Dana Demo",
    description="Family-run plumbing and heating in Springfield since 1998.",
    services="Leak repair, water heaters, drain cleaning, emergency callouts",
    service_area="Springfield and 20 miles around",
    hours="Mon-Fri 8am-6pm, Sat 9am-1pm",
    contact_phone="+14155550100",
    booking_link="",
)


@dataclass(frozen=True)
class DemoCredentials:
    business_id: str
    widget_key: str
    api_key: str
    owner_email: str
    owner_password: str
    base_url: str


def ensure_demo(var_dir: Path, base_url: str) -> DemoCredentials:
    """Create the demo business on first call; afterwards return the same credentials."""
    stored = _read(var_dir)
    existing = _find_demo_business()
    if existing and stored and stored.business_id == str(existing.id):
        return DemoCredentials(**{**asdict(stored), "base_url": base_url})
    password = secrets.token_urlsafe(12)
    if existing:
        _reset_password(password)
        business_id, widget_key = existing.id, existing.public_key
    else:
        profile = dict(DEMO_PROFILE)
        created = create_business(
            profile.pop("name"), DEMO_EMAIL, profile.pop("owner_name"), password, **profile
        )
        business_id, widget_key = created.business_id, created.widget_key
    api_key = create_api_key(business_id, "Demo key")
    credentials = DemoCredentials(str(business_id), widget_key, api_key, DEMO_EMAIL, password, base_url)
    _write(var_dir, credentials)
    return credentials


def _find_demo_business() -> Business | None:
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == DEMO_EMAIL)).first()
        if user is None:
            return None
    with identity_session(user.id) as session:
        membership = session.exec(select(Membership).where(Membership.user_id == user.id)).first()
    if membership is None:
        return None
    with tenant_session(membership.business_id) as session:
        return session.get(Business, membership.business_id)


def _reset_password(password: str) -> None:
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == DEMO_EMAIL)).one()
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()


def _path(var_dir: Path) -> Path:
    return var_dir / "demo-credentials.json"


def _read(var_dir: Path) -> DemoCredentials | None:
    try:
        return DemoCredentials(**json.loads(_path(var_dir).read_text()))
    except (FileNotFoundError, ValueError, TypeError):
        return None


def _write(var_dir: Path, credentials: DemoCredentials) -> None:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = _path(var_dir)
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(json.dumps(asdict(credentials), indent=2))

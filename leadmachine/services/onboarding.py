"""Businesses onboarded by an operator: verified at once, with a generated password."""

import re
import secrets
from dataclasses import dataclass

from sqlmodel import select

from leadmachine.db import identity_session
from leadmachine.models import User
from leadmachine.services.api_keys import create_api_key
from leadmachine.services.businesses import create_business
from leadmachine.services.errors import InvalidInput
from leadmachine.services.validation import EMAIL_PATTERN


@dataclass(frozen=True)
class OnboardedBusiness:
    """The same fields `seed-demo --json` prints, so scripts can treat both alike."""

    business_id: str
    widget_key: str
    api_key: str
    owner_email: str
    owner_password: str
    base_url: str


def onboard_business(name: str, owner_email: str, owner_name: str, base_url: str) -> OnboardedBusiness:
    email = owner_email.strip().lower()
    if not name.strip():
        raise InvalidInput({"name": "Give the business a name."})
    if not re.fullmatch(EMAIL_PATTERN, email):
        raise InvalidInput({"owner_email": "Enter a valid email address."})
    with identity_session() as session:
        if session.exec(select(User.id).where(User.email == email)).first():
            raise InvalidInput({"owner_email": "An account with this email already exists."})
    password = secrets.token_urlsafe(12)
    created = create_business(name.strip(), email, owner_name.strip() or "Owner", password)
    api_key = create_api_key(created.business_id, "Default key")
    return OnboardedBusiness(str(created.business_id), created.widget_key, api_key, email, password, base_url)

"""Creating a business with its owner."""

import secrets
import uuid
from dataclasses import dataclass

from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Business, Membership, Role, User
from leadmachine.models.base import utcnow
from leadmachine.services.passwords import hash_password


@dataclass(frozen=True)
class NewBusiness:
    business_id: uuid.UUID
    owner_id: uuid.UUID
    widget_key: str


def new_widget_key() -> str:
    return "wk_" + secrets.token_urlsafe(12)


def create_business(
    name: str,
    owner_email: str,
    owner_name: str,
    owner_password: str,
    verified: bool = True,
    phone: str = "",
    **profile: str,
) -> NewBusiness:
    """A business with its owner. Operators and the demo create verified owners;
    self-service sign-up creates an unverified one and emails a link."""
    user = User(
        email=owner_email.strip().lower(),
        name=owner_name,
        phone=phone,
        password_hash=hash_password(owner_password),
        email_verified_at=utcnow() if verified else None,
    )
    with identity_session(user.id) as session:
        session.add(user)
        session.commit()
    business = Business(name=name, public_key=new_widget_key(), **profile)
    with tenant_session(business.id, user.id) as session:
        session.add(business)
        session.flush()
        session.add(Membership(business_id=business.id, user_id=user.id, role=Role.OWNER))
        session.commit()
    return NewBusiness(business.id, user.id, business.public_key)

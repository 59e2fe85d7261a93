"""Team members, invitations, roles and ownership."""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import select

from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Business, Invitation, Membership, Role, User, UserSession
from leadmachine.models.base import utcnow
from leadmachine.services import accounts, emails, ratelimit
from leadmachine.services.errors import DomainError, InvalidInput, NotFound
from leadmachine.services.passwords import hash_password, verify_password, weakness
from leadmachine.services.permissions import Actor, Permission, PermissionDenied
from leadmachine.services.tokens import digest, new_secret
from leadmachine.services.validation import EMAIL_PATTERN

INVITATION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class Member:
    user_id: uuid.UUID
    name: str
    email: str
    role: str
    joined_at: datetime


@dataclass(frozen=True)
class PendingInvitation:
    id: uuid.UUID
    email: str
    role: str
    expires_at: datetime


@dataclass(frozen=True)
class InvitationDetails:
    business_name: str
    email: str
    role: str
    has_account: bool


def list_members(business_id: uuid.UUID, actor: Actor) -> list[Member]:
    with tenant_session(business_id, actor.user_id) as session:
        rows = session.exec(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.business_id == business_id)
            .order_by(Membership.created_at)
        ).all()
    return [Member(user.id, user.name, user.email, m.role, m.created_at) for m, user in rows]


def list_invitations(business_id: uuid.UUID, actor: Actor) -> list[PendingInvitation]:
    actor.require(Permission.MANAGE_TEAM)
    with tenant_session(business_id, actor.user_id) as session:
        rows = session.exec(
            select(Invitation)
            .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow())
            .order_by(Invitation.created_at.desc())
        ).all()
    return [PendingInvitation(row.id, row.email, row.role, row.expires_at) for row in rows]


def invite(business_id: uuid.UUID, actor: Actor, email: str, role: str) -> uuid.UUID:
    """Email an invitation link; owners are made by transfer, never by invitation."""
    actor.require(Permission.MANAGE_TEAM)
    email = email.strip().lower()
    errors = {}
    if not re.fullmatch(EMAIL_PATTERN, email) or len(email) > 254:
        errors["email"] = "Enter a valid email address."
    if role not in (Role.ADMIN, Role.AGENT):
        errors["role"] = "Choose admin or agent."
    if errors:
        raise InvalidInput(errors)
    token = new_secret()
    with tenant_session(business_id, actor.user_id) as session:
        if any(member.email == email for member in list_members(business_id, actor)):
            raise InvalidInput({"email": "This person is already on your team."})
        invitation = Invitation(
            business_id=business_id, email=email, role=role, token_hash=digest(token),
            invited_by=actor.user_id, expires_at=utcnow() + INVITATION_LIFETIME,
        )
        session.add(invitation)
        business_name = session.get(Business, business_id).name
        session.commit()
    emails.send_invitation(email, business_name, actor.label, role, token)
    return invitation.id


def revoke_invitation(business_id: uuid.UUID, actor: Actor, invitation_id: uuid.UUID) -> None:
    actor.require(Permission.MANAGE_TEAM)
    with tenant_session(business_id, actor.user_id) as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None:
            raise NotFound("No such invitation.")
        invitation.revoked_at = invitation.revoked_at or utcnow()
        session.add(invitation)
        session.commit()


def _open_invitation(token: str) -> tuple[uuid.UUID, Invitation]:
    with identity_session() as session:
        business_id = session.execute(
            text("SELECT lm_invitation_business(:digest)"), {"digest": digest(token or "")}
        ).scalar_one_or_none()
    if business_id is None:
        raise DomainError("This invitation is invalid, expired or already used. Ask for a new one.")
    with tenant_session(business_id) as session:
        invitation = session.exec(select(Invitation).where(Invitation.token_hash == digest(token))).one()
    return business_id, invitation


def invitation_details(token: str) -> InvitationDetails:
    business_id, invitation = _open_invitation(token)
    with tenant_session(business_id) as session:
        business_name = session.get(Business, business_id).name
    with identity_session() as session:
        has_account = session.exec(select(User.id).where(User.email == invitation.email)).first() is not None
    return InvitationDetails(business_name, invitation.email, invitation.role, has_account)


def accept_invitation(token: str, password: str, name: str = "") -> uuid.UUID:
    """Join the business. Existing accounts confirm with their password; new people
    choose a name and password (the link proved they own the email)."""
    business_id, invitation = _open_invitation(token)
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == invitation.email)).first()
        if user is not None:
            _check_existing_password(user, password)
        if user is None:
            errors = {}
            if not 1 <= len(name.strip()) <= 100:
                errors["name"] = "Enter your name."
            if problem := weakness(password, invitation.email):
                errors["password"] = problem
            if errors:
                raise InvalidInput(errors)
            user = User(email=invitation.email, name=name.strip(), password_hash=hash_password(password), email_verified_at=utcnow())
            session.add(user)
            session.commit()
    with tenant_session(business_id, user.id) as session:
        session.add(Membership(business_id=business_id, user_id=user.id, role=invitation.role))
        invitation = session.get(Invitation, invitation.id)
        invitation.accepted_at = utcnow()
        session.add(invitation)
        session.commit()
    return user.id


def _check_existing_password(user: User, password: str) -> None:
    """Counts toward the same lockout as sign-in, so an invitation link is no way to
    guess an account's password."""
    key = f"login:{user.email}"
    if ratelimit.locked_for(key, accounts.MAX_FAILURES):
        raise accounts.LockedOut("Too many failed attempts. Try again in 15 minutes.")
    if not verify_password(user.password_hash, password):
        ratelimit.record_failure(key, accounts.LOCKOUT_SECONDS)
        raise InvalidInput({"password": "That is not the password of this account."})


def _membership(session, business_id: uuid.UUID, user_id: uuid.UUID) -> Membership:
    """Filtered by business too: a member's own memberships elsewhere are visible to them."""
    membership = session.exec(
        select(Membership).where(Membership.business_id == business_id, Membership.user_id == user_id)
    ).first()
    if membership is None:
        raise NotFound("That person is not on your team.")
    return membership


def change_role(business_id: uuid.UUID, actor: Actor, user_id: uuid.UUID, role: str) -> None:
    actor.require(Permission.MANAGE_TEAM)
    if role not in (Role.ADMIN, Role.AGENT):
        raise InvalidInput({"role": "Choose admin or agent. To make someone owner, transfer ownership."})
    with tenant_session(business_id, actor.user_id) as session:
        membership = _membership(session, business_id, user_id)
        if membership.role == Role.OWNER:
            raise PermissionDenied("The owner's role changes only by transferring ownership.")
        membership.role = role
        session.add(membership)
        session.commit()


def remove_member(business_id: uuid.UUID, actor: Actor, user_id: uuid.UUID) -> None:
    """Take someone off the team and end their sessions in this business at once."""
    actor.require(Permission.MANAGE_TEAM)
    with tenant_session(business_id, actor.user_id) as session:
        membership = _membership(session, business_id, user_id)
        if membership.role == Role.OWNER:
            raise PermissionDenied("The owner cannot be removed. Transfer ownership first.")
        session.delete(membership)
        session.commit()
    with identity_session(user_id) as session:
        for row in session.exec(
            select(UserSession).where(
                UserSession.user_id == user_id,
                UserSession.active_business_id == business_id,
                UserSession.revoked_at.is_(None),
            )
        ).all():
            row.revoked_at = utcnow()
            session.add(row)
        session.commit()


def transfer_ownership(business_id: uuid.UUID, actor: Actor, new_owner_id: uuid.UUID) -> None:
    """Only the owner can hand over; the old owner stays on as admin."""
    if actor.role != Role.OWNER:
        raise PermissionDenied("Only the owner can transfer ownership.")
    with tenant_session(business_id, actor.user_id) as session:
        new_owner = _membership(session, business_id, new_owner_id)
        old_owner = _membership(session, business_id, actor.user_id)
        if new_owner.id == old_owner.id:
            raise InvalidInput({"user": "You already own this business."})
        new_owner.role, old_owner.role = Role.OWNER, Role.ADMIN
        session.add_all([new_owner, old_owner])
        session.commit()


NOTIFICATIONS = ("notify_new_leads", "daily_digest")


def notification_choices(business_id: uuid.UUID, user_id: uuid.UUID) -> dict[str, bool]:
    with tenant_session(business_id, user_id) as session:
        membership = _membership(session, business_id, user_id)
        return {kind: getattr(membership, kind) for kind in NOTIFICATIONS}


def set_notification(business_id: uuid.UUID, user_id: uuid.UUID, kind: str, on: bool) -> None:
    """A member's own email choices; every role may set its own, and only its own (the
    membership is looked up by business and user together)."""
    if kind not in NOTIFICATIONS:
        raise InvalidInput({"kind": "Unknown notification."})
    with tenant_session(business_id, user_id) as session:
        membership = _membership(session, business_id, user_id)
        setattr(membership, kind, bool(on))
        session.add(membership)
        session.commit()


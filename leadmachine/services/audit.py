"""The access log: every view, export or deletion of a lead's personal data."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import select

from leadmachine.db import tenant_session
from leadmachine.models import AccessLog
from leadmachine.models.base import utcnow
from leadmachine.services.permissions import Actor, Permission

ACTIONS = ("lead.view", "lead.export", "lead.delete")
SAME_VIEW = timedelta(seconds=10)


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    ip: str


def record(business_id: uuid.UUID, actor: Actor, action: str, subject_type: str, subject_id: uuid.UUID | None) -> None:
    """One row per access; the same person opening the same lead again within a few
    seconds (a page loading twice) is the same view."""
    with tenant_session(business_id, actor.user_id) as session:
        recent = session.exec(
            select(AccessLog.id).where(
                AccessLog.action == action,
                AccessLog.subject_id == subject_id,
                AccessLog.actor_label == actor.label[:120],
                AccessLog.at > utcnow() - SAME_VIEW,
            )
        ).first()
        if recent:
            return
        session.add(
            AccessLog(
                business_id=business_id,
                actor_user_id=actor.user_id,
                actor_api_key_id=actor.api_key_id,
                actor_label=actor.label[:120],
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                ip=actor.ip[:64],
            )
        )
        session.commit()


def list_access(
    business_id: uuid.UUID,
    actor: Actor,
    action: str = "",
    who: str = "",
    since: datetime | None = None,
    limit: int = 200,
) -> list[AccessEntry]:
    """Newest first; owners and admins only."""
    actor.require(Permission.VIEW_ACCESS_LOG)
    query = select(AccessLog).order_by(AccessLog.at.desc()).limit(limit)
    if action:
        query = query.where(AccessLog.action == action)
    if who:
        escaped = who.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AccessLog.actor_label.ilike(f"%{escaped}%", escape="\\"))
    if since:
        query = query.where(AccessLog.at >= since)
    with tenant_session(business_id, actor.user_id) as session:
        rows = session.exec(query).all()
    return [
        AccessEntry(row.at, row.actor_label, row.action, row.subject_type, str(row.subject_id or ""), row.ip)
        for row in rows
    ]

"""Every table, imported here so Alembic and `SQLModel.metadata` see them all."""

from leadmachine.models.account import ApiKey, Membership, Role, User, UserSession
from leadmachine.models.business import Business
from leadmachine.models.lead import ConsentRecord, FollowupState, Lead, LeadEvent, LeadStatus
from leadmachine.models.message import (
    AiLog,
    Direction,
    Message,
    MessageStatus,
    OutboxMessage,
)

__all__ = [
    "AiLog",
    "ApiKey",
    "Business",
    "ConsentRecord",
    "Direction",
    "FollowupState",
    "Lead",
    "LeadEvent",
    "LeadStatus",
    "Membership",
    "Message",
    "MessageStatus",
    "OutboxMessage",
    "Role",
    "User",
    "UserSession",
]

"""Every table, imported here so Alembic and `SQLModel.metadata` see them all."""

from leadmachine.models.account import (
    ApiKey,
    AuthToken,
    Invitation,
    Membership,
    RecoveryCode,
    Role,
    TokenPurpose,
    User,
    UserSession,
)
from leadmachine.models.audit import AccessLog
from leadmachine.models.business import Business
from leadmachine.models.lead import ConsentRecord, FollowupState, Lead, LeadEvent, LeadStatus
from leadmachine.models.message import (
    AiLog,
    DeliveryEvent,
    DevEmail,
    Direction,
    EmailEvent,
    Message,
    MessageKind,
    MessageStatus,
    OptOut,
    OutboxMessage,
    WebhookEvent,
)

__all__ = [
    "AccessLog",
    "AiLog",
    "ApiKey",
    "AuthToken",
    "DevEmail",
    "Invitation",
    "RecoveryCode",
    "TokenPurpose",
    "Business",
    "ConsentRecord",
    "DeliveryEvent",
    "Direction",
    "EmailEvent",
    "FollowupState",
    "Lead",
    "LeadEvent",
    "LeadStatus",
    "Membership",
    "Message",
    "MessageKind",
    "MessageStatus",
    "OptOut",
    "OutboxMessage",
    "Role",
    "User",
    "UserSession",
    "WebhookEvent",
]

"""Who may do what: the one permission matrix (privacy policy: least privilege).

Every state handler, endpoint and service that changes or reveals something beyond
reading leads checks `require(role, Permission.X)` before acting.
"""

import uuid
from dataclasses import dataclass
from enum import StrEnum

from leadmachine.models import Role
from leadmachine.services.errors import DomainError


class Permission(StrEnum):
    READ_LEADS = "read_leads"
    REPLY = "reply"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_TEAM = "manage_team"
    MANAGE_BILLING = "manage_billing"
    HANDLE_PRIVACY = "handle_privacy"
    DELETE_DATA = "delete_data"
    EXPORT_DATA = "export_data"
    MANAGE_API_KEYS = "manage_api_keys"
    VIEW_ACCESS_LOG = "view_access_log"


MATRIX: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.ADMIN: frozenset(Permission) - {Permission.MANAGE_BILLING},
    Role.AGENT: frozenset({Permission.READ_LEADS, Permission.REPLY}),
}


class PermissionDenied(DomainError):
    pass


@dataclass(frozen=True)
class Actor:
    """Who is acting, for permission checks and the access log."""

    user_id: uuid.UUID | None
    role: str
    label: str
    ip: str = ""
    api_key_id: uuid.UUID | None = None

    def require(self, permission: "Permission") -> None:
        require(self.role, permission)


def allowed(role: str, permission: Permission) -> bool:
    try:
        return permission in MATRIX[Role(role)]
    except ValueError:
        return False


def require(role: str, permission: Permission) -> None:
    if not allowed(role, permission):
        raise PermissionDenied(f"Your role ({role}) cannot {permission.value.replace('_', ' ')}.")

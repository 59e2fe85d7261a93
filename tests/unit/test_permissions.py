"""The permission matrix, spelled out so a change to it is a visible change to a test."""

import pytest

from leadmachine.services.permissions import MATRIX, Permission, PermissionDenied, allowed, require

P = Permission
EXPECTED = {
    "owner": set(Permission),
    "admin": set(Permission) - {P.MANAGE_BILLING},
    "agent": {P.READ_LEADS, P.REPLY},
}


@pytest.mark.parametrize("role", ["owner", "admin", "agent"])
@pytest.mark.parametrize("permission", list(Permission))
def test_permission_matrix(role, permission):
    assert allowed(role, permission) is (permission in EXPECTED[role])


def test_agents_cannot_export_delete_bill_or_manage_the_team():
    for permission in (P.EXPORT_DATA, P.DELETE_DATA, P.MANAGE_BILLING, P.MANAGE_TEAM, P.CHANGE_SETTINGS):
        with pytest.raises(PermissionDenied, match="agent"):
            require("agent", permission)


def test_unknown_roles_can_do_nothing():
    assert not any(allowed("api_key", permission) for permission in Permission)
    assert set(MATRIX) == {"owner", "admin", "agent"}

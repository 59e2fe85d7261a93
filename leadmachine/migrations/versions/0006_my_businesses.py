"""The businesses the current user belongs to, in one query, for the business switcher.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE FUNCTION lm_my_businesses() RETURNS TABLE(business_id uuid, name text)"
        " LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS"
        " $$ SELECT b.id, b.name::text FROM membership m JOIN business b ON b.id = m.business_id"
        " WHERE m.user_id = lm_current_user() ORDER BY m.created_at $$"
    )
    op.execute("REVOKE ALL ON FUNCTION lm_my_businesses() FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION lm_my_businesses() TO leadmachine_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION lm_my_businesses()")

"""Daily digest: a member's opt-in, and which businesses have anyone opted in.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("membership", sa.Column("daily_digest", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "CREATE FUNCTION lm_digest_businesses() RETURNS TABLE(business_id uuid, timezone text)"
        " LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS"
        " $$ SELECT DISTINCT b.id, b.timezone::text FROM business b"
        " JOIN membership m ON m.business_id = b.id WHERE m.daily_digest $$"
    )
    op.execute("REVOKE ALL ON FUNCTION lm_digest_businesses() FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION lm_digest_businesses() TO leadmachine_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION lm_digest_businesses()")
    op.drop_column("membership", "daily_digest")

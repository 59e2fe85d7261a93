"""Log retention: one narrow function that purges expired rows of a named log table.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Each log table and its timestamp column; the function refuses any other name.
LOG_TABLES = {
    "ailog": "created_at",
    "deliveryevent": "at",
    "webhookevent": "received_at",
    "emailevent": "at",
    "accesslog": "at",
    "devemail": "created_at",
    "outboxmessage": "created_at",
}


def upgrade() -> None:
    branches = "\n".join(
        f"  {'IF' if index == 0 else 'ELSIF'} kind = '{table}' THEN DELETE FROM {table} WHERE {column} < older_than;"
        for index, (table, column) in enumerate(LOG_TABLES.items())
    )
    op.execute(
        f"""
        CREATE FUNCTION lm_purge_log(kind text, older_than timestamptz) RETURNS int
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        DECLARE removed int;
        BEGIN
        {branches}
          ELSE RAISE EXCEPTION 'unknown log kind %', kind;
          END IF;
          GET DIAGNOSTICS removed = ROW_COUNT;
          RETURN removed;
        END $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION lm_purge_log(text, timestamptz) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION lm_purge_log(text, timestamptz) TO leadmachine_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION lm_purge_log(text, timestamptz)")

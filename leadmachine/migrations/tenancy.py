"""Row-level security building blocks that migrations share.

A tenant row is visible to the application role only when its business_id equals the
transaction's `app.business_id` setting (see leadmachine/db.py). RLS is not FORCEd:
the owner role bypasses it, which is what lets the narrow SECURITY DEFINER lookups
below work, and the application never connects as the owner.
"""

from alembic import op

APP_ROLE = "leadmachine_app"

CURRENT_BUSINESS_SQL = """
CREATE FUNCTION lm_current_business() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.business_id', true), '')::uuid $$;
CREATE FUNCTION lm_current_user() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;
"""


def enable_tenant_rls(table: str, column: str = "business_id", extra_using: str = "") -> None:
    using = f"{column} = lm_current_business()"
    if extra_using:
        using = f"({using}) OR ({extra_using})"
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} USING ({using})"
        f" WITH CHECK ({column} = lm_current_business())"
    )


def disable_tenant_rls(table: str) -> None:
    op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
    op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def lookup_function(name: str, argument: str, body: str) -> None:
    """A SECURITY DEFINER function answering one narrow question across tenants
    (which business owns this key or lead?), so the app role needs no broad access."""
    op.execute(
        f"CREATE FUNCTION {name}({argument}) RETURNS uuid LANGUAGE sql STABLE"
        f" SECURITY DEFINER SET search_path = public AS $$ {body} $$"
    )
    op.execute(f"REVOKE ALL ON FUNCTION {name}({argument.split()[-1]}) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {name}({argument.split()[-1]}) TO {APP_ROLE}")


def grant_rows(tables: list[str]) -> None:
    for table in tables:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}")

"""Row-level security holds even when application code forgets a WHERE clause."""

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlmodel import select

from leadmachine.config import APP_DB_ROLE
from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Lead
from leadmachine.services import inbox
from leadmachine.services.errors import NotFound


@pytest.fixture
def two_tenants(make_business, client):
    a = make_business("Alpha Plumbing")
    b = make_business("Beta Dental")
    for tenant in (a, b):
        response = client.post(
            f"/api/v1/widget/{tenant.widget_key}/leads",
            json={"name": "Lee", "phone": "(415) 555-2671", "message": "Hello", "consent": True},
        )
        assert response.status_code == 201
    return a, b


def lead_of(tenant) -> Lead:
    with tenant_session(tenant.business_id) as session:
        return session.exec(select(Lead)).one()


def test_app_role_owns_nothing_and_cannot_bypass_rls(admin_engine):
    with admin_engine.connect() as connection:
        role = connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": APP_DB_ROLE}
        ).one()
        owned = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = :r"), {"r": APP_DB_ROLE}
        ).scalar_one()
    assert tuple(role) == (False, False)
    assert owned == 0


def test_every_table_with_business_id_has_row_level_security(admin_engine):
    with admin_engine.connect() as connection:
        unprotected = connection.execute(
            text(
                """
                SELECT c.relname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                WHERE c.relkind = 'r'
                  AND (EXISTS (SELECT 1 FROM information_schema.columns col
                               WHERE col.table_schema = 'public' AND col.table_name = c.relname
                                 AND col.column_name = 'business_id')
                       OR c.relname = 'business')
                  AND (NOT c.relrowsecurity
                       OR NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname))
                """
            )
        ).scalars().all()
        tenant_tables = connection.execute(
            text("SELECT count(*) FROM information_schema.columns WHERE table_schema='public' AND column_name='business_id'")
        ).scalar_one()
    assert tenant_tables >= 8
    assert unprotected == []


def test_without_a_scope_the_app_role_sees_no_tenant_rows(two_tenants):
    with identity_session() as session:
        for table in ("business", "lead", "leadevent", "consentrecord", "membership", "apikey", "message"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table


def test_a_scoped_session_sees_only_its_own_business(two_tenants):
    a, b = two_tenants
    with tenant_session(a.business_id) as session:
        business_ids = set(session.execute(text("SELECT business_id FROM lead")).scalars())
        businesses = set(session.execute(text("SELECT id FROM business")).scalars())
    assert business_ids == {a.business_id}
    assert businesses == {a.business_id}


def test_updates_and_deletes_cannot_reach_another_business(two_tenants):
    a, b = two_tenants
    victim = lead_of(b)
    with tenant_session(a.business_id) as session:
        updated = session.execute(text("UPDATE lead SET name = 'pwned' WHERE id = :id"), {"id": victim.id}).rowcount
        deleted = session.execute(text("DELETE FROM lead WHERE id = :id"), {"id": victim.id}).rowcount
        everything = session.execute(text("UPDATE lead SET status = 'lost'")).rowcount
        session.commit()
    assert (updated, deleted, everything) == (0, 0, 1)
    assert lead_of(b).name == "Lee" and lead_of(b).status == "new"


def test_inserting_a_row_for_another_business_is_refused(two_tenants):
    a, b = two_tenants
    with tenant_session(a.business_id) as session:
        with pytest.raises(ProgrammingError, match="row-level security"):
            session.execute(
                text(
                    "INSERT INTO leadevent (id, business_id, lead_id, kind, actor_label, at)"
                    " VALUES (:id, :b, :lead, 'note', 'x', now())"
                ),
                {"id": uuid.uuid4(), "b": b.business_id, "lead": lead_of(b).id},
            )


def test_moving_a_row_to_another_business_is_refused(two_tenants):
    a, b = two_tenants
    with tenant_session(a.business_id) as session:
        with pytest.raises(ProgrammingError, match="row-level security"):
            session.execute(text("UPDATE lead SET business_id = :b"), {"b": b.business_id})


def test_scope_does_not_leak_to_the_next_transaction_on_a_pooled_connection(two_tenants):
    a, _ = two_tenants
    with tenant_session(a.business_id) as session:
        assert session.execute(text("SELECT count(*) FROM lead")).scalar_one() == 1
    for _ in range(5):
        with identity_session() as session:
            assert session.execute(text("SELECT count(*) FROM lead")).scalar_one() == 0


def test_services_refuse_another_tenants_lead_id(two_tenants):
    a, b = two_tenants
    with pytest.raises(NotFound):
        inbox.lead_detail(a.business_id, lead_of(b).id)
    with pytest.raises(NotFound):
        inbox.change_status(a.business_id, lead_of(b).id, "won", a.owner_id, "Olive")
    assert lead_of(b).status == "new"


def test_narrow_lookups_reveal_only_a_business_id(two_tenants):
    """The SECURITY DEFINER functions answer one question; they are not a way around RLS."""
    a, _ = two_tenants
    with identity_session() as session:
        found = session.execute(text("SELECT lm_widget_business(:k)"), {"k": a.widget_key}).scalar_one()
        unknown = session.execute(text("SELECT lm_widget_business('wk_x')")).scalar_one()
    assert (found, unknown) == (a.business_id, None)


def test_the_business_list_lookup_shows_only_the_callers_own_memberships(two_tenants):
    a, b = two_tenants
    with identity_session() as session:
        assert session.execute(text("SELECT * FROM lm_my_businesses()")).all() == []
    with identity_session(a.owner_id) as session:
        assert [row[0] for row in session.execute(text("SELECT * FROM lm_my_businesses()"))] == [a.business_id]

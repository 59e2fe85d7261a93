"""Initial schema: businesses, accounts, leads, conversation; RLS on every tenant table.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 04:09:46.254771
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import postgresql

from leadmachine.migrations.tenancy import (
    CURRENT_BUSINESS_SQL,
    disable_tenant_rls,
    enable_tenant_rls,
    grant_rows,
    lookup_function,
)

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

TENANT_TABLES = [
    "membership",
    "apikey",
    "consentrecord",
    "lead",
    "leadevent",
    "message",
    "ailog",
    "outboxmessage",
]


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('business',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('default_region', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('services', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('service_area', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('hours', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('booking_link', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('public_key')
    )
    op.create_table('apikey',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('key_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_index(op.f('ix_apikey_business_id'), 'apikey', ['business_id'], unique=False)
    op.create_table('consentrecord',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('phone_e164', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('page_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_consentrecord_business_id'), 'consentrecord', ['business_id'], unique=False)
    op.create_table('membership',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_membership_business_id'), 'membership', ['business_id'], unique=False)
    op.create_index(op.f('ix_membership_user_id'), 'membership', ['user_id'], unique=False)
    op.create_table('outboxmessage',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('to', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('provider_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('provider_id')
    )
    op.create_index(op.f('ix_outboxmessage_business_id'), 'outboxmessage', ['business_id'], unique=False)
    op.create_table('usersession',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index(op.f('ix_usersession_user_id'), 'usersession', ['user_id'], unique=False)
    op.create_table('lead',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('phone_e164', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('page_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('referrer', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('utm', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('browser', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('os', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('device', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('geo_country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('consent_id', sa.Uuid(), nullable=True),
    sa.Column('ai_enabled', sa.Boolean(), nullable=False),
    sa.Column('followup_state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_reply_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consent_id'], ['consentrecord.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lead_business_activity', 'lead', ['business_id', 'last_activity_at'], unique=False)
    op.create_index(op.f('ix_lead_business_id'), 'lead', ['business_id'], unique=False)
    op.create_index('ix_lead_followup_pending', 'lead', ['followup_state', 'created_at'], unique=False)
    op.create_table('ailog',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('lead_id', sa.Uuid(), nullable=True),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('input_tokens', sa.Integer(), nullable=False),
    sa.Column('output_tokens', sa.Integer(), nullable=False),
    sa.Column('latency_ms', sa.Integer(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_ailog_business_id'), 'ailog', ['business_id'], unique=False)
    op.create_index(op.f('ix_ailog_created_at'), 'ailog', ['created_at'], unique=False)
    op.create_table('leadevent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('lead_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('actor_user_id', sa.Uuid(), nullable=True),
    sa.Column('actor_label', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['app_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_leadevent_business_id'), 'leadevent', ['business_id'], unique=False)
    op.create_index(op.f('ix_leadevent_lead_id'), 'leadevent', ['lead_id'], unique=False)
    op.create_table('message',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('lead_id', sa.Uuid(), nullable=False),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('ai_generated', sa.Boolean(), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('provider_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key')
    )
    op.create_index(op.f('ix_message_business_id'), 'message', ['business_id'], unique=False)
    op.create_index(op.f('ix_message_lead_id'), 'message', ['lead_id'], unique=False)

    op.execute(CURRENT_BUSINESS_SQL)
    enable_tenant_rls("business", column="id")
    for table in TENANT_TABLES:
        extra = "user_id = lm_current_user()" if table == "membership" else ""
        enable_tenant_rls(table, extra_using=extra)
    grant_rows(["business", "app_user", "usersession", *TENANT_TABLES])
    lookup_function(
        "lm_widget_business", "key text", "SELECT id FROM business WHERE public_key = key"
    )
    lookup_function(
        "lm_api_key_business",
        "digest text",
        "SELECT business_id FROM apikey WHERE key_hash = digest AND revoked_at IS NULL",
    )
    lookup_function(
        "lm_lead_business", "wanted uuid", "SELECT business_id FROM lead WHERE id = wanted"
    )
    op.execute(
        "CREATE FUNCTION lm_pending_followups(older_than timestamptz, max_rows int)"
        " RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS"
        " $$ SELECT id FROM lead WHERE followup_state = 'pending' AND created_at < older_than"
        " ORDER BY created_at LIMIT max_rows $$"
    )
    op.execute("REVOKE ALL ON FUNCTION lm_pending_followups(timestamptz, int) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION lm_pending_followups(timestamptz, int) TO leadmachine_app")


def downgrade() -> None:
    for function in (
        "lm_pending_followups(timestamptz, int)",
        "lm_lead_business(uuid)",
        "lm_api_key_business(text)",
        "lm_widget_business(text)",
    ):
        op.execute(f"DROP FUNCTION {function}")
    for table in ["business", *TENANT_TABLES]:
        disable_tenant_rls(table)
    op.execute("DROP FUNCTION lm_current_user()")
    op.execute("DROP FUNCTION lm_current_business()")
    op.drop_index(op.f('ix_message_lead_id'), table_name='message')
    op.drop_index(op.f('ix_message_business_id'), table_name='message')
    op.drop_table('message')
    op.drop_index(op.f('ix_leadevent_lead_id'), table_name='leadevent')
    op.drop_index(op.f('ix_leadevent_business_id'), table_name='leadevent')
    op.drop_table('leadevent')
    op.drop_index(op.f('ix_ailog_created_at'), table_name='ailog')
    op.drop_index(op.f('ix_ailog_business_id'), table_name='ailog')
    op.drop_table('ailog')
    op.drop_index('ix_lead_followup_pending', table_name='lead')
    op.drop_index(op.f('ix_lead_business_id'), table_name='lead')
    op.drop_index('ix_lead_business_activity', table_name='lead')
    op.drop_table('lead')
    op.drop_index(op.f('ix_usersession_user_id'), table_name='usersession')
    op.drop_table('usersession')
    op.drop_index(op.f('ix_outboxmessage_business_id'), table_name='outboxmessage')
    op.drop_table('outboxmessage')
    op.drop_index(op.f('ix_membership_user_id'), table_name='membership')
    op.drop_index(op.f('ix_membership_business_id'), table_name='membership')
    op.drop_table('membership')
    op.drop_index(op.f('ix_consentrecord_business_id'), table_name='consentrecord')
    op.drop_table('consentrecord')
    op.drop_index(op.f('ix_apikey_business_id'), table_name='apikey')
    op.drop_table('apikey')
    op.drop_table('business')
    op.drop_table('app_user')

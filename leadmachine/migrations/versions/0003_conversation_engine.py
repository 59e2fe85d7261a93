"""Conversation engine: opt-outs, delivery timeline, webhook idempotency, AI modes, nudges.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:37:35.502500
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from leadmachine.migrations.tenancy import disable_tenant_rls, enable_tenant_rls, grant_rows


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

NEW_TENANT_TABLES = ["optout", "deliveryevent"]
DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public"
# Questions asked before a tenant is known, each answering with ids only.
FUNCTIONS = {
    "lm_message_business(wanted uuid)": (
        "uuid", "SELECT business_id FROM message WHERE id = wanted"
    ),
    "lm_provider_message(provider_message text)": (
        "TABLE(message_id uuid, business_id uuid)",
        "SELECT id, business_id FROM message WHERE provider_id = provider_message",
    ),
    "lm_inbound_lead(from_phone text, to_phone text)": (
        "TABLE(lead_id uuid, business_id uuid)",
        "SELECT l.id, l.business_id FROM lead l JOIN business b ON b.id = l.business_id"
        " WHERE l.phone_e164 = from_phone"
        " ORDER BY (b.sms_number <> '' AND b.sms_number = to_phone) DESC, l.created_at DESC LIMIT 1",
    ),
    "lm_due_scheduled_messages(due timestamptz, max_rows int)": (
        "SETOF uuid",
        "SELECT id FROM message WHERE status = 'scheduled' AND scheduled_for <= due"
        " ORDER BY scheduled_for LIMIT max_rows",
    ),
    "lm_due_nudges(due timestamptz, max_rows int)": (
        "SETOF uuid",
        "SELECT l.id FROM lead l JOIN business b ON b.id = l.business_id"
        " WHERE l.followup_state = 'sent' AND l.status = 'new' AND l.ai_enabled"
        " AND l.last_inbound_at IS NULL AND l.nudges_sent < b.max_nudges"
        " AND l.last_outbound_at <= due - make_interval(hours => b.nudge_after_hours)"
        " ORDER BY l.last_outbound_at LIMIT max_rows",
    ),
}


def _signature(function: str) -> str:
    name, arguments = function.split("(", 1)
    types = [argument.split()[-1] for argument in arguments.rstrip(")").split(",")]
    return f"{name}({', '.join(types)})"


def upgrade() -> None:
    op.create_table('emailevent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('provider_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('to', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_emailevent_provider_id'), 'emailevent', ['provider_id'], unique=False)
    op.create_table('webhookevent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('provider', 'event_id', name='uq_webhookevent_provider_event')
    )
    op.create_index(op.f('ix_webhookevent_received_at'), 'webhookevent', ['received_at'], unique=False)
    op.create_table('optout',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('phone_e164', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('keyword', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resubscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_optout_business_id'), 'optout', ['business_id'], unique=False)
    op.create_index('ix_optout_business_phone', 'optout', ['business_id', 'phone_e164'], unique=False)
    op.create_table('deliveryevent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_deliveryevent_business_id'), 'deliveryevent', ['business_id'], unique=False)
    op.create_index(op.f('ix_deliveryevent_message_id'), 'deliveryevent', ['message_id'], unique=False)
    op.add_column('app_user', sa.Column('email_bounced_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('business', sa.Column('ai_mode', sqlmodel.sql.sqltypes.AutoString(length=8), server_default='auto', nullable=False))
    op.add_column('business', sa.Column('nudge_after_hours', sa.Integer(), server_default='24', nullable=False))
    op.add_column('business', sa.Column('max_nudges', sa.Integer(), server_default='1', nullable=False))
    op.add_column('business', sa.Column('sms_number', sqlmodel.sql.sqltypes.AutoString(length=20), server_default='', nullable=False))
    op.add_column('lead', sa.Column('ai_mode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
    op.add_column('lead', sa.Column('nudges_sent', sa.Integer(), server_default='0', nullable=False))
    op.add_column('lead', sa.Column('last_inbound_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('lead', sa.Column('last_outbound_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('message', sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='first_reply', nullable=False))
    op.add_column('message', sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.add_column('message', sa.Column('sent_by_user_id', sa.Uuid(), nullable=True))
    op.add_column('message', sa.Column('scheduled_for', sa.DateTime(timezone=True), nullable=True))
    op.create_foreign_key('fk_message_sent_by_user', 'message', 'app_user', ['sent_by_user_id'], ['id'], ondelete='SET NULL')
    for table in NEW_TENANT_TABLES:
        enable_tenant_rls(table)
    grant_rows(["webhookevent", "emailevent", *NEW_TENANT_TABLES])
    for function, (returns, body) in FUNCTIONS.items():
        op.execute(f"CREATE FUNCTION {function} RETURNS {returns} {DEFINER} AS $$ {body} $$")
        op.execute(f"REVOKE ALL ON FUNCTION {_signature(function)} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {_signature(function)} TO leadmachine_app")


def downgrade() -> None:
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION {_signature(function)}")
    for table in NEW_TENANT_TABLES:
        disable_tenant_rls(table)
    # WARNING: constraint name is None; this directive will fail as
    # rendered.  Add a name, or use a naming convention; see
    # https://alembic.sqlalchemy.org/en/latest/naming.html
    op.drop_constraint('fk_message_sent_by_user', 'message', type_='foreignkey')
    op.drop_column('message', 'scheduled_for')
    op.drop_column('message', 'sent_by_user_id')
    op.drop_column('message', 'error_code')
    op.drop_column('message', 'kind')
    op.drop_column('lead', 'last_outbound_at')
    op.drop_column('lead', 'last_inbound_at')
    op.drop_column('lead', 'nudges_sent')
    op.drop_column('lead', 'ai_mode')
    op.drop_column('business', 'sms_number')
    op.drop_column('business', 'max_nudges')
    op.drop_column('business', 'nudge_after_hours')
    op.drop_column('business', 'ai_mode')
    op.drop_column('app_user', 'email_bounced_at')
    op.drop_index(op.f('ix_deliveryevent_message_id'), table_name='deliveryevent')
    op.drop_index(op.f('ix_deliveryevent_business_id'), table_name='deliveryevent')
    op.drop_table('deliveryevent')
    op.drop_index('ix_optout_business_phone', table_name='optout')
    op.drop_index(op.f('ix_optout_business_id'), table_name='optout')
    op.drop_table('optout')
    op.drop_index(op.f('ix_webhookevent_received_at'), table_name='webhookevent')
    op.drop_table('webhookevent')
    op.drop_index(op.f('ix_emailevent_provider_id'), table_name='emailevent')
    op.drop_table('emailevent')

"""Accounts, teams, access log and business settings; RLS on the new tenant tables.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 04:25:59.350957
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import postgresql

from leadmachine.migrations.tenancy import disable_tenant_rls, enable_tenant_rls, grant_rows, lookup_function

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

NEW_TENANT_TABLES = ["invitation", "accesslog"]


def upgrade() -> None:
    op.create_table('devemail',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('to', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('html', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_devemail_created_at'), 'devemail', ['created_at'], unique=False)
    op.create_index(op.f('ix_devemail_to'), 'devemail', ['to'], unique=False)
    op.create_table('authtoken',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('new_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index(op.f('ix_authtoken_user_id'), 'authtoken', ['user_id'], unique=False)
    op.create_table('invitation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('invited_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by'], ['app_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index(op.f('ix_invitation_business_id'), 'invitation', ['business_id'], unique=False)
    op.create_table('recoverycode',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_recoverycode_user_id'), 'recoverycode', ['user_id'], unique=False)
    op.create_table('accesslog',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('business_id', sa.Uuid(), nullable=False),
    sa.Column('actor_user_id', sa.Uuid(), nullable=True),
    sa.Column('actor_api_key_id', sa.Uuid(), nullable=True),
    sa.Column('actor_label', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('subject_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=True),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_api_key_id'], ['apikey.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['actor_user_id'], ['app_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_accesslog_business_at', 'accesslog', ['business_id', 'at'], unique=False)
    op.create_index(op.f('ix_accesslog_business_id'), 'accesslog', ['business_id'], unique=False)
    op.add_column('app_user', sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), server_default='', nullable=False))
    op.add_column('app_user', sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('app_user', sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column('app_user', sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('business', sa.Column('tone', sqlmodel.sql.sqltypes.AutoString(length=32), server_default='friendly', nullable=False))
    op.add_column('business', sa.Column('faq', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
    op.add_column('business', sa.Column('widget_color', sqlmodel.sql.sqltypes.AutoString(length=7), server_default='#2563eb', nullable=False))
    op.add_column('business', sa.Column('widget_greeting', sqlmodel.sql.sqltypes.AutoString(length=200), server_default="Leave your details and we'll text you back within minutes.", nullable=False))
    op.add_column('business', sa.Column('widget_button_text', sqlmodel.sql.sqltypes.AutoString(length=40), server_default='Text us', nullable=False))
    op.add_column('business', sa.Column('widget_position', sqlmodel.sql.sqltypes.AutoString(length=5), server_default='right', nullable=False))
    op.add_column('business', sa.Column('allowed_domains', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False))
    op.add_column('usersession', sa.Column('active_business_id', sa.Uuid(), nullable=True))
    op.create_foreign_key('fk_usersession_active_business', 'usersession', 'business', ['active_business_id'], ['id'], ondelete='CASCADE')
    op.add_column('membership', sa.Column('notify_new_leads', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_unique_constraint('uq_membership_business_user', 'membership', ['business_id', 'user_id'])
    op.execute("UPDATE app_user SET email_verified_at = created_at")
    for table in NEW_TENANT_TABLES:
        enable_tenant_rls(table)
    grant_rows(["devemail", "authtoken", "recoverycode", *NEW_TENANT_TABLES])
    lookup_function(
        "lm_invitation_business",
        "digest text",
        "SELECT business_id FROM invitation WHERE token_hash = digest"
        " AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()",
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION lm_invitation_business(text)")
    for table in NEW_TENANT_TABLES:
        disable_tenant_rls(table)
    op.drop_constraint('uq_membership_business_user', 'membership', type_='unique')
    op.drop_column('membership', 'notify_new_leads')
    op.drop_constraint('fk_usersession_active_business', 'usersession', type_='foreignkey')
    op.drop_column('usersession', 'active_business_id')
    op.drop_column('business', 'allowed_domains')
    op.drop_column('business', 'widget_position')
    op.drop_column('business', 'widget_button_text')
    op.drop_column('business', 'widget_greeting')
    op.drop_column('business', 'widget_color')
    op.drop_column('business', 'faq')
    op.drop_column('business', 'tone')
    op.drop_column('app_user', 'totp_enabled_at')
    op.drop_column('app_user', 'totp_secret')
    op.drop_column('app_user', 'email_verified_at')
    op.drop_column('app_user', 'phone')
    op.drop_index(op.f('ix_accesslog_business_id'), table_name='accesslog')
    op.drop_index('ix_accesslog_business_at', table_name='accesslog')
    op.drop_table('accesslog')
    op.drop_index(op.f('ix_recoverycode_user_id'), table_name='recoverycode')
    op.drop_table('recoverycode')
    op.drop_index(op.f('ix_invitation_business_id'), table_name='invitation')
    op.drop_table('invitation')
    op.drop_index(op.f('ix_authtoken_user_id'), table_name='authtoken')
    op.drop_table('authtoken')
    op.drop_index(op.f('ix_devemail_to'), table_name='devemail')
    op.drop_index(op.f('ix_devemail_created_at'), table_name='devemail')
    op.drop_table('devemail')

"""One place that reads the environment.

Unset `DATABASE_URL` / `REDIS_URL` mean "embedded": the launcher starts a private
PostgreSQL and Redis under `var/` and hands their URLs to every child process.
"""

from datetime import time
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP_DB_ROLE = "leadmachine_app"
OWNER_DB_ROLE = "leadmachine_owner"
DEV_TWILIO_WEBHOOK_TOKEN = "local-development-twilio-token"
DEV_RESEND_WEBHOOK_SECRET = "whsec_bG9jYWwtZGV2ZWxvcG1lbnQtcmVzZW5kLXNlY3JldA=="


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str | None = Field(None, validation_alias="DATABASE_URL")
    app_database_url: str | None = Field(None, validation_alias="APP_DATABASE_URL")
    app_database_password: str | None = Field(None, validation_alias="LEADMACHINE_APP_DB_PASSWORD")
    redis_url: str | None = Field(None, validation_alias="REDIS_URL")

    port: int = Field(3000, validation_alias="LEADMACHINE_PORT")
    trusted_proxy_hops: int = Field(0, ge=0, le=5, validation_alias="LEADMACHINE_TRUSTED_PROXY_HOPS")
    backend_host: str = Field("127.0.0.1", validation_alias="LEADMACHINE_HOST")
    public_base_url: str | None = Field(None, validation_alias="LEADMACHINE_BASE_URL")
    var_dir: Path = Field(PROJECT_ROOT / "var", validation_alias="LEADMACHINE_VAR_DIR")
    environment: str = Field("development", validation_alias="LEADMACHINE_ENV")

    session_idle_minutes: int = Field(60 * 24 * 7, validation_alias="LEADMACHINE_SESSION_IDLE_MINUTES")
    session_absolute_days: int = Field(30, validation_alias="LEADMACHINE_SESSION_ABSOLUTE_DAYS")
    quiet_hours: str = Field("21:00-08:00", validation_alias="LEADMACHINE_QUIET_HOURS", pattern=r"^(none|\d{2}:\d{2}-\d{2}:\d{2})$")
    followup_sweep_seconds: int = Field(30, validation_alias="LEADMACHINE_SWEEP_SECONDS")
    widget_limit_per_ip: int = Field(20, validation_alias="LEADMACHINE_WIDGET_LIMIT_PER_IP")
    api_limit_per_key: int = Field(600, validation_alias="LEADMACHINE_API_LIMIT_PER_KEY")
    widget_limit_per_business: int = Field(600, validation_alias="LEADMACHINE_WIDGET_LIMIT_PER_BUSINESS")

    anthropic_api_key: SecretStr | None = Field(None, validation_alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str | None = Field(None, validation_alias="ANTHROPIC_BASE_URL")
    anthropic_model: str = Field("claude-haiku-5-5", validation_alias="ANTHROPIC_MODEL")
    anthropic_timeout_seconds: float = Field(8.0, validation_alias="ANTHROPIC_TIMEOUT_SECONDS")
    twilio_account_sid: str | None = Field(None, validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: SecretStr | None = Field(None, validation_alias="TWILIO_AUTH_TOKEN")
    twilio_from_number: str | None = Field(None, validation_alias="TWILIO_FROM_NUMBER")
    twilio_api_base: str | None = Field(None, validation_alias="TWILIO_API_BASE")
    resend_api_key: SecretStr | None = Field(None, validation_alias="RESEND_API_KEY")
    resend_from: str = Field("Lead Machine <notifications@leadmachine.ai>", validation_alias="RESEND_FROM")
    resend_webhook_secret: SecretStr | None = Field(None, validation_alias="RESEND_WEBHOOK_SECRET")
    resend_api_url: str | None = Field(None, validation_alias="RESEND_API_URL")

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://127.0.0.1:{self.port}").rstrip("/")

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def quiet_window(self) -> tuple[time, time] | None:
        """No automated texts from start to end, recipient's time; None turns the rule
        off (only for tests and for deployments outside the US/Canada rules)."""
        if self.quiet_hours == "none":
            return None
        start, end = self.quiet_hours.split("-")
        return time.fromisoformat(start), time.fromisoformat(end)

    def twilio_webhook_token(self) -> str | None:
        """What Twilio webhooks are signed with. Outside production, without Twilio, a
        fixed development token lets the dev outbox and tests sign simulated texts."""
        if self.twilio_auth_token:
            return self.twilio_auth_token.get_secret_value()
        return None if self.production else DEV_TWILIO_WEBHOOK_TOKEN

    def resend_webhook_signing_secret(self) -> str | None:
        if self.resend_webhook_secret:
            return self.resend_webhook_secret.get_secret_value()
        return None if self.production else DEV_RESEND_WEBHOOK_SECRET

    def app_url(self) -> str:
        """The application's own login: no table ownership, no BYPASSRLS (see db.py)."""
        if self.app_database_url:
            return self.app_database_url
        if not self.database_url:
            raise RuntimeError("DATABASE_URL is not set and no embedded database was started")
        url = make_url(self.database_url).set(
            username=APP_DB_ROLE, password=self.app_database_password
        )
        return url.render_as_string(hide_password=False)


@lru_cache
def get_settings() -> Settings:
    return Settings()

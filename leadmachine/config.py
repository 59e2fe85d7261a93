"""One place that reads the environment.

Unset `DATABASE_URL` / `REDIS_URL` mean "embedded": the launcher starts a private
PostgreSQL and Redis under `var/` and hands their URLs to every child process.
"""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP_DB_ROLE = "leadmachine_app"
OWNER_DB_ROLE = "leadmachine_owner"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str | None = Field(None, validation_alias="DATABASE_URL")
    app_database_url: str | None = Field(None, validation_alias="APP_DATABASE_URL")
    app_database_password: str | None = Field(None, validation_alias="LEADMACHINE_APP_DB_PASSWORD")
    redis_url: str | None = Field(None, validation_alias="REDIS_URL")

    port: int = Field(3000, validation_alias="LEADMACHINE_PORT")
    backend_host: str = Field("127.0.0.1", validation_alias="LEADMACHINE_HOST")
    public_base_url: str | None = Field(None, validation_alias="LEADMACHINE_BASE_URL")
    var_dir: Path = Field(PROJECT_ROOT / "var", validation_alias="LEADMACHINE_VAR_DIR")
    environment: str = Field("development", validation_alias="LEADMACHINE_ENV")

    session_idle_minutes: int = Field(60 * 24 * 7, validation_alias="LEADMACHINE_SESSION_IDLE_MINUTES")
    session_absolute_days: int = Field(30, validation_alias="LEADMACHINE_SESSION_ABSOLUTE_DAYS")
    followup_sweep_seconds: int = Field(30, validation_alias="LEADMACHINE_SWEEP_SECONDS")
    widget_limit_per_ip: int = Field(20, validation_alias="LEADMACHINE_WIDGET_LIMIT_PER_IP")
    api_limit_per_key: int = Field(600, validation_alias="LEADMACHINE_API_LIMIT_PER_KEY")
    widget_limit_per_business: int = Field(600, validation_alias="LEADMACHINE_WIDGET_LIMIT_PER_BUSINESS")

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://127.0.0.1:{self.port}").rstrip("/")

    @property
    def production(self) -> bool:
        return self.environment == "production"

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

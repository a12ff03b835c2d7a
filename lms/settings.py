"""Settings read from ``LMS_*`` environment variables, with safe local defaults."""

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from lms import PROJECT_ROOT

DEFAULT_SECRET = "insecure-development-secret-change-me"  # noqa: S105 - refused in production


class Settings(BaseSettings):
    """Everything that differs between a laptop, CI and a production server."""

    model_config = SettingsConfigDict(env_prefix="LMS_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{PROJECT_ROOT / 'data' / 'lms.sqlite3'}"
    )
    curriculum_dir: Path = PROJECT_ROOT / "curriculum"
    translations_dir: Path = PROJECT_ROOT / "translations"
    static_dir: Path = PROJECT_ROOT / "static"
    #: Evidence photos of practical tasks (outside the web root, served only through access checks).
    evidence_dir: Path = PROJECT_ROOT / "data" / "evidence"
    secret_key: str = DEFAULT_SECRET
    #: The platform's public address (e.g. https://lms.example.org) for links that leave the
    #: platform, such as the verification address in a certificate's QR code. Empty: the
    #: address the request came in on.
    public_url: str = ""
    #: The teacher's book is for teachers and administrators; this opens it to everyone
    #: (for curriculum authors previewing their work, never on a shared platform).
    teacher_book_public: bool = False
    #: Rebuild the rendered curriculum when its files change (default: on in development).
    reload_curriculum: bool | None = None
    access_log: bool = True
    log_level: str = "INFO"
    #: Sessions end after this long without a request, and this long after login at most.
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    #: Send cookies only over https (also on automatically when the request is https).
    cookie_secure: bool = False
    #: Failed logins allowed in the window before that account, or that client address,
    #: must wait for the window to pass.
    login_window_minutes: int = 15
    login_failures_per_account: int = 5
    login_failures_per_client: int = 30
    #: argon2id cost; changing it rehashes each password at its next successful login.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def curriculum_reload_enabled(self) -> bool:
        if self.reload_curriculum is None:
            return not self.is_production
        return self.reload_curriculum


class SettingsError(RuntimeError):
    """Raised when the settings are unsafe to start with."""


def check_production_safety(settings: Settings) -> None:
    """Refuse to run in production with the published default secret."""
    if settings.is_production and settings.secret_key in ("", DEFAULT_SECRET):
        raise SettingsError(
            "LMS_SECRET_KEY is not set: production mode refuses to start with the default "
            "secret. Set LMS_SECRET_KEY to a long random value."
        )


@cache
def get_settings() -> Settings:
    return Settings()

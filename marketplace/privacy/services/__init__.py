"""Members' own data, one module per concern: export (the ZIP of everything Valund holds about a
member, its download link and its expiry), erasure (the closing of an account, with what the law
makes us keep pseudonymised) and retention (removing what is past its time).

The names below are the public ones: callers write `from marketplace.privacy import services`
and `services.account_close(...)`. docs/privacy.md lists every kind of data and what happens to it."""

from .erasure import FORMER_MEMBER, ClosureBlocked, account_close, check_password_and_factor, pseudonym
from .export import (
    EXPORT_SALT,
    LinkInvalid,
    export_build,
    export_for_download,
    export_link,
    export_request,
    export_token,
    exports_expire,
)
from .retention import retention_run

__all__ = [
    "EXPORT_SALT", "FORMER_MEMBER", "ClosureBlocked", "LinkInvalid", "account_close", "check_password_and_factor",
    "export_build", "export_for_download", "export_link", "export_request", "export_token", "exports_expire",
    "pseudonym", "retention_run",
]

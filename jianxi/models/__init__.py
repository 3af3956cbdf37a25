"""Tables, one module per subject. Query helpers return unexecuted queries so callers can filter further."""
from .applications import (
    ACTIVE_STATUSES,
    APPLICATION_APPROVED,
    APPLICATION_PENDING,
    APPLICATION_REJECTED,
    APPLICATION_STATUSES,
    APPLICATION_WITHDRAWN,
    ATTACHMENT_KINDS,
    Application,
    ApplicationAttachment,
    Attachment,
)
from .audit import AuditLog
from .base import BaseModel, Region
from .people import (
    ROLE_ADMIN,
    ROLE_APPLICANT,
    ROLE_REVIEWER,
    ROLES,
    LoginAttempt,
    RegistrationAttempt,
    User,
    new_session_token,
)
from .positions import (
    CLOSE_REASONS,
    EDUCATION_LEVELS,
    FAVORITE_LIMIT,
    POSITION_CLOSED,
    POSITION_OPEN,
    POSITION_STATUSES,
    CatalogVersion,
    Employer,
    Favorite,
    ImportDraft,
    Position,
)

# In the order the tables are created (each after those it refers to).
ALL = [
    Region, Employer, Position, User, LoginAttempt, RegistrationAttempt, Application, Attachment,
    ApplicationAttachment, Favorite, ImportDraft, CatalogVersion, AuditLog,
]

__all__ = [
    "ACTIVE_STATUSES",
    "ALL",
    "APPLICATION_APPROVED",
    "APPLICATION_PENDING",
    "APPLICATION_REJECTED",
    "APPLICATION_STATUSES",
    "APPLICATION_WITHDRAWN",
    "ATTACHMENT_KINDS",
    "Application",
    "ApplicationAttachment",
    "Attachment",
    "AuditLog",
    "BaseModel",
    "CLOSE_REASONS",
    "CatalogVersion",
    "EDUCATION_LEVELS",
    "Employer",
    "FAVORITE_LIMIT",
    "ImportDraft",
    "Favorite",
    "LoginAttempt",
    "POSITION_CLOSED",
    "POSITION_OPEN",
    "POSITION_STATUSES",
    "Position",
    "ROLES",
    "ROLE_ADMIN",
    "ROLE_APPLICANT",
    "ROLE_REVIEWER",
    "Region",
    "RegistrationAttempt",
    "User",
    "new_session_token",
]

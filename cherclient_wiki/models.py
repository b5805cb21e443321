"""Every table, imported in one place so Alembic and the app see the same metadata."""
from .accounts.models import ApiToken, User

__all__ = ["ApiToken", "User"]
from .brands.models import Brand, BrandAlias, BrandRedirect, BrandRepresentative  # noqa: E402,F401
from .community.models import BlockedDomain, Comment, Report  # noqa: E402,F401
from .core.audit import AuditEntry  # noqa: E402,F401
from .moderation.models import ModerationDecision  # noqa: E402,F401
from .search.outbox import OutboxEntry  # noqa: E402,F401
from .search.synonyms import SynonymGroup  # noqa: E402,F401
from .stories.models import Story, StoryBrand, StoryReaction, StoryRevision  # noqa: E402,F401
from .uploads.models import Upload  # noqa: E402,F401
from .wiki.models import Page, PageCategory, PageLink, PageRedirect, Revision  # noqa: E402,F401

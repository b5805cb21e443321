"""Every table, imported in one place (by create_app) so that Alembic and the app see the same
metadata."""
from .accounts.models import ApiToken, User
from .brands.models import Brand, BrandAlias, BrandRedirect, BrandRepresentative
from .community.models import BlockedDomain, Comment, Report
from .core.audit import AuditEntry
from .core.versions import DataVersion
from .leaderboard.models import BrandTotal, CountedStory
from .moderation.models import ModerationDecision
from .notifications.models import Follow, Notification, NotificationSettings
from .search.outbox import OutboxEntry
from .search.synonyms import SynonymGroup
from .stories.models import Story, StoryBrand, StoryReaction, StoryRevision
from .suggestions.models import Suggestion, SuggestionEvent, SuggestionSupport
from .uploads.models import Upload
from .wiki.models import Page, PageCategory, PageLink, PageRedirect, Revision

__all__ = [
    "ApiToken", "AuditEntry", "BlockedDomain", "Brand", "BrandAlias", "BrandRedirect", "BrandRepresentative",
    "BrandTotal", "Comment", "CountedStory", "DataVersion", "Follow", "ModerationDecision", "Notification", "NotificationSettings",
    "OutboxEntry", "Page", "PageCategory", "PageLink", "PageRedirect", "Report", "Revision", "Story", "StoryBrand",
    "StoryReaction", "StoryRevision", "Suggestion", "SuggestionEvent", "SuggestionSupport", "SynonymGroup",
    "Upload", "User",
]

"""Who may see a brand. A brand exists as soon as a story names it, but it is public only once a
published story names it: a brand created by a held or rejected story (an ad's own name, say
« Casino Bonus 500 EUR gratuit ») gets no page, no API entry, no place in the leaderboard, search
or autocomplete until a moderator publishes a story about it. Moderators see every brand."""
from __future__ import annotations

from sqlalchemy import exists, select

from ..accounts.models import User
from ..accounts.roles import is_moderator
from ..brands.models import Brand
from ..core.db import db
from ..stories.choices import Status
from ..stories.models import Story, StoryBrand


def is_public(brand: Brand) -> bool:
    named = exists().where(StoryBrand.brand_id == brand.id, StoryBrand.story_id == Story.id,
                           Story.status == Status.PUBLISHED.value)
    return bool(db.session.scalar(select(named)))


def can_see_brand(user: User | None, brand: Brand) -> bool:
    if is_moderator(user):
        return True
    return is_public(brand)

"""Writing stories: one validation for the web form, the API and the demo, then create or edit.

Every save renders the Markdown once (cherclient_wiki.core.markup), tags the brands through
brands.names (so "SAAB" and " saab " land on one brand), appends a StoryRevision, and is screened
(stories.screening) before it is committed, so no path publishes an unscreened story. An edit
names the version it started from (`base_version`): what was saved since is merged in
(stories.merging), and facts changed on both sides are a conflict, never an overwrite.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts.models import User
from ..accounts.roles import Role
from ..brands.names import find_brand, get_or_create_brand
from ..core.audit import record
from ..core.db import LostRace, db, retried, utcnow
from ..core.errors import InputError
from ..core.hooks import hooks
from ..core.markup import RenderTooSlow, render
from ..core.merge import Outcome
from ..core.schemas import validate, validate_value
from .choices import Status
from .merging import merge_facts
from .models import Story, StoryBrand, StoryRevision
from .schemas import Body, StoryEdit, StoryInput
from .screening import apply_screening


class StoryForbidden(PermissionError):
    """Only a story's author and moderators may change it."""


class StoryConflict(Exception):
    """Since the version the edit started from, someone changed the same facts (or the same lines
    of the body) differently: nothing is saved. `story` is the current story; `conflicts` names the
    facts as the API payload does; `marked_body` has diff3 markers where the bodies overlap."""

    def __init__(self, story: Story, conflicts: tuple[str, ...], marked_body: str) -> None:
        super().__init__(", ".join(conflicts))
        self.story = story
        self.conflicts = conflicts
        self.marked_body = marked_body


@dataclass(frozen=True)
class StoryFacts:
    """A checked submission: what a save writes onto the story."""

    title: str
    body: str
    brands: tuple[str, ...]  # cleaned names, duplicates (after folding) removed, in the order given
    kind: str
    satisfaction: int
    ending: str
    year: int | None
    channel: str | None
    photo_id: int | None


def validate_story(data: Mapping[str, Any]) -> StoryFacts:
    """Check a submission (the form's fields or the API's JSON, same names) with the one story
    schema (stories.schemas): InputError with every field's French message at once."""
    return _facts(validate(StoryInput, data))


def _facts(checked: StoryInput) -> StoryFacts:
    return StoryFacts(
        title=checked.title, body=checked.body, brands=tuple(checked.brands), kind=checked.kind,
        satisfaction=checked.satisfaction, ending=checked.ending, year=checked.year, channel=checked.channel,
        photo_id=checked.photo_id,
    )


def can_edit(user: User | None, story: Story) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return story.author_id == user.id or user.has_role(Role.MODERATOR)


def can_see(user: User | None, story: Story) -> bool:
    """Pending and rejected stories are for their author and the moderators only."""
    return story.is_published or can_edit(user, story)


def _apply(story: Story, facts: StoryFacts, html: str) -> None:
    story.title = facts.title
    story.body = facts.body
    story.html = html
    story.kind = facts.kind
    story.satisfaction = facts.satisfaction
    story.ending = facts.ending
    story.year = facts.year
    story.channel = facts.channel
    story.photo_id = facts.photo_id
    brands = [get_or_create_brand(name) for name in facts.brands]
    unique = list({brand.id: brand for brand in brands}.values())  # two names may be one brand's aliases
    kept = {link.brand_id: link for link in story.brand_links}
    links = []
    for position, brand in enumerate(unique):
        link = kept.get(brand.id) or StoryBrand(brand_id=brand.id, brand=brand)
        link.position = position
        links.append(link)
    story.brand_links = links


def _revise(story: Story, editor: User | None) -> StoryRevision:
    revision = StoryRevision(
        number=story.version, title=story.title, body=story.body, html=story.html,
        facts=_current_facts(story), author_id=editor.id if editor else None,
    )
    story.revisions.append(revision)
    return revision


def _unchanged(story: Story, facts: StoryFacts) -> bool:
    found = [find_brand(name) for name in facts.brands]
    brand_ids = list(dict.fromkeys(brand.id if brand else None for brand in found))
    return (
        (story.title, story.body, story.kind, story.satisfaction, story.ending, story.year, story.channel, story.photo_id)
        == (facts.title, facts.body, facts.kind, facts.satisfaction, facts.ending, facts.year, facts.channel, facts.photo_id)
        and None not in brand_ids
        and brand_ids == [link.brand_id for link in story.brand_links]
    )


def _current_facts(story: Story) -> dict[str, Any]:
    return {
        "brands": [brand.name for brand in story.brands], "kind": story.kind, "satisfaction": story.satisfaction,
        "ending": story.ending, "year": story.year, "channel": story.channel, "photo_id": story.photo_id,
    }


def _facts_of(title: str, body: str, facts: Mapping[str, Any]) -> StoryFacts:
    """A version as StoryFacts: the story now, or a StoryRevision (title, body, facts)."""
    return StoryFacts(
        title=title, body=body, brands=tuple(facts.get("brands") or ()), kind=facts.get("kind", ""),
        satisfaction=facts.get("satisfaction", 0), ending=facts.get("ending", ""), year=facts.get("year"),
        channel=facts.get("channel"), photo_id=facts.get("photo_id"),
    )


def _comparable(facts: StoryFacts) -> dict[str, Any]:
    """The facts as merging compares them, keyed as the API payload is: brands by the names the
    brands go by now, so that "saab" typed in one version and « Saab » in another are one value."""
    values = asdict(facts)
    values["photo"] = values.pop("photo_id")
    values["brands"] = tuple(dict.fromkeys(brand.name if (brand := find_brand(name)) else name for name in facts.brands))
    return values


def _merged(story: Story, base: int, facts: StoryFacts) -> StoryFacts:
    """My facts, edited from version `base`, merged with the story as it is now."""
    missing = InputError.of({"base_version": _("La version %(n)d de cette histoire n'existe pas.", n=base)})
    if base > story.version:
        raise missing
    revision = db.session.scalar(
        select(StoryRevision).where(StoryRevision.story_id == story.id, StoryRevision.number == base).limit(1)
    )
    if revision is None:
        raise missing
    merge = merge_facts(
        _comparable(_facts_of(revision.title, revision.body, revision.facts)),
        _comparable(facts),
        _comparable(_facts_of(story.title, story.body, _current_facts(story))),
    )
    if merge.conflicts:
        raise StoryConflict(story, merge.conflicts, merge.marked_body)
    values = dict(merge.facts)
    values["photo_id"] = values.pop("photo")
    values["body"] = validate_value(Body, values["body"], "body")  # two edits together may be too long
    return StoryFacts(**values)


def _checked_html(writer: User, facts: StoryFacts, previous_html: str) -> str:
    """The body rendered once; the community's link rules (new accounts, blocked domains) judge
    the links this save adds before anything is written."""
    try:
        html = render(facts.body)
    except RenderTooSlow as slow:
        raise InputError.of({"body": str(slow)}) from None
    problem = hooks().save_problem(writer, html, previous_html)
    if problem:
        raise InputError.of({"body": problem})
    return html


def create_story(author: User, data: Mapping[str, Any] | StoryInput, *, ip: str | None = None) -> Story:
    """Validate (unless the API already did), tag, render, screen and commit a new story; its
    first revision is kept too."""
    facts = _facts(data if isinstance(data, StoryInput) else validate(StoryInput, data))
    html = _checked_html(author, facts, "")
    story = Story(author=author, author_id=author.id, author_ip=ip, ad_reasons=[], version=1)
    db.session.add(story)
    _apply(story, facts, html)
    db.session.flush()
    _revise(story, author)
    apply_screening(story)
    db.session.commit()
    return story


def edit_story(story: Story, editor: User, data: Mapping[str, Any] | StoryEdit, *, ip: str | None = None) -> Outcome:
    """Save a new version (author or moderator): SAVED, MERGED when the story had moved on since
    `data["base_version"]` and the two edits combine, UNCHANGED when nothing changed (no empty
    version is kept). Facts changed on both sides raise StoryConflict and save nothing; without a
    base version the edit overwrites. The edited text is screened again: an ad slipped into an
    edit is caught too."""
    if not can_edit(editor, story):
        raise StoryForbidden()
    checked = data if isinstance(data, StoryEdit) else validate(StoryEdit, data)
    facts, base = _facts(checked), checked.base_version
    try:
        return retried(lambda: _attempt_edit(story, editor, facts, base, ip))
    except LostRace:
        raise StoryConflict(story, (), story.body) from None


def _attempt_edit(story: Story, editor: User, facts: StoryFacts, base: int | None, ip: str | None) -> Outcome:
    # An author and a moderator saving at once: the row lock (PostgreSQL) queues the second save
    # behind the first, so it merges with, and numbers after, the first one's version. Without row
    # locks (SQLite) the compare-and-swap on the version decides, and the loser starts again.
    db.session.refresh(story, with_for_update=True)
    version, outcome = story.version, Outcome.SAVED
    if base is not None and base != version:
        facts, outcome = _merged(story, base, facts), Outcome.MERGED
    if _unchanged(story, facts):
        return Outcome.UNCHANGED
    # On the bare connection: a version number moves no tally (brands.tallies rebuilds every tally
    # after an ORM bulk statement on stories).
    stories = Story.__table__
    swapped = db.session.connection().execute(
        update(stories).where(stories.c.id == story.id, stories.c.version == version).values(version=version + 1)
    )
    if swapped.rowcount != 1:
        raise LostRace()
    set_committed_value(story, "version", version + 1)
    _apply(story, facts, _checked_html(editor, facts, story.html))
    if ip is not None and editor.id == story.author_id:
        story.author_ip = ip
    story.updated_at = utcnow()
    db.session.flush()
    _revise(story, editor)
    apply_screening(story)
    return outcome


def request_review(story: Story, author: User) -> bool:
    """The author of a held story asks a moderator to read it (the queue shows the request);
    False when it was already asked. Only the author, and only while the story is held."""
    if author.id != story.author_id or story.status != Status.PENDING.value:
        raise StoryForbidden()
    if story.review_requested_at is not None:
        return False
    story.review_requested_at = utcnow()
    record(author, "story.review_request", "story", story.id)
    db.session.commit()
    return True


def story_form_data(story: Story) -> dict[str, Any]:
    """The story as the edit form shows it (radio buttons and text inputs hold strings)."""
    return {
        "title": story.title, "body": story.body, "brands": ", ".join(brand.name for brand in story.brands),
        "kind": story.kind, "satisfaction": str(story.satisfaction), "ending": story.ending,
        "year": str(story.year or ""), "channel": story.channel or "", "photo": story.photo.name if story.photo else "",
        "base_version": str(story.version),
    }

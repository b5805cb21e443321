"""A small site with one of everything the routes can point at, and the people who visit it.

The fuzzing identities are never the target of an account action: role changes, deactivation and
token revocation get the ids of a separate "victime" account, so every identity keeps its rights
for the whole run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from cherclient_wiki.accounts import tokens, users
from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.names import find_brand
from cherclient_wiki.community import comments, links, reports, representatives
from cherclient_wiki.community.models import Target
from cherclient_wiki.community.targets import find
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.leaderboard import admin
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.uploads import images
from cherclient_wiki.wiki import pages

from .hostile import PASSWORD, PNG, STORY_BODY

ROLES = {"customer": Role.CUSTOMER, "practitioner": Role.PRACTITIONER, "moderator": Role.MODERATOR, "admin": Role.ADMIN}


@dataclass(frozen=True)
class Identity:
    name: str
    user_id: int | None = None
    token: str | None = None


@dataclass
class Site:
    identities: dict[str, Identity]
    path_values: dict[str, list[str]] = field(default_factory=dict)


def _member(name: str, role: Role) -> User:
    user = users.create_user(name, f"{name}@example.org", PASSWORD, role)
    user.created_at = utcnow() - timedelta(days=30)  # old enough to post links
    db.session.commit()
    return user


def build_site() -> Site:
    """Accounts of every role with a token each, wiki pages with history and a renamed one,
    21 published stories (two pages of them) and a held one, brands (one renamed), comments, a
    report, a representative, a blocked domain and an image."""
    people = {name: _member(name, role) for name, role in {**ROLES, "victime": Role.CUSTOMER}.items()}
    victim, root = people["victime"], people["admin"]
    identities = {"anonymous": Identity("anonymous")}
    for name in ROLES:
        identities[name] = Identity(name, people[name].id, tokens.create_token(people[name], "fuzz"))
    tokens.create_token(victim, "spare")  # what the revoke route may revoke

    home = pages.save_revision("accueil-client", "Bienvenue. [[Le centre d'appels]] [[Catégorie:Relation client]]", victim, title="Accueil client").page
    pages.save_revision("accueil-client", "Bienvenue, version 2. [[Page rouge]]", people["customer"], summary="ajout")
    moved = pages.save_revision("ancienne-page", "Un texte.", victim, title="Ancienne page").page
    pages.rename(moved, "Le centre d'appels", victim)

    photo = images.save_image(PNG, "photo.png", victim)
    stories = [
        writing.create_story(victim if n % 2 else people["customer"], {
            "title": f"Mon lave-linge, épisode {n}", "body": STORY_BODY, "brands": ["Saab", "Coolblue"][: 1 + n % 2],
            "kind": "love", "satisfaction": 1 + n % 5, "ending": "loyal", "year": 2015, "channel": "phone",
            "photo": photo.name if n == 0 else None,
        })
        for n in range(22)
    ]
    for story in stories:
        story.status = Status.PUBLISHED.value
    stories[-1].status = Status.PENDING.value
    db.session.commit()
    saab = find_brand("Saab")
    assert saab is not None
    admin.rename_brand(saab, "Saab Automobile", root)

    story_item = find(Target.STORY, stories[0].id, victim)
    page_item = find(Target.PAGE, home.id, victim)
    assert story_item is not None and page_item is not None
    comment = comments.post(victim, story_item, "Bravo pour ce récit.")
    comments.post(people["customer"], page_item, "Merci pour la page.")
    comment_item = find(Target.COMMENT, comment.id, victim)
    assert comment_item is not None
    report = reports.file(victim, story_item, "spam", "Lien douteux")
    reports.file(victim, comment_item, "abuse")
    link = representatives.grant(root, "practitioner", "Saab Automobile")
    links.block(root, "pub.example", "spam")

    ids = {
        "story_id": [str(story.id) for story in stories],
        "comment_id": [str(comment.id)],
        "report_id": [str(report.id)],
        "user_id": [str(victim.id)],
        "brand_id": [str(link.brand_id)],
        "token_id": [str(token.id) for token in victim.tokens],
    }
    ids["target_id"] = ids["story_id"][:2] + [str(home.id), str(comment.id)]
    return Site(identities, {
        **ids,
        "number": ["1", "2"],
        "slug": ["accueil-client", "le-centre-d-appels", "ancienne-page", "saab-automobile", "saab", "coolblue", "relation-client"],
        "target_type": ["story", "page", "comment"],
        "username": ["victime"],
        "domain": ["pub.example"],
        "name": [photo.name],
        "filename": ["css/site.css", "js/site.js"],
    })

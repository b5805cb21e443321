"""Link rules shared by wiki saves, stories and comments: new accounts wait a few days before adding
external links (the cheapest defence against spam accounts), and nobody links to a blocked domain.

Both rules look at the links a text *adds*, read from its rendered HTML (the same pipeline that
publishes it), so editing a page that already cites a site is never refused for that citation.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.roles import Role
from ..brands.names import name_key
from ..core.audit import record
from ..core.db import db, utcnow
from ..core.errors import InputError
from ..core.markup.urls import host_of, is_external
from .models import BlockedDomain

DEFAULT_NEW_ACCOUNT_LINK_DAYS = 3
HREF_RE = re.compile(r'<a\s[^>]*?\bhref="([^"]*)"')
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def external_links(html: str) -> set[str]:
    """The external targets of rendered HTML. The markup pipeline's output is serialised by nh3
    (attributes double-quoted, entities escaped), so a pattern reads it reliably, and several
    times faster than a full HTML parser on a long page."""
    hrefs = (unescape(match) for match in HREF_RE.findall(html))
    return {href for href in hrefs if is_external(href)}


def link_domain(href: str) -> str:
    """"https://WWW.Promo.fr/x" -> "www.promo.fr"; "mailto:a@promo.fr" -> "promo.fr"; the host a
    browser would reach (markup.urls), in its ASCII form: "promo-café.fr" -> "xn--promo-caf-d4a.fr"."""
    return host_of(href)


def normalise_domain(text: str) -> str | None:
    """What an administrator typed ("https://www.promo.fr/offre", "Promo.fr") as a bare domain,
    or None if it is not one. A leading "www." is dropped: blocking covers subdomains anyway."""
    text = text.strip()
    domain = link_domain(text if "//" in text or "\\" in text else "//" + text)
    domain = domain.removeprefix("www.")
    return domain if DOMAIN_RE.match(domain) else None


def blocked_domain(domain: str) -> str | None:
    """The blocklist entry covering `domain` or one of its parent domains."""
    labels = domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels))]
    return db.session.scalar(select(BlockedDomain.domain).where(BlockedDomain.domain.in_(candidates)).limit(1))


def blocked_name(key: str) -> str | None:
    """The blocked domain whose name, without its extension, is this folded brand name
    ("promocasino" for promo-casino.fr): a site the moderators blocked gets no brand page either."""
    if not key:
        return None
    for domain in db.session.scalars(select(BlockedDomain.domain)):
        if re.sub(r"[^0-9a-z]+", "", domain.rsplit(".", 1)[0].removeprefix("www.")) == key:
            return str(domain)
    return None


def blocked_name_problem(name: str) -> str | None:
    """A name check (core.hooks): no brand named after a blocked site."""
    if blocked_name(name_key(name)):
        return str(_l("« %(name)s » est le nom d'un site bloqué par la modération.", name=name))
    return None


def link_wait_days() -> int:
    return int(current_app.config.get("NEW_ACCOUNT_LINK_DAYS", DEFAULT_NEW_ACCOUNT_LINK_DAYS))


def link_wait_ends(author: User) -> datetime | None:
    """When a new account may add external links; None if it already may."""
    if author.has_role(Role.MODERATOR):
        return None
    ends = author.created_at + timedelta(days=link_wait_days())
    return ends if ends > utcnow() else None


def link_problem(author: User | None, html: str, previous_html: str = "") -> str | None:
    """A French message if the links that `html` adds to `previous_html` break a rule, else None."""
    added = external_links(html) - external_links(previous_html)
    if not added:
        return None
    domains = sorted({link_domain(href) for href in added} - {""})
    for domain in domains:
        blocked = blocked_domain(domain)
        if blocked:
            return str(_l("Les liens vers %(domain)s ne sont pas acceptés sur CherClient.wiki : retirez ce lien pour publier.", domain=blocked))
    ends = link_wait_ends(author) if author is not None else None
    if ends is not None:
        return str(_l(
            "Les comptes créés depuis moins de %(n)d jours ne peuvent pas encore ajouter de liens externes (ici vers %(domain)s). "
            "Retirez le lien pour publier maintenant, ou revenez à partir du %(date)s.",
            n=link_wait_days(), domain=domains[0] if domains else added.pop(), date=format_date(ends, "long"),
        ))
    return None


def block(actor: User, text: str, reason: str = "") -> BlockedDomain:
    """Add a domain to the blocklist (the caller's audit entry goes in the same transaction)."""
    domain = normalise_domain(text)
    if domain is None:
        raise InputError(str(_l("« %(text)s » n'est pas un nom de domaine (exemple : promo-exemple.fr).", text=text.strip())), "domain")
    entry = db.session.get(BlockedDomain, domain)
    if entry is None:
        entry = BlockedDomain(domain=domain, reason=reason.strip()[:300], created_by_id=actor.id)
        db.session.add(entry)
        record(actor, "domain.block", "domain", domain, reason)
        db.session.commit()
    return entry


def unblock(actor: User, domain: str) -> bool:
    entry = db.session.get(BlockedDomain, domain)
    if entry is None:
        return False
    db.session.delete(entry)
    record(actor, "domain.unblock", "domain", domain)
    db.session.commit()
    return True


def blocklist() -> list[BlockedDomain]:
    return list(db.session.scalars(select(BlockedDomain).order_by(BlockedDomain.domain)))

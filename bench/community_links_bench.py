"""What the community link rules add to a wiki save: link_problem (two HTML parses and the
blocklist lookups) against render_document, the rendering every save already does.

    .venv/bin/python bench/community_links_bench.py [--links N] [--paragraphs N] [--rounds N]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from datetime import timedelta

from cherclient_wiki import create_app
from cherclient_wiki.accounts.models import User
from cherclient_wiki.community.links import link_problem
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.core.markup import render_document


def page_source(paragraphs: int, links: int) -> str:
    text = [f"Paragraphe {n} sur la relation client, avec un [[Lien interne {n}]]." for n in range(paragraphs)]
    text += [f"- [source {n}](https://site{n}.example/page)" for n in range(links)]
    return "\n\n".join(text)


def best(rounds: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=400)
    parser.add_argument("--links", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "bench"})
        with app.app_context():
            db.create_all()
            author = User(username="bench", email="bench@example.org", password_hash="x", created_at=utcnow() - timedelta(days=30))
            db.session.add(author)
            db.session.commit()
            old = render_document(page_source(args.paragraphs, args.links)).html
            new_source = page_source(args.paragraphs, args.links + 1)
            render = best(args.rounds, lambda: render_document(new_source))
            new = render_document(new_source).html
            check = best(args.rounds, lambda: link_problem(author, new, old))
    print(f"page: {args.paragraphs} paragraphs, {args.links + 1} external links, {len(new) // 1024} KiB of HTML")
    print(f"render_document: {render * 1000:.2f} ms   link_problem: {check * 1000:.2f} ms   ratio: {check / render:.2f}")


if __name__ == "__main__":
    main()

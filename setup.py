"""Packaging: the top-level templates/, static/ and pages/ folders ship inside the package."""
from setuptools import find_packages, setup

DATA_FOLDERS = ("templates", "static", "pages")

setup(
    name="cherclient-wiki",
    version="0.1.0",
    description="CherClient.wiki — le wiki collaboratif de la relation client",
    python_requires=">=3.11",
    packages=find_packages(include=["cherclient_wiki", "cherclient_wiki.*"])
    + [f"cherclient_wiki.{folder}" for folder in DATA_FOLDERS],
    package_dir={f"cherclient_wiki.{folder}": folder for folder in DATA_FOLDERS},
    package_data={
        "cherclient_wiki": [
            "translations/*/LC_MESSAGES/*.mo",
            "translations/*/LC_MESSAGES/*.po",
            "migrations/*",
            "migrations/versions/*.py",
            "demo/*.json",
            "moderation/*.json",
            "moderation/evaluation/*.json",
            "search/*.txt",
        ],
        **{f"cherclient_wiki.{folder}": ["**/*"] for folder in DATA_FOLDERS},
    },
    install_requires=[
        "Flask>=3.0,<4",
        "Flask-SQLAlchemy>=3.1",
        "SQLAlchemy>=2.0",
        "Flask-Migrate>=4.0",
        "alembic>=1.13",
        "Flask-Login>=0.6.3",
        "Flask-WTF>=1.2",
        "WTForms>=3.3",
        "email-validator>=2.0",
        "Flask-Babel>=4.0",
        # Whole pages kept for visitors (core/visitor_cache.py), in any of its backends.
        "Flask-Caching>=2.3",
        "Flask-Limiter>=3.5",
        # pulldown-cmark: linear-time parsing whatever the input (see the README's "Rendering").
        "pyromark>=0.10,<0.11",
        "nh3>=0.2.17",
        # WHATWG URL parsing (ada): links are judged as a browser resolves them.
        "ada-url>=1.15",
        # search.codec reads the W3 posting blocks through private attributes (tests/search/test_index_files.py).
        "Whoosh-Reloaded>=2.7.5,<2.8",
        "Pillow>=10.3",
        "feedgen>=1.0",
        "python-frontmatter>=1.1",
        "python-slugify>=9.2",  # its `backend` argument (core/slugs.py)
        "merge3>=0.0.15",
        # MinHash signatures of stories: near-duplicate ads across accounts (moderation/detector.py).
        "datasketch>=2.0,<3",
        # One schema per input, for the web forms and the API, and the API's OpenAPI document.
        "pydantic>=2.7,<3",
    ],
    extras_require={
        "test": [
            "pytest>=8",
            "pytest-benchmark>=4",
            "playwright>=1.45",
            "psycopg[binary]>=3.1",
            "redis>=5",
            # tests/deploy starts real app servers, as docs/deploy.md runs them.
            "gunicorn>=22",
            "hypothesis>=6.100",
            "schemathesis>=4.0,<5",
            "openapi-spec-validator>=0.7",
            "import-linter>=2.0",
            # tests/test_packaging.py builds the wheel without build isolation.
            "setuptools>=64",
            "wheel",
        ],
        # bench/detector_fit.py fits the wording model offline; the site scores it in pure Python.
        "bench": ["scikit-learn>=1.4"],
        "postgres": ["psycopg[binary]>=3.1"],
        "prod": ["gunicorn>=22", "redis>=5"],
    },
)

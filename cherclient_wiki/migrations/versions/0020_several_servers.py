"""Several app servers: the PostgreSQL full-text search (SEARCH_BACKEND=postgresql): the French
configuration with unaccent, the documents with their weighted vector and GIN index, the
vocabulary with its trigram index (PostgreSQL only: on SQLite, Whoosh is the only backend; the
statistics caches' counter across servers is a row of 0018's data_versions).

Revision ID: 0020_several_servers
Revises: 0018_data_versions
Create Date: 2026-12-06 18:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020_several_servers"
down_revision = '0018_data_versions'
branch_labels = None
depends_on = None

# Every kind of word token: unaccent first (a filtering dictionary), then the stemmer or nothing.
TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # Both are "trusted" extensions (PostgreSQL 13+): the database owner may create them.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE TEXT SEARCH CONFIGURATION cherclient_french (COPY = french)")
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION cherclient_french ALTER MAPPING FOR {TOKENS} WITH unaccent, french_stem")
    op.execute("CREATE TEXT SEARCH CONFIGURATION cherclient_simple (COPY = simple)")
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION cherclient_simple ALTER MAPPING FOR {TOKENS} WITH unaccent, simple")
    op.execute("""
        CREATE TABLE search_documents (
            uid varchar(220) PRIMARY KEY,
            type varchar(20) NOT NULL,
            ref varchar(200) NOT NULL,
            title text NOT NULL,
            tags text NOT NULL,
            body text NOT NULL,
            brands text[] NOT NULL,
            categories text[] NOT NULL,
            date timestamp,
            version varchar(40) NOT NULL,
            title_folded text NOT NULL,
            vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('cherclient_french'::regconfig, title), 'A')
                || setweight(to_tsvector('cherclient_french'::regconfig, tags), 'B')
                || setweight(to_tsvector('cherclient_french'::regconfig, body), 'D')
            ) STORED
        )
    """)
    op.execute("CREATE INDEX ix_search_documents_vector ON search_documents USING gin (vector)")
    op.execute("CREATE INDEX ix_search_documents_title ON search_documents USING gin (title_folded gin_trgm_ops)")
    op.execute("CREATE INDEX ix_search_documents_brands ON search_documents USING gin (brands)")
    op.execute("CREATE INDEX ix_search_documents_date ON search_documents (date)")
    op.execute("CREATE TABLE search_words (word text PRIMARY KEY)")
    op.execute("CREATE INDEX ix_search_words_trgm ON search_words USING gist (word gist_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_words")
        op.execute("DROP TABLE IF EXISTS search_documents")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cherclient_simple")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cherclient_french")

"""A comment as clients send it (the thread's form and the API alike) and as the API shows it."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ..core.schemas import DbInt, Output, Schema, Timestamp
from .comments import MAX_COMMENT_LENGTH
from .models import Comment, CommentStatus, Target


class CommentInput(Schema):
    body: str = Field(min_length=1, max_length=MAX_COMMENT_LENGTH, description="Markdown")
    brand_id: DbInt | None = Field(None, ge=1, description="Une réponse officielle au nom de cette marque "
                                                           "(ses représentants, sous une histoire qui la concerne).")

    @field_validator("body", mode="before")
    @classmethod
    def _body(cls, value: Any) -> Any:
        return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value

    @field_validator("brand_id", mode="before")
    @classmethod
    def _in_my_name(cls, value: Any) -> Any:
        return None if value == "" else value  # the form's "En mon nom"


class Visibility(Schema):
    hidden: bool = True
    reason: str = Field("", max_length=300, description="Pour le journal des décisions.")


class TargetRef(Output):
    type: Literal["story", "page", "suggestion"]
    id: int


class CommentOut(Output):
    id: int
    target: TargetRef
    author: str | None
    brand: str | None = Field(description="La marque au nom de laquelle répond un représentant (réponse officielle).")
    status: Literal["visible", "hidden", "deleted"]
    body: str | None = Field(description="null quand le commentaire est masqué ou supprimé.")
    html: str | None
    created_at: Timestamp
    url: str

    @classmethod
    def of(cls, comment: Comment, thread_url: str) -> CommentOut:
        shown = comment.status == CommentStatus.VISIBLE.value
        return cls(
            id=comment.id, target=TargetRef(type=Target(comment.target_type).value, id=comment.target_id),  # type: ignore[arg-type]
            author=comment.author.username if comment.author else None, brand=comment.brand.name if comment.brand else None,
            status=comment.status, body=comment.body if shown else None, html=comment.html if shown else None,  # type: ignore[arg-type]
            created_at=comment.created_at, url=f"{thread_url}#commentaire-{comment.id}",
        )


class Thread(Output):
    comments: list[CommentOut]


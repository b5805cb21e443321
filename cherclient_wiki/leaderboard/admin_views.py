"""Thin views over brands/admin.py: moderators rename, describe and merge brands."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..accounts.decorators import role_required
from ..accounts.roles import Role
from ..brands.models import Brand
from ..brands.names import brand_by_slug, name_key
from ..brands.sectors import sector_label
from ..core.db import db
from ..core.errors import InputError
from ..stories.models import StoryBrand
from . import admin
from .admin_forms import BrandDetailsForm, MergeBrandForm, RenameBrandForm

brand_admin_bp = Blueprint("brand_admin", __name__)
moderator_only = role_required(Role.MODERATOR)

LIST_LIMIT = 200


@brand_admin_bp.get("/admin/brands")
@moderator_only
def brand_list() -> str:
    """Brands with their story counts; `q` narrows by name (folded like tagging)."""
    query = request.args.get("q", "").strip()
    counts = select(StoryBrand.brand_id, func.count().label("stories")).group_by(StoryBrand.brand_id).subquery()
    rows = select(Brand, func.coalesce(counts.c.stories, 0)).outerjoin(counts, counts.c.brand_id == Brand.id)
    if query:
        rows = rows.where(Brand.key.contains(name_key(query)))
    brands = db.session.execute(rows.order_by(Brand.name).limit(LIST_LIMIT)).all()
    return render_template("brands/admin_list.html", brands=brands, query=query, limit=LIST_LIMIT, sector_label=sector_label)


def _brand(slug: str) -> Brand:
    brand, redirected = brand_by_slug(slug)
    if brand is None:
        abort(404)
    if redirected:
        abort(redirect(url_for("brand_admin.manage", slug=brand.slug)))
    return brand


def _manage_page(brand: Brand, status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    rename = forms.get("rename") or RenameBrandForm(prefix="rename", formdata=None, name=brand.name)
    details = forms.get("details") or BrandDetailsForm(
        prefix="details", formdata=None, sector=brand.sector, aliases="\n".join(alias.label for alias in brand.aliases)
    )
    merge = forms.get("merge") or MergeBrandForm(prefix="merge", formdata=None)
    return render_template("brands/admin.html", brand=brand, rename=rename, details=details, merge=merge), status


@brand_admin_bp.get("/brands/<slug>/manage")
@moderator_only
def manage(slug: str) -> tuple[str, int]:
    return _manage_page(_brand(slug))


def _submit(brand: Brand, key: str, form: FlaskForm, change: Callable[[], Brand], message: Callable[[Brand], str]) -> Response | tuple[str, int]:
    """One shape for the three changes: validate, apply, flash and go to the (possibly new)
    management page; or show the page again with the error on the field it concerns."""
    if form.validate():
        try:
            changed = change()
        except InputError as error:
            form[error.field].errors.append(error.message)
        else:
            flash(message(changed), "success")
            return redirect(url_for("brand_admin.manage", slug=changed.slug))
    return _manage_page(brand, 422, **{key: form})


@brand_admin_bp.post("/brands/<slug>/rename")
@moderator_only
def rename(slug: str) -> Response | tuple[str, int]:
    brand = _brand(slug)
    form = RenameBrandForm(prefix="rename")
    return _submit(
        brand, "rename", form, lambda: admin.rename_brand(brand, form.name.data, current_user, form.reason.data or ""),
        lambda _brand: _("Marque renommée ; l'ancienne adresse et l'ancien nom mènent toujours à elle."),
    )


@brand_admin_bp.post("/brands/<slug>/details")
@moderator_only
def details(slug: str) -> Response | tuple[str, int]:
    brand = _brand(slug)
    form = BrandDetailsForm(prefix="details")
    return _submit(
        brand, "details", form,
        lambda: admin.update_brand(brand, form.sector.data, (form.aliases.data or "").splitlines(), current_user, form.reason.data or ""),
        lambda _brand: _("Secteur et autres noms enregistrés."),
    )


@brand_admin_bp.post("/brands/<slug>/merge")
@moderator_only
def merge(slug: str) -> Response | tuple[str, int]:
    brand = _brand(slug)
    form = MergeBrandForm(prefix="merge")
    return _submit(
        brand, "merge", form,
        lambda: admin.merge_brands(brand, admin.brand_named(form.target.data), current_user, form.reason.data or ""),
        lambda target: _("Marques fusionnées : les histoires, les noms et l'adresse de l'ancienne marque mènent à « %(name)s ».", name=target.name),
    )


"""Thin views over comments.py, reports.py, representatives.py, links.py and vandalism.py."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..accounts import users, verification
from ..accounts.decorators import role_required
from ..accounts.models import User
from ..accounts.roles import Role, is_moderator
from ..accounts.views import safe_next
from ..brands.models import Brand
from ..core import limits
from ..core.db import db
from ..core.errors import InputError, show_on_form
from ..core.schemas import validate
from . import comments, links, reports, representatives, vandalism
from .forms import CommentForm, DomainForm, ReasonForm, ReportForm, RepresentativeForm
from .models import Comment, Report, ReportStatus, Target
from .schemas import CommentInput
from .targets import Item, find, parse

BRANDED = (Target.STORY, Target.SUGGESTION)  # items a brand's representative may answer under officially

community_bp = Blueprint("community", __name__, url_prefix="/community")
community_admin_bp = Blueprint("community_admin", __name__, url_prefix="/admin")


# ---- the thread under a story or a page ----------------------------------------------------------


@dataclass(frozen=True)
class Thread:
    item: Item
    comments: list[Comment]
    is_moderator: bool


def comment_form(item: Item, formdata: Any = None) -> CommentForm:
    form = CommentForm(formdata=formdata)
    brands = representatives.reply_brands(current_user, item.obj) if item.type in BRANDED else []
    form.brand_id.choices = [SelectChoice("", _("En mon nom"))] + [
        SelectChoice(str(brand.id), _("Réponse officielle de %(brand)s", brand=brand.name)) for brand in brands
    ]
    return form


def thread(target_type: str, target_id: int) -> Thread | None:
    """What the `community/_thread.html` macro shows (a template global)."""
    item = visible_item(target_type, target_id)
    if item is None:
        return None
    moderator = is_moderator(current_user)
    return Thread(item, comments.thread(item.type, item.id), moderator)


def visible_item(target_type: str, target_id: int) -> Item | None:
    """What a discussion hangs under, if the current reader may see it."""
    kind = parse(target_type)
    return find(kind, target_id, current_user) if kind else None


def _item(target_type: str, target_id: int) -> Item:
    return visible_item(target_type, target_id) or abort(404)


def _comment(comment_id: int) -> Comment:
    return db.session.get(Comment, comment_id) or abort(404)


@community_bp.post("/<target_type>/<int:target_id>/comments")
@login_required
@limits.posting
def post_comment(target_type: str, target_id: int) -> str | tuple[str, int] | Response:
    item = _item(target_type, target_id)
    form = comment_form(item, formdata=request.form)
    if not form.validate():  # the CSRF token
        return render_template("community/comment_form.html", form=form, item=item), 422
    try:
        sent = validate(CommentInput, request.form)
        brand = db.session.get(Brand, sent.brand_id) if sent.brand_id is not None else None
        if sent.brand_id is not None and brand is None:
            abort(400)
        comment = comments.post(current_user, item, sent.body, brand)
    except InputError as error:
        show_on_form(form, error, "body")
        return render_template("community/comment_form.html", form=form, item=item), error.status
    flash(_("Votre commentaire est publié."), "success")
    return redirect(f"{item.url}#commentaire-{comment.id}")


@community_bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete_comment(comment_id: int) -> Response:
    comment = _comment(comment_id)
    item = _item(comment.target_type, comment.target_id)
    if not comments.can_delete(current_user, comment):
        abort(403)
    comments.delete(current_user, comment)
    flash(_("Commentaire supprimé."), "info")
    return redirect(f"{item.url}#commentaire-{comment.id}")


@community_bp.post("/comments/<int:comment_id>/hide")
@role_required(Role.MODERATOR)
def hide_comment(comment_id: int) -> Response:
    comment = _comment(comment_id)
    item = _item(comment.target_type, comment.target_id)
    form = ReasonForm()
    if not form.validate():
        abort(400)
    hidden = request.form.get("hidden", "1") == "1"
    try:
        comments.set_hidden(current_user, comment, hidden, form.reason.data or "")
    except InputError as error:
        flash(error.message, "error")
    else:
        flash(_("Commentaire masqué.") if hidden else _("Commentaire de nouveau visible."), "success")
    return redirect(f"{item.url}#commentaire-{comment.id}")


# ---- reports -----------------------------------------------------------------------------------


@community_bp.route("/<target_type>/<int:target_id>/report", methods=["GET", "POST"])
@login_required
@limits.reporting
def report(target_type: str, target_id: int) -> str | tuple[str, int] | Response:
    item = _item(target_type, target_id)
    form = ReportForm()
    if request.method == "GET":
        return render_template("community/report.html", form=form, item=item)
    if form.validate():
        try:
            reports.file(current_user, item, form.reason.data, form.details.data or "")
        except InputError as error:
            getattr(form, error.field or "reason").errors.append(error.message)
            return render_template("community/report.html", form=form, item=item), error.status
        flash(_("Merci : votre signalement est transmis aux modérateurs."), "success")
        return redirect(item.url)
    return render_template("community/report.html", form=form, item=item), 422


@community_bp.get("/reports")
@role_required(Role.MODERATOR)
def report_list() -> str:
    return render_template("community/reports.html", open_reports=reports.open_reports(current_user))


@community_bp.post("/reports/<int:report_id>/close")
@role_required(Role.MODERATOR)
def close_report(report_id: int) -> Response:
    found = db.session.get(Report, report_id) or abort(404)
    form = ReasonForm()
    decision = request.form.get("decision", "")
    if not form.validate() or decision not in {status.value for status in reports.DECISIONS}:
        abort(400)
    try:
        reports.close(current_user, found, ReportStatus(decision), form.reason.data or "")
    except InputError as error:
        flash(error.message, "error")
    else:
        flash(_("Signalement traité.") if decision == ReportStatus.RESOLVED else _("Signalement classé sans suite."), "success")
    return redirect(safe_next(request.form.get("next"), "community.report_list"))


# ---- vandalism: one account's tools --------------------------------------------------------------


def _account(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@community_bp.get("/users")
@role_required(Role.MODERATOR)
def find_user() -> Response:
    user = users.by_username(request.args.get("name", ""))
    if user is None:
        flash(_("Aucun compte « %(name)s ».", name=request.args.get("name", "").strip()), "error")
        return redirect(url_for("community.report_list"))
    return redirect(url_for("community.user_tools", user_id=user.id))


@community_bp.get("/users/<int:user_id>")
@role_required(Role.MODERATOR)
def user_tools(user_id: int) -> str:
    user = _account(user_id)
    return render_template(
        "community/user_tools.html", account=user, form=ReasonForm(),
        last_edited=vandalism.pages_last_edited_by(user), can_act=vandalism.can_act_on(current_user, user),
    )


@community_bp.get("/practitioners")
@role_required(Role.MODERATOR)
def practitioner_list() -> str:
    found = verification.practitioners(page=request.args.get("page", default=1, type=int))
    return render_template("community/practitioners.html", found=found)


@community_bp.post("/users/<int:user_id>/verify")
@role_required(Role.MODERATOR)
def set_verified(user_id: int) -> Response:
    user = _account(user_id)
    verified = request.form.get("verified") == "1"
    try:
        verification.set_verified(current_user, user, verified)  # audit-logged
    except InputError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s est un professionnel vérifié.", name=user.username) if verified
              else _("Vérification de %(name)s retirée.", name=user.username), "success")
    return redirect(safe_next(request.form.get("next"), "community.practitioner_list"))


@community_bp.post("/users/<int:user_id>/revert-all")
@role_required(Role.MODERATOR)
def revert_all(user_id: int) -> Response:
    user = _account(user_id)
    try:
        cleanup = vandalism.revert_all_edits(current_user, user)
    except InputError:
        abort(403)
    flash(_("%(reverted)d page(s) rétablie(s), %(deleted)d supprimée(s).", reverted=len(cleanup.reverted), deleted=len(cleanup.deleted)), "success")
    for page, message in cleanup.failed:
        flash(_("« %(title)s » n'a pas pu être rétablie : %(message)s", title=page.title, message=message), "error")
    return redirect(url_for("community.user_tools", user_id=user.id))


@community_bp.post("/users/<int:user_id>/active")
@role_required(Role.MODERATOR)
def set_active(user_id: int) -> Response:
    user = _account(user_id)
    form = ReasonForm()
    if not form.validate():
        abort(400)
    active = request.form.get("active") == "1"
    try:
        vandalism.set_active(current_user, user, active, form.reason.data or "")
    except InputError:
        abort(403)
    flash(_("Compte de %(name)s réactivé.", name=user.username) if active else _("Compte de %(name)s désactivé.", name=user.username), "success")
    return redirect(url_for("community.user_tools", user_id=user.id))


# ---- administration: representatives and the domain blocklist ---------------------------------------


@community_admin_bp.route("/representatives", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def representative_list() -> str | tuple[str, int] | Response:
    form = RepresentativeForm()
    if form.validate_on_submit():
        try:
            link = representatives.grant(current_user, form.username.data, form.brand.data)
        except InputError as error:
            getattr(form, error.field or "username").errors.append(error.message)
        else:
            flash(_("%(name)s représente désormais %(brand)s.", name=link.user.username, brand=link.brand.name), "success")
            return redirect(url_for("community_admin.representative_list"))
    status = 422 if form.errors else 200
    return render_template("community/representatives.html", form=form, links=representatives.all_links()), status


@community_admin_bp.post("/representatives/<int:user_id>/<int:brand_id>/remove")
@role_required(Role.ADMIN)
def remove_representative(user_id: int, brand_id: int) -> Response:
    if not representatives.revoke(current_user, user_id, brand_id):
        abort(404)
    flash(_("Lien de représentation retiré."), "info")
    return redirect(url_for("community_admin.representative_list"))


@community_admin_bp.route("/blocked-domains", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def domain_list() -> str | tuple[str, int] | Response:
    form = DomainForm()
    if form.validate_on_submit():
        try:
            entry = links.block(current_user, form.domain.data, form.reason.data or "")
        except InputError as error:
            form.domain.errors.append(error.message)
        else:
            flash(_("Les liens vers %(domain)s sont désormais refusés.", domain=entry.domain), "success")
            return redirect(url_for("community_admin.domain_list"))
    status = 422 if form.errors else 200
    return render_template("community/domains.html", form=form, domains=links.blocklist()), status


@community_admin_bp.post("/blocked-domains/<domain>/remove")
@role_required(Role.ADMIN)
def unblock_domain(domain: str) -> Response:
    if not links.unblock(current_user, domain):
        abort(404)
    flash(_("%(domain)s n'est plus bloqué.", domain=domain), "info")
    return redirect(url_for("community_admin.domain_list"))

"""Thin views over accounts/users.py and accounts/tokens.py."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..core.db import db
from ..core.errors import InputError
from ..core.extensions import limiter
from . import sessions, tokens, users
from .decorators import role_required
from .forms import LoginForm, PasswordForm, RegisterForm, RoleForm, TokenForm
from .models import User
from .roles import SELF_DECLARED, Role

auth_bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


def safe_next(target: str | None, fallback: str = "main.index") -> str:
    """Only same-site paths: never redirect a visitor to another host after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(fallback)


def _account_key() -> str:
    """One budget per account, whether its username or its e-mail is typed; a login that names no
    account is counted under what was typed."""
    typed = request.form.get("login", "").strip().lower()
    user = users.by_login(typed)
    return f"login:account:{user.id}" if user is not None else f"login:typed:{typed}"


@auth_bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT_PER_IP"], methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        role = Role(form.role.data)
        if role not in SELF_DECLARED:
            abort(400)
        try:
            user = users.create_user(form.username.data, form.email.data, form.password.data, role)
        except InputError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            login_user(user)
            flash(_("Bienvenue, %(name)s ! Votre compte est créé.", name=user.username), "success")
            if role is Role.PRACTITIONER:
                flash(_("Un modérateur va vérifier votre statut de professionnel ; d'ici là, les pages protégées ne vous sont pas ouvertes."), "info")
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@auth_bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"], key_func=_account_key
)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        user = users.authenticate(form.login.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Vous êtes connecté."), "success")
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("Identifiant ou mot de passe incorrect, ou compte désactivé."))
        status = 401
    return render_template("auth/login.html", form=form), status


@auth_bp.post("/logout")
def logout() -> Response:
    sessions.log_out()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("main.index"))


@auth_bp.get("/profile")
@login_required
def profile() -> str:
    return render_template("auth/profile.html", token_form=TokenForm(), new_token=None)


@auth_bp.post("/tokens")
@login_required
def create_token() -> str | Response:
    form = TokenForm()
    if not form.validate_on_submit():
        return render_template("auth/profile.html", token_form=form, new_token=None), 422
    plaintext = tokens.create_token(current_user, form.name.data)
    return render_template("auth/profile.html", token_form=TokenForm(formdata=None), new_token=plaintext)


@auth_bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    if not tokens.revoke_token(current_user, token_id):
        abort(404)
    flash(_("Jeton révoqué."), "info")
    return redirect(url_for("auth.profile"))


@auth_bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            users.change_password(
                current_user, form.current_password.data, form.new_password.data,
                revoke_tokens=form.revoke_tokens.data,
            )
        except InputError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            sessions.renew(current_user._get_current_object())  # the account, not the proxy to it
            flash(_("Mot de passe modifié. Vos autres sessions sont fermées."), "success")
            if form.revoke_tokens.data:
                flash(_("Vos jetons d'API sont révoqués."), "info")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200


@admin_bp.get("/users")
@role_required(Role.ADMIN)
def user_list() -> str:
    accounts = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("admin/users.html", accounts=accounts, form=RoleForm())


def _account_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@admin_bp.post("/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def set_role(user_id: int) -> Response:
    user = _account_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        users.set_role(user, Role(form.role.data))
    except InputError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.user_list"))
    flash(_("Rôle de %(name)s : %(role)s.", name=user.username, role=user.role_enum.label), "success")
    if user.id == current_user.id:
        sessions.renew(user)  # the new role ended every session, this one is signed in again
        if not user.has_role(Role.ADMIN):
            return redirect(url_for("main.index"))
    return redirect(url_for("admin.user_list"))


@admin_bp.post("/users/<int:user_id>/active")
@role_required(Role.ADMIN)
def set_active(user_id: int) -> Response:
    user = _account_or_404(user_id)
    if user.id == current_user.id:
        abort(400)
    users.set_active(user, request.form.get("active") == "1", actor=current_user)  # audit-logged
    flash(_("Compte de %(name)s mis à jour.", name=user.username), "success")
    return redirect(url_for("admin.user_list"))

"""Signed, expiring tokens for the links sent by e-mail (password reset, address confirmation).

A reset token carries a fragment of the current password hash, so it stops working once used."""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

RESET_SALT = "majlis-password-reset"
VERIFY_SALT = "majlis-verify-email"
VERIFY_MAX_AGE = 7 * 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_reset_token(user) -> str:
    return _serializer(RESET_SALT).dumps({"uid": user.id, "ph": user.password_hash[-16:]})


def read_reset_token(token: str) -> tuple[int, str] | None:
    """(user id, hash fragment) or None when the token is forged or too old."""
    data = _load(RESET_SALT, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    return (data.get("uid"), data.get("ph")) if isinstance(data, dict) else None


def make_verify_token(user) -> str:
    return _serializer(VERIFY_SALT).dumps({"uid": user.id, "email": user.email})


def read_verify_token(token: str) -> tuple[int, str] | None:
    data = _load(VERIFY_SALT, token, VERIFY_MAX_AGE)
    return (data.get("uid"), data.get("email")) if isinstance(data, dict) else None


def _load(salt: str, token: str, max_age: int):
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None

"""Signed, expiring tokens for password reset.

The token carries a fragment of the current password hash, so it stops working once used."""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "majlis-password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_reset_token(user) -> str:
    return _serializer().dumps({"uid": user.id, "ph": user.password_hash[-16:]})


def read_reset_token(token: str) -> tuple[int, str] | None:
    """(user id, hash fragment) or None when the token is forged or too old."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    return data.get("uid"), data.get("ph")

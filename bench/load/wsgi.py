"""The production app as the harness serves it: the production configuration, except that cookies
travel over the plain http of 127.0.0.1 (production cookies are Secure, which a load client on
http would drop, signing every participant out)."""
from app import create_app

app = create_app("production", SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)

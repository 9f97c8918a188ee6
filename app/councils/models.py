"""A consultative council: the city it advises and its privacy and triage settings."""
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Council(db.Model):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    city: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    languages: Mapped[list] = mapped_column(JSON, default=list)
    # Aggregates about fewer people than this are never published.
    k_anonymity: Mapped[int] = mapped_column(default=5)
    # Which competence map (app/analysis data) decides what is municipal in this city.
    competence_map: Mapped[str] = mapped_column(String(40))

    organisations = relationship("Organisation", back_populates="council")

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"

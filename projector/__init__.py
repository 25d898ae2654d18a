"""projector: a founder's assumptions in, a live-formula financial projection out."""

__version__ = "0.1.0"

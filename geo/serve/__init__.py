"""``frontline serve``: the review page, the live map and the JSON API over the store."""
from geo.serve.app import create_app

__all__ = ["create_app"]

"""Claims as a layered HTML map (DESIGN §5): ``build_map`` returns a folium.Map,
``save_map`` writes it atomically."""
from maps.build import build_map
from maps.save import render_page, save_map

__all__ = ["build_map", "render_page", "save_map"]

"""wijkkaart: desktop GIS for Dutch urban planners (housing mix, energy, heat, liveability)."""

__version__ = "0.1.0"

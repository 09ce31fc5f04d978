"""The data model of the map (layers, styles, focus areas). Pure Python, no Qt."""

"""Pure analysis functions: GeoDataFrame in, new object out, an optional Feedback, no Qt."""

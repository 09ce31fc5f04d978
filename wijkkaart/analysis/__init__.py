"""Pure analysis functions: GeoDataFrame in, new object out, progress callback, no Qt."""

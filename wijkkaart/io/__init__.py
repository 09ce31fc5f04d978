"""Readers for the files planners really have: CBS kaarten and tables, indicator tables, EP-Online,
heat plans and risk rasters. Every reader returns data in EPSG:28992 keyed by the CBS area code."""

"""Print layouts, atlas booklets and interactive HTML maps."""

"""One renderer (QtGui only, no widgets) for the canvas and for PDF, PNG and SVG export."""

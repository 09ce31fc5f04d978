"""The first lines of a Python program that may not load Qt: any import of PySide6 fails.

For the tests that run a Qt-free package, or the HTML export, in a fresh interpreter.
"""

BLOCK_PYSIDE6 = """
import sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, NoQt())
"""

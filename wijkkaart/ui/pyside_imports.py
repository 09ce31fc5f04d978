"""Make PySide6's import hook cheap, so the modules imported after Qt start fast.

Once PySide6 is imported, its hook asks of every later import whether the module's source
mentions "PySide6" (PYSIDE-2029, for the ``__feature__`` switches), through
``inspect.getsource``: tokenising ~800 modules, 0.19 s of the start-up's 1.4 s. The same
question answered by reading the file's bytes gives the same answer at a tenth of the cost.
Modules without a ``.py`` file keep PySide6's own answer. Nothing is changed when a PySide6
version has no such hook.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def speed_up_feature_hook() -> bool:
    """Replace the hook's source test by a byte search; True when the hook was found."""
    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "wijkkaart_fast", False):
        return original is not None

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.wijkkaart_fast = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True

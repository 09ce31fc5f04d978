"""PySide6's import hook, made cheap for start-up, still answers as PySide6's own test does."""

from __future__ import annotations

import inspect
import sys

from wijkkaart.ui.pyside_imports import speed_up_feature_hook


def _pyside_rule(module: object) -> bool:
    """PySide6's own test (shibokensupport.feature._mod_uses_pyside): the source names it."""
    try:
        return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False


def test_same_answer_for_every_loaded_module() -> None:
    import wijkkaart.ui.app  # noqa: F401  (imports PySide6, where the hook lives)

    assert speed_up_feature_hook()
    fast = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert getattr(fast, "wijkkaart_fast", False)
    modules = [
        m for m in list(sys.modules.values()) if isinstance(getattr(m, "__file__", None), str)
    ]
    answers = {m.__name__: fast(m) for m in modules}
    assert answers == {m.__name__: _pyside_rule(m) for m in modules}
    assert answers["wijkkaart.ui.pyside_imports"] and answers["wijkkaart.ui.app"] is True
    assert answers["json"] is False
    assert speed_up_feature_hook()  # a second call keeps the one replacement
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is fast

"""Property: whatever JSON a project file holds, loading gives a project or a WijkkaartError.

Random JSON values, and random mutations of the real sample project (types changed, keys deleted,
values nested deeply), go through the loader, the document the app opens and ``validate``.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkkaart import cli
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError
from wijkkaart.paths import resources_dir
from wijkkaart.project import SCHEMA_VERSION, Project, load_project

SAMPLE = resources_dir() / "sample" / "utrecht.wijkkaart"
SAMPLE_DOC: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
NEST_MARK = "\x00nest\x00"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def places(value: Any, here: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as the keys/indices leading there."""
    found = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            found += places(child, (*here, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += places(child, (*here, i))
    return found


@st.composite
def mutated_sample(draw: st.DrawFn) -> str:
    """The sample project's text with one to three mutations."""
    doc = copy.deepcopy(SAMPLE_DOC)
    nested: tuple[int, str] | None = None
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(places(doc)[1:]))
        parent = doc
        for key in where[:-1]:
            parent = parent[key]
        key = where[-1]
        action = draw(st.sampled_from(["replace", "delete", "retype", "nest"]))
        if action == "delete":
            del parent[key]
        elif action == "retype":
            old = parent[key]
            parent[key] = draw(
                st.sampled_from(
                    [str(old)[:50], [old], {"x": old}, None, 1e308, -1, True, len(str(old))]
                )
            )
        elif action == "nest" and nested is None:
            nested = (draw(st.integers(50, 5000)), json.dumps(parent[key]))
            parent[key] = NEST_MARK
        else:
            parent[key] = draw(json_values)
    text = json.dumps(doc)
    if nested is not None:
        levels, inner = nested
        text = text.replace(json.dumps(NEST_MARK), "[" * levels + inner + "]" * levels)
    return text


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A copy of the sample folder, so relative paths in mutated projects still find data."""
    target = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(SAMPLE.parent, target)
    return target


def load_or_refuse(path: Path) -> Project | None:
    try:
        return load_project(path)
    except WijkkaartError as exc:
        assert str(exc).strip()  # a message for the user, in Dutch
        return None


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        database=None,
    )


@examples(150)
@given(value=json_values)
def test_random_json_is_a_project_or_a_clear_refusal(folder, value):
    path = folder / "willekeurig.wijkkaart"
    path.write_text(json.dumps(value), encoding="utf-8")
    assert load_or_refuse(path) is None  # no random value is a usable project


@examples(150)
@given(text=mutated_sample())
def test_mutated_sample_loads_or_is_refused(folder, text):
    path = folder / "gemuteerd.wijkkaart"
    path.write_text(text, encoding="utf-8")
    project = load_or_refuse(path)
    if project is not None:
        assert project.data["schema_version"] == SCHEMA_VERSION  # migrated to the current one


@examples(12)
@given(text=mutated_sample())
def test_mutated_sample_opens_as_a_map_or_is_refused(folder, text):
    """The whole opening the app does (areas, joins, layers, focus areas, analyses)."""
    path = folder / "geopend.wijkkaart"
    path.write_text(text, encoding="utf-8")
    try:
        document = MapDocument.open(path)
    except WijkkaartError:
        return
    assert len(document.areas.frame) > 0


@examples(6)
@given(text=mutated_sample())
def test_validate_of_a_mutated_sample_exits_0_or_2(folder, text, capsys):
    path = folder / "gevalideerd.wijkkaart"
    path.write_text(text, encoding="utf-8")
    code = cli.main(["validate", str(path)])
    _, err = capsys.readouterr()
    assert code in (0, 2), err
    assert "Traceback" not in err

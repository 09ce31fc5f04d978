"""Sort buurten into types planners can explain: ordered rules, or clustering.

Rules: an ordered list such as "Corporatiebuurt: corporatiebezit >= 60"; the first rule that
matches wins; a rule without conditions catches the rest. Clustering: k-means or Ward on
standardised indicators the planner chooses, seeded and with stable type numbers (types are
numbered by their mean of the first indicator), optionally spatially contiguous. Every type is
explained by its size and its mean of each indicator beside the gemeente. Migration background
is never part of a default typology and is refused unless asked for explicitly.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from wijkkaart.analysis.aggregate import aggregate
from wijkkaart.analysis.indicators import labels_of, refuse_sensitive, resolve_indicator
from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.style import format_number
from wijkkaart.messages import WijkkaartError, short_list, tr

OPERATORS = {
    ">=": np.greater_equal,
    "<=": np.less_equal,
    ">": np.greater,
    "<": np.less,
    "=": np.equal,
    "==": np.equal,
}
_CONDITION = re.compile(r"^\s*(.+?)\s*(>=|<=|==|=|>|<)\s*(-?[\d.,]+)\s*%?\s*$")
# A typology is read by people: more types than this cannot be told apart on a map or in a table,
# and a bound keeps a hostile rules file from running for minutes.
MAX_RULES = 100
MAX_CONDITIONS = 20


@dataclass(frozen=True)
class Condition:
    indicator: str
    operator: str
    value: float
    # the words the planner typed ("koopwoningen"), kept so a reopened project shows the rule as
    # written; None in projects saved before they were kept
    words: str | None = field(default=None, compare=False)

    def text(self) -> str:
        return f"{self.words or indicator_words(self.indicator)} {self.operator} {self.value:g}"


def indicator_words(indicator: str) -> str:
    """The indicator as a rule line can name it: its catalogue label when that reads back as the
    same indicator (a label with " en " in it would split the line), else its id."""
    cat = catalogue()
    if indicator in cat:
        label = cat[indicator].label
        if not re.search(r"\s(?:en|and|&)\s|[<>=:]", label):
            try:
                if resolve_indicator(label) == indicator:
                    return label
            except WijkkaartError:
                pass
    return indicator


def rules_text(rules: list[Rule]) -> str:
    """Rules as the lines :func:`parse_rules` reads, in the planner's words."""
    lines = []
    for rule in rules:
        conditions = " en ".join(c.text() for c in rule.conditions)
        lines.append(f"{rule.name}: {conditions}\n" if conditions else f"{rule.name}\n")
    return "".join(lines)


@dataclass(frozen=True)
class Rule:
    name: str
    conditions: tuple[Condition, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "conditions": [
                {"indicator": c.indicator, "operator": c.operator, "value": c.value}
                | ({"words": c.words} if c.words else {})
                for c in self.conditions
            ],
        }


DEFAULT_HOUSING_RULES = """\
Corporatiebuurt: corporatiebezit >= 60
Buurt met veel particuliere huur: particuliere huur >= 35
Koopbuurt: koopwoningen >= 70
Gemengde hoogbouwbuurt: meergezinswoningen >= 60
Gemengde buurt
"""

DEFAULT_HEAT_RULES = """\
Warmtenet-kansrijk (hoogbouw, één eigenaar): meergezinswoningen >= 60 en corporatiebezit >= 40
Veel slechte labels: label e, f of g >= 30
Nieuwbouw, al zuinig: gebouwd vanaf 2000 >= 50
Grondgebonden, hybride of all-electric: eengezinswoningen >= 70
Overige buurten
"""


def _shown(line: str) -> str:
    """A rule line as it may appear in a message: short, and only printable text."""
    text = "".join(ch if ch.isprintable() else "?" for ch in line)
    return text if len(text) <= 80 else text[:79] + "…"


def parse_rules(text: str) -> list[Rule]:
    """One rule per line: ``Name: condition [en condition …]``; a bare name catches the rest."""
    rules: list[Rule] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if len(rules) == MAX_RULES:
            raise WijkkaartError("rules_too_many", limit=MAX_RULES)
        name, _, body = line.partition(":")
        parts = re.split(r"\s+(?:en|and|&)\s+", body.strip()) if body.strip() else []
        if len(parts) > MAX_CONDITIONS or not name.strip() or len(name) > 80:
            raise WijkkaartError("rule_unreadable", line=number, text=_shown(line))
        conditions = []
        for part in parts:
            match = _CONDITION.match(part)
            try:
                value = float(match.group(3).replace(",", ".")) if match else None
            except ValueError:
                value = None
            if match is None or value is None:
                raise WijkkaartError("rule_unreadable", line=number, text=_shown(line))
            indicator = resolve_indicator(match.group(1))
            conditions.append(Condition(indicator, match.group(2), value, match.group(1).strip()))
        rules.append(Rule(name.strip(), tuple(conditions)))
    if not rules:
        raise WijkkaartError("rule_unreadable", line=0, text="")
    return rules


def _main_reason(areas: AreaData, indicators: list[str]) -> str:
    """The most frequent reason why the values of ``indicators`` are missing, in words."""
    from wijkkaart.messages import reason_text

    reasons = areas.reasons.reindex(columns=indicators).stack()
    reasons = reasons[reasons.notna()]
    return reason_text(str(reasons.mode().iloc[0]) if len(reasons) else "no_data")


def rules_from_dicts(items: list[dict[str, Any]]) -> list[Rule]:
    return [
        Rule(
            i["name"],
            tuple(
                Condition(c["indicator"], c["operator"], float(c["value"]), c.get("words"))
                for c in i.get("conditions", [])
            ),
        )
        for i in items
    ]


@dataclass
class TypologyResult:
    types: pd.Series  # code -> type name (None where no type applies)
    explanation: pd.DataFrame  # one row per type: size and indicator means beside the gemeente
    indicators: list[str]
    warnings: list[str] = field(default_factory=list)
    undetermined: list[str] = field(default_factory=list)  # rule inputs missing: "geen gegevens"


def apply_rules(areas: AreaData, rules: list[Rule]) -> TypologyResult:
    """First matching rule wins; conditions on a missing value do not match."""
    types, used, undetermined = _assign(areas, rules)
    warnings = (
        [tr("typology_no_data", n=len(undetermined), codes=short_list(undetermined))]
        if undetermined
        else []
    )
    order = [r.name for r in rules]
    return TypologyResult(types, explain(areas, types, used, order), used, warnings, undetermined)


def rules_refusal(areas: AreaData, rules: list[Rule]) -> WijkkaartError | None:
    """Why :func:`apply_rules` would refuse ``rules`` on ``areas``, or None when they run.

    The same checks and assignment, without the explanation table, which is nearly all of a
    run's time: the analysis panel asks this on the GUI thread for every document it shows.
    """
    try:
        _assign(areas, rules)
    except WijkkaartError as exc:
        return exc
    return None


def _assign(areas: AreaData, rules: list[Rule]) -> tuple[pd.Series, list[str], list[str]]:
    """The type of every area, the indicators used and the areas left undetermined; raises
    the refusals of :func:`apply_rules`."""
    frame = areas.statistics_frame()
    missing = [c.indicator for r in rules for c in r.conditions if c.indicator not in frame]
    if missing:
        raise WijkkaartError("rules_need_data", names=labels_of(missing))
    if len(rules) > MAX_RULES:
        raise WijkkaartError("rules_too_many", limit=MAX_RULES)
    refuse_sensitive([c.indicator for r in rules for c in r.conditions])
    columns = {c.indicator for r in rules for c in r.conditions}
    values = {c: pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float) for c in columns}
    assigned = np.full(len(frame), None, dtype=object)
    open_rows = np.ones(len(frame), dtype=bool)
    unknown_rows = np.zeros(len(frame), dtype=bool)
    for rule in rules:
        if not open_rows.any():
            break
        holds = np.ones(len(frame), dtype=bool)  # every condition true on a known value
        possible = np.ones(len(frame), dtype=bool)  # no condition false on a known value
        for cond in rule.conditions:
            column = values[cond.indicator]
            known = np.isfinite(column)
            with np.errstate(invalid="ignore"):
                true = OPERATORS[cond.operator](column, cond.value) & known
            holds &= true
            possible &= true | ~known
        match = open_rows & holds
        assigned[match] = rule.name
        # A buurt that this rule might fit, but for a missing value, has no type: it would be
        # wrong to let it fall through to a later rule or the catch-all.
        undecided = open_rows & possible & ~holds
        unknown_rows |= undecided
        open_rows &= ~(match | undecided)
    types = pd.Series(assigned, index=frame.index, dtype=object)
    used = list(dict.fromkeys(c.indicator for r in rules for c in r.conditions))
    undetermined = list(frame.index[unknown_rows])
    if len(undetermined) == len(frame) and len(frame):
        raise WijkkaartError(
            "rules_no_buurt_has_data", names=labels_of(used), why=_main_reason(areas, used)
        )
    return types, used, undetermined


# the housing mix a planner clusters on first, where the data hold it
CLUSTER_DEFAULTS = (
    "percentage_koopwoningen",
    "perc_huurwoningen_in_bezit_woningcorporaties",
    "percentage_meergezinswoning",
    "percentage_bouwjaarklasse_vanaf_2000",
)


def clusterable_indicators(areas: AreaData) -> list[str]:
    """The indicators a clustering can use here: numbers with figures in at least two areas
    (an all-missing column cannot sort buurten), never the sensitive ones."""
    cat = catalogue()
    stats = areas.statistics_frame()
    return [
        c
        for c in areas.indicators
        if c in cat
        and cat[c].kind == "number"
        and not cat[c].sensitive
        and c in stats
        and stats[c].notna().sum() >= 2
    ]


def default_cluster_indicators(areas: AreaData) -> list[str]:
    """What the app ticks and ``wijkkaart typology --clusters`` uses without ``--indicators``:
    the housing mix, or on another gemeente's file the first four shares it does have."""
    cat = catalogue()
    usable = clusterable_indicators(areas)
    preferred = [c for c in CLUSTER_DEFAULTS if c in usable]
    return preferred or [c for c in usable if cat[c].unit == "%"][:4] or usable[:4]


def cluster(
    areas: AreaData,
    indicators: list[str],
    k: int,
    method: str = "kmeans",
    seed: int = 0,
    contiguous: bool = False,
    min_inhabitants: float = 0.0,
    allow_sensitive: bool = False,
    feedback: Feedback | None = None,
) -> TypologyResult:
    """Types from clustering standardised indicators (k-means or Ward), reproducible by seed."""
    feedback = ensure(feedback)

    if not indicators:
        raise WijkkaartError("typology_needs_indicators")
    if not allow_sensitive:
        refuse_sensitive(indicators)
    frame = areas.statistics_frame()
    absent = [i for i in indicators if i not in frame]
    if absent:
        raise WijkkaartError("indicator_not_in_data", names=", ".join(absent))
    data = frame[indicators].apply(pd.to_numeric, errors="coerce")
    complete = data.notna().all(axis=1)
    x = data[complete].to_numpy(dtype=float)
    if len(x) < k:
        raise WijkkaartError("too_few_for_clusters", n=len(x), k=k)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    z = (x - x.mean(axis=0)) / std
    feedback.progress(0.2)
    warnings = []
    if contiguous and min_inhabitants > 0:
        labels, notes = regions_with_minimum(
            frame[complete], z, k, min_inhabitants, seed, feedback.part(0.2, 0.8)
        )
        warnings.extend(notes)
    elif contiguous:
        labels, pieces = _contiguous(frame[complete], z, k, feedback.part(0.2, 0.8))
        if pieces > 1:
            warnings.append(tr("typology_pieces", n=pieces))
    elif method == "ward":
        labels = _stoppable(_ward_labels, WARD_S_PER_N2 * len(z) ** 2, feedback, "ward", z, k)
    else:
        labels = _kmeans(z, k, seed, feedback.part(0.2, 0.8))
    feedback.progress(0.8)
    # Stable numbering: type 1 has the lowest mean of the first indicator, and so on.
    means = pd.Series(x[:, 0]).groupby(labels).mean().sort_values()
    number = {label: i + 1 for i, label in enumerate(means.index)}
    types = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    types[complete] = [f"Type {number[label]}" for label in labels]
    if (~complete).any():
        warnings.append(tr("typology_incomplete", n=int((~complete).sum())))
    order = [f"Type {i}" for i in range(1, len(number) + 1)]
    feedback.progress(1.0)
    return TypologyResult(types, explain(areas, types, indicators, order), indicators, warnings)


def _kmeans(z: np.ndarray, k: int, seed: int, feedback: Feedback, n_init: int = 10) -> np.ndarray:
    """``KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(z)``, one initialisation
    at a time so that Annuleren stops it between two (sklearn offers no callback inside fit).

    The same labels as sklearn's own loop: the initialisations draw from one random stream in
    the same order, and a run replaces the best only with a lower inertia and a clustering that
    is not the same up to numbering, as in ``KMeans.fit``.
    """
    from sklearn.cluster import KMeans

    stream = np.random.RandomState(seed)
    best: KMeans | None = None
    for i in range(n_init):
        feedback.progress(i / n_init)
        model = KMeans(n_clusters=k, n_init=1, random_state=stream).fit(z)
        if best is None or (
            model.inertia_ < best.inertia_ and not _same_clustering(model.labels_, best.labels_)
        ):
            best = model
    assert best is not None
    return best.labels_


def _same_clustering(a: np.ndarray, b: np.ndarray) -> bool:
    """True when labels ``a`` and ``b`` make the same groups (numbered differently)."""
    pairs = np.unique(np.stack([a, b], axis=1), axis=0)
    return len(pairs) == len(np.unique(a)) == len(np.unique(b))


NEIGHBOUR_CHUNK = 500  # buurten per touching-query between two cancel checks (~0.1 s national)


def _neighbours(frame: pd.DataFrame, feedback: Feedback | None = None) -> list[set[int]]:
    """Per buurt the positions of the buurten it touches. The query runs in chunks with a
    cancel check between them: on the national layer it takes 3 s in one piece."""
    import shapely

    feedback = ensure(feedback)
    geoms = frame.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    out: list[set[int]] = [set() for _ in range(len(geoms))]
    for start in range(0, len(geoms), NEIGHBOUR_CHUNK):
        feedback.progress(start / max(len(geoms), 1))
        left, right = tree.query(geoms[start : start + NEIGHBOUR_CHUNK], predicate="intersects")
        for a, b in zip((left + start).tolist(), right.tolist(), strict=True):
            if a != b:
                out[a].add(b)
    return out


# Seconds one library call takes in-process on this machine at load about 1 (national synthetic
# layer): Ward on n buurten about 5.4e-8 n² (14,074 buurten: 10.7 s, 5,000: 1.4 s); Ward within
# neighbours about 2.4e-4 n (14,500: 3.5 s, 5,000: 0.9 s); max-p about 0.01 s a buurt (Utrecht's
# 111: 0.3-1 s, 400: 3.6-5 s, growing faster beyond). Only for choosing where the call runs
# (:func:`wijkkaart.child_process.worth_a_child`), never shown: a wrong guess costs 0.1 s or
# lets one cancel wait, it changes no result.
WARD_S_PER_N2 = 5.4e-8
CONNECTED_WARD_S_PER_N = 2.4e-4
MAX_P_S_PER_N = 0.01


def _stoppable(
    func: Callable[..., np.ndarray],
    expected_s: float,
    feedback: Feedback,
    name: str,
    *args: Any,
    needs: tuple[str, ...] = (),
) -> np.ndarray:
    """``func(*args)``: in a child process that *Annuleren* stops when it is expected to take
    long enough to be worth one, else here (a cancel then takes effect right after it).
    ``needs``: the libraries ``func`` imports beyond sklearn."""
    from wijkkaart.child_process import run_in_child, worth_a_child

    feedback.check()
    if worth_a_child(expected_s, needs):
        try:
            return run_in_child(func, *args, feedback=feedback, name=f"wijkkaart-{name}")
        except WijkkaartError as exc:
            if exc.key != "child_start_failed":
                raise
            # no child process here (a locked-down machine, a broken build): compute it as
            # before, in this thread; the answer is the same, only Annuleren waits for it
            logging.getLogger(__name__).warning("%s in-process: %s", name, exc.values)
    labels = func(*args)
    feedback.check()
    return labels


def _ward_labels(z: np.ndarray, k: int, connectivity: Any = None) -> np.ndarray:
    """``AgglomerativeClustering(ward).fit_predict``: one call sklearn cannot interrupt (run by
    :func:`_stoppable`, possibly in a child process)."""
    import warnings as python_warnings

    from sklearn.cluster import AgglomerativeClustering

    clusters = k if connectivity is None else max(k, 1)
    model = AgglomerativeClustering(n_clusters=clusters, linkage="ward", connectivity=connectivity)
    with python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore", UserWarning)  # we report the pieces ourselves
        return np.asarray(model.fit_predict(z))


def _contiguous(
    frame: pd.DataFrame, z: np.ndarray, k: int, feedback: Feedback | None = None
) -> tuple[np.ndarray, int]:
    """Ward clustering restricted to neighbouring buurten: every type is one connected region
    (when the buurten themselves are connected; the number of separate pieces is returned)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    feedback = ensure(feedback)
    neighbours = _neighbours(frame, feedback.part(0.0, 0.3))
    feedback.progress(0.3)
    rows = [i for i, others in enumerate(neighbours) for _ in others]
    cols = [j for others in neighbours for j in others]
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(frame),) * 2).tocsr()
    pieces = connected_components(matrix, directed=False)[0]
    expected = CONNECTED_WARD_S_PER_N * len(z)
    labels = _stoppable(_ward_labels, expected, feedback, "ward", z, k, matrix)
    return labels, int(pieces)


def regions_with_minimum(
    frame: pd.DataFrame,
    z: np.ndarray,
    k: int,
    minimum: float,
    seed: int = 0,
    feedback: Feedback | None = None,
) -> tuple[np.ndarray, list[str]]:
    """``k`` contiguous regions of at least ``minimum`` inhabitants, or as many as can be made.

    spopt's max-p heuristic finds the largest number of contiguous regions that each reach the
    minimum, homogeneous on the indicators. When that is more than ``k``, the most similar
    neighbouring regions are merged (a merge keeps both above the minimum); when it is fewer,
    the result says so: the request cannot be met on these buurten.
    """
    feedback = ensure(feedback)
    counts = pd.to_numeric(frame.get("aantal_inwoners"), errors="coerce")
    if counts is None or counts.isna().all():  # no column, or no count at all (Ermelo 2021)
        raise WijkkaartError("indicator_not_in_data", names=labels_of(["aantal_inwoners"]))
    people = counts.fillna(0).to_numpy()
    total = float(people.sum())
    if total < minimum:
        raise WijkkaartError(
            "regions_minimum_unreachable",
            minimum=format_number(minimum),
            total=format_number(total),
        )
    feedback.progress(0.1)
    geometry = frame.geometry.to_numpy()
    expected = MAX_P_S_PER_N * len(z)
    from wijkkaart.child_process import MAX_P_MODULES

    labels = _stoppable(
        _max_p_labels,
        expected,
        feedback,
        "max-p",
        *(z, people, geometry, frame.crs, minimum, seed),
        needs=MAX_P_MODULES,
    )
    neighbours = _neighbours(frame, feedback.part(0.7, 0.8))
    while len(set(labels)) > k:
        feedback.check()
        labels = _merge_most_similar(labels, z, neighbours)
    notes = []
    achieved = len(set(labels))
    smallest = format_number(float(pd.Series(people).groupby(labels).sum().min()))
    asked = format_number(minimum)
    if achieved < k:
        notes.append(tr("regions_fewer", k=k, achieved=achieved, minimum=asked, smallest=smallest))
    else:
        notes.append(tr("regions_met", k=achieved, minimum=asked, smallest=smallest))
    return labels, notes


def _max_p_labels(
    z: np.ndarray, people: np.ndarray, geometry: np.ndarray, crs: Any, minimum: float, seed: int
) -> np.ndarray:
    """spopt's max-p heuristic on queen neighbours: one call spopt cannot interrupt (run by
    :func:`_stoppable`, possibly in a child process). Seeded, and the global numpy random state
    is given back as it was."""
    import warnings as python_warnings

    with python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore")  # libpysal notes islands; we report ourselves
        import libpysal
        from spopt.region import MaxPHeuristic

        data = gpd.GeoDataFrame(
            {f"z{i}": z[:, i] for i in range(z.shape[1])} | {"people": people},
            geometry=geometry,
            crs=crs,
        )
        weights = libpysal.weights.Queen.from_dataframe(
            data, use_index=False, silence_warnings=True
        )
        state = np.random.get_state()
        np.random.seed(seed)
        try:
            model = MaxPHeuristic(
                data,
                weights,
                [f"z{i}" for i in range(z.shape[1])],
                "people",
                minimum,
                top_n=2,
                max_iterations_construction=5,
                max_iterations_sa=1,
            )
            model.solve()
        finally:
            np.random.set_state(state)
    return np.asarray(model.labels_, dtype=int)


def _merge_most_similar(
    labels: np.ndarray, z: np.ndarray, neighbours: list[set[int]]
) -> np.ndarray:
    """Merge the pair of touching regions whose union adds the least within-region variance."""
    regions = sorted(set(labels))
    size = {r: int((labels == r).sum()) for r in regions}
    centre = {r: z[labels == r].mean(axis=0) for r in regions}
    best: tuple[float, int, int] | None = None
    for i, others in enumerate(neighbours):
        for j in others:
            a, b = labels[i], labels[j]
            if a >= b:
                continue
            cost = (
                size[a]
                * size[b]
                / (size[a] + size[b])
                * float(((centre[a] - centre[b]) ** 2).sum())
            )
            if best is None or cost < best[0]:
                best = (cost, a, b)
    if best is None:  # no two regions touch: nothing can be merged
        return labels
    merged = labels.copy()
    merged[labels == best[2]] = best[1]
    return merged


def explain(
    areas: AreaData, types: pd.Series, indicators: list[str], order: list[str]
) -> pd.DataFrame:
    """Per type: number of buurten, inhabitants, dwellings and the mean of each indicator,
    with a last row for the whole gemeente."""
    frame = areas.statistics_frame()
    rows = []
    for name in [*order, None]:
        subset = frame if name is None else frame[types.reindex(frame.index) == name]
        if name is not None and subset.empty:
            continue
        row: dict[str, Any] = {"type": name or "Gemeente", "buurten": len(subset)}
        for count in ("aantal_inwoners", "woningvoorraad"):
            if count in frame:
                row[count] = aggregate(subset, count).value
        for ind in indicators:
            row[ind] = aggregate(subset, ind).value
        rows.append(row)
    return pd.DataFrame(rows).set_index("type")

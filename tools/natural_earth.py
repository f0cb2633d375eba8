"""Write confsite/data/europe-outlines.json: the country outlines the maps are drawn on.

A one-off script, run by hand when the outlines should change; the build reads only its output.
The source is Natural Earth's 1:110m countries (public domain), as geopandas 0.14.4 ships them in
its wheel. Without network beyond the package index:

    pip download --no-deps geopandas==0.14.4 pyshp==3.1.6 -d /tmp/ne
    cd /tmp/ne && unzip -q geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    unzip -q pyshp-3.1.6-py3-none-any.whl
    PYTHONPATH=/tmp/ne python tools/natural_earth.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

Every outline is clipped to Europe (the region the editions span, with room around it) and its
points rounded to a tenth of a degree (the precision of the 1:110m data), so the file stays small.
"""

from __future__ import annotations

import itertools
import json
import pathlib
import sys

import shapefile  # pyshp: a tool dependency only, never the build's

WEST, SOUTH, EAST, NORTH = -25.0, 34.0, 45.0, 72.0
TARGET = pathlib.Path(__file__).resolve().parent.parent / "confsite" / "data" / "europe-outlines.json"


def clip(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the ring cut to the rectangle, one edge of it at a time."""
    edges = ((0, WEST, True), (0, EAST, False), (1, SOUTH, True), (1, NORTH, False))
    points = ring
    for axis, limit, keep_above in edges:
        def inside(p: tuple[float, float], axis: int = axis, limit: float = limit, above: bool = keep_above) -> bool:
            return p[axis] >= limit if above else p[axis] <= limit

        def cut(a: tuple[float, float], b: tuple[float, float], axis: int = axis, limit: float = limit
                ) -> tuple[float, float]:
            t = (limit - a[axis]) / (b[axis] - a[axis])
            return (limit, a[1] + t * (b[1] - a[1])) if axis == 0 else (a[0] + t * (b[0] - a[0]), limit)

        result: list[tuple[float, float]] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    result.append(cut(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cut(previous, current))
        points = result
        if not points:
            break
    return points


def rounded(ring: list[tuple[float, float]]) -> list[float]:
    flat: list[float] = []
    last = None
    for lon, lat in ring:
        point = (round(lon, 1), round(lat, 1))
        if point != last:
            flat += point
            last = point
    return flat if len(flat) >= 6 else []


def main(source: str) -> None:
    reader = shapefile.Reader(source)
    countries = []
    for record, shape in zip(reader.records(), reader.shapes(), strict=True):
        parts = [*shape.parts, len(shape.points)]
        rings = [rounded(clip([tuple(p) for p in shape.points[a:b]])) for a, b in itertools.pairwise(parts)]
        rings = [ring for ring in rings if ring]
        if rings:
            countries.append({"name": record["name"], "iso_a3": record["iso_a3"], "rings": rings})
    countries.sort(key=lambda c: c["name"])
    data = {"source": "Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries (public domain), "
                      "as shipped by geopandas 0.14.4 (naturalearth_lowres); made by tools/natural_earth.py",
            "bounds": [WEST, SOUTH, EAST, NORTH], "countries": countries}
    TARGET.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(countries)} countries, {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])

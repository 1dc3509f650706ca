"""Convert world-atlas's countries-110m.json (Natural Earth, TopoJSON) to the small GeoJSON
basemap drawn under the tiles: land polygons and the lines of country borders/coasts.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/make_basemap.py package/countries-110m.json static/data/basemap-110m.geojson

Run once; the result is committed (see static/data/README.md for source and licence).
"""

import json
import sys

DECIMALS = 1  # about 10 km: the basemap is for world and country views


def decode_arcs(topology):
    """Arcs of a quantized topology as lists of [lon, lat]."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            point = [round(x * scale_x + shift_x, DECIMALS), round(y * scale_y + shift_y, DECIMALS)]
            if not points or point != points[-1]:
                points.append(point)
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(arcs, geometry):
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def main(source, target):
    with open(source) as file:
        topology = json.load(file)
    arcs = decode_arcs(topology)
    land = [p for g in topology["objects"]["land"]["geometries"] for p in polygons(arcs, g)]
    features = [
        {"type": "Feature", "properties": {"layer": "land"},
         "geometry": {"type": "MultiPolygon", "coordinates": land}},
        {"type": "Feature", "properties": {"layer": "borders"},
         "geometry": {"type": "MultiLineString", "coordinates": arcs}},
    ]
    with open(target, "w") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, separators=(",", ":"))


if __name__ == "__main__":
    main(*sys.argv[1:3])

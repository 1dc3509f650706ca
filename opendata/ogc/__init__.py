"""OGC API – Features (Part 1: Core, GeoJSON, OpenAPI 3.0) over the API's own filters."""

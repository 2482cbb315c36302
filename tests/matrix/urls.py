"""Every URL pattern that the project serves, found by walking tor.urls through its includes."""

from django.urls import URLPattern, URLResolver, get_resolver


def served_patterns():
    """Return (key, route) for every URL pattern, in URL configuration order.

    The key is the pattern's name with its namespaces (`admin:registry_learner_change`), or its
    full route when it has no name (`admin/registry/learner/<path:object_id>/`).
    """
    patterns = []

    def walk(entries, prefix, namespaces):
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, [*namespaces, entry.namespace] if entry.namespace else namespaces)
            elif isinstance(entry, URLPattern):
                key = ":".join([*namespaces, entry.name]) if entry.name else route
                patterns.append((key, route))

    walk(get_resolver().url_patterns, "", [])
    return patterns

"""Self-organising search: query and click logs, ranking, suggestions, two backends."""

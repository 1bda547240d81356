"""Self-organising search (issue 4): query and click logs, ranking, suggestions, two backends."""

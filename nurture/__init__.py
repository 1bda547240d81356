"""Lead nurture (issue 5): consent, scoring, sequences and exactly-once sending."""

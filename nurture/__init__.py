"""Lead nurture: consent, scoring, email sequences and exactly-once sending."""

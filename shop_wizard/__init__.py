"""Shop wizard (issue 6): a product finder that shows informational content before products."""

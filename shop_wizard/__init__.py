"""Shop wizard: a product finder that shows informational content before products, and never
places the shop at the centre."""

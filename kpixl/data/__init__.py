"""Campaign data in: reading files safely, understanding their columns, the demo data."""

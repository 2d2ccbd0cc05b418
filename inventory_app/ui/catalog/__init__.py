"""Items, suppliers, categories and locations, labels."""

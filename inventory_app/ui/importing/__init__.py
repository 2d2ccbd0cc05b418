"""The import wizard and the exports."""

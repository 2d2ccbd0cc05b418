"""What every page shares: prompts, theme, icons, forms, tables, workers."""

"""Spreadsheet rows in (columns, values, rows, plan, apply) and back out."""

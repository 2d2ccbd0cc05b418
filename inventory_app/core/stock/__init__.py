"""The stock ledger: movements, queries, time, use rates and the check."""

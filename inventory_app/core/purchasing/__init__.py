"""The reorder rule, purchase orders and receiving."""

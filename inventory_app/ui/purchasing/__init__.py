"""The reorder list, purchase orders and receiving them."""

"""The inventory page, the item panel, the stock dialogs and the scan box."""

"""Supply room inventory for a medical office."""

__version__ = "0.1.0"
APP_NAME = "Supply Room"
ORG_NAME = "InventoryApp"

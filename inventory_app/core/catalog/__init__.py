"""Items, suppliers, order layouts, GS1 codes and the demo office."""

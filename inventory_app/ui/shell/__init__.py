"""The main window: actions, menus, side bar, pages, session, help."""

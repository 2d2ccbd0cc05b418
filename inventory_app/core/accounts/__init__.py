"""Who is signed in, roles, user accounts and the audit log."""

"""Authentication, users, grants, integration clients and permissions."""

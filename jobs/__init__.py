"""RQ job functions: thin; they take ids, reload rows and call a service."""

"""What the backend keeps: the database and its tables, and residents' photos."""

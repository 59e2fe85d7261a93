"""Domain rules, one module per capability. The only code that writes data."""

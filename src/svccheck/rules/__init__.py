"""Built-in rule families, one module each, registered through ``svccheck_rules``."""

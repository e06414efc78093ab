"""Reading export files (``readers``) and mapping them to the canonical model (``profiles``)."""

"""The complaint pages, one module per audience; each module lists its own URLs."""

"""Storage backends: where revisions and blobs are kept, knowing nothing of what they mean.

The domain rules of saving (revision numbering, append-only history, immutability, reopen) live
above this, in `eia.store`, so that every backend enforces them alike.
"""

"""Claims from article text, in stages: sentences → mentions → cues → attribution → dates →
scoring → assembly. Pure: a resolver (the gazetteer) comes in, claims go out; no I/O."""
from geo.extraction.assembly import extract_claims

__all__ = ["extract_claims"]

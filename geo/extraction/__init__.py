"""Claims from article text, in stages: sentences → mentions → cues → attribution → dates →
scoring → assembly. Pure: a resolver (the gazetteer) comes in, claims go out; no I/O."""
from geo.extraction.assembly import extract_claims
from geo.extraction.scoring import default_threshold, kept

__all__ = ["default_threshold", "extract_claims", "kept"]

"""Reconcile repeated OCR'd copies of Thai (BMA) progress reports into canonical records."""

__version__ = "0.1.0"

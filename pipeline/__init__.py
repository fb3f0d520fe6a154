"""The spine of the document pipeline: read and validate data, then drive the generators."""

__version__ = "0.1.0"

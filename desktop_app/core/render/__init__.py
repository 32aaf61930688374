"""Course text to safe HTML: Python-Markdown with the course's extensions, sanitized by nh3."""

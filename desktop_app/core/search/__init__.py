"""Search over a course: what can be looked up (documents) and how hits are ranked (the index)."""

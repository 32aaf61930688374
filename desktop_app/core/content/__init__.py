"""Content roots in: files, fields, lessons, catalogue, questions, diagrams, and the course cache."""

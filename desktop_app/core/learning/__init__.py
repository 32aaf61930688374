"""Learning: drawing quizzes, running one, spaced review (FSRS), mastery and the dashboard."""

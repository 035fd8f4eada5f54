"""Consultations: a teacher asks a methodologist a question of practice; useful answers are
published, anonymised, for everyone."""

"""Who may ask, answer and publish consultations."""
